package io.lambdadr.core.aws;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the package bytes held in memory by direct (ZipFile) uploads across every thread and region of a run. The
 * SDK builds a JSON request body with the package base64-encoded in it, so an inline upload holds several times the
 * package size on the heap (measured: about 9 times); without a bound, parallel workers would multiply that.
 * Packages that go through the staging bucket stream from disk and need no budget.
 */
final class InlineUploadBudget {

    private final int capacityKib;
    private final Semaphore kibibytes;

    /** @param capacityBytes package bytes that may be in flight at once; at least one package of the largest size */
    InlineUploadBudget(long capacityBytes) {
        this.capacityKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ceilKib(capacityBytes)));
        this.kibibytes = new Semaphore(capacityKib, true);
    }

    /** Runs {@code upload} once {@code packageBytes} fit in the budget. */
    <T> T withinBudget(long packageBytes, Supplier<T> upload) {
        int permits = (int) Math.min(capacityKib, ceilKib(packageBytes));
        kibibytes.acquireUninterruptibly(permits);
        try {
            return upload.get();
        } finally {
            kibibytes.release(permits);
        }
    }

    private static long ceilKib(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
