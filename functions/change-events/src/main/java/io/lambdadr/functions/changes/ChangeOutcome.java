package io.lambdadr.functions.changes;

import java.util.Locale;

/** What the change-events flow did with one event, and the metric that counts it. */
enum ChangeOutcome {
    /** The worker was sent the function. */
    DISPATCHED("WorkDispatched"),
    /** Another event of the same burst already sent the worker, which will read this change too. */
    COALESCED("ChangesCoalesced"),
    /** The function does not carry the protect tag. */
    NOT_PROTECTED("ChangesNotProtected"),
    /** The function was deleted since the call. */
    FUNCTION_GONE("ChangesOfDeletedFunctions"),
    /** The call failed (the event has an errorCode): nothing changed. */
    FAILED_CALL("FailedCallsIgnored"),
    /** The call was made in another region than the source region. */
    OTHER_REGION("OtherRegionCallsIgnored"),
    /** A call that changes nothing a replica copies (a read, another service, an operation not replicated). */
    NOT_A_CHANGE("OtherCallsIgnored"),
    /** The event does not say what it is about: alerted, not retried. */
    MALFORMED("MalformedChangeEvents");

    private final String metric;

    ChangeOutcome(String metric) {
        this.metric = metric;
    }

    /** The metric that counts this outcome. */
    String metric() {
        return metric;
    }

    /** The outcome as the handler returns it: {@code not-protected}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
