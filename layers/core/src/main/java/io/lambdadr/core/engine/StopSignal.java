package io.lambdadr.core.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When a run stops starting new work: at its deadline (the CLI's {@code --deadline}, a Lambda invocation's remaining
 * time) or when asked to (SIGINT, SIGTERM). Steps already under way finish; no new step starts; waits for Lambda to
 * finish applying a change end early, since the change is already accepted and the next run completes it.
 *
 * <p>Shared by the engine and the adapters of one run; thread-safe.
 */
public final class StopSignal {

    private final Instant deadline;
    private final Clock clock;
    private final AtomicReference<String> reason = new AtomicReference<>();

    private StopSignal(Instant deadline, Clock clock) {
        this.deadline = deadline;
        this.clock = clock;
    }

    /** No deadline; stops only when {@link #requestStop} is called. */
    public static StopSignal untilRequested() {
        return new StopSignal(null, Clock.systemUTC());
    }

    /** Stops at {@code deadline} as {@code clock} tells it, or earlier when {@link #requestStop} is called. */
    public static StopSignal at(Instant deadline, Clock clock) {
        return new StopSignal(deadline, clock);
    }

    /** Stops {@code budget} from now. */
    public static StopSignal after(Duration budget) {
        Clock clock = Clock.systemUTC();
        return new StopSignal(clock.instant().plus(budget), clock);
    }

    /** Asks the run to stop; the first reason given is the one reported. */
    public void requestStop(String why) {
        reason.compareAndSet(null, why);
    }

    /** True once the deadline has passed or a stop was requested. */
    public boolean isSet() {
        if (reason.get() != null) {
            return true;
        }
        if (deadline != null && !clock.instant().isBefore(deadline)) {
            reason.compareAndSet(null, "the deadline (" + deadline + ") was reached");
            return true;
        }
        return false;
    }

    /** Why the run stopped, once it has. */
    public Optional<String> reason() {
        return isSet() ? Optional.of(reason.get()) : Optional.empty();
    }

    /** Time left before the deadline: zero once stopped, unbounded (a very long duration) without a deadline. */
    public Duration remaining() {
        if (isSet()) {
            return Duration.ZERO;
        }
        return deadline == null ? Duration.ofDays(365) : Duration.between(clock.instant(), deadline);
    }

    /**
     * Waits for {@code pause}, or less when the run is told to stop meanwhile (checked every 50 ms) or the deadline
     * comes first. An interrupted wait ends early and keeps the thread's interrupt flag set.
     */
    public void pause(Duration pause) {
        long until = System.nanoTime() + Math.min(pause.toNanos(), remaining().toNanos());
        try {
            for (long left = until - System.nanoTime(); left > 0 && !isSet(); left = until - System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws {@link RunStoppedException} saying {@code during} when the run has been told to stop. */
    public void throwIfSet(String during) {
        if (isSet()) {
            throw new RunStoppedException("stopped " + during + ": " + reason.get());
        }
    }
}
