package io.lambdadr.core.usecase;

import static io.lambdadr.core.domain.SnapshotBuilder.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.engine.FailureClassifier;
import io.lambdadr.core.engine.FakeSourceRegion;
import io.lambdadr.core.engine.InMemoryReplicaRegion;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.ReplicationEngine.Mode;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.core.engine.TargetResult.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationServiceTest {

    private static final String TARGET = "eu-west-1";
    private static final ReplicationRequest.Labels CLI = new ReplicationRequest.Labels("--source-region",
            "--target-region", "--function");

    @TempDir
    Path workDir;

    private final FakeSourceRegion source = new FakeSourceRegion();
    private final InMemoryReplicaRegion target = new InMemoryReplicaRegion(TARGET);
    private final List<List<String>> probed = new ArrayList<>();

    /** The ports over the in-memory regions, recording reachability checks. */
    private final ReplicationPorts ports = new ReplicationPorts() {
        @Override
        public void requireReachable(List<String> regions) {
            probed.add(regions);
        }

        @Override
        public List<String> protectedFunctions(String sourceRegion, DrConfig config, StopSignal stop) {
            return source.listFunctionsTagged(config.protectTagKey(), config.protectTagValue());
        }

        @Override
        public ReplicationEngine engine(DrConfig config, String sourceRegion, List<String> targetRegions, Path dir,
                                        StopSignal stop) {
            return new ReplicationEngine(source, List.of(target), config.targets(), 2, dir, stop,
                    FailureClassifier.RETRY_UNKNOWN);
        }
    };

    private ReplicationOutcome run(ReplicationRequest request) {
        return new ReplicationService(ports, workDir).run(request, StopSignal.untilRequested(), result -> { });
    }

    private static ReplicationRequest request(ReplicationRequest.Selection selection, DrConfig config,
                                              boolean checkReachability) {
        return ReplicationRequest.of(CLI, FakeSourceRegion.REGION, List.of(TARGET), selection, Mode.APPLY, config,
                checkReachability);
    }

    @Test
    void run_whenAllProtectedAreAsked_replicatesOnlyTheFunctionsCarryingTheProtectTag() {
        source.add(snapshot().name("orders").tag(DrConfig.DEFAULT_PROTECT_TAG_KEY, "true").build());
        source.add(snapshot().name("scratch").build());

        ReplicationOutcome outcome = run(request(new ReplicationRequest.Selection.AllProtected(), DrConfig.DEFAULTS,
                false));

        assertThat(outcome.report().targets()).extracting(TargetResult::functionName).containsExactly("orders");
        assertThat(outcome.report().targets()).extracting(TargetResult::outcome).containsExactly(Outcome.CREATED);
        assertThat(outcome.warnings()).isEmpty();
        assertThat(outcome.stopReason()).isEmpty();
        assertThat(probed).as("no reachability check unless asked").isEmpty();
    }

    @Test
    void run_whenNoFunctionIsProtected_warnsAndDoesNothing() {
        source.add(snapshot().name("scratch").build());

        ReplicationOutcome outcome = run(request(new ReplicationRequest.Selection.AllProtected(), DrConfig.DEFAULTS,
                true));

        assertThat(outcome.report().targets()).isEmpty();
        assertThat(outcome.warnings()).singleElement().asString()
                .contains("no function in us-east-1 is tagged lambda-dr:protect=true");
        assertThat(probed).containsExactly(List.of(FakeSourceRegion.REGION, TARGET));
    }

    @Test
    void run_whenTheConfigurationMapsARegionNotReplicatedInto_warnsAndCarriesOn() {
        source.add(snapshot().name("orders").build());
        DrConfig config = new DrConfig(DrConfig.DEFAULT_PROTECT_TAG_KEY, DrConfig.DEFAULT_PROTECT_TAG_VALUE,
                Map.of("ap-south-1", TargetMappings.NONE), DrConfig.Staging.DEFAULT, DrConfig.RateLimits.DEFAULT, 1,
                Duration.ofSeconds(15));

        ReplicationOutcome outcome = run(request(new ReplicationRequest.Selection.Functions(List.of("orders")),
                config, false));

        assertThat(outcome.warnings()).singleElement().asString().contains("targets.ap-south-1");
        assertThat(outcome.report().anyFailed()).isFalse();
    }

    @Test
    void of_whenARegionIsUnknown_failsNamingTheSettingAsTheCallerCallsIt() {
        assertThatThrownBy(() -> ReplicationRequest.of(CLI, "us-east-9", List.of(TARGET),
                new ReplicationRequest.Selection.AllProtected(), Mode.STATUS, DrConfig.DEFAULTS, false))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("--source-region: unknown AWS region 'us-east-9'");
    }

    @Test
    void of_whenATargetIsTheSource_failsSayingADrCopyMustLiveElsewhere() {
        assertThatThrownBy(() -> ReplicationRequest.of(CLI, TARGET, List.of(TARGET),
                new ReplicationRequest.Selection.AllProtected(), Mode.STATUS, DrConfig.DEFAULTS, false))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--target-region eu-west-1 is the source region");
    }

    @Test
    void of_whenATargetIsInAnotherPartition_failsNamingBothPartitions_andRunsNothing() {
        assertThatThrownBy(() -> ReplicationRequest.of(CLI, "us-east-1", List.of("eu-west-1", "cn-north-1"),
                new ReplicationRequest.Selection.AllProtected(), Mode.APPLY, DrConfig.DEFAULTS, true))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--target-region cn-north-1 is in the aws-cn partition")
                .hasMessageContaining("the source region us-east-1 in aws");
        assertThat(probed).isEmpty();
    }

    @Test
    void of_withinAnotherPartition_acceptsItsRegions() {
        ReplicationRequest govCloud = ReplicationRequest.of(CLI, "us-gov-west-1", List.of("us-gov-east-1"),
                new ReplicationRequest.Selection.AllProtected(), Mode.STATUS, DrConfig.DEFAULTS, false);

        assertThat(govCloud.targetRegions()).containsExactly("us-gov-east-1");
    }

    @Test
    void of_whenAFunctionNameIsAnArn_failsNamingTheSettingAndTheRule() {
        assertThatThrownBy(() -> request(new ReplicationRequest.Selection.Functions(
                List.of("arn:aws:lambda:us-east-1:123456789012:function:orders")), DrConfig.DEFAULTS, false))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--function: 'arn:aws:lambda:us-east-1:123456789012:function:orders'")
                .hasMessageContaining("letters, digits, hyphens and underscores");
    }

    @Test
    void constructor_whenThereIsNoTarget_failsWithThePlainNames() {
        assertThatThrownBy(() -> new ReplicationRequest(FakeSourceRegion.REGION, List.of(),
                new ReplicationRequest.Selection.AllProtected(), Mode.STATUS, DrConfig.DEFAULTS, false))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("target region: at least one DR region is needed");
    }

    @Test
    void constructor_whenTargetsRepeat_keepsEachOnceInOrder() {
        ReplicationRequest request = new ReplicationRequest(FakeSourceRegion.REGION,
                List.of("us-west-2", TARGET, "us-west-2"), new ReplicationRequest.Selection.AllProtected(), Mode.STATUS,
                DrConfig.DEFAULTS, false);

        assertThat(request.targetRegions()).containsExactly("us-west-2", TARGET);
        assertThat(request.regions()).containsExactly(FakeSourceRegion.REGION, "us-west-2", TARGET);
    }
}
