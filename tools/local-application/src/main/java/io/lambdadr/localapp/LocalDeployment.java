package io.lambdadr.localapp;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.domain.FunctionNames;
import io.lambdadr.functions.alerts.FailureAlertHandler;
import io.lambdadr.functions.changes.ChangeEventHandler;
import io.lambdadr.functions.commands.SnsCommandHandler;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.LocalInvoker;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.reconcile.ScheduledReconcileHandler;
import io.lambdadr.functions.worker.LocalWorker;
import io.lambdadr.testsupport.EmulatorExtension;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The SAM application run in-process over the emulator, wired as template.yaml wires it in AWS: its resources (the
 * state table, the alerts topic, the failure archive and an inbox queue subscribed as the e-mail address is), its
 * handlers over one wiring, and Lambda's asynchronous invocation played in-process, since the emulator stores
 * functions and runs none: the worker and the reconcile with their retries, and the failure-alerts handler as their
 * OnFailure destination.
 *
 * <p>A trigger's event (a schedule tick, a CloudTrail record, an SNS message) is handed to its handler directly, as
 * the trigger would; what the handlers send on (work items, a reconcile, a redrive) goes through the in-process
 * invocation.
 */
public final class LocalDeployment {

    public static final String SOURCE = EmulatorExtension.SOURCE;
    public static final List<String> TARGETS = List.of(EmulatorExtension.DR1, EmulatorExtension.DR2);

    /**
     * One worker and one other flow run at a time in this process, and they share one wiring: the rate budget is
     * divided by two, not by the ten instances the template's concurrency allows in AWS.
     */
    private static final Map<String, String> ONE_INSTANCE_EACH = Map.of("WORKER_CONCURRENCY", "1",
            "FLOW_CONCURRENCY", "1");
    private static final String RECONCILE_ARN = "arn:aws:lambda:" + SOURCE + ":123456789012:function:"
            + ApplicationFixture.RECONCILE;
    private static final String FAILURE_ALERTS = "lambda-dr-failure-alerts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationFixture resources;
    private final Wiring wiring;
    private final FailureAlertHandler failureAlerts;
    private final LocalInvoker worker;
    private final LocalInvoker reconcileInvocations;
    private final ScheduledReconcileHandler reconcile;
    private final ChangeEventHandler changeEvents;
    private final SnsCommandHandler snsCommands;

    /** The application over {@code resources}, which must have been created in the emulator already. */
    public LocalDeployment(ApplicationFixture resources) {
        this.resources = resources;
        Wiring base = resources.wiring(ONE_INSTANCE_EACH);
        this.failureAlerts = new FailureAlertHandler(base);
        this.worker = LocalWorker.invoker(base, this::failureDestination);
        this.wiring = base.withDispatcher(worker);
        this.reconcile = new ScheduledReconcileHandler(wiring);
        this.reconcileInvocations = new LocalInvoker(RECONCILE_ARN,
                event -> reconcile.handleRequest(asMap(event), FixedContext.of(ApplicationFixture.RECONCILE)),
                LocalWorker.MAXIMUM_RETRY_ATTEMPTS, this::failureDestination);
        this.changeEvents = new ChangeEventHandler(wiring);
        this.snsCommands = new SnsCommandHandler(wiring, this::invokeAsync);
    }

    /** EventBridge Scheduler's tick (or a baseline), handed to the scheduled reconcile; returns its summary. */
    public Map<String, Object> tick(Map<String, Object> event) {
        return reconcile.handleRequest(event, FixedContext.of(ApplicationFixture.RECONCILE));
    }

    /** A CloudTrail record delivered by EventBridge, handed to the change-events handler; returns what it did. */
    public String change(ScheduledEvent event) {
        return changeEvents.handleRequest(event, FixedContext.of("lambda-dr-change-events"));
    }

    /** A message of the commands topic, handed to the SNS commands handler. */
    public void command(SNSEvent event) {
        snsCommands.handleRequest(event, FixedContext.of("lambda-dr-sns-commands"));
    }

    /** The worker's asynchronous invocations: every work item it was sent and every failure record it gave up. */
    public LocalInvoker worker() {
        return worker;
    }

    /** The reconcile's asynchronous invocations (from the {@code reconcile} command and redrives). */
    public LocalInvoker reconcileInvocations() {
        return reconcileInvocations;
    }

    public Wiring wiring() {
        return wiring;
    }

    public ApplicationFixture resources() {
        return resources;
    }

    /** Lambda's Invoke with {@code InvocationType=Event}, for the commands: to the function run here of that name. */
    private void invokeAsync(String function, String payload) {
        String name = FunctionNames.nameIn(function).orElse(function);
        switch (name) {
            case ApplicationFixture.WORKER -> worker.invokeAsync(payload);
            case ApplicationFixture.RECONCILE -> reconcileInvocations.invokeAsync(payload);
            default -> throw ResourceNotFoundException.builder().statusCode(404)
                    .message("Function not found: " + function + " (not a function of the local application)")
                    .build();
        }
    }

    /** The OnFailure destination of the worker and the reconcile: the failure-alerts handler. */
    private void failureDestination(String record) {
        failureAlerts.handleRequest(asMap(record), FixedContext.of(FAILURE_ALERTS));
    }

    private static Map<String, Object> asMap(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
