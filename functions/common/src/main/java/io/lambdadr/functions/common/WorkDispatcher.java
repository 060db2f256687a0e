package io.lambdadr.functions.common;

/** Port: sends units of work to the replication worker. */
public interface WorkDispatcher {

    /** Sends one unit of work; returns once the worker has accepted it (asynchronously), not once it is done. */
    void dispatch(WorkItem item);
}
