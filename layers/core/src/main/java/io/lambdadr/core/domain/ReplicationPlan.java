package io.lambdadr.core.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ordered changes that bring one replica in line with its source.
 *
 * @param functionName     the function
 * @param targetRegion     the region of the replica
 * @param steps            the changes, in the order they must be made
 * @param knownVersionMap  source-to-target versions already present and verified on the replica
 * @param expectedRevision the RevisionId of {@code $LATEST} the plan was made against: every change to
 *                         {@code $LATEST}, and every publish, is made on condition that the function still holds the
 *                         revision the previous change left, starting from this one, so that a change made by someone
 *                         else in between is never overwritten nor published (null: no condition)
 */
public record ReplicationPlan(String functionName, String targetRegion, List<PlanStep> steps,
                              Map<String, String> knownVersionMap, String expectedRevision) {

    public ReplicationPlan {
        steps = List.copyOf(steps);
        knownVersionMap = Map.copyOf(knownVersionMap);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    public boolean createsFunction() {
        return steps.stream().anyMatch(PlanStep.CreateFunction.class::isInstance);
    }

    /** The parts of the replica that differ from the source, in plan order, without repeats. */
    public Set<String> driftedParts() {
        Set<String> parts = new LinkedHashSet<>();
        steps.forEach(step -> parts.add(step.part()));
        return parts;
    }
}
