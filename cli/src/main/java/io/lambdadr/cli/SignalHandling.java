package io.lambdadr.cli;

import io.lambdadr.core.engine.StopSignal;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM, for the process the command line runs in: the first asks the run under way to stop starting new
 * work, let the steps in flight end and print its report; a second one exits at once (the downloaded code is still
 * removed, by the shutdown hook of the run's workspace). Installed by {@link LambdaDrCommand#main} only, so that a
 * command line run inside another program (a test) leaves that program's signals alone.
 */
final class SignalHandling {

    private static final AtomicReference<StopSignal> ACTIVE_RUN = new AtomicReference<>();
    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();

    private SignalHandling() {
    }

    /** Routes SIGINT and SIGTERM of this process to the run registered with {@link #register}. */
    static void install(PrintStream err) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (!RECEIVED.compareAndSet(null, signal.getName())) {
                    err.println("lambda-dr: second signal: exiting now");
                    System.exit(exitCodeOf(signal.getName()));
                }
                StopSignal run = ACTIVE_RUN.get();
                if (run == null) {
                    System.exit(exitCodeOf(signal.getName()));
                }
                err.println("lambda-dr: SIG" + signal.getName() + " received: finishing the steps under way, then "
                        + "printing the report (send it again to exit at once)");
                run.requestStop("it received SIG" + signal.getName());
            });
        }
    }

    /** The run that signals now stop. */
    static void register(StopSignal run) {
        ACTIVE_RUN.set(run);
    }

    /** The signal received, as {@code INT} or {@code TERM}, if any. */
    static Optional<String> received() {
        return Optional.ofNullable(RECEIVED.get());
    }

    /** The conventional exit code of a process ended by a signal: 128 plus the signal's number. */
    static int exitCodeOf(String signal) {
        return "TERM".equals(signal) ? LambdaDrCommand.EXIT_SIGTERM : LambdaDrCommand.EXIT_SIGINT;
    }
}
