package io.lambdadr.core.engine;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.PlanStep;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.core.domain.ReplicationPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Carries out plans against one target region, step by step, and enforces the rules that make a replica
 * trustworthy: code is checked against the source CodeSha256 after every upload, every published version is checked
 * against its source version (code, configuration and label), and an alias is pointed only at versions that passed
 * those checks.
 *
 * <p>Every change to {@code $LATEST} and every publish carries the RevisionId the previous change left, starting from
 * the one the plan was made against. A writer that changes the replica in between (another run, a person) makes the
 * next step fail with {@link ConcurrentChangeException} instead of being overwritten, and a version is only ever
 * published from the exact state this plan put in place.
 *
 * <p>A failure stops the plan where it is; the next plan reads the markers already written and completes it. Between
 * steps the applier checks the run's {@link StopSignal}: once it is set no new step starts.
 *
 * <p>One applier serves every attempt at one function in one region, and remembers the steps it carried out.
 */
final class PlanApplier {

    private final ReplicaRegion target;
    private final StopSignal stop;
    private final List<String> done = new ArrayList<>();
    private boolean createdFunction;

    PlanApplier(ReplicaRegion target, StopSignal stop) {
        this.target = target;
        this.stop = stop;
    }

    /** The steps carried out so far, for people, in order. */
    List<String> done() {
        return List.copyOf(done);
    }

    /** Whether this applier created the function. */
    boolean createdFunction() {
        return createdFunction;
    }

    void apply(ReplicationPlan plan, CodeCache code) {
        String name = plan.functionName();
        String revision = plan.expectedRevision();
        Map<String, String> versionMap = new LinkedHashMap<>(plan.knownVersionMap());
        // The replica's version counter as the publishes of this plan show it; 0 until one shows it.
        long nextNumber = 0;
        for (PlanStep step : plan.steps()) {
            stop.throwIfSet("before step '" + step.describe() + "'");
            switch (step) {
                case PlanStep.CreateFunction create -> {
                    LatestState created = target.createFunction(name, create.config(),
                            code.get(create.codeQualifier(), create.code()), create.tags());
                    createdFunction = true;
                    verifyCode(name, "CreateFunction", create.code(), created.code());
                    revision = created.revisionId();
                }
                case PlanStep.UpdateCode update -> {
                    LatestState updated = target.updateCode(name, code.get(update.codeQualifier(), update.code()),
                            update.architectures(), revision);
                    verifyCode(name, "UpdateFunctionCode", update.code(), updated.code());
                    revision = updated.revisionId();
                }
                case PlanStep.UpdateConfiguration update -> revision = target.updateConfiguration(name, update.config(),
                        update.changedFields(), revision).revisionId();
                case PlanStep.PublishVersion publish -> {
                    PublishOutcome outcome = publish(name, publish, revision);
                    revision = outcome.revision();
                    versionMap.put(publish.sourceVersion(), outcome.version().version());
                    nextNumber = Math.max(nextNumber, outcome.version().number() + 1);
                }
                case PlanStep.SkipVersionNumbers skip -> {
                    Skipped skipped = skipNumbers(name, skip, Math.max(nextNumber, skip.estimatedNext()), revision);
                    revision = skipped.revision();
                    nextNumber = skipped.nextNumber();
                }
                case PlanStep.RecordVersionMap record -> {
                    String exceptions = ReplicaMarkers.encodeVersionMap(versionMap);
                    if (exceptions.equals(Objects.requireNonNullElse(record.recorded(), ""))) {
                        continue; // every number was kept, or the same ones were not: nothing to write
                    }
                    if (exceptions.isEmpty()) {
                        target.tag(name, Map.of(), Set.of(ReplicaMarkers.VERSION_MAP_TAG));
                    } else {
                        target.tag(name, Map.of(ReplicaMarkers.VERSION_MAP_TAG, exceptions), Set.of());
                    }
                }
                case PlanStep.PutAlias put -> target.putAlias(name, toTargetVersions(name, put.alias(), versionMap),
                        put.exists(), put.expectedRevision());
                case PlanStep.DeleteVersion delete -> target.deleteVersion(name, delete.targetVersion());
                case PlanStep.ApplyTags tags -> target.tag(name, tags.set(), tags.remove());
                case PlanStep.PutReservedConcurrency concurrency ->
                        target.putReservedConcurrency(name, concurrency.reserved());
                case PlanStep.PutProvisionedConcurrency provisioned -> target.putProvisionedConcurrency(name,
                        targetQualifier(name, provisioned.qualifier(), provisioned.isVersion(), versionMap),
                        provisioned.executions());
                case PlanStep.PutFunctionUrl url -> target.putFunctionUrl(name, url.qualifier(), url.url(),
                        url.exists());
                case PlanStep.PutEventInvokeConfig invokeConfig -> target.putEventInvokeConfig(name,
                        targetQualifier(name, invokeConfig.qualifier(), invokeConfig.isVersion(), versionMap),
                        invokeConfig.config());
                case PlanStep.CreateEventSourceMapping create -> target.createEventSourceMapping(name,
                        targetQualifier(name, create.qualifier(), create.isVersion(), versionMap), create.mapping());
                case PlanStep.UpdateEventSourceMapping update -> target.updateEventSourceMapping(update.uuid(),
                        update.mapping(), update.changed());
                case PlanStep.PutRecursionConfig recursion ->
                        target.putRecursionConfig(name, recursion.recursiveLoop());
                case PlanStep.PutRuntimeManagementConfig runtime ->
                        target.putRuntimeManagementConfig(name, runtime.runtimeManagement());
                case PlanStep.PutCodeSigningConfig codeSigning -> target.putCodeSigningConfig(name, codeSigning.arn());
                case PlanStep.PutPermission permission -> {
                    String qualifier = targetQualifier(name, permission.qualifier(), permission.isVersion(),
                            versionMap);
                    if (permission.replaces()) {
                        target.removePermission(name, qualifier, permission.statement().sid());
                    }
                    target.addPermission(name, qualifier, permission.statement());
                }
            }
            done.add(step.describe());
        }
    }

