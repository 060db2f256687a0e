package io.lambdadr.functions.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.engine.ReplicationException;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.LocalInvoker;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** Failure records of the stack's asynchronous functions, alerted over the emulator's alerts topic and archive. */
@ExtendWith(EmulatorExtension.class)
class FailureAlertHandlerIT {

    private static final FixedContext CONTEXT = FixedContext.of("lambda-dr-FailureAlertsFunction");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Emulator emulator;
    private ApplicationFixture application;

    FailureAlertHandlerIT(Emulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        application = new ApplicationFixture(emulator);
    }

    @ParameterizedTest
    @Event(value = "destinations/worker-retries-exhausted.json", type = Map.class)
    void handleRequest_whenTheWorkerRanOutOfRetries_reachesPeopleReadableAndTheArchiveRaw(Map<String, Object> record)
            throws Exception {
        new FailureAlertHandler(application.wiring()).handleRequest(record, CONTEXT);

        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .startsWith("lambda-dr: replicating orders failed in eu-west-1 (retries exhausted)\n\n")
                .contains("Function: lambda-dr-ReplicationWorkerFunction-Xk2M9pQ4rT1a, replicating orders\n",
                        "Region: us-east-1 (where lambda-dr-ReplicationWorkerFunction-Xk2M9pQ4rT1a runs); the error "
                                + "names eu-west-1\n",
                        "What happened: orders was not replicated into every target region: eu-west-1: "
                                + "UpdateFunctionConfiguration failed: TooManyRequestsException: Rate exceeded",
                        "  Lambda gave up (RetriesExhausted): it ran the event 3 time(s) and every attempt failed.\n",
                        "Will retrying help: probably",
                        "What to do: Lambda tried 3 time(s). The next scheduled reconcile will try orders again",
                        "send the command {\"command\": \"redrive\"}"));
        assertThat(application.archived()).singleElement().satisfies(archived -> assertThat(
                JSON.readTree(archived.messageAttributes().get("record").stringValue()))
                .isEqualTo(JSON.valueToTree(record)));
    }

    @ParameterizedTest
    @Event(value = "destinations/unreadable-record.json", type = Map.class)
    void handleRequest_whenTheRecordCannotBeRead_stillReachesPeopleAndTheArchiveRaw(Map<String, Object> record)
            throws Exception {
        new FailureAlertHandler(application.wiring()).handleRequest(record, CONTEXT);

        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .startsWith("lambda-dr: a failure record could not be read")
                .contains("\"requestId\":\"0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b\"",
                        "Task timed out after 900.00 seconds"));
        assertThat(application.archived()).singleElement().satisfies(archived -> assertThat(
                JSON.readTree(archived.messageAttributes().get("record").stringValue()))
                .isEqualTo(JSON.valueToTree(record)));
    }

    @ParameterizedTest
    @Event(value = "destinations/reconcile-failure.json", type = Map.class)
    void handleRequest_whenTheAlertCannotBePublished_failsForItsOwnFailureDestination(Map<String, Object> record) {
        FailureAlertHandler handler = new FailureAlertHandler(application.wiring(Map.of("ALERTS_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:no-such-topic")));

        assertThatThrownBy(() -> handler.handleRequest(record, CONTEXT)).isInstanceOf(NotFoundException.class);
        assertThat(application.alerts()).isEmpty();
    }

    @Test
    void handleRequest_whenLambdaGivesUpOnAWorkItem_alertsTheRecordItSends() {
        FailureAlertHandler handler = new FailureAlertHandler(application.wiring());
        String workerArn = "arn:aws:lambda:us-east-1:123456789012:function:" + ApplicationFixture.WORKER;
        LocalInvoker worker = new LocalInvoker(workerArn,
                event -> {
                    throw new ReplicationException("payments into us-west-2 failed: CreateFunction: "
                            + "ServiceException (HTTP 503)");
                }, 2, record -> handler.handleRequest(asMap(record), CONTEXT));

        worker.dispatch(WorkItem.of("payments", "schedule", Instant.parse("2026-11-22T21:00:00Z")));

        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .startsWith("lambda-dr: replicating payments failed in us-west-2 (retries exhausted)")
                .contains("Function: lambda-dr-worker, replicating payments",
                        "it ran the event 3 time(s)", "Will retrying help: probably"));
        assertThat(application.archived()).singleElement().satisfies(archived -> assertThat(
                archived.messageAttributes().get("record").stringValue())
                .isEqualTo(JSON.writeValueAsString(asMap(worker.failureRecords().getFirst()))));
    }

    private static Map<String, Object> asMap(String record) {
        try {
            return JSON.readValue(record, new TypeReference<>() { });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
