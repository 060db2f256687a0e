package io.lambdadr.core.aws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * A blocking rate limiter: hands out permits at a steady rate, with a burst of at most one second's worth. Shared by
 * every thread that talks to one region, so that a whole run stays below Lambda's per-account, per-region quotas.
 */
final class RequestRateLimiter {

    private final double permitsPerNano;
    private final double maxBurst;
    private final LongSupplier clock;
    private final LongConsumer pause;
    private double available;
    private long lastRefill;

    RequestRateLimiter(double permitsPerSecond) {
        this(permitsPerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    /** With a clock and a way to wait of the caller's choosing, so that tests need not wait. */
    RequestRateLimiter(double permitsPerSecond, LongSupplier clock, LongConsumer pause) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive, was " + permitsPerSecond);
        }
        this.permitsPerNano = permitsPerSecond / TimeUnit.SECONDS.toNanos(1);
        this.maxBurst = Math.max(1, permitsPerSecond);
        this.clock = clock;
        this.pause = pause;
        this.available = maxBurst;
        this.lastRefill = clock.getAsLong();
    }

    /** Blocks until a permit is available. */
    void acquire() {
        long waitNanos;
        synchronized (this) {
            long now = clock.getAsLong();
            available = Math.min(maxBurst, available + (now - lastRefill) * permitsPerNano);
            lastRefill = now;
            // Take the permit now, possibly into debt; the debt is the wait.
            available -= 1;
            waitNanos = available >= 0 ? 0 : (long) Math.ceil(-available / permitsPerNano);
        }
        if (waitNanos > 0) {
            pause.accept(waitNanos);
        }
    }
}
