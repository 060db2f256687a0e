package io.lambdadr.core.engine;

import java.util.List;

/**
 * Everything one run did: per function the cost of reading it, per function and target region the outcome.
 *
 * @param sources one entry per function, in the order asked
 * @param targets one entry per function and target region, in the order asked
 */
public record ReplicationReport(List<SourceResult> sources, List<TargetResult> targets) {

    public ReplicationReport {
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
    }

    public boolean anyFailed() {
        return targets.stream().anyMatch(TargetResult::failed);
    }

    /** Whether the run stopped (deadline, signal) before finishing every function and region. */
    public boolean anyStopped() {
        return targets.stream().anyMatch(TargetResult::stopped);
    }

    public long totalReads() {
        return sources.stream().mapToLong(SourceResult::reads).sum() + targets.stream().mapToLong(TargetResult::reads).sum();
    }

    public long totalWrites() {
        return targets.stream().mapToLong(TargetResult::writes).sum();
    }

    public long totalCodeBytes() {
        return sources.stream().mapToLong(SourceResult::codeBytesDownloaded).sum()
                + targets.stream().mapToLong(TargetResult::codeBytes).sum();
    }
}
