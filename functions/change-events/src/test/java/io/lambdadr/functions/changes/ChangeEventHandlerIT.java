package io.lambdadr.functions.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.core.usecase.ReplicationOutcome;
import io.lambdadr.core.usecase.ReplicationRequest;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.LocalInvoker;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.common.WorkDispatcher;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.sqs.model.Message;

/** The change-events handler on CloudTrail fixtures, over the emulator. */
@ExtendWith(EmulatorExtension.class)
class ChangeEventHandlerIT {

    private static final String HOME = ApplicationFixture.HOME;
    private static final Map<String, String> PROTECTED = Map.of(SampleFunctions.PROTECT_TAG, "true");

    private final Emulator emulator;
    private final SampleFunctions samples;
    private final List<WorkItem> sent = new CopyOnWriteArrayList<>();
    private ApplicationFixture application;

    ChangeEventHandlerIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        application = new ApplicationFixture(emulator);
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-function-code.json", type = ScheduledEvent.class)
    void handleRequest_whenAProtectedFunctionChanged_replicatesItIntoEveryTarget(ScheduledEvent event) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(), PROTECTED);
        Wiring wiring = application.wiring();
        List<ReplicationOutcome> runs = new ArrayList<>();
        // The worker, played in-process: give up the claim, then run the replication use case for the work item.
        LocalInvoker worker = new LocalInvoker(ApplicationFixture.WORKER, json -> {
            WorkItem item = WorkItem.fromJson(json);
            wiring.state().releaseChange(item.function(), item.changeClaim());
            ReplicationOutcome outcome = wiring.runner().run(new ReplicationRequest(HOME,
                    wiring.settings().targetRegions(), new ReplicationRequest.Selection.Functions(
                    List.of(item.function())), ReplicationEngine.Mode.APPLY, wiring.configuration().current(),
                    false), StopSignal.untilRequested());
            runs.add(outcome);
            return outcome;
        }, 0, record -> { });

        String outcome = new ChangeEventHandler(wiring.withDispatcher(worker)).handleRequest(event, context());

        assertThat(outcome).isEqualTo("dispatched");
        WorkItem item = WorkItem.fromJson(worker.events().getFirst());
        assertThat(item.function()).isEqualTo("orders");
        assertThat(item.reason()).isEqualTo("change");
        assertThat(item.requestedAt()).isEqualTo(Instant.parse("2026-11-22T20:34:25Z"));
        assertThat(item.startAfter()).isEqualTo(Instant.parse("2026-11-22T20:34:35Z"));
        assertThat(item.changeClaim()).isNotBlank();
        assertThat(worker.failureRecords()).isEmpty();
        assertThat(runs).singleElement().satisfies(run -> assertThat(run.report().targets())
                .extracting(TargetResult::targetRegion, TargetResult::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(EmulatorExtension.DR1, TargetResult.Outcome.CREATED),
                        org.assertj.core.groups.Tuple.tuple(EmulatorExtension.DR2, TargetResult.Outcome.CREATED)));
        String sourceCode = configuration(HOME, "orders").codeSha256();
        assertThat(configuration(EmulatorExtension.DR1, "orders").codeSha256()).isEqualTo(sourceCode);
        assertThat(configuration(EmulatorExtension.DR2, "orders").codeSha256()).isEqualTo(sourceCode);
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-function-code.json", type = ScheduledEvent.class)
    void handleRequest_whenTheFunctionIsNotProtected_sendsNothing(ScheduledEvent event) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(),
                Map.of("team", "payments"));

        String outcome = handler().handleRequest(event, context());

        assertThat(outcome).isEqualTo("not-protected");
        assertThat(sent).isEmpty();
        assertThat(application.wiring().state().claimChange("orders", "later", Instant.now().plusSeconds(60)))
                .as("no claim was taken").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "cloudtrail/update-function-code.json, orders, 2026-11-22T20:34:25Z",
            "cloudtrail/update-function-configuration.json, orders, 2026-11-22T20:34:28Z",
            "cloudtrail/publish-version.json, orders, 2026-11-22T20:34:31Z",
            "cloudtrail/create-alias.json, orders, 2026-11-22T20:34:33Z",
            "cloudtrail/update-alias.json, orders, 2026-11-22T20:34:35Z",
            "cloudtrail/delete-alias.json, orders, 2026-11-22T20:41:02Z",
            "cloudtrail/put-function-concurrency.json, orders, 2026-11-22T20:45:10Z",
            "cloudtrail/delete-function-concurrency.json, orders, 2026-11-22T20:47:44Z",
            "cloudtrail/put-provisioned-concurrency-config.json, orders, 2026-11-22T20:46:20Z",
            "cloudtrail/create-function.json, billing, 2026-11-22T20:50:12Z",
            "cloudtrail/tag-resource.json, billing, 2026-11-22T20:52:40Z",
            "cloudtrail/untag-resource.json, billing, 2026-11-22T20:53:05Z",
    })
    void handleRequest_whenTheEventNamesTheFunctionByNamePartialArnOrArn_sendsTheWorkerThatFunction(
            String fixture, String function, String changedAt) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(), PROTECTED);
        samples.createFunction(HOME, "billing", SampleFunctions.zip("billing-v1", 0), Map.of(), PROTECTED);

        String outcome = handler().handleRequest(EventLoader.loadScheduledEvent(fixture), context());

        assertThat(outcome).isEqualTo("dispatched");
        assertThat(sent).singleElement().satisfies(item -> {
            assertThat(item.function()).isEqualTo(function);
            assertThat(item.requestedAt()).isEqualTo(Instant.parse(changedAt));
            assertThat(item.startAfter()).isEqualTo(Instant.parse(changedAt).plus(ChangeEventFlow.BURST_SETTLE));
        });
    }

    @Test
    void handleRequest_whenABurstOfChangesArrives_sendsTheWorkerOnceUntilItReleasesTheClaim() {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(), PROTECTED);
        ChangeEventHandler handler = handler();

        List<String> outcomes = new ArrayList<>();
        for (String fixture : List.of("cloudtrail/update-function-code.json",
                "cloudtrail/update-function-configuration.json", "cloudtrail/publish-version.json")) {
            outcomes.add(handler.handleRequest(EventLoader.loadScheduledEvent(fixture), context()));
        }

        assertThat(outcomes).containsExactly("dispatched", "coalesced", "coalesced");
        WorkItem first = sent.getFirst();
        assertThat(sent).hasSize(1);
        assertThat(first.requestedAt()).as("the lag counts from the first change")
                .isEqualTo(Instant.parse("2026-11-22T20:34:25Z"));

        // The worker gives the claim up before it reads the source: a change after that is sent again.
        application.wiring().state().releaseChange(first.function(), first.changeClaim());
        String later = handler.handleRequest(EventLoader.loadScheduledEvent("cloudtrail/update-alias.json"),
                context());

        assertThat(later).isEqualTo("dispatched");
        assertThat(sent).hasSize(2);
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-function-code-failed.json", type = ScheduledEvent.class)
    void handleRequest_whenTheCallFailed_readsNothingAndSendsNothing(ScheduledEvent event) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(), PROTECTED);
        emulator.clearRequests();

        String outcome = handler().handleRequest(event, context());

        assertThat(outcome).isEqualTo("failed-call");
        assertThat(sent).isEmpty();
        assertThat(emulator.requests()).as("no AWS call at all").isEmpty();
        assertThat(application.alerts()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudtrail/negative-get-function.json", "cloudtrail/negative-s3-put-bucket-policy.json"})
    void handleRequest_whenTheCallChangesNothingReplicated_sendsNothing(String fixture) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(), PROTECTED);

        String outcome = handler().handleRequest(EventLoader.loadScheduledEvent(fixture), context());

        assertThat(outcome).isEqualTo("not-a-change");
        assertThat(sent).isEmpty();
        assertThat(application.alerts()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-function-code.json", type = ScheduledEvent.class)
    void handleRequest_whenTheCallWasMadeInAnotherRegion_sendsNothing(ScheduledEvent event) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(), PROTECTED);
        Wiring elsewhere = application.wiring(Map.of("SOURCE_REGION", "ap-southeast-2"));

        String outcome = new ChangeEventHandler(elsewhere.withDispatcher(sent::add)).handleRequest(event, context());

        assertThat(outcome).isEqualTo("other-region");
        assertThat(sent).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/delete-alias.json", type = ScheduledEvent.class)
    void handleRequest_whenTheFunctionWasDeletedSince_sendsNothing(ScheduledEvent event) {
        String outcome = handler().handleRequest(event, context());

        assertThat(outcome).isEqualTo("function-gone");
        assertThat(sent).isEmpty();
        assertThat(application.alerts()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/malformed-no-request-parameters.json", type = ScheduledEvent.class)
    void handleRequest_whenTheEventNamesNoFunction_alertsWhatIsMissingWithoutFailing(ScheduledEvent event) {
        String outcome = handler().handleRequest(event, context());

        assertThat(outcome).isEqualTo("malformed");
        assertThat(sent).isEmpty();
        assertThat(application.alerts()).singleElement().extracting(Message::body).asString()
                .contains("UpdateFunctionConfiguration20150331v2", event.getId(),
                        "has no detail.requestParameters.functionName", "What to do:");
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-function-code.json", type = ScheduledEvent.class)
    void handleRequest_whenTheWorkerCannotBeReached_givesUpTheClaimAndThrowsForLambdaToRetry(ScheduledEvent event) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders-v2", 0), Map.of(), PROTECTED);
        WorkDispatcher unreachable = item -> {
            throw new IllegalStateException("Invoke failed: TooManyRequestsException");
        };
        ChangeEventHandler handler = new ChangeEventHandler(application.wiring().withDispatcher(unreachable));

        assertThatThrownBy(() -> handler.handleRequest(event, context()))
                .hasMessageContaining("TooManyRequestsException");

        assertThat(handler().handleRequest(event, context())).as("the retry").isEqualTo("dispatched");
        assertThat(sent).hasSize(1);
    }

    private ChangeEventHandler handler() {
        return new ChangeEventHandler(application.wiring().withDispatcher(sent::add));
    }

    private FunctionConfiguration configuration(String region, String function) {
        return samples.lambda(region).getFunction(request -> request.functionName(function)).configuration();
    }

    private static FixedContext context() {
        return FixedContext.of("lambda-dr-change-events");
    }
}
