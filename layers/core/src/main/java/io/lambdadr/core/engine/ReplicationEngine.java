package io.lambdadr.core.engine;

import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.ConfigurationFingerprint;
import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.FunctionUrl;
import io.lambdadr.core.domain.NotAReplicaException;
import io.lambdadr.core.domain.PlanStep;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.RegionTranslator;
import io.lambdadr.core.domain.ReplicaReadScope;
import io.lambdadr.core.domain.ReplicaState;
import io.lambdadr.core.domain.ReplicationPlan;
import io.lambdadr.core.domain.ReplicationPlanner;
import io.lambdadr.core.domain.SecretValues;
import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.domain.UntranslatableReferenceException;
import io.lambdadr.core.engine.TargetResult.Outcome;
import io.lambdadr.core.engine.TargetResult.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Replicates functions from one source region into target regions: snapshot, translate, plan, apply.
 *
 * <p>One unit of work is one function into one target region. Functions run in parallel (bounded by
 * {@code parallelism}), and so do the target regions of each function, which share its downloaded code: every
 * region's own call budget is spent from the start, instead of one region's waiting while another's is worked on. A
 * failure fails that unit only: the other functions and regions are still processed.
 */
public final class ReplicationEngine {

    /** What a run does with its plans. */
    public enum Mode {
        /** Plan and report; change nothing (dry run). */
        PLAN,
        /** Plan and apply. */
        APPLY,
        /** Compare and report drift; change nothing. */
        STATUS
    }

    /**
     * Passes in a row that made no write before someone else's change sent the unit back to planning: a replica that
     * keeps changing under every attempt is left for the next run.
     */
    static final int FRUITLESS_PASSES = 3;
    /** Passes per unit of work in all, however much each achieved. */
    static final int MAX_PASSES = 10;

    private final SourceRegion source;
    private final List<ReplicaRegion> targets;
    private final Map<String, TargetMappings> mappingsByRegion;
    private final int parallelism;
    private final Path workDir;
    private final StopSignal stop;
    private final FailureClassifier classifier;
    private final ReplicationPlanner planner = new ReplicationPlanner();
    private final LayerCopies layerCopies;
    private final Semaphore snapshots;

