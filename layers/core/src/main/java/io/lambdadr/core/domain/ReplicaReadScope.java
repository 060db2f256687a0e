package io.lambdadr.core.domain;

/**
 * Which of a replica's parts a comparison reads. Function URLs and provisioned concurrency are compared only where
 * the source has them (a replica's own are left alone), so a replica's are read only then: for most functions, two
 * calls per function and region fewer from the control-plane budget the account's other tools share.
 *
 * @param urls        whether to read the replica's function URLs
 * @param provisioned whether to read the replica's provisioned concurrency
 */
public record ReplicaReadScope(boolean urls, boolean provisioned) {

    public static final ReplicaReadScope EVERYTHING = new ReplicaReadScope(true, true);

    /** What comparing a replica with {@code desired} needs read. */
    public static ReplicaReadScope neededFor(FunctionSnapshot desired) {
        return new ReplicaReadScope(!desired.urls().isEmpty(), !desired.provisioned().isEmpty());
    }
}
