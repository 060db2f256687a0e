package io.lambdadr.core.engine;

/**
 * A failure to replicate one function into one region, with a message fit for an operator: what went wrong and,
 * where possible, how to fix it. Never carries environment variable values.
 */
public class ReplicationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplicationException(String message) {
        super(message);
    }

    public ReplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
