package io.lambdadr.core.engine;

/**
 * Someone else changed the replica between lambda-dr reading it and writing to it (its RevisionId no longer
 * matched), so the write was refused rather than overwrite that change. The engine reads source and target again and
 * plans anew.
 */
public class ConcurrentChangeException extends ReplicationException {

    private static final long serialVersionUID = 1L;

    public ConcurrentChangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
