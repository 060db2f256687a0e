package io.lambdadr.core.aws;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationException;
import io.lambdadr.core.engine.StopSignal;
import java.time.Duration;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Lambda applies creates and updates asynchronously: a function is usable for the next dependent call, or worth
 * reading, only once it is Active (or Inactive) with its last update Successful.
 */
final class FunctionReadiness {

    private FunctionReadiness() {
    }

    static boolean isReady(FunctionConfiguration state) {
        String functionState = state.stateAsString();
        String lastUpdate = state.lastUpdateStatusAsString();
        return (functionState == null || "Active".equals(functionState) || "Inactive".equals(functionState))
                && (lastUpdate == null || "Successful".equals(lastUpdate));
    }

    /**
     * Waits until the function is ready, polling GetFunction with a growing pause. {@code known} is the state a call
     * already returned: when it says ready, no call is made. The wait ends early when the run is told to stop: the
     * change is already accepted, and Lambda finishes applying it without lambda-dr.
     *
     * @throws ReplicationException        when the change failed or the function is not ready in time
     * @throws io.lambdadr.core.engine.RunStoppedException when the run was told to stop meanwhile
     */
    static FunctionConfiguration await(LambdaClient lambda, String region, String functionName,
                                       FunctionConfiguration known, Duration timeout, StopSignal stop) {
        FunctionConfiguration state = known;
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 250;
        while (state == null || !isReady(state)) {
            if (state != null) {
                stop.throwIfSet("while " + functionName + " in " + region + " was still applying a change (Lambda "
                        + "finishes it on its own; the next run takes it from there)");
                if ("Failed".equals(state.lastUpdateStatusAsString()) || "Failed".equals(state.stateAsString())) {
                    // Lambda refused the change itself (an invalid setting): the same change would fail again.
                    throw new ReplicationException(functionName + " in " + region + " failed to apply a change: "
                            + (state.lastUpdateStatusReason() != null ? state.lastUpdateStatusReason()
                                    : state.stateReason()), null, FailureKind.PERMANENT);
                }
                if (System.nanoTime() > deadline) {
                    throw new ReplicationException(functionName + " in " + region + " was not ready after "
                            + timeout.toSeconds() + " s (state " + state.stateAsString() + ", last update "
                            + state.lastUpdateStatusAsString() + ")");
                }
                sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, 5_000);
            }
            state = lambda.getFunction(request -> request.functionName(functionName)).configuration();
        }
        return state;
    }

    /** Pauses between polls; an interrupted pause ends the wait. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicationException("interrupted while waiting for Lambda", e);
        }
    }
}
