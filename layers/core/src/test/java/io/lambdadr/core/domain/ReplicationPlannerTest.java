package io.lambdadr.core.domain;

import static io.lambdadr.core.domain.SnapshotBuilder.code;
import static io.lambdadr.core.domain.SnapshotBuilder.config;
import static io.lambdadr.core.domain.SnapshotBuilder.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationPlannerTest {

    private final ReplicationPlanner planner = new ReplicationPlanner();

    /** A source with three versions, a weighted alias, tags and reserved concurrency, already translated. */
    private static FunctionSnapshot desired() {
        return SnapshotBuilder.threeVersions()
                .region("eu-west-1")
                .tag(ReplicaMarkers.REPLICA_OF_TAG, "arn:aws:lambda:us-east-1:123456789012:function:orders")
                .reservedConcurrency(5)
                .build();
    }

    /** The replica a faithful apply of {@link #desired()} leaves, target versions numbered 1..3. */
    private static ReplicaState inSyncReplica(FunctionSnapshot desired) {
        List<PublishedVersion> versions = desired.versions().stream()
                .map(v -> new PublishedVersion(v.version(), v.code(), v.config().withDescription(
                        ReplicaMarkers.versionDescription(v.config().description(), v.version()))))
                .toList();
        return new ReplicaState(true, desired.code(), desired.config(), versions,
                List.of(new AliasSpec("live", "3", "", Map.of("2", 0.1)), new AliasSpec("stable", "1", "", Map.of())),
                desired.tags(), 5);
    }

    private static Map<String, String> withVersionMap(Map<String, String> tags, String map) {
        var all = new java.util.LinkedHashMap<>(tags);
        all.put(ReplicaMarkers.VERSION_MAP_TAG, map);
        return all;
    }

    private static List<Class<?>> stepTypes(ReplicationPlan plan) {
        return plan.steps().stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void plan_whenReplicaIsMissing_createsAtTheFirstVersionThenPublishesEachVersionInOrder() {
        ReplicationPlan plan = planner.plan(desired(), ReplicaState.ABSENT);

        assertThat(stepTypes(plan)).containsExactly(
                PlanStep.CreateFunction.class, PlanStep.PublishVersion.class,
                PlanStep.UpdateCode.class, PlanStep.UpdateConfiguration.class, PlanStep.PublishVersion.class,
                PlanStep.UpdateCode.class, PlanStep.PublishVersion.class,
                PlanStep.RecordVersionMap.class,
                PlanStep.PutAlias.class, PlanStep.PutAlias.class,
                PlanStep.PutReservedConcurrency.class);
        var create = (PlanStep.CreateFunction) plan.steps().getFirst();
        assertThat(create.code()).isEqualTo(code("v1"));
        assertThat(create.tags()).containsKey(ReplicaMarkers.REPLICA_OF_TAG).containsEntry("team", "payments");
        assertThat(plan.steps()).filteredOn(PlanStep.PublishVersion.class::isInstance)
                .extracting(step -> ((PlanStep.PublishVersion) step).sourceVersion())
                .containsExactly("1", "2", "3");
        assertThat(((PlanStep.PublishVersion) plan.steps().get(1)).description())
                .isEqualTo("first [lambda-dr source-version=1]");
        assertThat(plan.createsFunction()).isTrue();
    }

    @Test
    void plan_whenReplicaIsInSync_isEmpty() {
        FunctionSnapshot desired = desired();

        ReplicationPlan plan = planner.plan(desired, inSyncReplica(desired));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.knownVersionMap()).containsEntry("1", "1").containsEntry("2", "2").containsEntry("3", "3");
    }

    @Test
    void plan_whenTargetVersionNumbersDiffer_readsTheMappingFromDescriptionMarkers() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        // The same replica, but numbered 4..6 in the target, and no version map tag.
        List<PublishedVersion> shifted = replica.versions().stream()
                .map(v -> new PublishedVersion(Integer.toString(Integer.parseInt(v.version()) + 3), v.code(), v.config()))
                .toList();
        Map<String, String> tags = new java.util.LinkedHashMap<>(replica.tags());
        tags.remove(ReplicaMarkers.VERSION_MAP_TAG);
        ReplicaState renumbered = new ReplicaState(true, replica.code(), replica.config(), shifted,
                List.of(new AliasSpec("live", "6", "", Map.of("5", 0.1)), new AliasSpec("stable", "4", "", Map.of())),
                tags, 5);

        ReplicationPlan plan = planner.plan(desired, renumbered);

        assertThat(plan.knownVersionMap()).containsEntry("1", "4").containsEntry("2", "5").containsEntry("3", "6");
        assertThat(stepTypes(plan)).containsExactly(PlanStep.RecordVersionMap.class);
    }

    @Test
    void plan_whenOnlyTheEnvironmentDrifted_updatesConfigurationNamingTheField() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        ReplicaState drifted = new ReplicaState(true, replica.code(),
                config().memory(512).env("MODE", "changed-by-hand").build(), replica.versions(), replica.aliases(),
                replica.tags(), 5);

        ReplicationPlan plan = planner.plan(desired, drifted);

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(PlanStep.UpdateConfiguration.class,
                step -> assertThat(step.changedFields()).containsExactly("Environment"));
        assertThat(plan.driftedParts()).containsExactly("configuration [Environment]");
    }

    @Test
    void plan_whenReplicaHasRevisionIds_conditionsTheFirstChangeAndAliasUpdatesOnThem() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        ReplicaState read = new ReplicaState(true, replica.code(), config().memory(256).build(), replica.versions(),
                List.of(new AliasSpec("live", "2", "", Map.of()), replica.aliases().get(1)), replica.tags(), 5,
                "rev-7", Map.of("live", "alias-rev-3", "stable", "alias-rev-1"));

        ReplicationPlan plan = planner.plan(desired, read);

        assertThat(plan.expectedRevision()).isEqualTo("rev-7");
        assertThat(plan.steps()).filteredOn(PlanStep.PutAlias.class::isInstance).singleElement()
                .isInstanceOfSatisfying(PlanStep.PutAlias.class, step -> {
                    assertThat(step.alias().name()).isEqualTo("live");
                    assertThat(step.expectedRevision()).isEqualTo("alias-rev-3");
                });
        assertThat(planner.plan(desired, ReplicaState.ABSENT).expectedRevision()).isNull();
    }

    @Test
    void plan_whenTargetHoldsAFunctionOfTheSameNameThatIsNoReplica_refusesToTakeItOver() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        Map<String, String> unmarked = new java.util.LinkedHashMap<>(replica.tags());
        unmarked.remove(ReplicaMarkers.REPLICA_OF_TAG);
        Map<String, String> otherSource = new java.util.LinkedHashMap<>(replica.tags());
        otherSource.put(ReplicaMarkers.REPLICA_OF_TAG, "arn:aws:lambda:ap-south-1:123456789012:function:orders");

        for (Map<String, String> tags : List.of(unmarked, otherSource)) {
            ReplicaState foreign = new ReplicaState(true, replica.code(), replica.config(), replica.versions(),
                    replica.aliases(), tags, 5);
            assertThatThrownBy(() -> planner.plan(desired, foreign))
                    .isInstanceOf(NotAReplicaException.class)
                    .hasMessageContaining("orders already exists in eu-west-1")
                    .hasMessageContaining(ReplicaMarkers.REPLICA_OF_TAG + "=" + desired.tags().get(
                            ReplicaMarkers.REPLICA_OF_TAG));
        }
    }

    @Test
    void plan_whenAnAliasWasDeleted_recreatesItOnly() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        ReplicaState withoutAlias = new ReplicaState(true, replica.code(), replica.config(), replica.versions(),
                List.of(replica.aliases().get(1)), replica.tags(), 5);

        ReplicationPlan plan = planner.plan(desired, withoutAlias);

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(PlanStep.PutAlias.class, step -> {
            assertThat(step.alias().name()).isEqualTo("live");
            assertThat(step.exists()).isFalse();
        });
    }

    @Test
    void plan_whenSourceGainedAVersion_publishesOnlyTheNewOne() {
        FunctionSnapshot before = desired();
        ReplicaState replica = inSyncReplica(before);
        FunctionSnapshot after = snapshot()
                .region("eu-west-1")
                .code(code("v4"))
                .config(config().memory(512).build())
                .version("1", code("v1"), config().description("first").build())
                .version("2", code("v2"), config().description("second").memory(512).build())
                .version("3", code("v3"), config().description("third").memory(512).build())
                .version("4", code("v4"), config().description("fourth").memory(512).build())
                .alias("live", "4", Map.of("3", 0.2))
                .alias("stable", "1", Map.of())
                .tag("team", "payments")
                .tag(ReplicaMarkers.REPLICA_OF_TAG, "arn:aws:lambda:us-east-1:123456789012:function:orders")
                .reservedConcurrency(5)
                .build();

        ReplicationPlan plan = planner.plan(after, replica);

        assertThat(stepTypes(plan)).containsExactly(PlanStep.UpdateCode.class, PlanStep.PublishVersion.class,
                PlanStep.RecordVersionMap.class, PlanStep.PutAlias.class);
        assertThat(((PlanStep.PublishVersion) plan.steps().get(1)).sourceVersion()).isEqualTo("4");
    }

    /** A translated source whose versions 1, 3 and 4 were deleted: 2 and 5 remain. */
    private static FunctionSnapshot withGaps() {
        return snapshot()
                .region("eu-west-1")
                .code(code("v5"))
                .version("2", code("v2"), config().description("second").build())
                .version("5", code("v5"), config().description("fifth").build())
                .alias("live", "5", Map.of())
                .tag(ReplicaMarkers.REPLICA_OF_TAG, "arn:aws:lambda:us-east-1:123456789012:function:orders")
                .build();
    }

    @Test
    void plan_whenTheSourceSkippedNumbers_skipsThemWithPlaceholdersBeforeEachPublish() {
        ReplicationPlan plan = planner.plan(withGaps(), ReplicaState.ABSENT);

        assertThat(stepTypes(plan)).containsExactly(PlanStep.CreateFunction.class,
                PlanStep.SkipVersionNumbers.class, PlanStep.PublishVersion.class,
                PlanStep.UpdateCode.class, PlanStep.SkipVersionNumbers.class, PlanStep.PublishVersion.class,
                PlanStep.RecordVersionMap.class, PlanStep.PutAlias.class);
        var first = (PlanStep.SkipVersionNumbers) plan.steps().get(1);
        assertThat(first.sourceVersion()).isEqualTo("2");
        assertThat(first.estimatedNext()).isEqualTo(1);
        assertThat(first.describe()).contains("skip version numbers 1 ");
        var second = (PlanStep.SkipVersionNumbers) plan.steps().get(4);
        assertThat(second.sourceVersion()).isEqualTo("5");
        assertThat(second.estimatedNext()).isEqualTo(3);
        assertThat(second.describe()).contains("skip version numbers 3-4 ");
        assertThat(second.latestCode()).isEqualTo(code("v5"));
    }

    @Test
    void plan_whenTheReplicaCounterIsPastTheSourceNumber_publishesWithoutPlaceholders() {
        FunctionSnapshot desired = withGaps();
        // Version 2 is replicated; someone published versions 3 to 6 on the replica by hand.
        List<PublishedVersion> versions = new java.util.ArrayList<>(List.of(
                labelled("2", "2", code("v2"), config().description("second").build())));
        for (int number = 3; number <= 6; number++) {
            versions.add(new PublishedVersion(Integer.toString(number), code("v2"), config().build()));
        }
        ReplicaState replica = new ReplicaState(true, code("v2"), config().build(), versions, List.of(),
                desired.tags(), null);

        ReplicationPlan plan = planner.plan(desired, replica);

        assertThat(stepTypes(plan)).doesNotContain(PlanStep.SkipVersionNumbers.class)
                .contains(PlanStep.PublishVersion.class, PlanStep.RecordVersionMap.class);
    }

    @Test
    void plan_whenTheRecordedMapNamesAHigherNumberThanAnyVersion_countsFromIt() {
        FunctionSnapshot desired = snapshot()
                .region("eu-west-1")
                .code(code("v9"))
                .version("2", code("v2"), config().description("second").build())
                .version("9", code("v9"), config().description("ninth").build())
                .alias("live", "9", Map.of())
                .tag(ReplicaMarkers.REPLICA_OF_TAG, "arn:aws:lambda:us-east-1:123456789012:function:orders")
                .build();
        // Version 2 is replicated; source version 3 was replicated as 6 (the tag says so), and both are gone since.
        ReplicaState replica = new ReplicaState(true, code("v2"), config().build(),
                List.of(labelled("2", "2", code("v2"), config().description("second").build())), List.of(),
                withVersionMap(desired.tags(), "3=6"), null);

        ReplicationPlan plan = planner.plan(desired, replica);

        assertThat(plan.steps()).filteredOn(PlanStep.SkipVersionNumbers.class::isInstance)
                .extracting(step -> ((PlanStep.SkipVersionNumbers) step).estimatedNext()).containsExactly(7L);
    }

    @Test
    void plan_whenARunLeftAPlaceholderBehind_deletesIt() {
        FunctionSnapshot desired = withGaps();
        ReplicaState replica = new ReplicaState(true, code("v5"), desired.config(), List.of(
                labelled("2", "2", code("v2"), config().description("second").build()),
                new PublishedVersion("3", code("v2"), config().description(
                        ReplicaMarkers.placeholderDescription(3)).build()),
                labelled("5", "5", code("v5"), config().description("fifth").build())),
                List.of(new AliasSpec("live", "5", "", Map.of())), desired.tags(), null);

        ReplicationPlan plan = planner.plan(desired, replica);

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(PlanStep.DeleteVersion.class, step -> {
            assertThat(step.targetVersion()).isEqualTo("3");
            assertThat(step.reason()).isEqualTo(PlanStep.DeleteVersion.Reason.PLACEHOLDER);
        });
    }

    @Test
    void plan_whenAMarkedTargetVersionHasOtherCode_doesNotTrustItAndPublishesAgain() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        List<PublishedVersion> tampered = replica.versions().stream()
                .map(v -> v.version().equals("2") ? new PublishedVersion("2", code("other"), v.config()) : v)
                .toList();
        ReplicaState suspicious = new ReplicaState(true, replica.code(), replica.config(), tampered,
                replica.aliases(), replica.tags(), 5);

        ReplicationPlan plan = planner.plan(desired, suspicious);

        assertThat(plan.knownVersionMap()).doesNotContainKey("2");
        assertThat(plan.steps()).filteredOn(PlanStep.PublishVersion.class::isInstance).singleElement()
                .extracting(step -> ((PlanStep.PublishVersion) step).sourceVersion()).isEqualTo("2");
    }

    @Test
    void plan_whenArchitectureChanged_updatesCodeWithTheNewArchitecture() {
        FunctionSnapshot desired = snapshot().region("eu-west-1").config(config().architectures("arm64").build())
                .build();
        ReplicaState replica = new ReplicaState(true, desired.code(), config().architectures("x86_64").build(),
                List.of(), List.of(), desired.tags(), null);

        ReplicationPlan plan = planner.plan(desired, replica);

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(PlanStep.UpdateCode.class,
                step -> assertThat(step.architectures()).containsExactly("arm64"));
    }

    @Test
    void plan_whenTargetCarriesAwsReservedTags_leavesThemAlone() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        Map<String, String> tags = new java.util.LinkedHashMap<>(replica.tags());
        tags.put("aws:cloudformation:stack-name", "dr-stack");
        ReplicaState stamped = new ReplicaState(true, replica.code(), replica.config(), replica.versions(),
                replica.aliases(), tags, 5);

        assertThat(planner.plan(desired, stamped).steps()).isEmpty();
    }

    @Test
    void plan_whenTargetHasExtraTagsAndLacksOne_setsAndRemovesButKeepsTheVersionMap() {
        FunctionSnapshot desired = desired();
        ReplicaState replica = inSyncReplica(desired);
        Map<String, String> tags = new java.util.LinkedHashMap<>(replica.tags());
        tags.remove("team");
        tags.put("added-by-hand", "x");
        tags.put(ReplicaMarkers.VERSION_MAP_TAG, "");
        ReplicaState drifted = new ReplicaState(true, replica.code(), replica.config(), replica.versions(),
                replica.aliases(), tags, 5);

        ReplicationPlan plan = planner.plan(desired, drifted);

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(PlanStep.ApplyTags.class, step -> {
            assertThat(step.set()).containsOnly(Map.entry("team", "payments"));
            assertThat(step.remove()).containsExactly("added-by-hand");
        });
    }

    /** {@code replica} with one more version and other aliases. */
    private static ReplicaState with(ReplicaState replica, PublishedVersion extra, List<AliasSpec> aliases) {
        List<PublishedVersion> versions = new java.util.ArrayList<>(replica.versions());
        versions.add(extra);
        return new ReplicaState(true, replica.code(), replica.config(), versions, aliases, replica.tags(), 5);
    }

    private static PublishedVersion labelled(String number, String label, CodeIdentity code, FunctionConfig config) {
        return new PublishedVersion(number, code, config.withDescription(
                ReplicaMarkers.versionDescription(config.description(), label)));
    }

    @Test
    void plan_whenTwoTargetVersionsCarryTheSameLabel_keepsTheLowestAndDeletesTheOtherOnceNoAliasUsesIt() {
        FunctionSnapshot desired = desired();
        ReplicaState inSync = inSyncReplica(desired);
        PublishedVersion three = desired.versions().get(2);
        ReplicaState duplicated = with(inSync, labelled("4", "3", three.code(), three.config()),
                List.of(new AliasSpec("live", "4", "", Map.of("2", 0.1)), new AliasSpec("stable", "1", "", Map.of())));

        ReplicationPlan plan = planner.plan(desired, duplicated);

        assertThat(plan.knownVersionMap()).containsEntry("3", "3");
        assertThat(stepTypes(plan)).containsExactly(PlanStep.PutAlias.class, PlanStep.DeleteVersion.class);
        assertThat(((PlanStep.PutAlias) plan.steps().getFirst()).alias().name()).isEqualTo("live");
        assertThat(plan.steps().get(1)).isEqualTo(
                new PlanStep.DeleteVersion("4", "3", PlanStep.DeleteVersion.Reason.DUPLICATE));
        assertThat(plan.driftedParts()).contains("version 3 duplicated");
    }

    @Test
    void plan_whenAVersionsLabelDisagreesWithItsCode_publishesTheRightOneAndDeletesTheMislabelledOne() {
        FunctionSnapshot desired = desired();
        ReplicaState inSync = inSyncReplica(desired);
        PublishedVersion two = desired.versions().get(1);
        // Version 3 carries label 3 but holds source version 2's code, as a publish racing a code update could leave.
        List<PublishedVersion> versions = inSync.versions().stream()
                .map(v -> v.version().equals("3") ? labelled("3", "3", two.code(), desired.versions().get(2).config()) : v)
                .toList();
        ReplicaState mislabelled = new ReplicaState(true, two.code(), inSync.config(), versions, inSync.aliases(),
                inSync.tags(), 5);

        ReplicationPlan plan = planner.plan(desired, mislabelled);

        assertThat(plan.knownVersionMap()).doesNotContainKey("3");
        assertThat(stepTypes(plan)).containsExactly(PlanStep.UpdateCode.class, PlanStep.PublishVersion.class,
                PlanStep.RecordVersionMap.class, PlanStep.PutAlias.class, PlanStep.DeleteVersion.class);
        assertThat(plan.steps().getLast()).isEqualTo(
                new PlanStep.DeleteVersion("3", "3", PlanStep.DeleteVersion.Reason.MISLABELLED));
        assertThat(plan.driftedParts()).contains("version 3 mislabelled");
    }

    @Test
    void plan_whenAnAliasLambdaDrDoesNotManageUsesADuplicate_leavesThatVersionAlone() {
        FunctionSnapshot desired = desired();
        ReplicaState inSync = inSyncReplica(desired);
        PublishedVersion three = desired.versions().get(2);
        List<AliasSpec> aliases = new java.util.ArrayList<>(inSync.aliases());
        aliases.add(new AliasSpec("canary-by-hand", "4", "", Map.of()));
        ReplicaState duplicated = with(inSync, labelled("4", "3", three.code(), three.config()), aliases);

        ReplicationPlan plan = planner.plan(desired, duplicated);

        assertThat(plan.steps()).isEmpty();
    }
}
