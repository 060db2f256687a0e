package io.lambdadr.core.engine;

import static io.lambdadr.core.domain.SnapshotBuilder.code;
import static io.lambdadr.core.domain.SnapshotBuilder.config;
import static io.lambdadr.core.domain.SnapshotBuilder.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.EventInvokeConfig;
import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.RuntimeManagement;
import io.lambdadr.core.domain.FunctionUrl;
import io.lambdadr.core.domain.LayerVersion;
import io.lambdadr.core.domain.PolicyStatement;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.core.domain.ReplicaReadScope;
import io.lambdadr.core.domain.ReplicaState;
import io.lambdadr.core.domain.SnapshotBuilder;
import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.engine.ReplicationEngine.Mode;
import io.lambdadr.core.engine.TargetResult.Outcome;
import io.lambdadr.core.engine.TargetResult.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicationEngineTest {

    private static final String TARGET = "eu-west-1";
    private static final String SECOND_TARGET = "us-west-2";
    private static final String SOURCE_ARN = "arn:aws:lambda:us-east-1:" + SnapshotBuilder.ACCOUNT + ":function:orders";

    @TempDir
    Path workDir;

    private final FakeSourceRegion source = new FakeSourceRegion();
    private final InMemoryReplicaRegion target = new InMemoryReplicaRegion(TARGET);
    private final InMemoryReplicaRegion secondTarget = new InMemoryReplicaRegion(SECOND_TARGET);
    private final List<TargetResult> progress = Collections.synchronizedList(new ArrayList<>());
    private final StopSignal stop = StopSignal.untilRequested();

    /** Three versions, a weighted alias and a plain one, a tag. */
    private static SnapshotBuilder orders() {
        return SnapshotBuilder.threeVersions();
    }

    /** {@link #orders()} after a fourth version was published and {@code live} moved to it. */
    private static FunctionSnapshot ordersWithVersion4() {
        return snapshot()
                .code(code("v4"))
                .config(config().memory(512).build())
                .version("1", code("v1"), config().description("first").build())
                .version("2", code("v2"), config().description("second").memory(512).build())
                .version("3", code("v3"), config().description("third").memory(512).build())
                .version("4", code("v4"), config().description("fourth").memory(512).build())
                .alias("live", "4", Map.of())
                .alias("stable", "1", Map.of())
                .tag("team", "payments")
                .build();
    }

    private ReplicationReport run(Mode mode, List<InMemoryReplicaRegion> targets, String... functions) {
        ReplicationEngine engine = new ReplicationEngine(source, List.copyOf(targets), Map.of(), 4, workDir, stop,
                FailureClassifier.RETRY_UNKNOWN);
        return engine.run(mode, List.of(functions), progress::add);
    }

    private ReplicationReport run(Mode mode, String... functions) {
        return run(mode, List.of(target), functions);
    }

    private static TargetResult only(ReplicationReport report) {
        assertThat(report.targets()).hasSize(1);
        return report.targets().getFirst();
    }

    private static TargetResult resultFor(ReplicationReport report, String function, String region) {
        return report.targets().stream()
                .filter(result -> result.functionName().equals(function) && result.targetRegion().equals(region))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + function + " in " + region));
    }

    private static List<String> versionNumbers(ReplicaState state) {
        return state.versions().stream().map(PublishedVersion::version).toList();
    }

    @Test
    void run_whenFunctionIsNew_createsItAndPointsAliasesAtTheVersionsTheTargetAssigned() {
        source.add(orders().build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.status()).isEqualTo(SyncStatus.MISSING);
        ReplicaState replica = target.state("orders");
        assertThat(replica.versions()).extracting(PublishedVersion::version, v -> v.code().sha256(),
                        v -> v.config().description())
                .containsExactly(
                        tuple("1", "sha-v1=", "first [lambda-dr source-version=1]"),
                        tuple("2", "sha-v2=", "second [lambda-dr source-version=2]"),
                        tuple("3", "sha-v3=", "third [lambda-dr source-version=3]"));
        assertThat(replica.aliases()).containsExactlyInAnyOrder(
                new AliasSpec("live", "3", "", Map.of("2", 0.1)),
                new AliasSpec("stable", "1", "", Map.of()));
        assertThat(replica.tags()).doesNotContainKey(ReplicaMarkers.VERSION_MAP_TAG);
        assertThat(replica.code()).isEqualTo(code("v3"));
        assertThat(replica.config().memorySizeMb()).isEqualTo(512);
        assertThat(replica.tags())
                .containsEntry("team", "payments")
                .containsEntry(ReplicaMarkers.REPLICA_OF_TAG, SOURCE_ARN);
        assertThat(result.writes()).isEqualTo(target.writes().size()).isPositive();
        assertThat(result.codeBytes()).isEqualTo(3 * 1000);
        assertThat(progress).containsExactly(result);
    }

    @Test
    void run_whenReplicaIsAlreadyInSync_isUnchangedAndWritesNothing() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        List<String> writesOfFirstRun = target.writes();

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(result.status()).isEqualTo(SyncStatus.IN_SYNC);
        assertThat(result.plan()).isEmpty();
        assertThat(result.drift()).isEmpty();
        assertThat(result.writes()).isZero();
        assertThat(result.reads()).isPositive();
        assertThat(target.writes()).isEqualTo(writesOfFirstRun);
    }

    @Test
    void run_whenSourceGainedAVersion_publishesOnlyThatVersionAndMovesTheAlias() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(ordersWithVersion4());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(result.status()).isEqualTo(SyncStatus.DRIFTED);
        ReplicaState replica = target.state("orders");
        assertThat(versionNumbers(replica)).containsExactly("1", "2", "3", "4");
        assertThat(replica.version("4").orElseThrow().code()).isEqualTo(code("v4"));
        assertThat(replica.alias("live")).contains(new AliasSpec("live", "4", "", Map.of()));
        assertThat(replica.alias("stable")).contains(new AliasSpec("stable", "1", "", Map.of()));
        assertThat(replica.tags()).doesNotContainKey(ReplicaMarkers.VERSION_MAP_TAG);
        assertThat(target.writesOf("PublishVersion")).hasSize(3 + 1);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"PLAN", "STATUS"})
    void run_whenModeIsPlanOrStatus_reportsWhatDiffersButNeverWrites(Mode mode) {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(ordersWithVersion4());
        source.add(orders().name("invoices").build());
        List<String> writesBefore = target.writes();
        List<String> downloadsBefore = source.downloads();

        ReplicationReport report = run(mode, "orders", "invoices");

        TargetResult drifted = resultFor(report, "orders", TARGET);
        assertThat(drifted.error()).isNull();
        assertThat(drifted.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(drifted.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(drifted.drift()).contains("version 4", "alias live");
        assertThat(drifted.plan()).contains("publish version for source version 4");
        TargetResult missing = resultFor(report, "invoices", TARGET);
        assertThat(missing.error()).isNull();
        assertThat(missing.status()).isEqualTo(SyncStatus.MISSING);
        assertThat(missing.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(missing.plan()).isNotEmpty();
        assertThat(target.writes()).isEqualTo(writesBefore);
        assertThat(target.state("invoices").exists()).isFalse();
        assertThat(source.downloads()).isEqualTo(downloadsBefore);
        assertThat(report.totalWrites()).isZero();
        assertThat(report.totalCodeBytes()).isZero();
    }

    @Test
    void run_whenUploadedCodeComesBackWithOtherHash_failsNamingBothHashesAndCreatesNoAlias() {
        source.add(orders().build());
        target.uploadsTurnInto(code("tampered"));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error())
                .contains("CreateFunction", "sha-tampered=", "sha-v1=")
                .contains("orders", TARGET);
        assertThat(target.writes()).containsExactly("CreateFunction orders");
        assertThat(target.state("orders").aliases()).isEmpty();
        assertThat(target.state("orders").versions()).isEmpty();
    }

    @Test
    void run_whenUpdatedCodeComesBackWithOtherHash_leavesTheAliasesWhereTheyWere() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        List<AliasSpec> aliasesBefore = target.state("orders").aliases();
        int writesBefore = target.writes().size();
        source.add(ordersWithVersion4());
        target.uploadsTurnInto(code("tampered"));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("UpdateFunctionCode", "sha-tampered=", "sha-v4=");
        assertThat(target.writes().subList(writesBefore, target.writes().size()))
                .containsExactly("UpdateFunctionCode orders");
        assertThat(target.state("orders").aliases()).isEqualTo(aliasesBefore);
    }

    @Test
    void run_whenPublishedVersionHasOtherCode_pointsNoAliasAtIt() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        List<AliasSpec> aliasesBefore = target.state("orders").aliases();
        source.add(ordersWithVersion4());
        target.publishesWithCode(code("other"));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        // Published twice: the second time from a $LATEST made to differ, in case Lambda returned an old version.
        assertThat(result.error()).contains("PublishVersion 5", "sha-other=", "sha-v4=");
        ReplicaState replica = target.state("orders");
        assertThat(versionNumbers(replica)).contains("4", "5");
        assertThat(replica.aliases()).isEqualTo(aliasesBefore);
        assertThat(replica.aliases()).noneMatch(alias -> List.of("4", "5").contains(alias.functionVersion())
                || alias.routingWeights().containsKey("4") || alias.routingWeights().containsKey("5"));
        assertThat(target.writesOf("UpdateAlias")).isEmpty();
    }

    @Test
    void run_afterARunFailedHalfway_completesTheReplicaWithVerifiedVersionsOnly() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(ordersWithVersion4());
        target.publishesWithCode(code("other"));
        run(Mode.APPLY, "orders");
        target.behaveNormally();

        TargetResult repair = only(run(Mode.APPLY, "orders"));
        TargetResult again = only(run(Mode.APPLY, "orders"));

        assertThat(repair.error()).isNull();
        assertThat(repair.outcome()).isEqualTo(Outcome.UPDATED);
        ReplicaState replica = target.state("orders");
        // Numbers 4 and 5 went to the bad publishes, and Lambda never reuses a number: the map records it.
        assertThat(replica.alias("live")).contains(new AliasSpec("live", "6", "", Map.of()));
        assertThat(replica.version("6").orElseThrow().code()).isEqualTo(code("v4"));
        assertThat(replica.tags()).containsEntry(ReplicaMarkers.VERSION_MAP_TAG, "4=6");
        assertThat(repair.notes()).contains("source version 4 is version 6 in " + TARGET + ": the replica's version "
                + "counter was already past 4 when it was published, and Lambda cannot renumber a version");
        // The versions labelled 4 that hold other code are gone, now that no alias points at them.
        assertThat(versionNumbers(replica)).containsExactly("1", "2", "3", "6");
        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(again.writes()).isZero();
    }

    @Test
    void run_readsAtMostHalfTheFunctionsItWorksOnFromTheSourceAtOnce_andStillReplicatesEveryOne() {
        List<String> names = new ArrayList<>();
        for (int index = 0; index < 12; index++) {
            names.add("fn-" + index);
            source.add(orders().name("fn-" + index).build());
        }
        source.snapshotsTake(Duration.ofMillis(30));
        ReplicationEngine engine = new ReplicationEngine(source, List.of(target, secondTarget), Map.of(), 8, workDir,
                stop, FailureClassifier.RETRY_UNKNOWN);

        ReplicationReport report = engine.run(Mode.APPLY, names, result -> { });

        assertThat(source.mostSnapshotsAtOnce()).isEqualTo(ReplicationEngine.snapshotsAtOnce(8)).isEqualTo(4);
        assertThat(report.targets()).hasSize(24).allSatisfy(result ->
                assertThat(result.outcome()).isEqualTo(Outcome.CREATED));
        assertThat(ReplicationEngine.snapshotsAtOnce(1)).isEqualTo(2);
    }

    @Test
    void run_forAFunctionWithoutAliases_readsTheReplicasAliasesOnlyToDeleteVersions_andKeepsTheOnesTheyUse() {
        source.add(snapshot().code(code("v2")).version("1", code("v1"), config().description("first").build())
                .version("2", code("v2"), config().description("second").build()).build());
        run(Mode.APPLY, "orders");
        assertThat(target.reads()).isNotEmpty().allMatch(scope -> !scope.aliases());
        // Source version 3 is published twice in the replica with other code (3 and 4): both mislabelled.
        source.add(snapshot().code(code("v3")).version("1", code("v1"), config().description("first").build())
                .version("2", code("v2"), config().description("second").build())
                .version("3", code("v3"), config().description("third").build()).build());
        target.publishesWithCode(code("other"));
        run(Mode.APPLY, "orders");
        target.behaveNormally();
        // Someone points an alias of their own at one of them in the DR region.
        target.putAlias("orders", new AliasSpec("canary", "4", "", Map.of()), false, null);
        int readsBefore = target.reads().size();

        TargetResult repair = only(run(Mode.APPLY, "orders"));

        assertThat(repair.error()).isNull();
        assertThat(repair.outcome()).isEqualTo(Outcome.UPDATED);
        ReplicaState replica = target.state("orders");
        // 3 is deleted; 4 stays for the alias; the source's version 3 is published again, as 5.
        assertThat(versionNumbers(replica)).containsExactly("1", "2", "4", "5");
        assertThat(replica.version("5").orElseThrow().code()).isEqualTo(code("v3"));
        assertThat(replica.alias("canary")).contains(new AliasSpec("canary", "4", "", Map.of()));
        List<ReplicaReadScope> reads = target.reads().subList(readsBefore, target.reads().size());
        assertThat(reads.getFirst().aliases()).isFalse();
        assertThat(reads.get(1).aliases()).isTrue();
    }

    @Test
    void run_whenFunctionIsMissingInSource_failsItInEveryTargetAndStillReplicatesTheOthers() {
        source.add(orders().build());

        ReplicationReport report = run(Mode.APPLY, List.of(target, secondTarget), "ghost", "orders");

        String notFound = "function ghost not found in us-east-1";
        for (String region : List.of(TARGET, SECOND_TARGET)) {
            TargetResult ghost = resultFor(report, "ghost", region);
            assertThat(ghost.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(ghost.status()).isEqualTo(SyncStatus.ERROR);
            assertThat(ghost.error()).contains(notFound);
            assertThat(ghost.writes()).isZero();
            TargetResult orders = resultFor(report, "orders", region);
            assertThat(orders.error()).isNull();
            assertThat(orders.outcome()).isEqualTo(Outcome.CREATED);
        }
        assertThat(report.targets()).extracting(TargetResult::functionName, TargetResult::targetRegion)
                .containsExactly(
                        tuple("ghost", TARGET),
                        tuple("ghost", SECOND_TARGET),
                        tuple("orders", TARGET),
                        tuple("orders", SECOND_TARGET));
        assertThat(report.sources()).extracting(SourceResult::functionName).containsExactly("ghost", "orders");
        assertThat(report.sources().getFirst().error()).contains(notFound);
        assertThat(report.sources().get(1).error()).isNull();
        assertThat(report.anyFailed()).isTrue();
        assertThat(target.writes()).noneMatch(write -> write.contains("ghost"));
        assertThat(target.state("orders").exists()).isTrue();
        assertThat(secondTarget.state("orders").exists()).isTrue();
        assertThat(progress).hasSize(4);
    }

    @Test
    void run_whenReplicaChangesBetweenReadAndWrite_rereadsBothSidesAndAppliesTheFreshPlan() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(orders().config(config().memory(1024).build()).build());
        target.changedConcurrentlyBefore("UpdateFunctionConfiguration", 1);
        int snapshotsBefore = source.snapshotCount();
        int updatesBefore = target.writesOf("UpdateFunctionConfiguration").size();

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(result.error()).isNull();
        assertThat(target.writesOf("UpdateFunctionConfiguration")).hasSize(updatesBefore + 2);
        assertThat(target.state("orders").config().memorySizeMb()).isEqualTo(1024);
        assertThat(source.snapshotCount() - snapshotsBefore).as("first read and one re-read").isEqualTo(2);
    }

    @Test
    void run_whenReplicaKeepsChangingUnderEveryAttempt_failsSayingSoAndOverwritesNothing() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(orders().config(config().memory(1024).build()).build());
        target.changedConcurrentlyBefore("UpdateFunctionConfiguration", ReplicationEngine.FRUITLESS_PASSES);
        int updatesBefore = target.writesOf("UpdateFunctionConfiguration").size();

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("RevisionId", "attempts");
        assertThat(target.writesOf("UpdateFunctionConfiguration"))
                .hasSize(updatesBefore + ReplicationEngine.FRUITLESS_PASSES);
        assertThat(target.state("orders").config().memorySizeMb()).isEqualTo(512);
    }

    @Test
    void run_whenAnAliasIsMovedByAnotherWriter_doesNotOverwriteItBlindly() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(ordersWithVersion4());
        target.changedConcurrentlyBefore("UpdateAlias", 1);
        int aliasUpdatesBefore = target.writesOf("UpdateAlias").size();

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(Outcome.UPDATED);
        assertThat(target.writesOf("UpdateAlias")).hasSize(aliasUpdatesBefore + 2);
        assertThat(target.state("orders").alias("live")).get()
                .extracting(AliasSpec::functionVersion).isEqualTo("4");
    }

    @Test
    void run_whenTargetErrorEchoesAnEnvironmentValue_masksTheValue() {
        String secret = "s3cr3t-token-0042";
        source.add(snapshot().config(config().env("API_TOKEN", secret).build()).build());
        target.failNext("CreateFunction", config -> new IllegalStateException(
                "InvalidParameterValueException: Environment variable API_TOKEN="
                        + config.environment().get("API_TOKEN") + " is not valid"));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("API_TOKEN=****").doesNotContain(secret);
    }

    @Test
    void run_whenTargetErrorEchoesATranslatedEnvironmentValue_masksTheValue() {
        String secret = "arn:aws:secretsmanager:us-east-1:" + SnapshotBuilder.ACCOUNT + ":secret:db?password=hunter2x";
        source.add(snapshot().config(config().env("DB_URL", secret).build()).build());
        target.failNext("CreateFunction", config -> new IllegalStateException(
                "InvalidParameterValueException: Environment variable DB_URL="
                        + config.environment().get("DB_URL") + " is not valid"));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("DB_URL=****").doesNotContain("hunter2x");
    }

    @Test
    void run_whenTwoTargetsNeedTheSameCode_downloadsEachSourceVersionOnce() {
        source.add(orders().build());

        ReplicationReport report = run(Mode.APPLY, List.of(target, secondTarget), "orders");

        assertThat(source.downloads()).containsExactlyInAnyOrder(
                "orders 1 sha-v1=", "orders 2 sha-v2=", "orders 3 sha-v3=");
        assertThat(report.sources().getFirst().codeBytesDownloaded()).isEqualTo(3 * 1000);
        assertThat(report.targets()).extracting(TargetResult::outcome).containsOnly(Outcome.CREATED);
        assertThat(report.targets()).extracting(TargetResult::codeBytes).containsOnly(3L * 1000);
    }

    @Test
    void run_whenTargetsAreInSync_downloadsNothing() {
        source.add(orders().build());
        run(Mode.APPLY, List.of(target, secondTarget), "orders");
        List<String> downloadsBefore = source.downloads();

        ReplicationReport report = run(Mode.APPLY, List.of(target, secondTarget), "orders");

        assertThat(report.targets()).extracting(TargetResult::outcome).containsOnly(Outcome.UNCHANGED);
        assertThat(source.downloads()).isEqualTo(downloadsBefore);
        assertThat(report.sources().getFirst().codeBytesDownloaded()).isZero();
        assertThat(report.totalCodeBytes()).isZero();
    }

    private static final String VENDOR = "999999999999";

    @Test
    void run_whenAnotherAccountsLayerIsMissingInTarget_failsNamingTheFieldAndLayerAndWritesNothing() {
        String layer = "arn:aws:lambda:us-east-1:" + VENDOR + ":layer:agent:3";
        String targetLayer = "arn:aws:lambda:eu-west-1:" + VENDOR + ":layer:agent:3";
        source.add(snapshot().config(config().layers(layer).build()).build());
        target.withoutLayerVersion(targetLayer);

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("Layers[0]", targetLayer, "targets.eu-west-1.arns");
        assertThat(target.writes()).isEmpty();
        assertThat(target.state("orders").exists()).isFalse();
        assertThat(source.downloads()).isEmpty();
    }

    @Test
    void run_whenAnotherAccountsLayerOfAPublishedVersionIsMissingInTarget_failsBeforeAnyWrite() {
        String present = "arn:aws:lambda:us-east-1:" + VENDOR + ":layer:agent:3";
        String gone = "arn:aws:lambda:us-east-1:" + VENDOR + ":layer:agent:2";
        source.add(snapshot()
                .config(config().layers(present).build())
                .version("1", code("v1"), config().layers(present).build())
                .version("2", code("v2"), config().layers(gone).build())
                .alias("live", "2", Map.of())
                .build());
        target.withoutLayerVersion(gone.replace("us-east-1", TARGET));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(target.writes()).isEmpty();
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("Layers[0]", gone.replace("us-east-1", TARGET));
    }

    private static LayerVersion ownLayer(int version, String content) {
        return new LayerVersion("arn:aws:lambda:us-east-1:" + SnapshotBuilder.ACCOUNT + ":layer:deps:" + version,
                code(content), "shared deps", List.of("python3.12"), List.of("arm64"), "MIT");
    }

    @Test
    void run_whenTheFunctionUsesItsOwnAccountsLayer_publishesItByContentAndPointsTheReplicaAtTheCopy() {
        LayerVersion deps = ownLayer(7, "deps-v7");
        LayerVersion.Permission shared = new LayerVersion.Permission("org", "lambda:GetLayerVersion", "*", "o-abc123");
        source.addLayer(deps, shared);
        source.add(snapshot().config(config().layers(deps.arn()).build()).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.CREATED);
        assertThat(target.layers()).hasSize(1);
        LayerVersion copy = target.layers().values().iterator().next();
        assertThat(copy.code().sameCodeAs(deps.code())).isTrue();
        assertThat(copy.compatibleRuntimes()).containsExactly("python3.12");
        assertThat(copy.compatibleArchitectures()).containsExactly("arm64");
        assertThat(copy.license()).isEqualTo("MIT");
        assertThat(copy.description()).startsWith("shared deps").contains("source-version=7");
        assertThat(target.layerPolicy(copy.arn())).containsExactly(shared);
        assertThat(target.state("orders").config().layerArns()).containsExactly(copy.arn());
        assertThat(result.notes()).anyMatch(note -> note.contains("published layer deps:7"));
    }

    @Test
    void run_whenTheLayerCopyExists_reusesIt_andAnInSyncReplicaCostsNoWrite() {
        LayerVersion deps = ownLayer(7, "deps-v7");
        source.addLayer(deps);
        source.add(snapshot().config(config().layers(deps.arn()).build()).build());
        run(Mode.APPLY, "orders");
        int writesBefore = target.writes().size();

        TargetResult again = only(run(Mode.APPLY, "orders"));
        TargetResult status = only(run(Mode.STATUS, "orders"));

        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.writes()).hasSize(writesBefore);
        assertThat(target.layers()).hasSize(1);
        assertThat(status.status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    @Test
    void run_whenTheSourceLayersPermissionsChangeAfterItWasCopied_statusReportsIt_andTheNextRunBringsTheCopyInLine() {
        LayerVersion deps = ownLayer(7, "deps-v7");
        LayerVersion.Permission org = new LayerVersion.Permission("org", "lambda:GetLayerVersion", "*", "o-abc123");
        source.addLayer(deps, org);
        source.add(snapshot().config(config().layers(deps.arn()).build()).build());
        source.add(snapshot().name("billing").config(config().layers(deps.arn()).build()).build());
        run(Mode.APPLY, "orders", "billing");
        // Worked at the same time, the two functions share one copy: the second waits for the first to publish it.
        assertThat(target.layers()).hasSize(1);
        LayerVersion copy = target.layers().values().iterator().next();
        // In the source the statement now names another organization and one for a partner account is added; in the
        // copy a statement was added by hand.
        LayerVersion.Permission otherOrg = new LayerVersion.Permission("org", "lambda:GetLayerVersion", "*",
                "o-def456");
        LayerVersion.Permission partner = new LayerVersion.Permission("partner", "lambda:GetLayerVersion",
                "210987654321", null);
        LayerVersion.Permission byHand = new LayerVersion.Permission("hand", "lambda:GetLayerVersion",
                "111122223333", null);
        source.addLayer(deps, otherOrg, partner);
        target.addLayerPermissions(copy.arn(), List.of(byHand));

        ReplicationReport status = run(Mode.STATUS, "orders", "billing");

        // Both functions that use the layer report it, though the copy is read once.
        assertThat(status.targets()).hasSize(2).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(SyncStatus.DRIFTED);
            assertThat(result.drift()).anyMatch(part -> part.contains("layer deps:7 permissions [org, partner]"));
        });
        assertThat(target.layerPolicy(copy.arn())).containsExactlyInAnyOrder(org, byHand);

        TargetResult applied = only(run(Mode.APPLY, "orders"));

        assertThat(applied.outcome()).as(applied.error()).isNotEqualTo(Outcome.FAILED);
        assertThat(target.layerPolicy(copy.arn())).containsExactlyInAnyOrder(otherOrg, partner, byHand);
        assertThat(target.layers()).hasSize(1);
        assertThat(applied.notes()).anyMatch(note -> note.contains("left alone: [hand]"))
                .anyMatch(note -> note.contains("[org, partner] brought in line"));
        assertThat(only(run(Mode.STATUS, "orders")).status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    @Test
    void run_whenATargetLayerVersionOfTheSameNumberHoldsOtherContent_publishesACopyRatherThanUseIt() {
        LayerVersion deps = ownLayer(1, "deps-v1");
        source.addLayer(deps);
        source.add(snapshot().config(config().layers(deps.arn()).build()).build());
        LayerVersion unrelated = new LayerVersion("arn:aws:lambda:eu-west-1:" + SnapshotBuilder.ACCOUNT
                + ":layer:deps:1", code("something else"), "hand-made", List.of(), List.of(), null);
        target.withLayer(unrelated);

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(target.state("orders").config().layerArns()).containsExactly(
                "arn:aws:lambda:eu-west-1:" + SnapshotBuilder.ACCOUNT + ":layer:deps:2");
    }

    @Test
    void status_whenTheOwnLayerIsNotPublishedYet_reportsDriftAndWritesNothing() {
        LayerVersion deps = ownLayer(7, "deps-v7");
        source.addLayer(deps);
        source.add(snapshot().config(config().build()).build());
        run(Mode.APPLY, "orders");
        source.add(snapshot().config(config().layers(deps.arn()).build()).build());

        TargetResult status = only(run(Mode.STATUS, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).anyMatch(part -> part.contains("layer deps:7"));
        assertThat(target.layers()).isEmpty();
    }

    @Test
    void status_whenAnotherAccountsLayerHoldsOtherContentInTheTarget_reportsItAsDrift() {
        String layer = "arn:aws:lambda:us-east-1:" + VENDOR + ":layer:agent:3";
        String targetLayer = "arn:aws:lambda:eu-west-1:" + VENDOR + ":layer:agent:3";
        source.addLayer(new LayerVersion(layer, code("agent 3"), null, List.of(), List.of(), null));
        target.withLayer(new LayerVersion(targetLayer, code("agent 3, rebuilt"), null, List.of(), List.of(), null));
        source.add(snapshot().config(config().layers(layer).build()).build());
        run(Mode.APPLY, "orders");

        TargetResult status = only(run(Mode.STATUS, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).anyMatch(part -> part.contains("layer content " + targetLayer));
    }

    @Test
    void run_whenTheOwnLayerIsGoneFromTheSource_failsPermanentlyBeforeAnyWrite() {
        source.add(snapshot().config(config().layers(ownLayer(4, "x").arn()).build()).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failureKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(result.error()).contains("layer:deps:4", "does not exist in us-east-1");
        assertThat(target.writes()).isEmpty();
    }


    private static PolicyStatement s3Invokes(String bucket) {
        return new PolicyStatement("s3-invoke", "lambda:InvokeFunction", "s3.amazonaws.com",
                "arn:aws:s3:::" + bucket, "123456789012", null, null);
    }

    private static final PolicyStatement TOPIC_INVOKES = new PolicyStatement("sns", "lambda:InvokeFunction",
            "sns.amazonaws.com", "arn:aws:sns:us-east-1:123456789012:orders", null, null, null);
    private static final PolicyStatement ORG_INVOKES = new PolicyStatement("org", "lambda:InvokeFunction", "*", null,
            null, "o-abc123", null);

    @Test
    void run_replicatesThePoliciesOfTheFunctionItsAliasesAndItsVersions_translatingSourceArns() {
        source.add(orders().policy("", s3Invokes("orders-uploads"))
                .policy("live", TOPIC_INVOKES).policy("3", ORG_INVOKES).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.CREATED);
        ReplicaState replica = target.state("orders");
        String targetVersion = replica.alias("live").orElseThrow().functionVersion();
        assertThat(replica.policies()).containsOnlyKeys("", "live", targetVersion);
        assertThat(replica.policies().get("")).containsExactly(s3Invokes("orders-uploads"));
        assertThat(replica.policies().get("live")).containsExactly(
                TOPIC_INVOKES.withSourceArn("arn:aws:sns:eu-west-1:123456789012:orders"));
        assertThat(replica.policies().get(targetVersion)).containsExactly(ORG_INVOKES);

        int writes = target.writes().size();
        TargetResult again = only(run(Mode.APPLY, "orders"));
        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.writes()).hasSize(writes);
    }

    @Test
    void run_whenAStatementChangesInTheSource_replacesItInTheReplica_andLeavesTheReplicasOwnStatementsAlone() {
        source.add(orders().policy("", s3Invokes("orders-uploads")).build());
        run(Mode.APPLY, "orders");
        PolicyStatement drOnly = new PolicyStatement("dr-runbook", "lambda:InvokeFunction", "210987654321", null,
                null, null, null);
        target.withPermission("orders", "", drOnly);
        source.add(orders().policy("", s3Invokes("orders-uploads-v2")).build());

        TargetResult status = only(run(Mode.STATUS, "orders"));
        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).contains("policy the function");
        assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.state("orders").policies().get("")).containsExactlyInAnyOrder(
                s3Invokes("orders-uploads-v2"), drOnly);
        assertThat(result.notes()).anyMatch(note -> note.contains("left alone") && note.contains("dr-runbook"));
        assertThat(target.writes()).anyMatch(write -> write.startsWith("RemovePermission orders  s3-invoke"));
    }

    @Test
    void run_replicatesEventInvokeConfigurationsPerQualifier_translatingDestinations() {
        EventInvokeConfig function = new EventInvokeConfig(1, 3600, null,
                "arn:aws:sqs:us-east-1:123456789012:orders-failures");
        EventInvokeConfig live = new EventInvokeConfig(0, 600, "arn:aws:events:us-east-1:123456789012:event-bus/orders",
                "arn:aws:lambda:us-east-1:123456789012:function:orders-dlq-handler");
        EventInvokeConfig third = new EventInvokeConfig(2, null, null, null);
        source.add(orders().invokeConfig("", function).invokeConfig("live", live).invokeConfig("3", third).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.CREATED);
        ReplicaState replica = target.state("orders");
        String targetVersion = replica.alias("live").orElseThrow().functionVersion();
        assertThat(replica.invokeConfigs()).containsOnlyKeys("", "live", targetVersion);
        assertThat(replica.invokeConfigs().get("").onFailure())
                .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:orders-failures");
        assertThat(replica.invokeConfigs().get("live")).isEqualTo(live.withDestinations(
                "arn:aws:events:eu-west-1:123456789012:event-bus/orders",
                "arn:aws:lambda:eu-west-1:123456789012:function:orders-dlq-handler"));
        assertThat(replica.invokeConfigs().get(targetVersion)).isEqualTo(third);

        int writes = target.writes().size();
        assertThat(only(run(Mode.APPLY, "orders")).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.writes()).hasSize(writes);
    }

    @Test
    void status_whenTheReplicasRetriesDrifted_reportsIt_andReplicateRestoresThem_leavingItsOwnConfigurationsAlone() {
        EventInvokeConfig function = new EventInvokeConfig(1, 3600, null, null);
        source.add(orders().invokeConfig("", function).build());
        run(Mode.APPLY, "orders");
        target.withInvokeConfig("orders", "", new EventInvokeConfig(2, 3600, null, null));
        EventInvokeConfig drOwn = new EventInvokeConfig(0, 60, null, null);
        target.withInvokeConfig("orders", "stable", drOwn);

        TargetResult status = only(run(Mode.STATUS, "orders"));
        TargetResult repaired = only(run(Mode.APPLY, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).contains("event invoke configuration the function");
        assertThat(repaired.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.state("orders").invokeConfigs()).containsEntry("", function).containsEntry("stable", drOwn);
        assertThat(repaired.notes()).anyMatch(note -> note.contains("left alone") && note.contains("stable"));
    }

    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders-queue";
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";

    private static EventSourceMapping queueMapping(String qualifier, int batchSize) {
        return new EventSourceMapping(qualifier, QUEUE, true, Map.of("BatchSize", batchSize,
                "MaximumBatchingWindowInSeconds", 5, "FilterCriteria",
                Map.of("Filters", List.of(Map.of("Pattern", "{\"body\":{\"kind\":[\"order\"]}}")))), "source-1");
    }

    private static EventSourceMapping streamMapping(String qualifier) {
        return new EventSourceMapping(qualifier, STREAM, true, Map.of("BatchSize", 100, "StartingPosition", "LATEST",
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        "arn:aws:sqs:us-east-1:123456789012:orders-stream-failures"))), "source-2");
    }

    private ReplicationReport runWith(Mode mode, TargetMappings mappings, String... functions) {
        return new ReplicationEngine(source, List.of(target), Map.of(TARGET, mappings), 1, workDir, stop,
                FailureClassifier.RETRY_UNKNOWN).run(mode, List.of(functions), result -> { });
    }

    private static TargetMappings enablingMappings() {
        return new TargetMappings(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Set.of(), true);
    }

    @Test
    void run_createsEventSourceMappingsDisabled_translatingSources_andLooksUpTheStreamFromItsTable() {
        source.add(orders().eventSourceMapping(queueMapping("live", 10)).eventSourceMapping(streamMapping(""))
                .eventSourceMapping(queueMapping("3", 20).withEventSourceArn(QUEUE + "-v3")).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.CREATED);
        ReplicaState replica = target.state("orders");
        String version3 = replica.alias("live").orElseThrow().functionVersion();
        assertThat(replica.eventSourceMappings()).extracting(EventSourceMapping::qualifier, EventSourceMapping::eventSourceArn,
                EventSourceMapping::enabled).containsExactlyInAnyOrder(
                tuple("live", "arn:aws:sqs:eu-west-1:123456789012:orders-queue", false),
                tuple(version3, "arn:aws:sqs:eu-west-1:123456789012:orders-queue-v3", false),
                tuple("", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/eu-west-1-label", false));
        EventSourceMapping stream = replica.eventSourceMappings().stream()
                .filter(EventSourceMapping::readsDynamoDbStream).findFirst().orElseThrow();
        assertThat(stream.settings()).containsEntry("DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                "arn:aws:sqs:eu-west-1:123456789012:orders-stream-failures")));

        int writes = target.writes().size();
        assertThat(only(run(Mode.APPLY, "orders")).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.writes()).hasSize(writes);
    }

    @Test
    void run_whenTheRegionEnablesMappings_theyPollAsInTheSource_andASettingChangedInTheSourceIsUpdated() {
        source.add(orders().eventSourceMapping(queueMapping("live", 10)).build());
        runWith(Mode.APPLY, enablingMappings(), "orders");
        source.add(orders().eventSourceMapping(queueMapping("live", 25)).build());

        TargetResult status = only(runWith(Mode.STATUS, enablingMappings(), "orders"));
        TargetResult updated = only(runWith(Mode.APPLY, enablingMappings(), "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).anyMatch(part -> part.contains("event source mapping " + "arn:aws:sqs:eu-west-1"));
        assertThat(updated.outcome()).as(updated.error()).isEqualTo(Outcome.UPDATED);
        assertThat(target.writes()).last().asString().startsWith("UpdateEventSourceMapping").contains("[BatchSize]");
        EventSourceMapping mapping = target.state("orders").eventSourceMappings().getFirst();
        assertThat(mapping.enabled()).isTrue();
        assertThat(mapping.settings()).containsEntry("BatchSize", 25);
    }

    @Test
    void status_whenAMappingDriftedInTheTarget_reportsIt_andLeavesTheReplicasOwnMappingsAlone() {
        source.add(orders().eventSourceMapping(queueMapping("live", 10)).build());
        run(Mode.APPLY, "orders");
        EventSourceMapping replicated = target.state("orders").eventSourceMappings().getFirst();
        target.withEventSourceMapping("orders", new EventSourceMapping("live", replicated.eventSourceArn(), true,
                Map.of("BatchSize", 99), replicated.uuid()));
        target.withEventSourceMapping("orders", new EventSourceMapping("stable",
                "arn:aws:sqs:eu-west-1:123456789012:dr-drills", false, Map.of(), "dr-own"));

        TargetResult status = only(run(Mode.STATUS, "orders"));
        TargetResult repaired = only(run(Mode.APPLY, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.plan()).anyMatch(step -> step.contains("update event source mapping")
                && step.contains("Enabled") && step.contains("BatchSize"));
        assertThat(repaired.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.state("orders").eventSourceMappings()).hasSize(2);
        assertThat(repaired.notes()).anyMatch(note -> note.contains("left alone") && note.contains("dr-drills"));
    }

    @Test
    void status_whenACreationOnlySettingDiffers_reportsDriftNamingHowToRepairIt() {
        source.add(orders().eventSourceMapping(streamMapping("")).build());
        run(Mode.APPLY, "orders");
        EventSourceMapping replicated = target.state("orders").eventSourceMappings().getFirst();
        Map<String, Object> settings = new java.util.TreeMap<>(replicated.settings());
        settings.put("StartingPosition", "TRIM_HORIZON");
        target.withEventSourceMapping("orders", new EventSourceMapping("", replicated.eventSourceArn(), false,
                settings, replicated.uuid()));

        TargetResult status = only(run(Mode.STATUS, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).anyMatch(part -> part.contains("[StartingPosition]")
                && part.contains("delete mapping " + replicated.uuid()));
    }

    @Test
    void run_whenAMappingsQueueIsMissingInTheTarget_failsNamingItAndWritesNothing() {
        source.add(orders().eventSourceMapping(queueMapping("live", 10)).build());
        target.withoutEventSource("arn:aws:sqs:eu-west-1:123456789012:orders-queue");

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failureKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(result.error()).contains("EventSourceMapping(arn:aws:sqs:eu-west-1:123456789012:orders-queue)");
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void run_carriesNewerSettingsTranslated_andReportsACreationOnlyOneThatDiffersAsDriftItCannotRepair() {
        FunctionConfig withNewer = config().build().toBuilder().newerSettings(Map.of(
                "DurableConfig", Map.of("RetentionPeriodInDays", 7),
                "TenancyConfig", Map.of("TenantIsolationMode", "PER_TENANT"),
                "CapacityProviderConfig", Map.of("LambdaManagedInstancesCapacityProviderConfig", Map.of(
                        "CapacityProviderArn", "arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet"))))
                .build();
        source.add(snapshot().config(withNewer).build());

        run(Mode.APPLY, "orders");
        ReplicaState replica = target.state("orders");
        target.withConfiguration("orders", replica.config().toBuilder().newerSettings(Map.of(
                "DurableConfig", Map.of("RetentionPeriodInDays", 7),
                "CapacityProviderConfig", replica.config().newerSettings().get("CapacityProviderConfig"))).build());
        TargetResult status = only(run(Mode.STATUS, "orders"));

        assertThat(replica.config().newerSettings().get("CapacityProviderConfig")).isEqualTo(Map.of(
                "LambdaManagedInstancesCapacityProviderConfig", Map.of(
                        "CapacityProviderArn", "arn:aws:lambda:eu-west-1:123456789012:capacity-provider:fleet")));
        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.plan()).isEmpty();
        assertThat(status.drift()).anyMatch(part -> part.contains("[TenancyConfig]")
                && part.contains("delete the replica in eu-west-1"));
    }

    private static final String SIGNING = "arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0a1b2c3d4e5f60718";
    private static final String RUNTIME = "arn:aws:lambda:us-east-1::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99";

    @Test
    void run_replicatesCodeSigningRecursionAndRuntimeUpdates_throughTheirMappings_andSigningLast() {
        source.add(orders().controls(SIGNING, "Allow", new RuntimeManagement("Manual", RUNTIME)).build());
        String drSigning = "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-0f0e0d0c0b0a09080";
        String drRuntime = "arn:aws:lambda:eu-west-1::runtime:1f2e3d4c5b6a79880716253443526170819";

        TargetResult result = only(runWith(Mode.APPLY, new TargetMappings(Map.of(), Map.of(), Map.of(),
                Map.of(SIGNING, drSigning, RUNTIME, drRuntime)), "orders"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.CREATED);
        ReplicaState replica = target.state("orders");
        assertThat(replica.attachments().codeSigningConfigArn()).isEqualTo(drSigning);
        assertThat(replica.attachments().recursiveLoop()).isEqualTo("Allow");
        assertThat(replica.attachments().runtimeManagement()).isEqualTo(new RuntimeManagement("Manual", drRuntime));
        assertThat(target.writes().getLast()).startsWith("PutFunctionCodeSigningConfig");
    }

    @Test
    void run_whenTheCodeSigningConfigurationIsNotMapped_failsNamingItAndWritesNothing() {
        source.add(orders().controls(SIGNING, null, null).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("CodeSigningConfigArn = " + SIGNING, "targets.eu-west-1.arns");
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void run_whenAManualRuntimeVersionIsNotMapped_failsNamingItAndWritesNothing() {
        source.add(orders().controls(null, null, new RuntimeManagement("Manual", RUNTIME)).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("RuntimeManagementConfig.RuntimeVersionArn", "runtime versions are regional");
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void status_whenRecursionWasChangedInTheTarget_reportsIt_andReplicateRestoresIt() {
        source.add(orders().controls(null, "Allow", null).build());
        run(Mode.APPLY, "orders");
        target.putRecursionConfig("orders", "Terminate");

        TargetResult status = only(run(Mode.STATUS, "orders"));
        TargetResult repaired = only(run(Mode.APPLY, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).contains("recursion");
        assertThat(repaired.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(target.state("orders").attachments().recursiveLoop()).isEqualTo("Allow");
    }

    @Test
    void run_afterWriting_readsAgainOnlyThePartsItWrote_andTakesTheRestFromTheReadBefore() {
        source.add(orders().controls(null, "Allow", null).invokeConfig("live", new EventInvokeConfig(1, 600, null,
                null)).eventSourceMapping(queueMapping("live", 10)).policy("live", TOPIC_INVOKES).build());
        run(Mode.APPLY, "orders");
        int readsBefore = target.reads().size();
        source.add(orders().code(code("v9")).controls(null, "Allow", null).invokeConfig("live",
                new EventInvokeConfig(1, 600, null, null)).eventSourceMapping(queueMapping("live", 10))
                .policy("live", TOPIC_INVOKES).build());

        TargetResult codeChanged = only(run(Mode.APPLY, "orders"));

        assertThat(codeChanged.error()).isNull();
        assertThat(codeChanged.outcome()).isEqualTo(Outcome.UPDATED);
        List<ReplicaReadScope> reads = target.reads().subList(readsBefore, target.reads().size());
        // One pass: nothing read again looks lost (the alias's policy included), so no second pass reads it all.
        assertThat(reads).hasSize(2);
        assertThat(reads.getFirst()).isEqualTo(new ReplicaReadScope(true, true, false, false, false, true, true));
        // The code update touched none of these: they are taken from the read before, not read again, and not
        // mistaken for parts lost (Lambda's defaults) and written again.
        assertThat(reads.get(1)).isEqualTo(new ReplicaReadScope(false, false, false, false, false, false, false));
        assertThat(target.writes().subList(target.writes().size() - 1, target.writes().size()))
                .singleElement().asString().startsWith("UpdateFunctionCode");
        assertThat(target.state("orders").attachments().recursiveLoop()).isEqualTo("Allow");

        target.putRecursionConfig("orders", "Terminate");
        int readsBeforeRepair = target.reads().size();
        TargetResult repaired = only(run(Mode.APPLY, "orders"));

        assertThat(repaired.error()).isNull();
        assertThat(target.reads().get(readsBeforeRepair + 1).controls()).as("recursion was written: read again")
                .isTrue();
        assertThat(target.reads().get(readsBeforeRepair + 1).invokeConfigs()).isFalse();
        assertThat(target.state("orders").attachments().recursiveLoop()).isEqualTo("Allow");
        assertThat(only(run(Mode.STATUS, "orders")).status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    @Test
    void run_whenADestinationIsMapped_usesTheMapping() {
        String topic = "arn:aws:sns:us-east-1:123456789012:orders-done";
        source.add(orders().invokeConfig("", new EventInvokeConfig(null, null, topic, null)).build());
        ReplicationEngine engine = new ReplicationEngine(source, List.of(target), Map.of(TARGET, new TargetMappings(
                Map.of(), Map.of(), Map.of(), Map.of(topic, "arn:aws:sns:eu-west-1:999999999999:orders-done-dr"))), 1,
                workDir, stop, FailureClassifier.RETRY_UNKNOWN);

        engine.run(Mode.APPLY, List.of("orders"), result -> { });

        assertThat(target.state("orders").invokeConfigs().get("").onSuccess())
                .isEqualTo("arn:aws:sns:eu-west-1:999999999999:orders-done-dr");
    }

    @Test
    void run_createsTheFunctionUrlsOfTheFunctionAndItsAliases_andReportsEachReplicasOwnAddress() {
        FunctionUrl.Cors cors = new FunctionUrl.Cors(true, List.of("content-type"), List.of("GET", "POST"),
                List.of("https://shop.example.com"), List.of(), 300);
        FunctionUrl live = new FunctionUrl("https://abc.lambda-url.us-east-1.on.aws/", "NONE", cors,
                "RESPONSE_STREAM");
        FunctionUrl function = new FunctionUrl("https://def.lambda-url.us-east-1.on.aws/", "AWS_IAM", null, null);
        source.add(orders().url("live", live).url("", function).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.CREATED);
        ReplicaState replica = target.state("orders");
        assertThat(replica.urls()).containsOnlyKeys("", "live");
        assertThat(replica.urls().get("live").sameSettingsAs(live)).isTrue();
        assertThat(replica.urls().get("live").url()).contains("eu-west-1").isNotEqualTo(live.url());
        assertThat(result.notes()).contains("function URL of alias live in eu-west-1: " + replica.urls().get("live").url());

        int writes = target.writes().size();
        TargetResult again = only(run(Mode.APPLY, "orders"));
        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.writes()).hasSize(writes);
        assertThat(again.notes()).contains("function URL of the function in eu-west-1: " + replica.urls().get("").url());
    }

    @Test
    void run_whenAUrlsSettingsChangeInTheSource_updatesTheReplicasUrlAndKeepsItsAddress() {
        source.add(orders().url("", new FunctionUrl("https://a.lambda-url.us-east-1.on.aws/", "AWS_IAM", null, null))
                .build());
        run(Mode.APPLY, "orders");
        String address = target.state("orders").urls().get("").url();
        source.add(orders().url("", new FunctionUrl("https://a.lambda-url.us-east-1.on.aws/", "NONE", null, null))
                .build());

        TargetResult status = only(run(Mode.STATUS, "orders"));
        only(run(Mode.APPLY, "orders"));

        assertThat(status.drift()).contains("function URL the function");
        assertThat(target.state("orders").urls().get("")).isEqualTo(new FunctionUrl(address, "NONE", null, null));
    }

    @Test
    void run_requestsTheProvisionedConcurrencyOfAliasesAndVersions_onTheReplicasVersions() {
        source.add(orders().provisioned("live", 5).provisioned("1", 2).build());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).as(result.error()).isEqualTo(Outcome.CREATED);
        ReplicaState replica = target.state("orders");
        String stable = replica.alias("stable").orElseThrow().functionVersion();
        assertThat(replica.provisioned()).containsOnly(Map.entry("live", 5), Map.entry(stable, 2));
        int writes = target.writes().size();
        assertThat(only(run(Mode.APPLY, "orders")).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(target.writes()).hasSize(writes);

        source.add(orders().provisioned("live", 8).provisioned("1", 2).build());
        TargetResult status = only(run(Mode.STATUS, "orders"));
        assertThat(status.drift()).contains("provisioned concurrency alias live");
    }

    @Test
    void constructor_whenParallelismIsBelowOne_failsNamingIt() {
        assertThatThrownBy(() -> new ReplicationEngine(source, List.of(target), Map.of(), 0, workDir, stop,
                FailureClassifier.RETRY_UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism");
    }

    /** Every source version has exactly one target version labelled with it, holding its code. */
    private static void assertOneCorrectVersionPerSourceVersion(ReplicaState replica, FunctionSnapshot source) {
        Map<String, List<String>> byLabel = new java.util.TreeMap<>();
        for (PublishedVersion version : replica.versions()) {
            ReplicaMarkers.sourceVersionOf(version.config().description()).ifPresent(label ->
                    byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(version.version()));
        }
        assertThat(byLabel.keySet()).containsExactlyElementsOf(source.versions().stream()
                .map(PublishedVersion::version).toList());
        for (PublishedVersion sourceVersion : source.versions()) {
            List<String> targets = byLabel.get(sourceVersion.version());
            assertThat(targets).as("versions labelled " + sourceVersion.version()).hasSize(1);
            assertThat(replica.version(targets.getFirst()).orElseThrow().code()).isEqualTo(sourceVersion.code());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CreateFunction", "PublishVersion", "UpdateFunctionCode", "UpdateFunctionConfiguration",
        "CreateAlias", "PutFunctionConcurrency"})
    void run_whenAnotherRunDoesTheWholeJobJustBeforeOneOfThisRunsWrites_bothEndWithOneCorrectReplica(String operation) {
        FunctionSnapshot orders = orders().reservedConcurrency(5).build();
        source.add(orders);
        ReplicationEngine other = new ReplicationEngine(source, List.of(target), Map.of(), 1, workDir,
                StopSignal.untilRequested(), FailureClassifier.RETRY_UNKNOWN);
        List<TargetResult> otherResults = new ArrayList<>();
        target.beforeNext(operation, () -> otherResults.addAll(
                other.run(Mode.APPLY, List.of("orders"), result -> { }).targets()));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(otherResults).singleElement().satisfies(o -> assertThat(o.error()).isNull());
        assertThat(result.error()).as(String.join("; ", result.notes())).isNull();
        assertThat(result.failed()).isFalse();
        ReplicaState replica = target.state("orders");
        assertOneCorrectVersionPerSourceVersion(replica, orders);
        assertThat(only(run(Mode.STATUS, "orders")).status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    @Test
    void run_whenAnotherRunCreatedTheReplicaFirst_reportsItDoneWithoutWritingAndSaysWhy() {
        source.add(orders().build());
        ReplicationEngine other = new ReplicationEngine(source, List.of(target), Map.of(), 1, workDir,
                StopSignal.untilRequested(), FailureClassifier.RETRY_UNKNOWN);
        target.beforeNext("CreateFunction", () -> other.run(Mode.APPLY, List.of("orders"), r -> { }));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(result.status()).isEqualTo(SyncStatus.MISSING);
        assertThat(result.done()).isEmpty();
        assertThat(result.notes()).anyMatch(note -> note.contains("already exists"))
                .anyMatch(note -> note.contains("another writer brought the replica in line"));
        assertThat(target.writesOf("CreateFunction")).hasSize(2);
        assertThat(target.state("orders").versions()).hasSize(3);
    }

    @Test
    void run_whenTheReplicaChangesBetweenAnUpdateAndItsPublish_publishesNothingFromTheForeignState() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(ordersWithVersion4());
        // Someone puts other code on $LATEST after lambda-dr updated it and before it publishes.
        target.beforeNext("PublishVersion", () -> target.updateCode("orders",
                new CodePackage(stagedFile(), code("foreign")), List.of("x86_64"), null));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        ReplicaState replica = target.state("orders");
        assertThat(replica.versions()).noneMatch(version -> version.code().equals(code("foreign")));
        assertOneCorrectVersionPerSourceVersion(replica, ordersWithVersion4());
        assertThat(replica.code()).isEqualTo(code("v4"));
        assertThat(result.notes()).anyMatch(note -> note.contains("RevisionId"));
    }

    /** A function whose versions 1, 3 and 4 were deleted in the source: 2 and 5 remain, {@code live} on 5. */
    private static FunctionSnapshot ordersWithDeletedVersions() {
        return snapshot()
                .code(code("v5"))
                .version("2", code("v2"), config().description("second").build())
                .version("5", code("v5"), config().description("fifth").build())
                .alias("live", "5", Map.of("2", 0.1))
                .build();
    }

    @Test
    void run_whenTheSourceDeletedVersions_keepsTheSourceNumbersBySkippingTheSameOnes() {
        source.add(ordersWithDeletedVersions());

        TargetResult result = only(run(Mode.APPLY, "orders"));
        TargetResult again = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        ReplicaState replica = target.state("orders");
        assertThat(replica.versions()).extracting(PublishedVersion::version, v -> v.code().sha256(),
                        v -> v.config().description())
                .containsExactly(tuple("2", "sha-v2=", "second [lambda-dr source-version=2]"),
                        tuple("5", "sha-v5=", "fifth [lambda-dr source-version=5]"));
        assertThat(replica.alias("live")).contains(new AliasSpec("live", "5", "", Map.of("2", 0.1)));
        assertThat(replica.tags()).doesNotContainKey(ReplicaMarkers.VERSION_MAP_TAG);
        // $LATEST got its own description back after the placeholders.
        assertThat(replica.config().description()).isEqualTo(ordersWithDeletedVersions().config().description());
        // Numbers 1, 3 and 4: one placeholder each, published and deleted.
        assertThat(target.writesOf("PublishVersion")).hasSize(2 + 3);
        assertThat(target.writesOf("DeleteFunction")).hasSize(3);
        assertThat(result.notes()).noneMatch(note -> note.startsWith("source version"));
        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(again.writes()).isZero();
    }

    @Test
    void run_whenARunStopsBetweenPublishingAndDeletingAPlaceholder_theNextDeletesIt() {
        source.add(ordersWithDeletedVersions());
        target.failNext("DeleteFunction", config -> new IllegalStateException("ServiceException: try again"));

        TargetResult failed = only(run(Mode.APPLY, "orders"));
        ReplicaState halfway = target.state("orders");
        TargetResult status = only(run(Mode.STATUS, "orders"));
        TargetResult repair = only(run(Mode.APPLY, "orders"));

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(halfway.versions()).singleElement()
                .satisfies(v -> assertThat(ReplicaMarkers.isPlaceholder(v.config().description())).isTrue());
        assertThat(status.drift()).contains("placeholder version 1");
        assertThat(repair.error()).isNull();
        ReplicaState replica = target.state("orders");
        // Number 1 was used by the placeholder; 2 onward are the source's.
        assertThat(versionNumbers(replica)).containsExactly("2", "5");
        assertThat(replica.alias("live")).contains(new AliasSpec("live", "5", "", Map.of("2", 0.1)));
        assertThat(only(run(Mode.STATUS, "orders")).status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    @Test
    void run_whenTheReplicaCounterIsAhead_publishesUnderTheNextNumberAndSaysSo() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        // Someone publishes a version of the replica by hand: number 4 is taken there.
        ReplicaState replica = target.state("orders");
        String revision = target.updateConfiguration("orders", replica.config().withDescription("by hand"),
                List.of("Description"), null).revisionId();
        target.publishVersion("orders", "by hand", replica.code(), revision);
        source.add(ordersWithVersion4());

        TargetResult result = only(run(Mode.APPLY, "orders"));
        TargetResult status = only(run(Mode.STATUS, "orders"));

        assertThat(result.error()).isNull();
        ReplicaState after = target.state("orders");
        assertThat(after.version("5").orElseThrow().config().description())
                .isEqualTo("fourth [lambda-dr source-version=4]");
        assertThat(after.alias("live")).contains(new AliasSpec("live", "5", "", Map.of()));
        assertThat(after.tags()).containsEntry(ReplicaMarkers.VERSION_MAP_TAG, "4=5");
        String note = "source version 4 is version 5 in " + TARGET + ": the replica's version counter was already "
                + "past 4 when it was published, and Lambda cannot renumber a version";
        assertThat(result.notes()).contains(note);
        assertThat(status.status()).isEqualTo(SyncStatus.IN_SYNC);
        assertThat(status.notes()).contains(note);
        // No placeholder was needed: the counter was past the number already.
        assertThat(target.writesOf("DeleteFunction")).isEmpty();
    }

    @Test
    void run_whenAPublishShowsTheCounterIsPastTheNextSkippedNumber_publishesNoPlaceholderAndWritesNothingForIt() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        // Versions 4 and 5 published on the replica by hand and deleted: its counter is at 6, which it does not show.
        for (String description : List.of("by hand 4", "by hand 5")) {
            ReplicaState replica = target.state("orders");
            String revision = target.updateConfiguration("orders", replica.config().withDescription(description),
                    List.of("Description"), null).revisionId();
            target.deleteVersion("orders", target.publishVersion("orders", description, replica.code(), revision)
                    .version());
        }
        // The source gains versions 4 and 6 (its 5 was deleted).
        source.add(snapshot()
                .code(code("v6"))
                .config(config().memory(512).build())
                .version("1", code("v1"), config().description("first").build())
                .version("2", code("v2"), config().description("second").memory(512).build())
                .version("3", code("v3"), config().description("third").memory(512).build())
                .version("4", code("v4"), config().description("fourth").memory(512).build())
                .version("6", code("v6"), config().description("sixth").memory(512).build())
                .alias("live", "6", Map.of())
                .alias("stable", "1", Map.of())
                .tag("team", "payments")
                .build());
        int configurationUpdatesBefore = target.writesOf("UpdateFunctionConfiguration").size();

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        ReplicaState replica = target.state("orders");
        assertThat(labelsByNumber(replica)).containsEntry("6", "4").containsEntry("7", "6");
        // Version 4 went to 6, and so 6 to 7: no placeholder, nor a description put back after none; the one
        // configuration update gives $LATEST back the description changed by hand.
        assertThat(target.writesOf("UpdateFunctionConfiguration")).hasSize(configurationUpdatesBefore + 1);
        assertThat(replica.tags()).containsEntry(ReplicaMarkers.VERSION_MAP_TAG, "4=6 6=7");
    }

    private static Map<String, String> labelsByNumber(ReplicaState replica) {
        Map<String, String> labels = new java.util.TreeMap<>();
        replica.versions().forEach(version -> labels.put(version.version(),
                ReplicaMarkers.sourceVersionOf(version.config().description()).orElse("none")));
        return labels;
    }

    @Test
    void run_readsTheReplicasInvokeConfigsUrlsProvisionedConcurrencyAndMappingTagsOnlyWhereTheSourceHasThem() {
        source.add(orders().eventSourceMapping(queueMapping("live", 10)).build());
        source.add(orders().name("billing").url("live", new FunctionUrl("https://abc.lambda-url.us-east-1.on.aws/",
                "NONE", null, "BUFFERED"))
                .provisioned("stable", 2).invokeConfig("live", new EventInvokeConfig(1, 600, null, null))
                .eventSourceMapping(new EventSourceMapping("live", QUEUE, true, Map.of("BatchSize", 10,
                        EventSourceMapping.TAGS, Map.of("team", "payments")), null)).build());

        run(Mode.APPLY, "orders");
        List<ReplicaReadScope> ordersReads = target.reads();
        run(Mode.APPLY, "billing");

        assertThat(ordersReads).isNotEmpty().containsOnly(new ReplicaReadScope(true, false, false, false, false, true, true));
        assertThat(target.reads().subList(ordersReads.size(), target.reads().size()))
                .isNotEmpty().containsOnly(ReplicaReadScope.EVERYTHING);
        assertThat(target.state("billing").provisioned()).containsEntry("stable", 2);
        assertThat(target.state("billing").invokeConfigs()).containsKey("live");
        assertThat(target.state("billing").eventSourceMappings()).singleElement()
                .satisfies(mapping -> assertThat(mapping.settings()).containsKey(EventSourceMapping.TAGS));
        assertThat(only(run(Mode.STATUS, "billing")).status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    private static final String IMAGE_DIGEST = "sha256:" + "5e".repeat(32);

    private static CodeIdentity image(String region) {
        return new CodeIdentity(IMAGE_DIGEST.substring(7), 0, "Image",
                SnapshotBuilder.ACCOUNT + ".dkr.ecr." + region + ".amazonaws.com/orders@" + IMAGE_DIGEST);
    }

    /** A container-image function with one version. */
    private static FunctionSnapshot imageFunction() {
        FunctionConfig config = config().build().toBuilder().runtime(null).handler(null)
                .image(new FunctionConfig.ImageSettings(List.of(), List.of("app.handler"), null)).build();
        return snapshot().code(image(FakeSourceRegion.REGION)).config(config)
                .version("1", image(FakeSourceRegion.REGION), config)
                .alias("live", "1", Map.of())
                .build();
    }

    @Test
    void run_whenTheFunctionIsAnImage_makesTheReplicaRunTheSameDigestFromTheTargetsRepository() {
        source.add(imageFunction());

        TargetResult result = only(run(Mode.APPLY, "orders"));
        TargetResult again = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        ReplicaState replica = target.state("orders");
        assertThat(replica.code().sameCodeAs(image(TARGET))).isTrue();
        assertThat(replica.version("1").orElseThrow().code().sameCodeAs(image(TARGET))).isTrue();
        assertThat(replica.config().image().command()).containsExactly("app.handler");
        assertThat(result.codeBytes()).isZero();
        assertThat(source.downloads()).isEmpty();
        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void run_whenTheImageIsNotInTheTargetsRepository_failsNamingRepositoryAndDigestAndWritesNothing() {
        source.add(imageFunction());
        target.withoutImage(image(TARGET).imageUri());

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.failureKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(result.error()).contains("container image " + image(TARGET).imageUri() + " is not in " + TARGET,
                "ECR repository " + SnapshotBuilder.ACCOUNT + ".dkr.ecr." + TARGET + ".amazonaws.com/orders",
                IMAGE_DIGEST, "ecr-replication", "Nothing was written");
        assertThat(target.writes()).isEmpty();
    }

    @Test
    void status_whenTheImageTheReplicaRunsIsGoneFromTheTargetsRepository_reportsItAsDriftToPushAgain() {
        source.add(imageFunction());
        run(Mode.APPLY, "orders");
        assertThat(only(run(Mode.STATUS, "orders")).status()).isEqualTo(SyncStatus.IN_SYNC);
        target.withoutImage(image(TARGET).imageUri());
        int writesBefore = target.writes().size();

        TargetResult status = only(run(Mode.STATUS, "orders"));
        TargetResult replicate = only(run(Mode.APPLY, "orders"));

        assertThat(status.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(status.drift()).anyMatch(part -> part.contains("container image " + image(TARGET).imageUri()
                + " (not in ECR repository " + SnapshotBuilder.ACCOUNT + ".dkr.ecr." + TARGET
                + ".amazonaws.com/orders in " + TARGET + "; push digest " + IMAGE_DIGEST));
        // Only a push repairs it: replicate reports it too, and writes nothing.
        assertThat(replicate.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(replicate.status()).isEqualTo(SyncStatus.DRIFTED);
        assertThat(target.writes()).hasSize(writesBefore);
    }

    /**
     * Two source versions with the same code and configuration, their descriptions apart or not: Lambda publishes
     * nothing for an unchanged {@code $LATEST} and answers with the last version, so the replica's own markers must
     * make the second publish a version of its own.
     */
    @ParameterizedTest
    @CsvSource({"first, first again", "release, release"})
    void run_whenTwoSourceVersionsHoldTheSameCodeAndConfiguration_givesEachATargetVersionOfItsOwn(
            String firstDescription, String secondDescription) {
        FunctionSnapshot twins = snapshot()
                .code(code("v1"))
                .version("1", code("v1"), config().description(firstDescription).build())
                .version("2", code("v1"), config().description(secondDescription).build())
                .alias("live", "2", Map.of("1", 0.5))
                .build();
        source.add(twins);

        TargetResult result = only(run(Mode.APPLY, "orders"));
        TargetResult again = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        ReplicaState replica = target.state("orders");
        assertOneCorrectVersionPerSourceVersion(replica, twins);
        assertThat(replica.alias("live")).contains(new AliasSpec("live", "2", "", Map.of("1", 0.5)));
        assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void run_whenStopIsRequestedBeforeItStarts_reportsEveryTargetNotStartedAndWritesNothing() {
        source.add(orders().build());
        stop.requestStop("it received SIGINT");

        ReplicationReport report = run(Mode.APPLY, List.of(target, secondTarget), "orders");

        assertThat(report.targets()).extracting(TargetResult::outcome).containsOnly(Outcome.NOT_STARTED);
        assertThat(report.targets()).extracting(TargetResult::status).containsOnly(SyncStatus.NOT_CHECKED);
        assertThat(report.anyStopped()).isTrue();
        assertThat(report.targets().getFirst().notes()).anyMatch(note -> note.contains("it received SIGINT"));
        assertThat(target.writes()).isEmpty();
        assertThat(source.snapshotCount()).isZero();
    }

    @Test
    void run_whenStopIsRequestedMidPlan_finishesTheStepUnderWayAndTheNextRunCompletesWithoutRepeatingAStep() {
        source.add(orders().build());
        target.beforeNext("UpdateFunctionCode", () -> stop.requestStop("the deadline was reached"));

        TargetResult stopped = only(run(Mode.APPLY, "orders"));
        List<String> writesOfTheStoppedRun = target.writes();
        ReplicationEngine next = new ReplicationEngine(source, List.of(target), Map.of(), 1, workDir,
                StopSignal.untilRequested(), FailureClassifier.RETRY_UNKNOWN);
        TargetResult completed = only(next.run(Mode.APPLY, List.of("orders"), r -> { }));

        assertThat(stopped.outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(stopped.done()).hasSize(3).last().asString().startsWith("update code");
        assertThat(stopped.plan()).hasSizeGreaterThan(3);
        assertThat(writesOfTheStoppedRun).containsExactly("CreateFunction orders", "PublishVersion orders",
                "UpdateFunctionCode orders");
        assertThat(completed.outcome()).isEqualTo(Outcome.UPDATED);
        List<String> all = target.writes();
        assertThat(all.subList(writesOfTheStoppedRun.size(), all.size()))
                .doesNotContain("CreateFunction orders")
                .filteredOn(write -> write.startsWith("PublishVersion")).hasSize(2);
        assertOneCorrectVersionPerSourceVersion(target.state("orders"), orders().build());
    }

    @Test
    void run_whenAnotherWriterChangesTheReplicaAfterTheLastStep_noticesOnTheCheckAndRepairsIt() {
        source.add(orders().reservedConcurrency(5).build());
        FunctionConfig tampered = config().memory(2048).build();
        target.beforeNext("PutFunctionConcurrency", () -> target.updateConfiguration("orders", tampered,
                List.of("MemorySize"), null));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.error()).isNull();
        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.notes()).anyMatch(note -> note.contains("no longer matched"));
        assertThat(target.state("orders").config().memorySizeMb()).isEqualTo(512);
    }

    @Test
    void run_whenAChangeDoesNotTakeEffect_failsSayingSoInsteadOfApplyingItAgainAndAgain() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(orders().config(config().memory(1024).build()).build());
        target.ignoresConfigurationUpdates();
        int updatesBefore = target.writesOf("UpdateFunctionConfiguration").size();

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("did not take effect", "configuration [MemorySize]");
        assertThat(target.writesOf("UpdateFunctionConfiguration")).hasSize(updatesBefore + 1);
    }

    @Test
    void run_whenAnErrorEchoesAValueThatExistsOnlyInTheTargetJsonEscaped_masksIt() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        String handSet = "only-in-\"dr\"-region\\x";
        // Set by hand on the replica: the source never had it.
        target.updateConfiguration("orders", config().memory(512).env("HAND_SET", handSet).build(),
                List.of("Environment"), null);
        source.add(orders().config(config().memory(1024).build()).build());
        target.failNext("UpdateFunctionConfiguration", config -> new IllegalStateException(
                "InvalidParameterValueException: {\"previous\":\"only-in-\\\"dr\\\"-region\\\\x\"}"));

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error()).contains("{\"previous\":\"****\"}").doesNotContain("only-in");
    }

    @Test
    void run_whenAFailureNeedsAPersonOrJustTime_saysWhichInTheResult() {
        source.add(orders().build());
        source.add(snapshot().name("in-vpc").config(config().vpc(List.of("subnet-0abc"), List.of("sg-0def")).build())
                .build());
        source.add(snapshot().name("busy").build());
        target.failNext("CreateFunction", config -> new IllegalStateException("a failure the adapters let through"));

        ReplicationReport report = run(Mode.APPLY, "in-vpc", "ghost", "busy");

        assertThat(resultFor(report, "in-vpc", TARGET).failureKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(resultFor(report, "ghost", TARGET).failureKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(report.sources()).filteredOn(source -> source.functionName().equals("ghost")).singleElement()
                .extracting(SourceResult::failureKind).isEqualTo(FailureKind.PERMANENT);
        assertThat(resultFor(report, "busy", TARGET).failureKind()).as("unknown to the engine: the classifier's")
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void run_whenTheReplicaKeepsChanging_callsItTransient() {
        source.add(orders().build());
        run(Mode.APPLY, "orders");
        source.add(orders().config(config().memory(1024).build()).build());
        target.changedConcurrentlyBefore("UpdateFunctionConfiguration", ReplicationEngine.FRUITLESS_PASSES);

        TargetResult result = only(run(Mode.APPLY, "orders"));

        assertThat(result.failureKind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(only(run(Mode.STATUS, "orders")).failureKind()).as("no failure, no kind").isNull();
    }

    private Path stagedFile() {
        try {
            return java.nio.file.Files.writeString(workDir.resolve("foreign.zip"), "foreign");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
