package io.lambdadr.core.usecase;

import io.lambdadr.core.engine.ReplicationReport;
import java.util.List;
import java.util.Optional;

/**
 * What a replication run did, and what its caller should tell a person.
 *
 * @param report     per function and target region, the outcome
 * @param warnings   things worth a person's attention that did not stop the run (mappings for a region the run does
 *                   not replicate into, no protected function found)
 * @param stopReason why the run stopped before finishing (deadline, signal), when it did
 */
public record ReplicationOutcome(ReplicationReport report, List<String> warnings, Optional<String> stopReason) {

    public ReplicationOutcome {
        warnings = List.copyOf(warnings);
    }
}
