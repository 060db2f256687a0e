package io.lambdadr.core.engine;

import java.util.List;
import java.util.Locale;

/**
 * What happened to one function in one target region.
 *
 * @param functionName the function
 * @param targetRegion the target region
 * @param outcome      what the run did (or, for a plan, would do)
 * @param status       how the replica compared with its source before the run
 * @param plan         the planned steps, for people
 * @param drift        the parts of the replica that differed from the source before the run
 * @param done         the steps this run carried out, in order (a stopped run did these and not the rest)
 * @param notes        what an operator should know beyond the outcome (another writer changed the replica at the
 *                     same time, why the run stopped); free of environment variable values
 * @param error        why it failed, or null
 * @param failureKind  whether trying again can help a failure; null unless it failed
 * @param reads        read API calls made against the target region (HTTP attempts, retries included)
 * @param writes       mutating API calls made against the target region
 * @param codeBytes    code bytes uploaded to the target region
 */
public record TargetResult(
        String functionName,
        String targetRegion,
        Outcome outcome,
        SyncStatus status,
        List<String> plan,
        List<String> drift,
        List<String> done,
        List<String> notes,
        String error,
        FailureKind failureKind,
        long reads,
        long writes,
        long codeBytes) {

    public TargetResult {
        plan = plan == null ? List.of() : List.copyOf(plan);
        drift = drift == null ? List.of() : List.copyOf(drift);
        done = done == null ? List.of() : List.copyOf(done);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** What a replication run did to a replica. */
    public enum Outcome {
        CREATED, UPDATED, UNCHANGED, FAILED,
        /** The run was stopped (deadline, signal) after it started on this replica: {@code done} lists how far. */
        INCOMPLETE,
        /** The run was stopped before it started on this replica. */
        NOT_STARTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How a replica compares with its source. */
    public enum SyncStatus {
        IN_SYNC("in-sync"), DRIFTED("drifted"), MISSING("missing"), ERROR("error"),
        /** The run stopped before it compared this replica with its source. */
        NOT_CHECKED("not-checked");

        private final String label;

        SyncStatus(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    /** Whether the run stopped before finishing this replica. */
    public boolean stopped() {
        return outcome == Outcome.INCOMPLETE || outcome == Outcome.NOT_STARTED;
    }
}
