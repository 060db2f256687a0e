package io.lambdadr.core.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Diffs the desired state of a replica (a translated snapshot) against what the target holds and lists the changes,
 * in the order Lambda needs them: the function, then one code/configuration/publish round per missing version, then
 * {@code $LATEST}, the version map, aliases, tags and concurrency.
 *
 * <p>A missing version is published under the source's number wherever the replica's version counter allows it:
 * numbers the source skipped (versions deleted there) are skipped with placeholder versions. Where the counter is
 * already past a number (the replica gained versions of its own), the version gets the next number and the version
 * map records it.
 *
 * <p>A replica in sync yields an empty plan: that is what makes replication idempotent.
 */
public final class ReplicationPlanner {

    /**
     * Plans the changes for one function in one target region.
     *
     * @param desired the translated snapshot ({@link RegionTranslator#translate})
     * @param actual  what the target region holds
     */
    public ReplicationPlan plan(FunctionSnapshot desired, ReplicaState actual) {
        requireReplicaOfTheSameSource(desired, actual);
        List<PlanStep> steps = new ArrayList<>();
        VersionAudit audit = actual.exists() ? auditVersions(desired, actual) : new VersionAudit(Map.of(), List.of());
        Map<String, String> known = audit.verified();
        List<PublishedVersion> missing = desired.versions().stream()
                .filter(version -> !known.containsKey(version.version()))
                .toList();

        CodeIdentity code;
        FunctionConfig config;
        long nextNumber = actual.exists() ? lowestNextVersionNumber(actual) : 1;
        if (actual.exists()) {
            code = actual.code();
            config = actual.config();
        } else {
            // Create straight at the first missing version's state, saving an update before its publish.
            PublishedVersion first = missing.isEmpty() ? null : missing.getFirst();
            code = first == null ? desired.code() : first.code();
            // Versions get their descriptions from PublishVersion, so $LATEST can carry its own from the start.
            config = first == null ? desired.config() : first.config().withDescription(desired.config().description());
            steps.add(new PlanStep.CreateFunction(code, config,
                    first == null ? FunctionSnapshot.LATEST : first.version(), desired.tags()));
        }

        for (PublishedVersion version : missing) {
            config = updateCodeIfNeeded(steps, code, config, version.code(), version.config(), version.version());
            code = version.code();
            // A version's description is given to PublishVersion, not taken from $LATEST.
            List<String> changed = version.config().differingFields(config, false);
            if (!changed.isEmpty()) {
                config = version.config().withDescription(config.description());
                steps.add(new PlanStep.UpdateConfiguration(config, changed));
            }
            if (nextNumber < version.number()) {
                steps.add(new PlanStep.SkipVersionNumbers(version.version(), nextNumber, code, config));
                nextNumber = version.number();
            }
            steps.add(new PlanStep.PublishVersion(version.version(), version.code(), version.config(),
                    ReplicaMarkers.versionDescription(version.config().description(), version.version())));
            nextNumber++;
        }

        config = updateCodeIfNeeded(steps, code, config, desired.code(), desired.config(), FunctionSnapshot.LATEST);
        List<String> changed = desired.config().differingFields(config, true);
        if (!changed.isEmpty()) {
            steps.add(new PlanStep.UpdateConfiguration(desired.config(), changed));
        }

        // Whether a version keeps its number shows only once it is published: with versions to publish, the applier
        // writes the map if it then differs.
        String recordedMap = actual.tags().get(ReplicaMarkers.VERSION_MAP_TAG);
        if (!missing.isEmpty() || !Objects.requireNonNullElse(recordedMap, "")
                .equals(ReplicaMarkers.encodeVersionMap(known))) {
            steps.add(new PlanStep.RecordVersionMap(recordedMap));
        }

        for (AliasSpec alias : desired.aliases()) {
            Optional<AliasSpec> existing = actual.alias(alias.name());
            if (existing.isEmpty() || !existing.get().equals(toTargetVersions(alias, known))) {
                steps.add(new PlanStep.PutAlias(alias, existing.isPresent(), actual.aliasRevisions().get(alias.name())));
            }
        }

        // Once no alias of the plan points at them; an alias lambda-dr does not manage keeps what it points at.
        Set<String> usedElsewhere = versionsUsedByUnmanagedAliases(desired, actual);
        audit.discarded().stream().filter(discard -> !usedElsewhere.contains(discard.targetVersion()))
                .forEach(steps::add);

        // A new function gets its tags at creation, so that even a half-made replica is marked as one.
        if (actual.exists()) {
            planTags(desired, actual).ifPresent(steps::add);
        }
        if (!Objects.equals(desired.reservedConcurrency(), actual.reservedConcurrency())) {
            steps.add(new PlanStep.PutReservedConcurrency(desired.reservedConcurrency()));
        }
        Qualifiers qualifiers = new Qualifiers(desired, known);
        planPermissions(desired, actual, qualifiers, steps);
        planInvokeConfigs(desired, actual, qualifiers, steps);
        desired.provisioned().forEach((qualifier, executions) -> {
            String targetQualifier = qualifiers.inTarget(qualifier);
            if (targetQualifier == null || !executions.equals(actual.provisioned().get(targetQualifier))) {
                steps.add(new PlanStep.PutProvisionedConcurrency(qualifier, qualifiers.isVersion(qualifier),
                        executions));
            }
        });
        desired.urls().forEach((qualifier, url) -> {
            FunctionUrl existing = actual.urls().get(qualifier);
            if (!url.sameSettingsAs(existing)) {
                steps.add(new PlanStep.PutFunctionUrl(qualifier, url, existing != null));
            }
        });
        planEventSourceMappings(desired, actual, qualifiers, steps);
        Attachments wanted = desired.attachments();
        Attachments present = actual.attachments();
        if (!wanted.recursiveLoop().equals(present.recursiveLoop())) {
            steps.add(new PlanStep.PutRecursionConfig(wanted.recursiveLoop()));
        }
        if (!wanted.runtimeManagement().equals(present.runtimeManagement())) {
            steps.add(new PlanStep.PutRuntimeManagementConfig(wanted.runtimeManagement()));
        }
        // Last: once a code signing configuration is enforced, Lambda refuses code it cannot verify.
        if (!Objects.equals(wanted.codeSigningConfigArn(), present.codeSigningConfigArn())) {
            steps.add(new PlanStep.PutCodeSigningConfig(wanted.codeSigningConfigArn()));
        }
        return new ReplicationPlan(desired.functionName(), desired.region(), steps, known, actual.revisionId());
    }

