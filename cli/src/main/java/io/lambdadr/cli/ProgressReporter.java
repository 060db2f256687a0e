package io.lambdadr.cli;

import io.lambdadr.core.engine.TargetResult;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Shows progress on stderr while a run goes on, one line rewritten in place, when stderr is a terminal; silent
 * otherwise, so that scripts and logs get only the final report.
 */
final class ProgressReporter implements Consumer<TargetResult> {

    private final PrintWriter err;
    private final boolean enabled;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** The number of functions is not known up front: {@code --all} selects them once the run has begun. */
    ProgressReporter(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public void accept(TargetResult result) {
        int finished = done.incrementAndGet();
        if (result.failed()) {
            failed.incrementAndGet();
        }
        if (enabled) {
            synchronized (err) {
                err.printf("\r\033[K[%d done] %s -> %s: %s%s", finished, result.functionName(),
                        result.targetRegion(), result.outcome().label(),
                        failed.get() > 0 ? " (" + failed.get() + " failed so far)" : "");
                err.flush();
            }
        }
    }

    void finish() {
        if (enabled && done.get() > 0) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    /**
     * Whether stderr is an interactive terminal. JDK 22 and later answer through {@code Console.isTerminal()}; on
     * JDK 21 a console exists only when both streams are a terminal.
     */
    static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
