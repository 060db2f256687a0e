package io.lambdadr.functions.reconcile;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ends a reconcile that could not send some work items to the worker, after it sent the others, so that Lambda
 * retries it (the retry skips what the workers have brought in line meanwhile) and, failing that, sends it to the
 * OnFailure destination.
 */
public final class WorkNotSentException extends RuntimeException {

    WorkNotSentException(Map<String, String> notSent) {
        super("could not send the work items of " + notSent.size() + " functions to the replication worker: "
                + notSent.entrySet().stream().map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
                .collect(Collectors.joining(", "))
                + ". Lambda retries the reconcile; check the worker exists and the reconcile may invoke it.");
    }
}
