package io.lambdadr.core.engine;

/**
 * Tells whether a failure the engine does not know (one an adapter let through, such as an AWS service error) is
 * worth retrying. The adapters provide it, since only they know their errors.
 */
@FunctionalInterface
public interface FailureClassifier {

    /** Unknown failures are retried: an in-sync replica costs no writes, and alerts follow the last retry anyway. */
    FailureClassifier RETRY_UNKNOWN = failure -> FailureKind.TRANSIENT;

    FailureKind kindOf(Throwable failure);
}
