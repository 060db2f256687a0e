package io.lambdadr.functions.common;

import io.lambdadr.core.engine.FailureKind;
import java.time.Duration;
import java.time.Instant;

/**
 * What the state table records of one replica after a worker's run: a cache of what the replica's own markers say,
 * kept to answer cheaply (the reconcile's comparison, lag, the last error), never the only copy.
 *
 * @param function          the function
 * @param targetRegion      the replica's region
 * @param sourceFingerprint the source's fingerprint the replica was last brought in line with, or null when unknown
 * @param replicatedAt      when the worker last finished with it
 * @param lag               how far the replica was behind its source when it was brought in line (the RPO achieved)
 * @param outcome           created, updated, unchanged, failed, ...
 * @param lastError         the last error, masked; null after a success
 * @param lastErrorKind     whether retrying could help that error; null after a success
 * @param lastBaseline      the last baseline tag the replica was recorded at, or null
 */
public record ReplicaRecord(String function, String targetRegion, String sourceFingerprint, Instant replicatedAt,
                            Duration lag, String outcome, String lastError, FailureKind lastErrorKind,
                            String lastBaseline) {
}