    private record PublishOutcome(PublishedVersion version, String revision) {
    }

    private record Skipped(String revision, long nextNumber) {
    }

    /**
     * Publishes and deletes placeholder versions until the next number is the source version's, then gives
     * {@code $LATEST} its description back (which also makes it differ from the last placeholder, so that the
     * publish that follows is a new version). Each placeholder is deleted before the next is made: a run that stops
     * leaves at most one, and the next plan deletes it. Should the counter turn out to be past the source's number
     * already (an earlier publish of this plan went further than planned), nothing is written and the version map
     * records the number the version gets.
     */
    private Skipped skipNumbers(String name, PlanStep.SkipVersionNumbers skip, long nextNumber, String revision) {
        long wanted = Long.parseLong(skip.sourceVersion());
        if (nextNumber >= wanted) {
            return new Skipped(revision, nextNumber);
        }
        while (nextNumber < wanted) {
            stop.throwIfSet("before publishing placeholder version " + nextNumber);
            String description = ReplicaMarkers.placeholderDescription(nextNumber);
            revision = target.updateConfiguration(name, skip.latestConfig().withDescription(description),
                    List.of("Description"), revision).revisionId();
            PublishedVersion placeholder = target.publishVersion(name, description, skip.latestCode(), revision);
            if (!ReplicaMarkers.isPlaceholder(placeholder.config().description())) {
                throw new ReplicationException("publishing placeholder version " + nextNumber + " of " + name + " in "
                        + target.name() + " returned version " + placeholder.version() + ", which is not a "
                        + "placeholder; source version " + skip.sourceVersion() + " was not published. Re-run to "
                        + "repair.");
            }
            target.deleteVersion(name, placeholder.version());
            nextNumber = placeholder.number() + 1;
        }
        revision = target.updateConfiguration(name, skip.latestConfig(), List.of("Description"), revision)
                .revisionId();
        return new Skipped(revision, nextNumber);
    }

