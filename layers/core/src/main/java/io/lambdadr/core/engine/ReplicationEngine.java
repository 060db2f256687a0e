package io.lambdadr.core.engine;

import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.PlanStep;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.RegionTranslator;
import io.lambdadr.core.domain.ReplicaState;
import io.lambdadr.core.domain.ReplicationPlan;
import io.lambdadr.core.domain.ReplicationPlanner;
import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.domain.UntranslatableReferenceException;
import io.lambdadr.core.engine.TargetResult.Outcome;
import io.lambdadr.core.engine.TargetResult.SyncStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Replicates functions from one source region into target regions: snapshot, translate, plan, apply.
 *
 * <p>One unit of work is one function into one target region. Functions run in parallel (bounded by
 * {@code parallelism}); the targets of one function run one after the other and share its downloaded code. A failure
 * fails that unit only: the other functions and regions are still processed.
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

    /** Attempts per unit of work when the replica keeps changing under it. */
    static final int CONCURRENT_CHANGE_ATTEMPTS = 3;

    private final SourceRegion source;
    private final List<ReplicaRegion> targets;
    private final Map<String, TargetMappings> mappingsByRegion;
    private final int parallelism;
    private final Path workDir;
    private final ReplicationPlanner planner = new ReplicationPlanner();

    /**
     * @param source           the source region
     * @param targets          the target regions, in report order
     * @param mappingsByRegion explicit translations per target region (absent means none)
     * @param parallelism      how many functions are worked on at once
     * @param workDir          where downloaded code is staged (deleted after each function)
     */
    public ReplicationEngine(SourceRegion source, List<ReplicaRegion> targets, Map<String, TargetMappings> mappingsByRegion,
                             int parallelism, Path workDir) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.source = source;
        this.targets = List.copyOf(targets);
        this.mappingsByRegion = Map.copyOf(mappingsByRegion);
        this.parallelism = parallelism;
        this.workDir = workDir;
    }

    /**
     * Runs every function into every target region.
     *
     * @param mode      plan, apply or status
     * @param functions function names, in report order
     * @param progress  told of each finished function and region, from worker threads
     */
    public ReplicationReport run(Mode mode, List<String> functions, Consumer<TargetResult> progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, functions.size())));
        try {
            List<Future<FunctionRun>> runs = new ArrayList<>();
            for (String function : functions) {
                runs.add(pool.submit(() -> runFunction(mode, function, progress)));
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
        }
    }

    private record FunctionRun(SourceResult source, List<TargetResult> targets) {
    }

    private FunctionRun runFunction(Mode mode, String functionName, Consumer<TargetResult> progress) {
        ApiCallTally sourceTally = new ApiCallTally();
        FunctionSnapshot snapshot;
        try {
            snapshot = sourceTally.during(() -> source.snapshot(functionName));
        } catch (Exception e) {
            String error = messageOf(e);
            List<TargetResult> failed = new ArrayList<>();
            for (ReplicaRegion target : targets) {
                TargetResult result = new TargetResult(functionName, target.name(), Outcome.FAILED, SyncStatus.ERROR,
                        List.of(), List.of(), error, 0, 0, 0);
                progress.accept(result);
                failed.add(result);
            }
            return new FunctionRun(new SourceResult(functionName, error, sourceTally.reads(), 0), failed);
        }
        List<TargetResult> results = new ArrayList<>();
        try (CodeCache code = new CodeCache(source, functionName, sourceTally, workDir)) {
            for (ReplicaRegion target : targets) {
                TargetResult result = runTarget(mode, snapshot, sourceTally, target, code);
                progress.accept(result);
                results.add(result);
            }
        }
        return new FunctionRun(new SourceResult(functionName, null, sourceTally.reads(), sourceTally.codeBytes()),
                results);
    }

    private TargetResult runTarget(Mode mode, FunctionSnapshot firstSnapshot, ApiCallTally sourceTally,
                                   ReplicaRegion target, CodeCache code) {
        ApiCallTally tally = new ApiCallTally();
        PlanProgress progress = new PlanProgress();
        FunctionSnapshot snapshot = firstSnapshot;
        for (int attempt = 1; ; attempt++) {
            try {
                FunctionSnapshot current = snapshot;
                Outcome outcome = tally.during(() -> replicateInto(mode, current, target, code, progress));
                return result(snapshot, target, outcome, progress, null, tally);
            } catch (ConcurrentChangeException e) {
                if (attempt >= CONCURRENT_CHANGE_ATTEMPTS) {
                    return result(snapshot, target, Outcome.FAILED, progress, messageOf(e, snapshot, progress.desired)
                            + " (gave up after " + attempt + " attempts; the next run reconciles it)", tally);
                }
                // Someone else changed the replica: read both sides again, so that nothing stale is written.
                try {
                    snapshot = sourceTally.during(() -> source.snapshot(firstSnapshot.functionName()));
                } catch (Exception reread) {
                    return result(snapshot, target, Outcome.FAILED, progress, messageOf(reread, snapshot), tally);
                }
            } catch (Exception e) {
                return result(snapshot, target, Outcome.FAILED, progress, messageOf(e, snapshot, progress.desired),
                        tally);
            }
        }
    }

    /** The plan of a unit of work and the status it revealed, kept when applying the plan fails. */
    private static final class PlanProgress {
        private FunctionSnapshot desired;
        private ReplicationPlan plan;
        private SyncStatus status = SyncStatus.ERROR;
    }

    private Outcome replicateInto(Mode mode, FunctionSnapshot snapshot, ReplicaRegion target, CodeCache code,
                                  PlanProgress progress) {
        FunctionSnapshot desired = new RegionTranslator(source.name(), target.name(),
                mappingsByRegion.getOrDefault(target.name(), TargetMappings.NONE)).translate(snapshot);
        progress.desired = desired;
        requireLayersIn(target, desired);
        ReplicaState actual = target.read(snapshot.functionName());
        ReplicationPlan plan = planner.plan(desired, actual);
        progress.plan = plan;
        progress.status = plan.isEmpty() ? SyncStatus.IN_SYNC
                : plan.createsFunction() ? SyncStatus.MISSING : SyncStatus.DRIFTED;
        if (mode == Mode.APPLY && !plan.isEmpty()) {
            new PlanApplier(target).apply(plan, code);
        }
        return plan.isEmpty() ? Outcome.UNCHANGED : plan.createsFunction() ? Outcome.CREATED : Outcome.UPDATED;
    }

    /** Every layer of {@code $LATEST} and of every version must exist in the target before anything is written. */
    private static void requireLayersIn(ReplicaRegion target, FunctionSnapshot desired) {
        requireLayersIn(target, "", desired.config());
        for (PublishedVersion version : desired.versions()) {
            requireLayersIn(target, "Version " + version.version() + ": ", version.config());
        }
    }

    private static void requireLayersIn(ReplicaRegion target, String fieldPrefix, FunctionConfig config) {
        List<String> missing = target.missingLayerVersions(config.layerArns());
        if (!missing.isEmpty()) {
            int index = config.layerArns().indexOf(missing.getFirst());
            throw new UntranslatableReferenceException(fieldPrefix + "Layers[" + index + "]", missing.getFirst(),
                    "this layer version does not exist in " + target.name() + "; publish it there and map it under "
                            + "targets." + target.name() + ".arns in the configuration file");
        }
    }

    private static TargetResult result(FunctionSnapshot snapshot, ReplicaRegion target, Outcome outcome,
                                       PlanProgress progress, String error, ApiCallTally tally) {
        ReplicationPlan plan = progress.plan;
        List<String> steps = plan == null ? List.of() : plan.steps().stream().map(PlanStep::describe).toList();
        List<String> drift = plan == null ? List.of() : List.copyOf(plan.driftedParts());
        return new TargetResult(snapshot.functionName(), target.name(), outcome, progress.status, steps, drift, error,
                tally.reads(), tally.writes(), tally.codeBytes());
    }

    /**
     * An operator-facing message. Environment variable values are secrets: any that an underlying error message
     * happens to echo, as read from the source or as translated for the target, is masked; longest first, so that
     * a value containing another is masked whole. Values shorter than four characters are left alone, as masking
     * them would garble the message without protecting anything.
     */
    static String messageOf(Throwable error, FunctionSnapshot... snapshots) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        List<String> secrets = new ArrayList<>();
        for (FunctionSnapshot snapshot : snapshots) {
            if (snapshot == null) {
                continue;
            }
            secrets.addAll(snapshot.config().environment().values());
            snapshot.versions().forEach(version -> secrets.addAll(version.config().environment().values()));
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                message = message.replace(secret, "****");
            }
        }
        return message;
    }

    private static FunctionRun await(Future<FunctionRun> run) {
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
