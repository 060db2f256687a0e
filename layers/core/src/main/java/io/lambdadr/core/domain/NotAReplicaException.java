package io.lambdadr.core.domain;

/** The target region holds a function of the same name that is not a replica of this source function. */
public class NotAReplicaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotAReplicaException(String message) {
        super(message);
    }
}
