package io.lambdadr.core.engine;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.PlanStep;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.core.domain.ReplicationPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out a plan against one target region, step by step, and enforces the rules that make a replica
 * trustworthy: code is checked against the source CodeSha256 after every upload, every published version is checked
 * against its source version, and an alias is pointed only at versions that passed those checks. A failure stops the
 * plan where it is; the next run reads the markers already written and completes it.
 */
final class PlanApplier {

    private final ReplicaRegion target;
    private String firstWriteRevision;

    PlanApplier(ReplicaRegion target) {
        this.target = target;
    }

    void apply(ReplicationPlan plan, CodeCache code) {
        String name = plan.functionName();
        firstWriteRevision = plan.expectedRevision();
        Map<String, String> versionMap = new LinkedHashMap<>(plan.knownVersionMap());
        for (PlanStep step : plan.steps()) {
            switch (step) {
                case PlanStep.CreateFunction create -> verifyCode(name, "CreateFunction", create.code(),
                        target.createFunction(name, create.config(), code.get(create.codeQualifier(), create.code()),
                                create.tags()));
                case PlanStep.UpdateCode update -> verifyCode(name, "UpdateFunctionCode", update.code(),
                        target.updateCode(name, code.get(update.codeQualifier(), update.code()),
                                update.architectures(), takeRevision()));
                case PlanStep.UpdateConfiguration update -> target.updateConfiguration(name, update.config(),
                        update.changedFields(), takeRevision());
                case PlanStep.PublishVersion publish -> {
                    PublishedVersion published = target.publishVersion(name, publish.description(),
                            publish.expectedCode(), takeRevision());
                    verifyCode(name, "PublishVersion " + published.version(), publish.expectedCode(), published.code());
                    List<String> differing = published.config().differingFields(publish.expectedConfig(), false);
                    if (!differing.isEmpty()) {
                        throw new ReplicationException("version " + published.version() + " of " + name + " in "
                                + target.name() + " was published with configuration differing from source version "
                                + publish.sourceVersion() + " in " + differing
                                + "; no alias was pointed at it. Re-run to repair.");
                    }
                    versionMap.put(publish.sourceVersion(), published.version());
                }
                case PlanStep.RecordVersionMap ignored -> target.tag(name,
                        Map.of(ReplicaMarkers.VERSION_MAP_TAG, ReplicaMarkers.encodeVersionMap(versionMap)), Set.of());
                case PlanStep.PutAlias put -> target.putAlias(name, toTargetVersions(name, put.alias(), versionMap),
                        put.exists(), put.expectedRevision());
                case PlanStep.ApplyTags tags -> target.tag(name, tags.set(), tags.remove());
                case PlanStep.PutReservedConcurrency concurrency ->
                        target.putReservedConcurrency(name, concurrency.reserved());
            }
        }
    }

    /**
     * The condition for the next change to {@code $LATEST}: the revision the plan was made against, for the first
     * change only. That closes the window between reading the replica and writing to it (code downloads happen in
     * it); later changes follow within moments and are held to their code by CodeSha256 checks.
     */
    private String takeRevision() {
        String revision = firstWriteRevision;
        firstWriteRevision = null;
        return revision;
    }

    private void verifyCode(String name, String operation, CodeIdentity expected, CodeIdentity reported) {
        if (!expected.sameCodeAs(reported)) {
            throw new ReplicationException(operation + " on " + name + " in " + target.name()
                    + " reported CodeSha256 " + (reported == null ? "none" : reported.sha256())
                    + " but the source code is " + expected.sha256() + "; the replica was not pointed at it");
        }
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