    /**
     * Adds the step that gives {@code $LATEST} the wanted code and architectures (Lambda changes architectures only
     * with the code), when it lacks either; returns {@code $LATEST}'s configuration afterwards.
     */
    private static FunctionConfig updateCodeIfNeeded(List<PlanStep> steps, CodeIdentity code, FunctionConfig config,
                                                     CodeIdentity wantedCode, FunctionConfig wanted, String qualifier) {
        if (wantedCode.sameCodeAs(code) && wanted.architectures().equals(config.architectures())) {
            return config;
        }
        steps.add(new PlanStep.UpdateCode(wantedCode, qualifier, wanted.architectures()));
        return config.withArchitectures(wanted.architectures());
    }

    /**
     * The lowest number the replica's next version can get: one past the highest it is known to have used, whether
     * the version still exists or is only named in the recorded version map. Lambda never reuses a number, and does
     * not say where its counter stands.
     */
    private static long lowestNextVersionNumber(ReplicaState actual) {
        long highest = 0;
        for (PublishedVersion version : actual.versions()) {
            highest = Math.max(highest, version.number());
        }
        for (String target : ReplicaMarkers.decodeVersionMap(actual.tags().get(ReplicaMarkers.VERSION_MAP_TAG))
                .values()) {
            highest = Math.max(highest, Long.parseLong(target));
        }
        return highest + 1;
    }

