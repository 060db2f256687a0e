package io.lambdadr.functions.common;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdadr.core.engine.StopSignal;
import java.time.Duration;

/**
 * A run's deadline inside Lambda: the invocation's remaining time, minus a margin in which the steps under way can
 * finish (each call is bounded by the network timeouts) and the handler can record and report. Without it, Lambda
 * would end the invocation mid-step with no report.
 */
public final class InvocationDeadline {

    /** Two whole calls at the default bounds, plus a few seconds for the state table and the metrics. */
    public static final Duration MARGIN = Duration.ofSeconds(45);

    private InvocationDeadline() {
    }

    /** Stops new work {@link #MARGIN} before the invocation times out (at once if less time than that is left). */
    public static StopSignal of(Context context) {
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration budget = remaining.minus(MARGIN);
        return StopSignal.after(budget.isNegative() ? Duration.ZERO : budget);
    }
}
