package io.lambdadr.functions.worker;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationReport;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.functions.common.WorkItem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one work item came to: the run's report, how far each replica brought in line had been behind its source,
 * and whether Lambda should try the work item again.
 *
 * @param item   the work item
 * @param report the replication run's report
 * @param lags   per target region brought in line (or found in line), the lag; regions that failed are absent
 */
record WorkOutcome(WorkItem item, ReplicationReport report, Map<String, Duration> lags) {

    WorkOutcome {
        lags = Map.copyOf(lags);
    }

    /** Whether a region can still succeed on a later attempt: it failed transiently, or the run stopped first. */
    static boolean retryable(TargetResult result) {
        return result.stopped() || result.failed() && result.failureKind() != FailureKind.PERMANENT;
    }

    /** The regions another attempt can still bring in line. */
    List<TargetResult> unfinished() {
        return report.targets().stream().filter(WorkOutcome::retryable).toList();
    }

    /** Whether the invocation must fail, so that Lambda retries the work item and then sends it to OnFailure. */
    boolean mustRetry() {
        return !unfinished().isEmpty();
    }

    /** The failure to end the invocation with, naming each unfinished region and why. */
    ReplicationIncompleteException retryException() {
        return new ReplicationIncompleteException(item.function(), unfinished());
    }

    /** What the invocation answers (read by synchronous callers and tests): each region's outcome. */
    Map<String, Object> summary() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        report.targets().forEach(result -> outcomes.put(result.targetRegion(), result.outcome().label()));
        return Map.of("function", item.function(), "outcomes", outcomes);
    }
}