    /**
     * A function that exists in the target but does not carry this source's replica marker belongs to someone else
     * (deployed there by hand or by a pipeline, or the replica of another source): it is never taken over silently.
     */
    private static void requireReplicaOfTheSameSource(FunctionSnapshot desired, ReplicaState actual) {
        String expected = desired.tags().get(ReplicaMarkers.REPLICA_OF_TAG);
        String found = actual.tags().get(ReplicaMarkers.REPLICA_OF_TAG);
        if (actual.exists() && !Objects.equals(expected, found)) {
            throw new NotAReplicaException(desired.functionName() + " already exists in " + desired.region()
                    + (found == null ? " and is not a lambda-dr replica" : " as a replica of " + found)
                    + "; lambda-dr does not take over functions it did not create. Rename or delete it there, or tag "
                    + "it " + ReplicaMarkers.REPLICA_OF_TAG + "=" + expected + " to let lambda-dr manage it.");
        }
    }

    /**
     * What the replica's published versions hold, read from their labels ({@code [lambda-dr source-version=N]} at the
     * end of each description, the record a replica carries of itself): for each source version the target version
     * trusted as its replica, and the versions that must go. A labelled version is trusted only where it has the
     * source version's code and configuration; of several trusted ones with the same label (duplicates left by an
     * older release or by hand), the lowest number is kept, so that every run, however many run at once, keeps the
     * same one. Labels of source versions no longer in the snapshot are not judged. A placeholder version (left by a
     * run that stopped before deleting it) goes.
     */
    static VersionAudit auditVersions(FunctionSnapshot desired, ReplicaState actual) {
        Map<String, PublishedVersion> sourceVersions = new LinkedHashMap<>();
        desired.versions().forEach(version -> sourceVersions.put(version.version(), version));
        Map<String, String> verified = new LinkedHashMap<>();
        List<PlanStep.DeleteVersion> discarded = new ArrayList<>();
        List<PublishedVersion> oldestFirst = actual.versions().stream()
                .sorted(Comparator.comparingLong(PublishedVersion::number)).toList();
        for (PublishedVersion target : oldestFirst) {
            if (ReplicaMarkers.isPlaceholder(target.config().description())) {
                discarded.add(new PlanStep.DeleteVersion(target.version(), "",
                        PlanStep.DeleteVersion.Reason.PLACEHOLDER));
                continue;
            }
            String label = ReplicaMarkers.sourceVersionOf(target.config().description()).orElse(null);
            PublishedVersion source = label == null ? null : sourceVersions.get(label);
            if (source == null) {
                continue;
            }
            if (!holdsTheSameAs(target, source)) {
                discarded.add(new PlanStep.DeleteVersion(target.version(), label,
                        PlanStep.DeleteVersion.Reason.MISLABELLED));
            } else if (verified.containsKey(label)) {
                discarded.add(new PlanStep.DeleteVersion(target.version(), label,
                        PlanStep.DeleteVersion.Reason.DUPLICATE));
            } else {
                verified.put(label, target.version());
            }
        }
        Map<String, String> inSourceOrder = new LinkedHashMap<>();
        sourceVersions.keySet().stream().filter(verified::containsKey)
                .forEach(version -> inSourceOrder.put(version, verified.get(version)));
        return new VersionAudit(inSourceOrder, discarded);
    }

    private static boolean holdsTheSameAs(PublishedVersion target, PublishedVersion source) {
        return target.code().sameCodeAs(source.code())
                && target.config().differingFields(source.config(), false).isEmpty();
    }

    /**
     * What the settings attached to a qualifier (policies, event invoke configurations, provisioned concurrency) are
     * keyed by on each side: the function itself ({@code ""}) and aliases have the same name in both regions, while a
     * source version is the target version that replicates it ({@code known}).
     */
    private record Qualifiers(Set<String> sourceVersions, Map<String, String> known, Map<String, String> sourceOf) {

