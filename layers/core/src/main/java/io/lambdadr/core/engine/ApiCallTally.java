package io.lambdadr.core.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the API calls and code bytes of one unit of work: reading one source function, or replicating it into one
 * target region. The AWS adapters add to the tally bound to the current thread, so the engine can report costs per
 * function and region without threading counters through every call.
 */
public final class ApiCallTally {

    private static final ThreadLocal<ApiCallTally> CURRENT = new ThreadLocal<>();

    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong codeBytes = new AtomicLong();

    /** The tally of the work running on this thread; a throwaway one outside any unit of work. */
    public static ApiCallTally current() {
        ApiCallTally tally = CURRENT.get();
        return tally == null ? new ApiCallTally() : tally;
    }

    /** Runs {@code work} with this tally bound to the current thread, restoring the previous one after. */
    public <T> T during(Callable<T> work) throws Exception {
        ApiCallTally previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Counts one HTTP attempt of an API operation: reads are Get, List and Head operations, the rest are writes. */
    public void countCall(String operationName) {
        if (isRead(operationName)) {
            reads.incrementAndGet();
        } else {
            writes.incrementAndGet();
        }
    }

    public void addCodeBytes(long bytes) {
        codeBytes.addAndGet(bytes);
    }

    public long reads() {
        return reads.get();
    }

    public long writes() {
        return writes.get();
    }

    public long codeBytes() {
        return codeBytes.get();
    }

    /** Whether an operation only reads: Get, List and Head operations. */
    public static boolean isRead(String operationName) {
        return operationName.startsWith("Get") || operationName.startsWith("List") || operationName.startsWith("Head");
    }
}
