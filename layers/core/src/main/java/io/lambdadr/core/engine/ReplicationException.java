package io.lambdadr.core.engine;

/**
 * A failure to replicate one function into one region, with a message fit for an operator: what went wrong and,
 * where possible, how to fix it, and whether trying again can help. Never carries environment variable values.
 */
public class ReplicationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    /** A failure that trying again later may cure. */
    public ReplicationException(String message) {
        this(message, null, FailureKind.TRANSIENT);
    }

    /** A failure that trying again later may cure. */
    public ReplicationException(String message, Throwable cause) {
        this(message, cause, FailureKind.TRANSIENT);
    }

    public ReplicationException(String message, Throwable cause, FailureKind kind) {
        super(message, cause);
        this.kind = kind;
    }

    /** Whether trying again can help. */
    public FailureKind kind() {
        return kind;
    }
}