        Qualifiers(FunctionSnapshot desired, Map<String, String> known) {
            this(desired.versions().stream().map(PublishedVersion::version).collect(Collectors.toSet()), known,
                    known.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey)));
        }

        boolean isVersion(String qualifier) {
            return sourceVersions.contains(qualifier);
        }

        /** The qualifier in the target; null for a source version that has no verified replica yet. */
        String inTarget(String qualifier) {
            return isVersion(qualifier) ? known.get(qualifier) : qualifier;
        }

        /** The source qualifier a target qualifier stands for. */
        String inSource(String targetQualifier) {
            return sourceOf.getOrDefault(targetQualifier, targetQualifier);
        }
    }

    /**
     * @param verified  source version to the target version trusted as its replica, in source order
     * @param discarded target versions carrying a label they do not deserve, or repeating one
     */
    record VersionAudit(Map<String, String> verified, List<PlanStep.DeleteVersion> discarded) {
    }

    private static Set<String> versionsUsedByUnmanagedAliases(FunctionSnapshot desired, ReplicaState actual) {
        Set<String> managed = new HashSet<>();
        desired.aliases().forEach(alias -> managed.add(alias.name()));
        Set<String> used = new HashSet<>();
        actual.aliases().stream().filter(alias -> !managed.contains(alias.name())).forEach(alias -> {
            used.add(alias.functionVersion());
            used.addAll(alias.routingWeights().keySet());
        });
        return used;
    }

    /** The alias as it should read on the replica, when all its versions are already mapped. */
    private static AliasSpec toTargetVersions(AliasSpec alias, Map<String, String> known) {
        Map<String, Double> weights = new LinkedHashMap<>();
        alias.routingWeights().forEach((version, weight) -> weights.put(known.getOrDefault(version, "?" + version), weight));
        String version = FunctionSnapshot.LATEST.equals(alias.functionVersion()) ? FunctionSnapshot.LATEST
                : known.getOrDefault(alias.functionVersion(), "?" + alias.functionVersion());
        return new AliasSpec(alias.name(), version, alias.description(), weights);
    }

    /**
     * The statements of each qualifier's policy that the replica lacks or holds otherwise (same id, other content),
     * after the aliases and versions they name exist. Statements only the replica has are left alone:
     * {@link #replicaOnlyStatements} lists them for the report.
     */
    private static void planPermissions(FunctionSnapshot desired, ReplicaState actual, Qualifiers qualifiers,
                                        List<PlanStep> steps) {
        desired.policies().forEach((qualifier, statements) -> {
            boolean isVersion = qualifiers.isVersion(qualifier);
            String targetQualifier = qualifiers.inTarget(qualifier);
            Map<String, PolicyStatement> present = new LinkedHashMap<>();
            if (targetQualifier != null) {
                actual.policies().getOrDefault(targetQualifier, List.of())
                        .forEach(statement -> present.put(statement.sid(), statement));
            }
            for (PolicyStatement statement : statements) {
                PolicyStatement existing = present.get(statement.sid());
                if (!statement.equals(existing)) {
                    steps.add(new PlanStep.PutPermission(qualifier, isVersion, statement, existing != null));
                }
            }
        });
    }

    /** The event invoke configurations the replica lacks or holds otherwise, qualifier by qualifier. */
    private static void planInvokeConfigs(FunctionSnapshot desired, ReplicaState actual, Qualifiers qualifiers,
                                          List<PlanStep> steps) {
        desired.invokeConfigs().forEach((qualifier, config) -> {
            String targetQualifier = qualifiers.inTarget(qualifier);
            if (targetQualifier == null || !config.equals(actual.invokeConfigs().get(targetQualifier))) {
                steps.add(new PlanStep.PutEventInvokeConfig(qualifier, qualifiers.isVersion(qualifier), config));
            }
        });
    }

    /**
     * The event source mappings the replica lacks (created) or holds with other settings (updated); a mapping is
     * matched by the qualifier it invokes and the source it reads ({@link EventSourceMapping#key}).
     */
    private static void planEventSourceMappings(FunctionSnapshot desired, ReplicaState actual, Qualifiers qualifiers,
                                                List<PlanStep> steps) {
        Map<String, EventSourceMapping> present = byKey(actual.eventSourceMappings());
        for (EventSourceMapping mapping : desired.eventSourceMappings()) {
            EventSourceMapping existing = counterpart(mapping, qualifiers, present);
            if (existing == null) {
                steps.add(new PlanStep.CreateEventSourceMapping(mapping.qualifier(),
                        qualifiers.isVersion(mapping.qualifier()), mapping));
            } else if (!mapping.differingSettings(existing).isEmpty()) {
                steps.add(new PlanStep.UpdateEventSourceMapping(existing.uuid(),
                        qualifiers.isVersion(mapping.qualifier()), mapping,
                        mapping.differingSettings(existing)));
            }
        }
    }

    private static Map<String, EventSourceMapping> byKey(List<EventSourceMapping> mappings) {
        Map<String, EventSourceMapping> byKey = new LinkedHashMap<>();
        mappings.forEach(mapping -> byKey.putIfAbsent(mapping.key(), mapping));
        return byKey;
    }

    /**
     * The key a desired mapping has in the target, where a source version is the version replicating it; empty for a
     * source version without a verified replica yet.
     */
    private static Optional<String> targetKey(EventSourceMapping mapping, Qualifiers qualifiers) {
        return Optional.ofNullable(qualifiers.inTarget(mapping.qualifier())).map(qualifier -> new EventSourceMapping(
                qualifier, mapping.eventSourceArn(), mapping.enabled(), mapping.settings(), mapping.uuid()).key());
    }

    /** The replica's mapping that stands for {@code mapping}, among {@code present} (by key); null when none. */
    private static EventSourceMapping counterpart(EventSourceMapping mapping, Qualifiers qualifiers,
                                                  Map<String, EventSourceMapping> present) {
        return targetKey(mapping, qualifiers).map(present::get).orElse(null);
    }

    /**
     * The desired state with each mapping's source as it is named in the target: a mapping the replica already has
     * keeps the replica's source ARN (a DynamoDB stream's label is the target table's own), and each other mapping's
     * source is looked up there by {@code resolve}, which fails, before anything is written, for a source that does
     * not exist in the target.
     */
    public static FunctionSnapshot resolveEventSources(FunctionSnapshot desired, ReplicaState actual,
                                                       Function<EventSourceMapping, String> resolve) {
        if (desired.eventSourceMappings().isEmpty()) {
            return desired;
        }
        Qualifiers qualifiers = new Qualifiers(desired,
                actual.exists() ? auditVersions(desired, actual).verified() : Map.of());
        Map<String, EventSourceMapping> present = byKey(actual.eventSourceMappings());
        List<EventSourceMapping> resolved = new ArrayList<>();
        for (EventSourceMapping mapping : desired.eventSourceMappings()) {
            EventSourceMapping existing = counterpart(mapping, qualifiers, present);
            if (mapping.eventSourceArn() == null) {
                resolved.add(mapping);
            } else {
                resolved.add(mapping.withEventSourceArn(existing != null ? existing.eventSourceArn()
                        : resolve.apply(mapping)));
            }
        }
        return desired.withAttachments(desired.attachments().withEventSourceMappings(resolved));
    }

    /**
     * What the replica's event source mappings hold that lambda-dr does not change: mappings only the replica has
     * (left alone, since someone made them on purpose in the DR region), and settings Lambda takes only at creation
     * that differ (drift that only re-creating the mapping repairs).
     */
    public static EventSourceMappingFindings eventSourceMappingFindings(FunctionSnapshot desired, ReplicaState actual,
                                                                        Map<String, String> known) {
        Qualifiers qualifiers = new Qualifiers(desired, known);
        Map<String, EventSourceMapping> wanted = new LinkedHashMap<>();
        desired.eventSourceMappings().forEach(mapping -> targetKey(mapping, qualifiers)
                .ifPresent(key -> wanted.put(key, mapping)));
        List<String> replicaOnly = new ArrayList<>();
        List<String> drift = new ArrayList<>();
        actual.eventSourceMappings().forEach(existing -> {
            EventSourceMapping mapping = wanted.get(existing.key());
            if (mapping == null) {
                replicaOnly.add(existing.describe());
            } else if (!mapping.differingCreationSettings(existing).isEmpty()) {
                drift.add("event source mapping " + existing.describe() + ": "
                        + mapping.differingCreationSettings(existing) + " differ from the source's and are set only "
                        + "when a mapping is created; delete mapping " + existing.uuid() + " in the target region "
                        + "and replicate again to re-create it");
            }
        });
        return new EventSourceMappingFindings(replicaOnly, drift);
    }

    /**
     * The settings of the replica's function that differ from the source's and that Lambda takes only when a
     * function is created ({@link FunctionConfig#CREATION_ONLY}): no update repairs them, so they are reported with
     * what does.
     */
    public static List<String> creationOnlyDrift(FunctionSnapshot desired, ReplicaState actual) {
        if (!actual.exists()) {
            return List.of();
        }
        List<String> differing = desired.config().differingCreationOnlyFields(actual.config());
        return differing.isEmpty() ? List.of() : List.of("configuration " + differing + " differs from the source's "
                + "and is set only when a function is created; delete the replica in " + desired.region()
                + " and replicate again to re-create it");
    }

    /**
     * @param replicaOnly mappings only the replica has, described
     * @param drift       differences lambda-dr cannot repair, with what repairs them
     */
    public record EventSourceMappingFindings(List<String> replicaOnly, List<String> drift) {
    }

    /**
     * The event invoke configurations only the replica has (its qualifier has none in the source): left alone, since
     * someone set them on purpose in the DR region, and reported.
     */
    public static List<String> replicaOnlyInvokeConfigs(FunctionSnapshot desired, ReplicaState actual,
                                                        Map<String, String> known) {
        Qualifiers qualifiers = new Qualifiers(desired, known);
        List<String> found = new ArrayList<>();
        actual.invokeConfigs().forEach((qualifier, config) -> {
            if (!desired.invokeConfigs().containsKey(qualifiers.inSource(qualifier))) {
                found.add((qualifier.isEmpty() ? "the function" : qualifier) + ": " + config.describe());
            }
        });
        return found;
    }

    /**
     * The statements the replica's policies hold that the source's do not (by qualifier and id): left alone, since
     * someone gave them on purpose in the DR region, and reported.
     */
    public static List<String> replicaOnlyStatements(FunctionSnapshot desired, ReplicaState actual,
                                                     Map<String, String> known) {
        Qualifiers qualifiers = new Qualifiers(desired, known);
        List<String> found = new ArrayList<>();
        actual.policies().forEach((qualifier, statements) -> {
            String sourceQualifier = qualifiers.inSource(qualifier);
            Set<String> wanted = new HashSet<>();
            desired.policies().getOrDefault(sourceQualifier, List.of()).forEach(s -> wanted.add(s.sid()));
            statements.stream().filter(statement -> !wanted.contains(statement.sid()))
                    .forEach(statement -> found.add((qualifier.isEmpty() ? "the function" : qualifier) + ": "
                            + statement.describe()));
        });
        return found;
    }

    private static Optional<PlanStep> planTags(FunctionSnapshot desired, ReplicaState actual) {
        Map<String, String> set = new LinkedHashMap<>();
        desired.tags().forEach((key, value) -> {
            if (!value.equals(actual.tags().get(key))) {
                set.put(key, value);
            }
        });
        Set<String> remove = new LinkedHashSet<>();
        actual.tags().keySet().stream()
                .filter(key -> !desired.tags().containsKey(key) && !ReplicaMarkers.VERSION_MAP_TAG.equals(key)
                        && !TagRules.isAwsReserved(key))
                .sorted()
                .forEach(remove::add);
        return set.isEmpty() && remove.isEmpty() ? Optional.empty() : Optional.of(new PlanStep.ApplyTags(set, remove));
    }
}
