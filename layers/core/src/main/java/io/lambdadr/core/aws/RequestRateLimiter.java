package io.lambdadr.core.aws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A blocking rate limiter: hands out permits at a steady rate, with a burst of at most one second's worth. Shared by
 * every thread that talks to one region, so that a whole run stays below Lambda's per-account, per-region quotas.
 */
final class RequestRateLimiter {

    private final double permitsPerNano;
    private final double maxBurst;
    private double available;
    private long lastRefill;

    RequestRateLimiter(double permitsPerSecond) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive, was " + permitsPerSecond);
        }
        this.permitsPerNano = permitsPerSecond / TimeUnit.SECONDS.toNanos(1);
        this.maxBurst = Math.max(1, permitsPerSecond);
        this.available = maxBurst;
        this.lastRefill = System.nanoTime();
    }

    /** Blocks until a permit is available. */
    void acquire() {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(maxBurst, available + (now - lastRefill) * permitsPerNano);
            lastRefill = now;
            // Take the permit now, possibly into debt; the debt is the wait.
            available -= 1;
            waitNanos = available >= 0 ? 0 : (long) (-available / permitsPerNano);
        }
        if (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
