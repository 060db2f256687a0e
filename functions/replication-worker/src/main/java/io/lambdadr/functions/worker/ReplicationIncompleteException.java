package io.lambdadr.functions.worker;

import io.lambdadr.core.engine.TargetResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ends a worker invocation that left regions for a later attempt (a transient failure, a run stopped by the
 * invocation's deadline), so that Lambda retries the work item and, once its retries are used up, sends it to the
 * OnFailure destination, whose record carries this message. Errors come from the engine, already free of environment
 * variable values.
 */
public final class ReplicationIncompleteException extends RuntimeException {

    ReplicationIncompleteException(String function, List<TargetResult> unfinished) {
        super(function + " was not replicated into every target region: " + unfinished.stream()
                .map(result -> result.targetRegion() + ": " + ReplicaRecords.errorOf(result))
                .collect(Collectors.joining("; ")) + ". Lambda tries the work item again; once its retries are used "
                + "up, the work item goes to the OnFailure destination.");
    }
}
