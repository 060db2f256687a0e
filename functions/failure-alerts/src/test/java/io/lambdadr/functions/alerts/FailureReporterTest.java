package io.lambdadr.functions.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.HandlerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

/** Failure records turned into alerts, without a network: what each part of the alert says. */
class FailureReporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Alert> published = new ArrayList<>();
    private final FailureReporter reporter = new FailureReporter(published::add, new HandlerMetrics());

    @ParameterizedTest
    @Event(value = "destinations/worker-retries-exhausted.json", type = Map.class)
    void report_whenTheWorkerRanOutOfRetries_namesBothFunctionsTheTargetAndRedrive(Map<String, Object> record)
            throws Exception {
        reporter.report(record);

        assertThat(published).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo("lambda-dr: replicating orders failed in eu-west-1 (retries "
                    + "exhausted)");
            assertThat(alert.function()).isEqualTo("lambda-dr-ReplicationWorkerFunction-Xk2M9pQ4rT1a, replicating "
                    + "orders");
            assertThat(alert.region()).isEqualTo("us-east-1 (where lambda-dr-ReplicationWorkerFunction-Xk2M9pQ4rT1a "
                    + "runs); the error names eu-west-1");
            assertThat(alert.whatHappened()).startsWith("orders was not replicated into every target region: "
                    + "eu-west-1: UpdateFunctionConfiguration failed: TooManyRequestsException: Rate exceeded "
                    + "(throttled after 8 attempts). Lambda tries the work item again; once its retries are used up, "
                    + "the work item goes to the OnFailure destination.\n"
                    + "error type: io.lambdadr.functions.worker.ReplicationIncompleteException\n"
                    + "Lambda gave up (RetriesExhausted): it ran the event 3 time(s) and every attempt failed.");
            assertThat(alert.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(alert.whatToDo()).contains("Lambda tried 3 time(s).",
                    "The next scheduled reconcile will try orders again on its own.",
                    "send the command {\"command\": \"redrive\"}");
            assertThat(JSON.readTree(alert.rawRecord())).isEqualTo(JSON.valueToTree(record));
        });
    }

    @ParameterizedTest
    @Event(value = "destinations/worker-event-age-exceeded.json", type = Map.class)
    void report_whenEventsOutwaitedTheMaximumAge_pointsAtTheWorkersConcurrency(Map<String, Object> record) {
        reporter.report(record);

        assertThat(published).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo("lambda-dr: replicating billing failed in us-west-2 (event too old)");
            assertThat(alert.whatHappened()).contains("Lambda gave up (EventAgeExceeded): the event waited in Lambda's "
                    + "queue longer than the maximum event age; it ran 1 time(s).");
            assertThat(alert.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(alert.whatToDo()).contains("reserved concurrency may be too low for the fleet",
                    "WorkerConcurrency", "{\"command\": \"redrive\"}");
        });
    }

    @ParameterizedTest
    @Event(value = "destinations/reconcile-failure.json", type = Map.class)
    void report_whenTheReconcileWasRefusedAPermission_saysAPersonMustAct(Map<String, Object> record) {
        reporter.report(record);

        assertThat(published).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo("lambda-dr: lambda-dr-ScheduledReconcileFunction-Pq7Rs8Tu9Vw0 "
                    + "failed (retries exhausted)");
            assertThat(alert.function()).isEqualTo("lambda-dr-ScheduledReconcileFunction-Pq7Rs8Tu9Vw0");
            assertThat(alert.region()).isEqualTo("us-east-1 (where lambda-dr-ScheduledReconcileFunction-Pq7Rs8Tu9Vw0 "
                    + "runs)");
            assertThat(alert.whatHappened()).startsWith("AccessDeniedException: User: ");
            assertThat(alert.kind()).isEqualTo(FailureKind.PERMANENT);
        });
    }

    @ParameterizedTest
    @Event(value = "destinations/unreadable-record.json", type = Map.class)
    void report_whenTheRecordNamesNoFunction_sendsItRawWithALineSayingSo(Map<String, Object> record)
            throws Exception {
        reporter.report(record);

        assertThat(published).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).isEqualTo("lambda-dr: a failure record could not be read");
            assertThat(alert.whatHappened()).startsWith("a function of the lambda-dr stack failed, and its failure "
                    + "record could not be read (requestContext.functionArn '' is not a function ARN). The record, "
                    + "as received:\n{\"version\":\"1.0\",")
                    .contains("\"responsePayload\":\"Task timed out after 900.00 seconds\"");
            assertThat(JSON.readTree(alert.rawRecord())).isEqualTo(JSON.valueToTree(record));
        });
    }
}
