package io.lambdadr.functions.commands;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.core.engine.TargetResult.SyncStatus;
import io.lambdadr.core.usecase.ReplicationOutcome;
import io.lambdadr.functions.common.Alert;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A status run as people read it: one line per function and target region (in-sync, drifted with the parts that
 * differ, missing, error with the error), headed by the count of each. Never holds environment variable values: the
 * engine names drifted parts, not their contents.
 */
final class StatusReport {

    private StatusReport() {
    }

    /** The report as a notice for the alerts topic. */
    static Alert alertOf(ReplicationOutcome outcome) {
        List<TargetResult> results = outcome.report().targets();
        Map<SyncStatus, Long> counts = new EnumMap<>(SyncStatus.class);
        results.forEach(result -> counts.merge(result.status(), 1L, Long::sum));
        long notInSync = results.size() - counts.getOrDefault(SyncStatus.IN_SYNC, 0L);
        String tally = counts.entrySet().stream().map(entry -> entry.getValue() + " " + entry.getKey().label())
                .collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder();
        text.append(notInSync == 0 ? "nothing: " : notInSync + " of " + results.size() + " replica(s) not in sync: ")
                .append(results.isEmpty() ? "no replica was compared" : tally)
                .append(results.isEmpty() ? "" : "; per function and target region:");
        results.forEach(result -> text.append('\n').append(line(result)));
        outcome.warnings().forEach(warning -> text.append("\nnote: ").append(warning));
        outcome.stopReason().ifPresent(reason -> text.append("\nnote: the comparison stopped early (").append(reason)
                .append("); send the command again for the rest"));
        String whatToDo = notInSync == 0
                ? "Nothing: every replica compared matches its source."
                : "Drifted and missing replicas are brought in line by the next scheduled reconcile, or now with "
                        + "{\"command\": \"replicate\", \"functions\": [...]}. An error needs its cause fixed first.";
        return new Alert("lambda-dr status: " + (results.isEmpty() ? "nothing compared" : tally), null, null,
                text.toString(), null, whatToDo, null);
    }

    private static String line(TargetResult result) {
        String head = result.functionName() + " in " + result.targetRegion() + ": " + result.status().label();
        return switch (result.status()) {
            case DRIFTED -> head + (result.drift().isEmpty() ? "" : " (" + String.join(", ", result.drift()) + ")");
            case ERROR -> head + ": " + result.error() + (result.failureKind() == FailureKind.PERMANENT
                    ? " [needs a fix]" : " [retrying may help]");
            case NOT_CHECKED -> head + " (the comparison stopped before it)";
            case IN_SYNC, MISSING -> head;
        };
    }
}
