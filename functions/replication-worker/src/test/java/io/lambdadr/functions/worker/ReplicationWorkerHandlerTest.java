package io.lambdadr.functions.worker;

import static io.lambdadr.core.domain.SnapshotBuilder.config;
import static io.lambdadr.core.domain.SnapshotBuilder.snapshot;
import static io.lambdadr.core.domain.SnapshotBuilder.threeVersions;
import static io.lambdadr.functions.worker.InMemoryApplication.DR1;
import static io.lambdadr.functions.worker.InMemoryApplication.DR2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.lambdadr.core.domain.ConfigurationFingerprint;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.BaselineRecord;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.ReplicaRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/** The worker on its event fixtures, over the in-memory regions and state table: no network. */
class ReplicationWorkerHandlerTest {

    /** Five minutes after the fixtures' requestedAt, after their startAfter. */
    private static final Instant NOW = Instant.parse("2026-11-22T20:05:00Z");
    private static final String FIXTURE_FINGERPRINT =
            "3f6b0c1e9a2d4b7c8e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1";

    @TempDir
    Path workspace;

    private InMemoryApplication application;
    private ReplicationWorkerHandler handler;

    @BeforeEach
    void wireTheWorkerInMemory() {
        application = new InMemoryApplication(workspace, Clock.fixed(NOW, ZoneOffset.UTC));
        handler = new ReplicationWorkerHandler(application.wiring());
    }

    @AfterEach
    void close() {
        application.close();
    }

    private Map<String, Object> invoke(Map<String, Object> event) {
        return WorkerInvocation.invoke(handler, WorkerInvocation.json(event), FixedContext.of("lambda-dr-worker"));
    }

    private ReplicaRecord record(String region) {
        return application.state.replicas("orders").get(region);
    }

    @ParameterizedTest
    @Event(value = "worker/work-item.json", type = Map.class)
    void handleRequest_whenTheFunctionIsNew_createsEveryReplicaAndRecordsFingerprintLagAndOutcome(
            Map<String, Object> event) {
        application.source.add(threeVersions().build());

        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsEntry("outcomes", Map.of(DR1, "created", DR2, "created"));
        assertThat(application.dr1.state("orders")).isNotNull();
        assertThat(application.dr2.state("orders")).isNotNull();
        for (String region : List.of(DR1, DR2)) {
            assertThat(record(region)).isEqualTo(new ReplicaRecord("orders", region, FIXTURE_FINGERPRINT, NOW,
                    Duration.ofMinutes(5), "created", null, null, null));
        }
        assertThat(application.alerts).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "worker/work-item.json", type = Map.class)
    void handleRequest_whenTheReplicasAreInLineAlready_recordsUnchangedWithoutLagOrWrites(Map<String, Object> event) {
        application.source.add(threeVersions().build());
        invoke(event);
        int writesBefore = application.dr1.writes().size() + application.dr2.writes().size();

        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsEntry("outcomes", Map.of(DR1, "unchanged", DR2, "unchanged"));
        assertThat(application.dr1.writes().size() + application.dr2.writes().size()).isEqualTo(writesBefore);
        assertThat(record(DR1).outcome()).isEqualTo("unchanged");
        assertThat(record(DR1).lag()).isZero();
        assertThat(record(DR1).sourceFingerprint()).isEqualTo(FIXTURE_FINGERPRINT);
    }

    @ParameterizedTest
    @Event(value = "worker/baseline-work-item.json", type = Map.class)
    void handleRequest_whenTheWorkItemCarriesABaseline_recordsTheSourceCodeAndConfigurationPerRegion(
            Map<String, Object> event) {
        FunctionSnapshot source = threeVersions().build();
        application.source.add(source);

        invoke(event);

        assertThat(application.state.baselines("orders")).extracting(BaselineRecord::targetRegion)
                .containsExactlyInAnyOrder(DR1, DR2);
        assertThat(application.state.baselines("orders")).allSatisfy(baseline -> {
            assertThat(baseline.baseline()).isEqualTo("baseline-2026-11-22");
            assertThat(baseline.codeSha256()).isEqualTo(source.code().sha256());
            assertThat(baseline.configFingerprint()).isEqualTo(ConfigurationFingerprint.of(source));
            assertThat(baseline.recordedAt()).isEqualTo(NOW);
        });
        assertThat(record(DR1).lastBaseline()).isEqualTo("baseline-2026-11-22");
    }

    @ParameterizedTest
    @Event(value = "worker/baseline-work-item.json", type = Map.class)
    void handleRequest_whenALaterWorkItemCarriesNoBaseline_keepsTheLastBaselineOfEachReplica(
            Map<String, Object> baseline) {
        application.source.add(threeVersions().build());
        invoke(baseline);
        Map<String, Object> routine = new java.util.LinkedHashMap<>(baseline);
        routine.remove("baseline");

        invoke(routine);

        assertThat(record(DR2).lastBaseline()).isEqualTo("baseline-2026-11-22");
        assertThat(application.state.baselines("orders")).hasSize(2);
    }

