package io.lambdadr.functions.reconcile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile did.
 *
 * @param protectedFunctions how many protected functions the source region holds
 * @param dispatched         the functions sent to the worker
 * @param skipped            how many were in line everywhere and left alone
 * @param notReached         how many the invocation's deadline left for the next reconcile
 * @param notSent            the functions whose work item could not be sent, with why
 */
record ReconcileSummary(int protectedFunctions, List<String> dispatched, int skipped, int notReached,
                        Map<String, String> notSent) {

    ReconcileSummary {
        dispatched = List.copyOf(dispatched);
        notSent = Map.copyOf(notSent);
    }

    /** What the invocation answers. */
    Map<String, Object> toMap() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("protectedFunctions", protectedFunctions);
        answer.put("dispatched", dispatched.size());
        answer.put("skipped", skipped);
        answer.put("notReached", notReached);
        answer.put("notSent", notSent.size());
        return answer;
    }
}
