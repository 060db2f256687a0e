package io.lambdadr.core.domain;

/** Which tags replication copies to replicas, and which it leaves alone on them. */
public final class TagRules {

    private TagRules() {
    }

    /**
     * Keys under {@code aws:} are reserved for AWS services (CloudFormation stamps every function of a stack with
     * them); no API call may set or remove them, so they are neither copied nor cleaned up.
     */
    public static boolean isAwsReserved(String key) {
        return key.startsWith("aws:");
    }

    /** Tags copied from a source function to its replicas: all but AWS-reserved ones and lambda-dr's own markers. */
    public static boolean isReplicated(String key) {
        return !isAwsReserved(key) && !ReplicaMarkers.isReplicaMarkerTag(key);
    }
}