    @ParameterizedTest
    @Event(value = "worker/work-item.json", type = Map.class)
    void handleRequest_whenASubnetHasNoMapping_alertsAPersonPerRegionAndReturnsNormally(Map<String, Object> event) {
        application.source.add(snapshot().config(config().vpc(List.of("subnet-0abc1234"), List.of("sg-0def5678"))
                .build()).build());

        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsEntry("outcomes", Map.of(DR1, "failed", DR2, "failed"));
        assertThat(application.alerts).extracting(Alert::region).containsExactly(DR1, DR2);
        assertThat(application.alerts.getFirst().readable()).contains("Function: orders", "Region: eu-west-1",
                "VpcConfig.SubnetIds[0]", "Will retrying help: no: a person must act",
                "What to do: Act on what failed", "targets.eu-west-1");
        assertThat(record(DR1).lastErrorKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(record(DR1).sourceFingerprint()).isNull();
        assertThat(application.dr1.writes()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "worker/work-item.json", type = Map.class)
    void handleRequest_whenARegionFailsTransiently_throwsNamingTheRegionAndItsErrorAndAlertsNobody(
            Map<String, Object> event) {
        application.source.add(snapshot().build());
        application.dr1.failNext("CreateFunction", config -> new IllegalStateException("Rate exceeded"));

        assertThatThrownBy(() -> invoke(event)).isInstanceOf(ReplicationIncompleteException.class)
                .hasMessageContaining("eu-west-1: Rate exceeded")
                .hasMessageNotContaining("us-west-2");

        assertThat(application.alerts).isEmpty();
        assertThat(record(DR1).lastErrorKind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(record(DR1).lastError()).isEqualTo("Rate exceeded");
        assertThat(record(DR2).outcome()).isEqualTo("created");
    }

    @ParameterizedTest
    @Event(value = "worker/work-item.json", type = Map.class)
    void handleRequest_whenTheInvocationHasNoTimeLeft_throwsSoThatLambdaRetries(Map<String, Object> event) {
        application.source.add(snapshot().build());
        FixedContext almostOver = new FixedContext("lambda-dr-worker", Duration.ofSeconds(10));

        assertThatThrownBy(() -> WorkerInvocation.invoke(handler, WorkerInvocation.json(event), almostOver))
                .isInstanceOf(ReplicationIncompleteException.class)
                .hasMessageContaining("eu-west-1: not finished")
                .hasMessageContaining("us-west-2: not finished");

        assertThat(record(DR1).outcome()).isEqualTo("not-started");
        assertThat(record(DR1).lastErrorKind()).isEqualTo(FailureKind.TRANSIENT);
    }

    @ParameterizedTest
    @Event(value = "worker/change-work-item.json", type = Map.class)
    void handleRequest_whenTheWorkItemHoldsAChangeClaim_releasesItBeforeReadingTheSource(Map<String, Object> event) {
        application.source.add(snapshot().build());
        application.state.claimChange("orders", "7d3c6f1a-5b2e-4c9d-8a0f-1e2d3c4b5a69", NOW.plusSeconds(60));
        List<Integer> snapshotsWhenReleased = new ArrayList<>();
        application.state.onRelease((function, token) -> snapshotsWhenReleased.add(
                application.source.snapshotCount()));

        invoke(event);

        assertThat(snapshotsWhenReleased).containsExactly(0);
        assertThat(application.state.claimChange("orders", "a-later-change", NOW.plusSeconds(60))).isTrue();
        assertThat(application.source.snapshotCount()).isPositive();
    }

    @ParameterizedTest
    @Event(value = "worker/malformed-work-item.json", type = Map.class)
    void handleRequest_whenTheEventHasNoFunction_alertsWhatIsWrongAndReturnsNormally(Map<String, Object> event) {
        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsKey("rejected");
        assertThat(application.alerts).singleElement().satisfies(alert -> {
            assertThat(alert.subject()).contains("not a work item");
            assertThat(alert.readable()).contains("not a work item", "function", "functionName",
                    "Will retrying help: no");
        });
        assertThat(application.state.replicas("orders")).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "worker/bad-function-name.json", type = Map.class)
    void handleRequest_whenTheFunctionIsNotAName_alertsWhatIsWrongAndReplicatesNothing(Map<String, Object> event) {
        Map<String, Object> answer = invoke(event);

        assertThat(answer).containsKey("rejected");
        assertThat(application.alerts).singleElement().satisfies(alert ->
                assertThat(alert.whatHappened()).contains("is not a function name"));
        assertThat(application.source.snapshotCount()).isZero();
    }
}
