package io.lambdadr.functions.worker;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.BaselineRecord;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The worker over the emulator: real SDK clients, the state table, the alerts topic and three regions. What it wrote
 * is judged from the emulator's own request log and by reading the replicas back, not from the worker's report.
 */
@ExtendWith(EmulatorExtension.class)
class ReplicationWorkerHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Emulator emulator;
    private final SampleFunctions samples;
    private ApplicationFixture application;
    private Wiring wiring;
    private ReplicationWorkerHandler handler;

    ReplicationWorkerHandlerIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        application = new ApplicationFixture(emulator);
        wiring = application.wiring();
        handler = new ReplicationWorkerHandler(wiring);
    }

    private Map<String, Object> invoke(String event) {
        return WorkerInvocation.invoke(handler, event, FixedContext.of(ApplicationFixture.WORKER));
    }

    private List<Emulator.RecordedRequest> lambdaWritesIn(String... regions) {
        return emulator.requests().stream()
                .filter(request -> "lambda".equals(request.service()) && request.isWrite()
                        && List.of(regions).contains(request.region()))
                .toList();
    }

    @Test
    void handleRequest_whenTheFunctionIsNew_replicatesItAndRecordsFingerprintLagOutcomeAndBaseline() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        Instant requestedAt = Instant.now().minusSeconds(30);
        WorkItem item = WorkItem.of("orders", "baseline", requestedAt).withSourceFingerprint("fp-1")
                .withBaseline("baseline-it");

        Map<String, Object> answer = invoke(item.toJson());

        assertThat(answer).containsEntry("outcomes", Map.of(DR1, "created", DR2, "created"));
        String sourceSha = samples.lambda(SOURCE).getFunction(r -> r.functionName("orders")).configuration()
                .codeSha256();
        Map<String, ReplicaRecord> records = wiring.state().replicas("orders");
        for (String region : List.of(DR1, DR2)) {
            assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(region), "orders")).isEmpty();
            ReplicaRecord record = records.get(region);
            assertThat(record.sourceFingerprint()).isEqualTo("fp-1");
            assertThat(record.outcome()).isEqualTo("created");
            assertThat(record.lag()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(record.lastError()).isNull();
            assertThat(record.lastBaseline()).isEqualTo("baseline-it");
        }
        assertThat(wiring.state().baselines("orders")).hasSize(2).allSatisfy(baseline -> {
            assertThat(baseline.baseline()).isEqualTo("baseline-it");
            assertThat(baseline.codeSha256()).isEqualTo(sourceSha);
            assertThat(baseline.configFingerprint()).matches("[0-9a-f]{64}");
        });
        assertThat(wiring.state().baselines("orders")).extracting(BaselineRecord::targetRegion)
                .containsExactlyInAnyOrder(DR1, DR2);
    }

    @Test
    void handleRequest_whenTheReplicasAreInLine_writesNothingAndRecordsUnchangedWithoutLag() {
        samples.createFunction(SOURCE, "billing", SampleFunctions.zip("billing", 0), Map.of(), Map.of());
        invoke(WorkItem.of("billing", "change", Instant.now()).toJson());
        emulator.clearRequests();

        Map<String, Object> answer = invoke(WorkItem.of("billing", "schedule", Instant.now().minusSeconds(600))
                .withSourceFingerprint("fp-2").toJson());

        assertThat(answer).containsEntry("outcomes", Map.of(DR1, "unchanged", DR2, "unchanged"));
        assertThat(lambdaWritesIn(DR1, DR2)).isEmpty();
        ReplicaRecord record = wiring.state().replicas("billing").get(DR1);
        assertThat(record.outcome()).isEqualTo("unchanged");
        assertThat(record.lag()).isZero();
        assertThat(record.sourceFingerprint()).isEqualTo("fp-2");
    }

    @Test
    void handleRequest_whenASubnetHasNoMapping_alertsAPersonAtOnceAndReturnsNormally() {
        samples.createFunction(SOURCE, "in-vpc", SampleFunctions.zip("in-vpc", 0), Map.of(), Map.of());
        samples.lambda(SOURCE).updateFunctionConfiguration(r -> r.functionName("in-vpc")
                .vpcConfig(v -> v.subnetIds("subnet-0abc1234").securityGroupIds("sg-0def5678")));
        emulator.clearRequests();

        Map<String, Object> answer = invoke(WorkItem.of("in-vpc", "change", Instant.now()).toJson());

        assertThat(answer).containsEntry("outcomes", Map.of(DR1, "failed", DR2, "failed"));
        List<Message> alerts = application.alerts();
        assertThat(alerts).hasSize(2);
        assertThat(alerts).anySatisfy(alert -> assertThat(alert.body()).contains("Function: in-vpc",
                "Region: eu-west-1", "VpcConfig.SubnetIds[0]", "subnet-0abc1234",
                "Will retrying help: no: a person must act", "What to do:", "targets.eu-west-1"));
        assertThat(alerts).anySatisfy(alert -> assertThat(alert.body()).contains("Region: us-west-2"));
        assertThat(lambdaWritesIn(DR1, DR2)).isEmpty();
        ReplicaRecord record = wiring.state().replicas("in-vpc").get(DR1);
        assertThat(record.lastErrorKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(record.lastError()).contains("subnet-0abc1234");

        // The next tick sends the function back (the fix may have landed); the same failure is not alerted twice.
        invoke(WorkItem.of("in-vpc", "schedule", Instant.now()).toJson());

        assertThat(application.alerts()).as("alerts for a failure already reported").isEmpty();
    }

    @Test
    void handleRequest_whenARegionKeepsFailingTransiently_throwsUntilTheFailureDestinationGetsTheWorkItem()
            throws Exception {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of(), Map.of());
        emulator.injectFault(Map.of("operation", "CreateFunction", "region", DR1, "status", 503, "count", 50));
        List<String> failureDestination = new java.util.ArrayList<>();
        WorkItem item = WorkItem.of("orders", "change", Instant.now()).withSourceFingerprint("fp-3");

        LocalWorker.invoker(wiring, failureDestination::add).dispatch(item);

        assertThat(failureDestination).singleElement().satisfies(record -> {
            JsonNode failure = JSON.readTree(record);
            assertThat(failure.get("requestPayload")).isEqualTo(JSON.readTree(item.toJson()));
            assertThat(failure.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
            assertThat(failure.at("/responsePayload/errorMessage").asText()).contains("orders",
                    "eu-west-1: ", "ServiceUnavailable").doesNotContain("us-west-2:");
            assertThat(failure.at("/responsePayload/errorType").asText())
                    .isEqualTo(ReplicationIncompleteException.class.getName());
        });
        assertThat(emulator.requests()).filteredOn(request -> "CreateFunction".equals(request.operation())
                && DR1.equals(request.region())).hasSizeGreaterThan(3).allMatch(request -> request.status() == 503);
        assertThat(application.alerts()).as("transient failures reach people through the destination").isEmpty();
        assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(DR2), "orders")).isEmpty();
        Map<String, ReplicaRecord> records = wiring.state().replicas("orders");
        assertThat(records.get(DR1).lastErrorKind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(records.get(DR1).sourceFingerprint()).isNull();
        assertThat(records.get(DR2).sourceFingerprint()).isEqualTo("fp-3");
    }

    @ParameterizedTest
    @Event(value = "worker/malformed-work-item.json", type = Map.class)
    void handleRequest_whenTheEventIsNotAWorkItem_alertsAndCallsNoLambdaApi(Map<String, Object> event) {
        emulator.clearRequests();

        Map<String, Object> answer = invoke(WorkerInvocation.json(event));

        assertThat(answer).containsKey("rejected");
        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .contains("not a work item", "functionName", "Will retrying help: no"));
        assertThat(emulator.requests()).noneMatch(request -> "lambda".equals(request.service()));
    }

    @Test
    void handleRequest_whenTheWorkItemWaitsForABurst_startsAfterItAndReleasesTheClaimBeforeReadingTheSource() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of(), Map.of());
        Instant now = Instant.now();
        assertThat(wiring.state().claimChange("orders", "burst-1", now.plusSeconds(120))).isTrue();
        Instant startAfter = now.plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        emulator.clearRequests();

        invoke(WorkItem.of("orders", "change", now).withChangeClaim("burst-1", startAfter).toJson());

        assertThat(Instant.now()).isAfterOrEqualTo(startAfter);
        List<String> operations = emulator.requests().stream().map(Emulator.RecordedRequest::operation).toList();
        assertThat(operations).contains("DeleteItem", "GetFunction");
        assertThat(operations.indexOf("DeleteItem")).isLessThan(operations.indexOf("GetFunction"));
        assertThat(wiring.state().claimChange("orders", "burst-2", Instant.now().plusSeconds(120)))
                .as("a change after the release claims anew").isTrue();
        assertThat(wiring.state().replicas("orders").get(DR1).outcome()).isEqualTo("created");
    }
}
