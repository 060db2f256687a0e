package io.lambdadr.core.engine;

/**
 * The run was told to stop ({@link StopSignal}) before a unit of work could finish. Nothing is half-written beyond
 * what the next run completes: steps are whole Lambda calls, and a change Lambda has accepted finishes applying on its
 * own.
 */
public class RunStoppedException extends ReplicationException {

    private static final long serialVersionUID = 1L;

    public RunStoppedException(String message) {
        super(message);
    }
}