    /**
     * Publishes a source version's replica and checks it. Lambda answers a publish of an unchanged {@code $LATEST}
     * with the last published version instead of a new one: when that one is not this source version's replica (it
     * is labelled for another source version with the same code and configuration, or it is a version the plan
     * discards), {@code $LATEST} is given this version's labelled description, which makes it differ, and published
     * again, so that each source version gets a version of its own.
     */
    private PublishOutcome publish(String name, PlanStep.PublishVersion publish, String revision) {
        PublishedVersion published = target.publishVersion(name, publish.description(), publish.expectedCode(),
                revision);
        if (!isReplicaOf(published, publish)) {
            revision = target.updateConfiguration(name, publish.expectedConfig().withDescription(publish.description()),
                    List.of("Description"), revision).revisionId();
            published = target.publishVersion(name, publish.description(), publish.expectedCode(), revision);
        }
        if (!publish.sourceVersion().equals(labelOf(published))) {
            throw new ReplicationException("publishing source version " + publish.sourceVersion() + " of " + name
                    + " in " + target.name() + " returned version " + published.version() + ", labelled "
                    + labelOf(published) + "; no alias was pointed at it. Re-run to repair.");
        }
        verifyCode(name, "PublishVersion " + published.version(), publish.expectedCode(), published.code());
        List<String> differing = published.config().differingFields(publish.expectedConfig(), false);
        if (!differing.isEmpty()) {
            throw new ReplicationException("version " + published.version() + " of " + name + " in "
                    + target.name() + " was published with configuration differing from source version "
                    + publish.sourceVersion() + " in " + differing + "; no alias was pointed at it. Re-run to repair.");
        }
        return new PublishOutcome(published, revision);
    }

    private static boolean isReplicaOf(PublishedVersion published, PlanStep.PublishVersion publish) {
        return publish.sourceVersion().equals(labelOf(published)) && publish.expectedCode().sameCodeAs(published.code())
                && published.config().differingFields(publish.expectedConfig(), false).isEmpty();
    }

    private static String labelOf(PublishedVersion version) {
        return ReplicaMarkers.sourceVersionOf(version.config().description()).orElse("none");
    }

    private void verifyCode(String name, String operation, CodeIdentity expected, CodeIdentity reported) {
        if (!expected.sameCodeAs(reported)) {
            throw new ReplicationException(operation + " on " + name + " in " + target.name()
                    + " reported CodeSha256 " + (reported == null ? "none" : reported.sha256())
                    + " but the source code is " + expected.sha256() + "; the replica was not pointed at it");
        }
    }

    /** A step's qualifier in the target: a source version becomes the version that replicates it. */
    private static String targetQualifier(String name, String qualifier, boolean isVersion,
                                          Map<String, String> versionMap) {
        if (!isVersion) {
            return qualifier;
        }
        String target = versionMap.get(qualifier);
        if (target == null) {
            throw new ReplicationException("source version " + qualifier + " of " + name + " has no verified replica "
                    + "version to attach its settings to; left as it was");
        }
        return target;
    }

    private static AliasSpec toTargetVersions(String name, AliasSpec alias, Map<String, String> versionMap) {
        Map<String, Double> weights = new LinkedHashMap<>();
        alias.routingWeights().forEach((version, weight) -> weights.put(mapped(name, alias, version, versionMap), weight));
        return new AliasSpec(alias.name(), mapped(name, alias, alias.functionVersion(), versionMap),
                alias.description(), weights);
    }

    private static String mapped(String name, AliasSpec alias, String sourceVersion, Map<String, String> versionMap) {
        if (FunctionSnapshot.LATEST.equals(sourceVersion)) {
            return sourceVersion;
        }
        String target = versionMap.get(sourceVersion);
        if (target == null) {
            throw new ReplicationException("alias " + alias.name() + " of " + name + " uses source version "
                    + sourceVersion + ", which has no verified replica version; the alias was left as it was");
        }
        return target;
    }
}
