package io.lambdadr.core.engine;

/**
 * A call or a download made no progress within its time bound (a connection that accepted a request and then went
 * silent, a download that stopped sending), and was abandoned after its retries. The message names the endpoint and
 * what stalled. Transient: the next run tries again.
 */
public class StalledCallException extends ReplicationException {

    private static final long serialVersionUID = 1L;

    public StalledCallException(String message) {
        super(message);
    }
}
