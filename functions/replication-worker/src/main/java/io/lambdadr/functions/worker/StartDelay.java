package io.lambdadr.functions.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the worker waits before it reads the source, for a work item that asks it to start later (so that the
 * rest of a burst of changes lands first and one run copies them all).
 */
final class StartDelay {

    private StartDelay() {
    }

    /**
     * The wait before a run that should start after {@code startAfter}: until then, but never more than half the
     * run's budget. A wait that used up the invocation would only trade this run for a retry a minute later; with
     * half the budget left, the run still has the time it needs, and the changes it waited for have mostly landed.
     *
     * @param startAfter when the work item asks the run to start, or null to start at once
     * @param now        the time now
     * @param runBudget  how long the invocation may still start work (its stop signal's remaining time)
     */
    static Duration before(Instant startAfter, Instant now, Duration runBudget) {
        if (startAfter == null || !startAfter.isAfter(now)) {
            return Duration.ZERO;
        }
        Duration wanted = Duration.between(now, startAfter);
        Duration most = runBudget.isNegative() ? Duration.ZERO : runBudget.dividedBy(2);
        return wanted.compareTo(most) <= 0 ? wanted : most;
    }
}