    /**
     * @param source           the source region
     * @param targets          the target regions, in report order
     * @param mappingsByRegion explicit translations per target region (absent means none)
     * @param parallelism      how many functions are worked on at once
     * @param workDir          where downloaded code is staged (deleted after each function)
     * @param stop             when to stop starting new work
     * @param classifier       whether trying again can help the failures the adapters let through
     */
    public ReplicationEngine(SourceRegion source, List<ReplicaRegion> targets, Map<String, TargetMappings> mappingsByRegion,
                             int parallelism, Path workDir, StopSignal stop, FailureClassifier classifier) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.source = source;
        this.targets = List.copyOf(targets);
        this.mappingsByRegion = Map.copyOf(mappingsByRegion);
        this.parallelism = parallelism;
        this.workDir = workDir;
        this.stop = stop;
        this.classifier = classifier;
        this.layerCopies = new LayerCopies(source, workDir, stop);
        this.snapshots = new Semaphore(snapshotsAtOnce(parallelism));
    }

    /**
     * Runs every function into every target region. Once the stop signal is set, functions and regions not yet begun
     * are reported {@code not-started} and those under way {@code incomplete}, with the steps they finished.
     *
     * @param mode      plan, apply or status
     * @param functions function names, in report order
     * @param progress  told of each finished function and region, from worker threads
     */
    public ReplicationReport run(Mode mode, List<String> functions, Consumer<TargetResult> progress) {
        source.expectReads(functions);
        targets.forEach(target -> target.expectReads(functions));
        layerCopies.startRun();
        int functionsAtOnce = Math.min(parallelism, Math.max(1, functions.size()));
        ExecutorService pool = Executors.newFixedThreadPool(functionsAtOnce);
        // The function's own thread works its first region; with more, the others get a thread each.
        ExecutorService regionPool = targets.size() < 2 ? null
                : Executors.newFixedThreadPool(functionsAtOnce * (targets.size() - 1));
        try {
            List<Future<FunctionRun>> runs = new ArrayList<>();
            for (String function : functions) {
                runs.add(pool.submit(() -> runFunction(mode, function, progress, regionPool)));
            }
            List<SourceResult> sources = new ArrayList<>();
            List<TargetResult> results = new ArrayList<>();
            for (Future<FunctionRun> run : runs) {
                FunctionRun done = await(run);
                sources.add(done.source());
                results.addAll(done.targets());
            }
            return new ReplicationReport(sources, results);
        } finally {
            pool.shutdownNow();
            if (regionPool != null) {
                regionPool.shutdownNow();
            }
        }
    }

    private record FunctionRun(SourceResult source, List<TargetResult> targets) {
    }

    private FunctionRun runFunction(Mode mode, String functionName, Consumer<TargetResult> progress,
                                    ExecutorService regionPool) {
        if (stop.isSet()) {
            return notStarted(functionName, progress);
        }
        ApiCallTally sourceTally = new ApiCallTally();
        FunctionSnapshot snapshot;
        try {
            snapshot = sourceTally.during(() -> snapshotOf(functionName));
        } catch (RunStoppedException e) {
            // The run stopped while this function waited for its turn to be read.
            return notStarted(functionName, progress);
        } catch (Exception e) {
            // Nothing of the function was read, so nothing of it can be masked: the source adapter reports read
            // errors without the service's text.
            String error = messageOf(e);
            FailureKind kind = kindOf(e);
            List<TargetResult> failed = new ArrayList<>();
            for (ReplicaRegion target : targets) {
                TargetResult result = new TargetResult(functionName, target.name(), Outcome.FAILED, SyncStatus.ERROR,
                        List.of(), List.of(), List.of(), List.of(), error, kind, 0, 0, 0);
                progress.accept(result);
                failed.add(result);
            }
            return new FunctionRun(new SourceResult(functionName, error, kind, sourceTally.reads(), 0, null, null),
                    failed);
        }
        List<TargetResult> results = new ArrayList<>();
        try (CodeCache code = new CodeCache(source, functionName, sourceTally, workDir)) {
            List<Future<TargetResult>> others = new ArrayList<>();
            for (ReplicaRegion target : targets.subList(1, targets.size())) {
                others.add(regionPool.submit(() -> reported(runTarget(mode, snapshot, sourceTally, target, code),
                        progress)));
            }
            results.add(reported(runTarget(mode, snapshot, sourceTally, targets.getFirst(), code), progress));
            for (Future<TargetResult> other : others) {
                results.add(await(other));
            }
        }
        return new FunctionRun(new SourceResult(functionName, null, null, sourceTally.reads(),
                sourceTally.codeBytes(), snapshot.code().sha256(), ConfigurationFingerprint.of(snapshot)), results);
    }

    private static TargetResult reported(TargetResult result, Consumer<TargetResult> progress) {
        progress.accept(result);
        return result;
    }

    /**
     * How many functions are read from the source at once: half those worked on, at least two. A snapshot is a chain
     * of calls paced by the source region's budget; with every function read at once, each snapshot takes as long as
     * all of them, and the target regions wait idle at the start of a run. Measured with the quota-mode benchmark
     * (20 functions, parallelism 8): a first copy at 0.89 of the quota bound with 8 at once, above 1.0 with 4 or 2.
     */
    static int snapshotsAtOnce(int parallelism) {
        return Math.max(2, parallelism / 2);
    }

    private FunctionSnapshot snapshotOf(String functionName) throws InterruptedException {
        snapshots.acquire();
        try {
            stop.throwIfSet("before reading " + functionName);
            return source.snapshot(functionName);
        } finally {
            snapshots.release();
        }
    }

    private FunctionRun notStarted(String functionName, Consumer<TargetResult> progress) {
        List<TargetResult> results = new ArrayList<>();
        for (ReplicaRegion target : targets) {
            TargetResult result = new TargetResult(functionName, target.name(), Outcome.NOT_STARTED,
                    SyncStatus.NOT_CHECKED, List.of(), List.of(), List.of(), List.of(stoppedNote()), null, null, 0, 0,
                    0);
            progress.accept(result);
            results.add(result);
        }
        return new FunctionRun(new SourceResult(functionName, null, null, 0, 0, null, null), results);
    }

    private String stoppedNote() {
        return "not finished: the run stopped because " + stop.reason().orElse("it was asked to");
    }

    /**
     * Replicates one function into one region: plan, apply, then read the replica again to confirm that it matches.
     * Someone else's change on the way (a refused RevisionId, a function or alias created meanwhile, a replica that
     * no longer matches once the plan is applied) sends the unit back to a fresh snapshot and plan, so that the last
     * run to finish always leaves the replica matching the source it last read.
     */
    private TargetResult runTarget(Mode mode, FunctionSnapshot firstSnapshot, ApiCallTally sourceTally,
                                   ReplicaRegion target, CodeCache code) {
        UnitOfWork unit = new UnitOfWork(target, new PlanApplier(target, stop));
        unit.secrets = unit.secrets.with(firstSnapshot);
        FunctionSnapshot snapshot = firstSnapshot;
        int fruitless = 0;
        for (int pass = 1; ; pass++) {
            int doneBefore = unit.applier.done().size();
            String retryReason;
            try {
                if (pass > 1) {
                    FunctionSnapshot previous = snapshot;
                    snapshot = sourceTally.during(() -> snapshotOf(previous.functionName()));
                    unit.secrets = unit.secrets.with(snapshot);
                }
                FunctionSnapshot current = snapshot;
                if (unit.tally.during(() -> replicateInto(mode, current, target, code, unit))) {
                    return unit.result(snapshot.functionName(), outcomeOf(mode, unit), null, null);
                }
                retryReason = "the replica no longer matched once the plan was applied";
            } catch (ConcurrentChangeException e) {
                retryReason = unit.secrets.mask(messageOf(e));
            } catch (RunStoppedException e) {
                return stopped(snapshot.functionName(), unit);
            } catch (Exception e) {
                return unit.result(snapshot.functionName(), Outcome.FAILED, unit.secrets.mask(messageOf(e)),
                        kindOf(e));
            }
            // Someone else changed the replica: read both sides again, so that nothing stale is written.
            unit.notes.add("pass " + pass + ": " + retryReason + "; planned again");
            fruitless = unit.applier.done().size() > doneBefore ? 0 : fruitless + 1;
            if (fruitless >= FRUITLESS_PASSES || pass >= MAX_PASSES) {
                return unit.result(snapshot.functionName(), Outcome.FAILED, retryReason + " (gave up after " + pass
                        + " attempts; the next run reconciles it)", FailureKind.TRANSIENT);
            }
            // Two writers that plan again at once collide again: the one that lost waits a random while, so that
            // the other can finish and this one plans against its result.
            stop.pause(conflictBackoff(fruitless));
            if (stop.isSet()) {
                return stopped(snapshot.functionName(), unit);
            }
        }
    }

    /** A random pause of up to 250 ms, doubled for each fruitless pass in a row, never more than 2 s. */
    static Duration conflictBackoff(int fruitlessPasses) {
        long ceiling = Math.min(2_000, 250L << Math.min(fruitlessPasses, 3));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 4, ceiling + 1));
    }

    private TargetResult stopped(String functionName, UnitOfWork unit) {
        unit.notes.add(stoppedNote());
        boolean begun = unit.plan != null || !unit.applier.done().isEmpty();
        return unit.result(functionName, begun ? Outcome.INCOMPLETE : Outcome.NOT_STARTED, null, null);
    }

    private static Outcome outcomeOf(Mode mode, UnitOfWork unit) {
        if (mode != Mode.APPLY) {
            return unit.plan.isEmpty() ? Outcome.UNCHANGED
                    : unit.plan.createsFunction() ? Outcome.CREATED : Outcome.UPDATED;
        }
        if (unit.applier.createdFunction()) {
            return Outcome.CREATED;
        }
        if (!unit.applier.done().isEmpty()) {
            return Outcome.UPDATED;
        }
        if (unit.status != SyncStatus.IN_SYNC) {
            unit.notes.add("another writer brought the replica in line at the same time; nothing was left to do");
        }
        return Outcome.UNCHANGED;
    }

    /**
     * One function in one region, as one run sees it over its passes: the first plan and the status it revealed, the
     * steps carried out, the environment values met (to mask), what to tell the operator, and the API calls made.
     */
    private static final class UnitOfWork {
        private final ReplicaRegion target;
        private final PlanApplier applier;
        private final ApiCallTally tally = new ApiCallTally();
        private final List<String> notes = new ArrayList<>();
        private SecretValues secrets = SecretValues.none();
        /** The replica's function URLs as last read: their addresses are the region's own, for the report. */
        private Map<String, FunctionUrl> urls = Map.of();
        /**
         * What differs and lambda-dr does not repair: layer content it cannot publish, event source mapping settings
         * only re-creation changes, container images gone from the target's repository.
         */
        private List<String> unrepairedDrift = List.of();
        /** Source version to replica version, as last read: those with another number are reported. */
        private Map<String, String> versionMap = Map.of();
        private ReplicationPlan plan;
        private SyncStatus status = SyncStatus.ERROR;

        UnitOfWork(ReplicaRegion target, PlanApplier applier) {
            this.target = target;
            this.applier = applier;
        }

        TargetResult result(String functionName, Outcome outcome, String error, FailureKind kind) {
            List<String> steps = plan == null ? List.of() : describe(plan);
            List<String> shownNotes = new ArrayList<>(notes);
            versionMap.entrySet().stream()
                    .filter(entry -> !entry.getKey().equals(entry.getValue()))
                    .sorted(Comparator.comparingLong(entry -> Long.parseLong(entry.getKey())))
                    .forEach(entry -> shownNotes.add("source version " + entry.getKey() + " is version "
                            + entry.getValue() + " in " + target.name() + ": the replica's version counter was "
                            + "already past " + entry.getKey() + " when it was published, and Lambda cannot "
                            + "renumber a version"));
            new TreeMap<>(urls).forEach((qualifier, url) -> shownNotes.add("function URL of "
                    + (qualifier.isEmpty() ? "the function" : "alias " + qualifier) + " in " + target.name() + ": "
                    + url.url()));
            List<String> drift = new ArrayList<>(plan == null ? List.of() : plan.driftedParts());
            drift.addAll(unrepairedDrift);
            SyncStatus shown = plan == null && outcome != Outcome.FAILED ? SyncStatus.NOT_CHECKED : status;
            return new TargetResult(functionName, target.name(), outcome, shown, steps, drift, applier.done(),
                    shownNotes, error, kind, tally.reads(), tally.writes(), tally.codeBytes());
        }
    }

    /** One pass: returns true when the replica matches the source (or, short of applying, once it is compared). */
    private boolean replicateInto(Mode mode, FunctionSnapshot snapshot, ReplicaRegion target, CodeCache code,
                                  UnitOfWork unit) {
        stop.throwIfSet("before planning");
        TargetMappings mappings = mappingsByRegion.getOrDefault(target.name(), TargetMappings.NONE);
        LayerCopies.Resolution layers = layerCopies.resolve(snapshot, target, mappings, mode == Mode.APPLY);
        unit.notes.addAll(layers.notes());
        FunctionSnapshot desired = new RegionTranslator(source.name(), target.name(), layers.applyTo(mappings))
                .translate(snapshot);
        unit.secrets = unit.secrets.with(desired);
        requireLayersIn(target, desired, Set.copyOf(layers.arns().values()));
        ReplicaReadScope scope = ReplicaReadScope.neededFor(desired);
        ReplicaState actual = target.read(snapshot.functionName(), scope);
        unit.secrets = unit.secrets.with(actual);
        desired = ReplicationPlanner.resolveEventSources(desired, actual, target::resolveEventSource);
        ReplicationPlan plan = planner.plan(desired, actual);
        if (!scope.aliases() && plan.steps().stream().anyMatch(PlanStep.DeleteVersion.class::isInstance)) {
            // A version an alias points at stays: the replica's own aliases are needed after all.
            scope = scope.withAliases();
            actual = target.read(snapshot.functionName(), scope);
            unit.secrets = unit.secrets.with(actual);
            plan = planner.plan(desired, actual);
        }
        if (unit.plan == null) {
            ReplicationPlanner.replicaOnlyStatements(desired, actual, plan.knownVersionMap()).forEach(statement ->
                    unit.notes.add("left alone, only in " + target.name() + "'s policy: " + statement));
            ReplicationPlanner.replicaOnlyInvokeConfigs(desired, actual, plan.knownVersionMap()).forEach(config ->
                    unit.notes.add("left alone, only in " + target.name() + ": event invoke configuration of "
                            + config));
            var mappingFindings = ReplicationPlanner.eventSourceMappingFindings(desired, actual,
                    plan.knownVersionMap());
            mappingFindings.replicaOnly().forEach(mapping -> unit.notes.add("left alone, only in " + target.name()
                    + ": event source mapping " + mapping));
            unit.unrepairedDrift = new ArrayList<>(layers.drift());
            unit.unrepairedDrift.addAll(mappingFindings.drift());
            unit.unrepairedDrift.addAll(ReplicationPlanner.creationOnlyDrift(desired, actual));
            unit.unrepairedDrift.addAll(imagesGoneFrom(target, desired, mode == Mode.APPLY ? imagesOf(plan)
                    : List.of()));
            unit.plan = plan;
            unit.versionMap = plan.knownVersionMap();
            unit.status = plan.isEmpty() && unit.unrepairedDrift.isEmpty() ? SyncStatus.IN_SYNC
                    : plan.createsFunction() ? SyncStatus.MISSING : SyncStatus.DRIFTED;
        }
        if (mode != Mode.APPLY || plan.isEmpty()) {
            unit.urls = actual.urls();
            return true;
        }
        requireImagesIn(target, plan);
        unit.applier.apply(plan, code);
        // Confirm: what the target holds now must need no further change. A difference means another writer acted
        // in between, and the caller plans again from fresh reads. Only what the plan wrote is read again: a part it
        // did not touch was in line a moment ago, and reading it again would cost the shared budget for nothing.
        ReplicaReadScope confirming = scope.confirming(plan);
        ReplicaState after = target.read(snapshot.functionName(), confirming).withUnreadFrom(actual, confirming);
        unit.secrets = unit.secrets.with(after);
        unit.urls = after.urls();
        ReplicationPlan remaining = planner.plan(desired, after);
        unit.versionMap = remaining.knownVersionMap();
        if (!remaining.isEmpty() && describe(remaining).equals(describe(plan))) {
            // Not someone else's doing: the very same changes are still needed, so Lambda did not keep them.
            throw new ReplicationException("the changes did not take effect in " + target.name() + ": after "
                    + describe(plan) + " the replica still differs in " + remaining.driftedParts()
                    + "; Lambda did not keep them", null, FailureKind.PERMANENT);
        }
        return remaining.isEmpty();
    }

    private static List<String> describe(ReplicationPlan plan) {
        return plan.steps().stream().map(PlanStep::describe).toList();
    }

    /**
     * Every layer of {@code $LATEST} and of every version must exist in the target before anything is written; the
     * ones lambda-dr replicated ({@code replicated}) were checked by content on the way.
     */
    private static void requireLayersIn(ReplicaRegion target, FunctionSnapshot desired, Set<String> replicated) {
        requireLayersIn(target, "", desired.config(), replicated);
        for (PublishedVersion version : desired.versions()) {
            requireLayersIn(target, "Version " + version.version() + ": ", version.config(), replicated);
        }
    }

    private static void requireLayersIn(ReplicaRegion target, String fieldPrefix, FunctionConfig config,
                                        Set<String> replicated) {
        List<String> missing = target.missingLayerVersions(config.layerArns().stream()
                .filter(arn -> !replicated.contains(arn)).toList());
        if (!missing.isEmpty()) {
            int index = config.layerArns().indexOf(missing.getFirst());
            throw new UntranslatableReferenceException(fieldPrefix + "Layers[" + index + "]", missing.getFirst(),
                    "this layer version of another account does not exist in " + target.name() + "; map the ARN "
                            + "of a layer version with the same content there under targets." + target.name()
                            + ".arns in the configuration file");
        }
    }

    /**
     * Every container image the plan makes the replica run must be in the target's ECR before anything is written:
     * Lambda would refuse it only after the function's other changes were made.
     */
    private static void requireImagesIn(ReplicaRegion target, ReplicationPlan plan) {
        List<String> images = imagesOf(plan);
        List<String> missing = images.isEmpty() ? List.of() : target.missingImages(images);
        if (!missing.isEmpty()) {
            String image = missing.getFirst();
            throw new ReplicationException("container image " + image + " is not in " + target.name() + ": ECR "
                    + "repository " + CodeIdentity.imageRepositoryOf(image) + " has no image with digest "
                    + CodeIdentity.imageDigestOf(image) + (missing.size() > 1 ? " (nor " + (missing.size() - 1)
                    + " more image(s) of this function)" : "") + ". Copy it there: ECR replication from the "
                    + "source registry does (lambda-dr ecr-replication sets the rule up), for images pushed after "
                    + "the rule exists; push an older image again. Then replicate again. Nothing was written.",
                    null, FailureKind.PERMANENT);
        }
    }

    /** The container images the plan makes the replica run. */
    private static List<String> imagesOf(ReplicationPlan plan) {
        return plan.steps().stream()
                .map(step -> switch (step) {
                    case PlanStep.CreateFunction create -> create.code();
                    case PlanStep.UpdateCode update -> update.code();
                    default -> null;
                })
                .filter(code -> code != null && !code.isZip())
                .map(CodeIdentity::imageUri).distinct().toList();
    }

    /**
     * The container images the replica runs, or is to run, that are not in the target's ECR (those the plan is about
     * to put in, {@code checkedWhenApplied}, aside): an image deleted from the repository after the replica was made
     * leaves a replica Lambda cannot start again once it has been idle, and only a push of the image repairs it.
     */
    private static List<String> imagesGoneFrom(ReplicaRegion target, FunctionSnapshot desired,
                                               List<String> checkedWhenApplied) {
        List<String> images = Stream.concat(Stream.of(desired.code()),
                        desired.versions().stream().map(PublishedVersion::code))
                .filter(code -> !code.isZip()).map(CodeIdentity::imageUri)
                .filter(image -> !checkedWhenApplied.contains(image)).distinct().toList();
        return images.isEmpty() ? List.of() : target.missingImages(images).stream()
                .map(image -> "container image " + image + " (not in ECR repository "
                        + CodeIdentity.imageRepositoryOf(image) + " in " + target.name() + "; push digest "
                        + CodeIdentity.imageDigestOf(image) + " there: ECR replication copies only images pushed "
                        + "after its rule exists)")
                .toList();
    }

    /** Whether trying again can help: lambda-dr's own failures say; the rest the adapters' classifier decides. */
    private FailureKind kindOf(Throwable failure) {
        return switch (failure) {
            case ReplicationException replication -> replication.kind();
            case UntranslatableReferenceException untranslatable -> FailureKind.PERMANENT;
            case NotAReplicaException notAReplica -> FailureKind.PERMANENT;
            default -> classifier.kindOf(failure);
        };
    }

    /** The message of an error, or its kind when it has none; callers mask it before it leaves. */
    static String messageOf(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private static <T> T await(Future<T> run) {
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replicating", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("replication worker failed unexpectedly", e.getCause());
        }
    }
}
