package io.lambdadr.functions.worker;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.core.engine.TargetResult.Outcome;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.WorkItem;
import java.time.Duration;
import java.time.Instant;

/** What the state table records of one replica once a work item's run is over. */
final class ReplicaRecords {

    private ReplicaRecords() {
    }

    /** Whether the replica matches its source after the run: brought in line, or found in line. */
    static boolean inLine(TargetResult result) {
        return result.outcome() == Outcome.CREATED || result.outcome() == Outcome.UPDATED
                || result.outcome() == Outcome.UNCHANGED;
    }

    /**
     * The record of {@code result}. In line, it carries the fingerprint the sender saw (what the scheduled reconcile
     * compares) and the lag; otherwise no fingerprint, since what the replica holds is unknown, and the error.
     *
     * @param previous what the table held of the replica before, or null: its last baseline is kept when this run
     *                 records none
     * @param now      when the run ended
     */
    static ReplicaRecord of(WorkItem item, TargetResult result, ReplicaRecord previous, Instant now) {
        boolean inLine = inLine(result);
        String baseline = inLine && item.baseline() != null ? item.baseline()
                : previous == null ? null : previous.lastBaseline();
        if (inLine) {
            return new ReplicaRecord(item.function(), result.targetRegion(), item.sourceFingerprint(), now,
                    lag(item, result, now), result.outcome().label(), null, null, baseline);
        }
        FailureKind kind = result.failed() && result.failureKind() != null ? result.failureKind()
                : FailureKind.TRANSIENT;
        return new ReplicaRecord(item.function(), result.targetRegion(), null, now, Duration.ZERO,
                result.outcome().label(), errorOf(result), kind, baseline);
    }

    /**
     * How far the replica was behind its source: from when the source changed (or the work was asked for) until now
     * when this run changed the replica; nothing when it was in line already.
     */
    static Duration lag(WorkItem item, TargetResult result, Instant now) {
        boolean changed = result.outcome() == Outcome.CREATED || result.outcome() == Outcome.UPDATED;
        if (!changed || item.requestedAt() == null || item.requestedAt().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(item.requestedAt(), now);
    }

    /** Why a region is not in line: the engine's error (already masked), or why the run stopped before it. */
    static String errorOf(TargetResult result) {
        if (result.error() != null) {
            return result.error();
        }
        return result.notes().isEmpty() ? "not finished: the run stopped" : result.notes().getLast();
    }
}
