package io.lambdadr.benchmark;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved on by hand: a benchmark lives through a day of schedule ticks in minutes, while the handlers
 * read the time from their wiring as they do in Lambda.
 */
final class SimulatedClock extends Clock {

    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    /** Moves the clock on by {@code step}. */
    void advance(Duration step) {
        ahead.accumulateAndGet(step, Duration::plus);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is in UTC, as Lambda's is");
    }
}
