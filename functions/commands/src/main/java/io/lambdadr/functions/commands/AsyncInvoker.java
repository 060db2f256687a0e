package io.lambdadr.functions.commands;

/**
 * Port: invokes a function asynchronously, so that its event invoke configuration (retries, the OnFailure
 * destination) applies to what it does with the event.
 *
 * <p>Public for the local application, which runs what commands invoke in-process: the emulator runs no function.
 */
public interface AsyncInvoker {

    /**
     * Hands {@code payload} to {@code function}; returns once Lambda has queued it, not once it ran.
     *
     * @param function a name, a qualified name or an ARN (with its alias, if any)
     * @param payload  the event, a JSON document
     */
    void invoke(String function, String payload);
}
