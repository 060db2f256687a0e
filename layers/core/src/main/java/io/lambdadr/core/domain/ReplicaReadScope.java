package io.lambdadr.core.domain;

import java.util.Arrays;
import java.util.List;

/**
 * Which of a replica's parts a comparison reads. Aliases, event invoke configurations, function URLs and provisioned
 * concurrency are compared only where the source has them (a replica's own are left alone), so a replica's are read
 * only then: for most functions, calls per function and region fewer from the control-plane budget the account's
 * other tools share. A replica's own are then not reported either. One exception: a plan that deletes versions needs
 * the replica's aliases, since a version an alias points at stays. The tags of a replica's event source mappings (one
 * call each) are read only where a mapping of the source has tags.
 *
 * <p>The check after writing reads again only what the plan wrote ({@link #confirming}): the parts it does not read
 * come back empty or at Lambda's defaults, and {@link ReplicaState#withUnreadFrom} takes them from the read before.
 *
 * @param aliases       whether to read the replica's aliases
 * @param invokeConfigs whether to read the replica's event invoke configurations
 * @param urls          whether to read the replica's function URLs
 * @param provisioned   whether to read the replica's provisioned concurrency
 * @param mappingTags   whether to read the tags of the replica's event source mappings
 * @param mappings      whether to read the replica's event source mappings
 * @param controls      whether to read the replica's code signing, recursion and runtime update settings
 */
public record ReplicaReadScope(boolean aliases, boolean invokeConfigs, boolean urls, boolean provisioned,
                               boolean mappingTags, boolean mappings, boolean controls) {

    public static final ReplicaReadScope EVERYTHING = new ReplicaReadScope(true, true, true, true, true, true, true);

    /** What comparing a replica with {@code desired} needs read. */
    public static ReplicaReadScope neededFor(FunctionSnapshot desired) {
        return new ReplicaReadScope(!desired.aliases().isEmpty(), !desired.invokeConfigs().isEmpty(),
                !desired.urls().isEmpty(), !desired.provisioned().isEmpty(), desired.eventSourceMappings().stream()
                .anyMatch(mapping -> mapping.settings().containsKey(EventSourceMapping.TAGS)), true, true);
    }

    /** The same scope with the replica's aliases. */
    public ReplicaReadScope withAliases() {
        return new ReplicaReadScope(true, invokeConfigs, urls, provisioned, mappingTags, mappings, controls);
    }

    /**
     * What the check after applying {@code plan} reads again: of the parts this scope reads, those the plan wrote.
     * The function's configuration, code, versions, tags and the policies of the function and its versions are always
     * read; the aliases' policies come with the aliases.
     * A plan that creates the function reads everything again, since there was nothing before.
     */
    public ReplicaReadScope confirming(ReplicationPlan plan) {
        if (plan.createsFunction()) {
            return this;
        }
        List<PlanStep> steps = plan.steps();
        // An alias's policy is read for the aliases read: a permission written on one needs the aliases read again.
        boolean aliasPolicyWritten = steps.stream().anyMatch(step -> step instanceof PlanStep.PutPermission permission
                && !permission.isVersion() && !permission.qualifier().isEmpty());
        return new ReplicaReadScope(aliases && (aliasPolicyWritten || writes(steps, PlanStep.PutAlias.class)),
                invokeConfigs && writes(steps, PlanStep.PutEventInvokeConfig.class),
                urls && writes(steps, PlanStep.PutFunctionUrl.class),
                provisioned && writes(steps, PlanStep.PutProvisionedConcurrency.class),
                mappingTags,
                mappings && writes(steps, PlanStep.CreateEventSourceMapping.class,
                        PlanStep.UpdateEventSourceMapping.class),
                controls && writes(steps, PlanStep.PutRecursionConfig.class,
                        PlanStep.PutRuntimeManagementConfig.class, PlanStep.PutCodeSigningConfig.class));
    }

    @SafeVarargs
    private static boolean writes(List<PlanStep> steps, Class<? extends PlanStep>... kinds) {
        return steps.stream().anyMatch(step -> Arrays.stream(kinds).anyMatch(kind -> kind.isInstance(step)));
    }
}
