package io.lambdadr.core.domain;

/**
 * Which of a replica's parts a comparison reads. Aliases, event invoke configurations, function URLs and provisioned
 * concurrency are compared only where the source has them (a replica's own are left alone), so a replica's are read
 * only then: for most functions, calls per function and region fewer from the control-plane budget the account's
 * other tools share. A replica's own are then not reported either. One exception: a plan that deletes versions needs
 * the replica's aliases, since a version an alias points at stays. The tags of a replica's event source mappings (one
 * call each) are read only where a mapping of the source has tags.
 *
 * @param aliases       whether to read the replica's aliases
 * @param invokeConfigs whether to read the replica's event invoke configurations
 * @param urls          whether to read the replica's function URLs
 * @param provisioned   whether to read the replica's provisioned concurrency
 * @param mappingTags   whether to read the tags of the replica's event source mappings
 */
public record ReplicaReadScope(boolean aliases, boolean invokeConfigs, boolean urls, boolean provisioned,
                               boolean mappingTags) {

    public static final ReplicaReadScope EVERYTHING = new ReplicaReadScope(true, true, true, true, true);

    /** What comparing a replica with {@code desired} needs read. */
    public static ReplicaReadScope neededFor(FunctionSnapshot desired) {
        return new ReplicaReadScope(!desired.aliases().isEmpty(), !desired.invokeConfigs().isEmpty(),
                !desired.urls().isEmpty(), !desired.provisioned().isEmpty(), desired.eventSourceMappings().stream()
                .anyMatch(mapping -> mapping.settings().containsKey(EventSourceMapping.TAGS)));
    }

    /** The same scope with the replica's aliases. */
    public ReplicaReadScope withAliases() {
        return new ReplicaReadScope(true, invokeConfigs, urls, provisioned, mappingTags);
    }
}
