package io.lambdadr.functions.alerts;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.AlertPublisher;
import io.lambdadr.functions.common.HandlerMetrics;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the failure records of the stack's asynchronously invoked functions into alerts people can act on: which
 * function failed and on what, where, the error, whether retrying can help and what to do; each alert carries the raw
 * record, for the archive that {@code redrive} reads. An alert is never lost to a record it cannot read: that one goes
 * out raw, with a line saying so.
 */
final class FailureReporter {

    /** How much of an unreadable record the alert's text quotes; the whole record travels with the alert anyway. */
    static final int QUOTED_CHARACTERS = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FailureReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // Errors of that sort pass on their own: throttling, conflicts, timeouts, service errors, stalls.
    private static final Pattern TEMPORARY = Pattern.compile("(?i)TooManyRequests|throttl|rate exceeded|timed out|"
            + "timeout|ResourceConflict|ServiceException|Service Unavailable|status code: 5\\d\\d|stall|"
            + "ConcurrentChange|temporar|try again");
    private static final String WORKER_RETRY = "io.lambdadr.functions.worker.ReplicationIncompleteException";
    private static final String REDRIVE = "{\"command\": \"redrive\"}";

    private final AlertPublisher alerts;
    private final HandlerMetrics metrics;

    FailureReporter(AlertPublisher alerts, HandlerMetrics metrics) {
        this.alerts = alerts;
        this.metrics = metrics;
    }

    /**
     * Alerts one failure record.
     *
     * @throws RuntimeException when the alert could not be published (the caller's own failure destination then
     *                          delivers the record raw)
     */
    void report(Map<String, Object> record) {
        String raw = rawOf(record);
        Alert alert;
        try {
            alert = alertOf(FailureRecord.read(JSON.readTree(raw)), raw);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("failure record unreadable; alerting it raw", entry("problem", String.valueOf(e.getMessage())));
            alert = unreadable(raw, String.valueOf(e.getMessage()));
            metrics.count("UnreadableFailureRecords");
        }
        alerts.publish(alert);
        LOG.info("failure alerted", entry("function", alert.function()), entry("region", alert.region()));
        metrics.count("FailuresAlerted");
    }

    static Alert alertOf(FailureRecord failure, String raw) {
        List<String> targets = failure.regionsInError();
        String subject = failure.replicatedFunction()
                .map(replicated -> "lambda-dr: replicating " + replicated + " failed")
                .orElse("lambda-dr: " + failure.function() + " failed")
                + (targets.isEmpty() ? "" : " in " + String.join(", ", targets)) + " (" + conditionWords(failure) + ")";
        String function = failure.function() + failure.replicatedFunction()
                .map(replicated -> ", replicating " + replicated).orElse("");
        String region = failure.region() + " (where " + failure.function() + " runs)"
                + (targets.isEmpty() ? "" : "; the error names " + String.join(", ", targets));
        String whatHappened = failure.errorMessage().orElse("no error message: the event did not run to an error")
                + failure.errorType().map(type -> "\nerror type: " + type).orElse("")
                + "\n" + verdict(failure);
        return new Alert(subject, function, region, whatHappened, kindOf(failure), whatToDo(failure), raw);
    }

    private static String conditionWords(FailureRecord failure) {
        return switch (failure.condition()) {
            case FailureRecord.RETRIES_EXHAUSTED -> "retries exhausted";
            case FailureRecord.EVENT_AGE_EXCEEDED -> "event too old";
            default -> failure.condition();
        };
    }

    private static String verdict(FailureRecord failure) {
        return switch (failure.condition()) {
            case FailureRecord.RETRIES_EXHAUSTED -> "Lambda gave up (RetriesExhausted): it ran the event "
                    + failure.attempts() + " time(s) and every attempt failed.";
            case FailureRecord.EVENT_AGE_EXCEEDED -> "Lambda gave up (EventAgeExceeded): the event waited in "
                    + "Lambda's queue longer than the maximum event age; it ran " + failure.attempts() + " time(s).";
            default -> "Lambda gave up (" + failure.condition() + ") after " + failure.attempts() + " attempt(s).";
        };
    }

    /**
     * A queue that drained too slowly, the worker's own verdict (it fails an invocation only for what a retry may
     * cure, and alerts the rest itself), or an error that reads as temporary, can pass; anything else needs a person.
     */
    private static FailureKind kindOf(FailureRecord failure) {
        if (failure.condition().equals(FailureRecord.EVENT_AGE_EXCEEDED)
                || failure.errorType().filter(WORKER_RETRY::equals).isPresent()) {
            return FailureKind.TRANSIENT;
        }
        String error = failure.errorType().orElse("") + " " + failure.errorMessage().orElse("");
        return TEMPORARY.matcher(error).find() ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
    }

    private static String whatToDo(FailureRecord failure) {
        String again = failure.replicatedFunction()
                .map(replicated -> "The next scheduled reconcile will try " + replicated + " again on its own.")
                .orElse("The next scheduled reconcile catches up on whatever this event would have changed.");
        return switch (failure.condition()) {
            case FailureRecord.RETRIES_EXHAUSTED -> "Lambda tried " + failure.attempts() + " time(s). " + again
                    + " If the error needs a fix (a permission, a mapping, a quota, a bug), fix it first; then send "
                    + "the command " + REDRIVE + " to run this event again now.";
            case FailureRecord.EVENT_AGE_EXCEEDED -> "Events waited longer than the maximum event age: "
                    + failure.function() + "'s reserved concurrency may be too low for the fleet (for the worker, "
                    + "the WorkerConcurrency parameter), or its runs too slow. " + again + " To catch up now, raise "
                    + "the concurrency or the maximum event age, then send the command " + REDRIVE + ".";
            default -> again + " After fixing the cause, send the command " + REDRIVE + " to run this event again.";
        };
    }

    private static Alert unreadable(String raw, String why) {
        String quoted = raw.length() <= QUOTED_CHARACTERS ? raw
                : raw.substring(0, QUOTED_CHARACTERS) + "… (" + raw.length() + " characters)";
        return new Alert("lambda-dr: a failure record could not be read", null, null,
                "a function of the lambda-dr stack failed, and its failure record could not be read (" + why
                        + "). The record, as received:\n" + quoted,
                null, "Read the record: requestContext.functionArn names the function that failed and "
                        + "responsePayload.errorMessage the error. The next scheduled reconcile catches up on "
                        + "replication; redrive cannot run a record it cannot read.", raw);
    }

    private static String rawOf(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException | RuntimeException e) {
            // Whatever the runtime handed over, people get something to read.
            return String.valueOf(record);
        }
    }
}
