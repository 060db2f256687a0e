package io.lambdadr.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.usecase.ReplicationRequest;
import io.lambdadr.core.usecase.ReplicationRequest.Selection;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Commands published to the commands topic, run by the handler over the emulator. */
@ExtendWith(EmulatorExtension.class)
class SnsCommandHandlerIT {

    private static final FixedContext CONTEXT = FixedContext.of("lambda-dr-SnsCommandsFunction");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Emulator emulator;
    private final SampleFunctions samples;
    private final List<WorkItem> dispatched = new ArrayList<>();
    private final RecordingInvoker invoker = new RecordingInvoker();
    private ApplicationFixture application;
    private Wiring wiring;

    SnsCommandHandlerIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        application = new ApplicationFixture(emulator);
        wiring = application.wiring().withDispatcher(dispatched::add);
    }

    private SnsCommandHandler handler() {
        return new SnsCommandHandler(wiring, invoker);
    }

    private static String fixture(String path) throws IOException {
        try (InputStream in = SnsCommandHandlerIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @Event(value = "commands/sns-replicate.json", type = SNSEvent.class)
    void handleRequest_whenReplicateNamesFunctions_sendsTheWorkerOneItemPerFunction(SNSEvent event) {
        handler().handleRequest(event, CONTEXT);

        assertThat(dispatched).extracting(WorkItem::function).containsExactly("orders", "billing");
        assertThat(dispatched).allSatisfy(item -> {
            assertThat(item.reason()).isEqualTo("command");
            assertThat(item.requestedAt()).isNotNull();
        });
        assertThat(application.alerts()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "commands/sns-replicate-all.json", type = SNSEvent.class)
    void handleRequest_whenReplicateAll_sendsWorkForEveryProtectedFunctionOnly(SNSEvent event) {
        samples.createFunction(ApplicationFixture.HOME, "orders", SampleFunctions.zip("orders", 0), Map.of(),
                Map.of(SampleFunctions.PROTECT_TAG, "true"));
        samples.createFunction(ApplicationFixture.HOME, "billing", SampleFunctions.zip("billing", 0), Map.of(),
                Map.of(SampleFunctions.PROTECT_TAG, "true"));
        samples.createFunction(ApplicationFixture.HOME, "scratch", SampleFunctions.zip("scratch", 0), Map.of(),
                Map.of());

        handler().handleRequest(event, CONTEXT);

        assertThat(dispatched).extracting(WorkItem::function).containsExactlyInAnyOrder("orders", "billing");
    }

    @ParameterizedTest
    @Event(value = "commands/sns-malformed.json", type = SNSEvent.class)
    void handleRequest_whenTheMessageIsNotJson_alertsWhyAndDropsIt(SNSEvent event) {
        handler().handleRequest(event, CONTEXT);

        List<Message> alerts = application.alerts();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.body()).startsWith("lambda-dr: command rejected: the message is not JSON")
                    .contains("What happened: the message is not a lambda-dr command, so it was not run and will not "
                            + "be retried:", "- the message is not JSON: Unrecognized token 'replicate'",
                            "The message, as received:\n  replicate orders please",
                            "What to do: Correct the message and send it again.", "command.schema.json");
            assertThat(alert.messageAttributes().get("kind").stringValue()).isEqualTo("notice");
        });
        assertThat(application.archived()).as("a rejected command is not a failure record to redrive").isEmpty();
        assertThat(dispatched).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "commands/sns-unknown-command.json", type = SNSEvent.class)
    void handleRequest_whenTheCommandIsUnknown_alertsWithTheCommandsThereAre(SNSEvent event) {
        handler().handleRequest(event, CONTEXT);

        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .contains("- command = 'failover': not a command lambda-dr knows; the commands are replicate, "
                        + "reconcile, status, redrive and validate-config"));
        assertThat(dispatched).isEmpty();
        assertThat(invoker.invocations()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "commands/sns-replicate.json", type = SNSEvent.class)
    void handleRequest_whenTheWorkerCannotBeReached_failsTheInvocationForLambdaToRetry(SNSEvent event) {
        wiring = wiring.withDispatcher(item -> {
            throw TooManyRequestsException.builder().message("Rate exceeded").statusCode(429).build();
        });

        assertThatThrownBy(() -> handler().handleRequest(event, CONTEXT))
                .isInstanceOf(TooManyRequestsException.class);
        assertThat(application.alerts()).as("retries and the OnFailure destination speak for it").isEmpty();
    }

    @ParameterizedTest
    @Event(value = "commands/sns-reconcile.json", type = SNSEvent.class)
    void handleRequest_whenReconcile_invokesTheReconcileAsynchronouslyAsACommand(SNSEvent event) {
        handler().handleRequest(event, CONTEXT);

        assertThat(invoker.invocations()).singleElement().satisfies(invocation -> {
            assertThat(invocation.function()).isEqualTo(ApplicationFixture.RECONCILE);
            assertThat(JSON.readTree(invocation.payload())).isEqualTo(JSON.readTree("{\"trigger\": \"command\"}"));
        });
        assertThat(application.alerts()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "commands/sns-reconcile.json", type = SNSEvent.class)
    void handleRequest_whenTheStackHasNoReconcile_alertsThatTheCommandCouldNotRun(SNSEvent event) {
        wiring = application.wiring(Map.of("RECONCILE_FUNCTION", "")).withDispatcher(dispatched::add);

        handler().handleRequest(event, CONTEXT);

        assertThat(invoker.invocations()).isEmpty();
        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .startsWith("lambda-dr: command reconcile could not run")
                .contains("RECONCILE_FUNCTION is not set", "Will retrying help: no"));
    }

    @ParameterizedTest
    @Event(value = "commands/sns-status.json", type = SNSEvent.class)
    void handleRequest_whenStatus_publishesAReadableReportPerFunctionAndRegion(SNSEvent event) {
        samples.createFunction(ApplicationFixture.HOME, "orders", SampleFunctions.zip("orders", 0),
                Map.of("API_TOKEN", "s3cr3t-orders"), Map.of(SampleFunctions.PROTECT_TAG, "true"));
        samples.createFunction(ApplicationFixture.HOME, "billing", SampleFunctions.zip("billing", 0),
                Map.of("API_TOKEN", "s3cr3t-billing"), Map.of(SampleFunctions.PROTECT_TAG, "true"));
        wiring.runner().run(new ReplicationRequest(ApplicationFixture.HOME,
                List.of(EmulatorExtension.DR1, EmulatorExtension.DR2), new Selection.Functions(List.of("orders")),
                ReplicationEngine.Mode.APPLY, wiring.configuration().current(), false), StopSignal.untilRequested());
        samples.lambda(EmulatorExtension.DR2).updateFunctionConfiguration(request -> request.functionName("orders")
                .memorySize(512));

        handler().handleRequest(event, CONTEXT);

        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .startsWith("lambda-dr status: 1 in-sync, 1 drifted, 2 missing")
                .contains("What happened: 3 of 4 replica(s) not in sync: 1 in-sync, 1 drifted, 2 missing; per "
                        + "function and target region:",
                        "  orders in eu-west-1: in-sync\n",
                        "  orders in us-west-2: drifted (",
                        "  billing in eu-west-1: missing\n",
                        "  billing in us-west-2: missing\n",
                        "What to do: Drifted and missing replicas are brought in line by the next scheduled reconcile")
                .doesNotContain("s3cr3t"));
        assertThat(samples.lambda(EmulatorExtension.DR1).listFunctions().functions())
                .as("status changes nothing").extracting(f -> f.functionName()).containsExactly("orders");
    }

    @ParameterizedTest
    @Event(value = "commands/sns-validate-config.json", type = SNSEvent.class)
    void handleRequest_whenValidateConfig_reportsTheLoadersProblemWithItsLine(SNSEvent event) {
        handler().handleRequest(event, CONTEXT);

        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .startsWith("lambda-dr: the configuration is invalid")
                .contains("What happened: the configuration is invalid: the validate-config yaml: not valid YAML: ",
                        "(line 5, column 30)", "Nothing was changed: the configuration in force stays."));
        assertThat(wiring.state().configuration()).as("nothing stored").isEmpty();
    }

    @ParameterizedTest
    @Event(value = "commands/sns-redrive.json", type = SNSEvent.class)
    void handleRequest_whenRedrive_reinvokesEachArchivedFailureAndEmptiesTheArchive(SNSEvent event)
            throws IOException {
        String workerFailure = fixture("/destinations/worker-retries-exhausted.json");
        String reconcileFailure = fixture("/destinations/reconcile-failure.json");
        String unreadable = fixture("/destinations/unreadable-record.json");
        for (String record : List.of(workerFailure, reconcileFailure, unreadable)) {
            wiring.alerts().publish(new Alert("lambda-dr: a failure", null, null, "failed", FailureKind.TRANSIENT,
                    "redrive", record));
        }
        application.alerts();

        handler().handleRequest(event, CONTEXT);

        assertThat(invoker.invocations()).hasSize(2);
        assertThat(invoker.invocations()).anySatisfy(invocation -> {
            assertThat(invocation.function()).as("the alias kept, so its retries and destination apply")
                    .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:"
                            + "lambda-dr-ReplicationWorkerFunction-Xk2M9pQ4rT1a:live");
            assertThat(JSON.readTree(invocation.payload()))
                    .isEqualTo(JSON.readTree(workerFailure).get("requestPayload"));
        });
        assertThat(invoker.invocations()).anySatisfy(invocation -> {
            assertThat(invocation.function())
                    .endsWith(":function:lambda-dr-ScheduledReconcileFunction-Pq7Rs8Tu9Vw0:live");
            assertThat(JSON.readTree(invocation.payload()))
                    .isEqualTo(JSON.readTree(reconcileFailure).get("requestPayload"));
        });
        assertThat(messagesIn(application.archiveQueueUrl())).as("visible or not, nothing left").isZero();
        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .startsWith("lambda-dr: redrive: 2 redriven, 1 unreadable")
                .contains("redriven: arn:aws:lambda:us-east-1:123456789012:function:"
                                + "lambda-dr-ReplicationWorkerFunction-Xk2M9pQ4rT1a:live (the work item for orders)\n",
                        "redriven: arn:aws:lambda:us-east-1:123456789012:function:"
                                + "lambda-dr-ScheduledReconcileFunction-Pq7Rs8Tu9Vw0:live\n",
                        "not redriven, removed from the archive: requestContext.functionArn '' is not a function "
                                + "ARN; the record: {"));
    }

    private int messagesIn(String queueUrl) {
        try (SqsClient sqs = wiring.newSqsClient()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return attributes.values().stream().mapToInt(Integer::parseInt).sum();
        }
    }
}
