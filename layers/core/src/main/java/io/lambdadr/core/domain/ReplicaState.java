package io.lambdadr.core.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What exists in a target region for one function, as read from the target itself.
 *
 * @param exists              whether the function exists there at all
 * @param code                code of {@code $LATEST}
 * @param config              configuration of {@code $LATEST}
 * @param versions            every published version
 * @param aliases             every alias, with target-region version numbers
 * @param tags                every tag, replica markers included
 * @param reservedConcurrency reserved concurrency, or null
 * @param revisionId          the RevisionId of {@code $LATEST} when read, or null where the service keeps none
 * @param aliasRevisions      the RevisionId of each alias when read, by alias name
 * @param attachments         what connects it to its callers, versions in target numbering
 */
public record ReplicaState(
        boolean exists,
        CodeIdentity code,
        FunctionConfig config,
        List<PublishedVersion> versions,
        List<AliasSpec> aliases,
        Map<String, String> tags,
        Integer reservedConcurrency,
        String revisionId,
        Map<String, String> aliasRevisions,
        Attachments attachments) {

    public static final ReplicaState ABSENT = new ReplicaState(false, null, null, List.of(), List.of(), Map.of(), null);

    public ReplicaState {
        versions = versions == null ? List.of() : List.copyOf(versions);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        aliasRevisions = aliasRevisions == null ? Map.of() : Map.copyOf(aliasRevisions);
        attachments = attachments == null ? Attachments.NONE : attachments;
    }

    /** A replica read without its attachments. */
    public ReplicaState(boolean exists, CodeIdentity code, FunctionConfig config, List<PublishedVersion> versions,
                        List<AliasSpec> aliases, Map<String, String> tags, Integer reservedConcurrency,
                        String revisionId, Map<String, String> aliasRevisions) {
        this(exists, code, config, versions, aliases, tags, reservedConcurrency, revisionId, aliasRevisions,
                Attachments.NONE);
    }

    /** A replica read from a service that keeps no revision ids. */
    public ReplicaState(boolean exists, CodeIdentity code, FunctionConfig config, List<PublishedVersion> versions,
                        List<AliasSpec> aliases, Map<String, String> tags, Integer reservedConcurrency) {
        this(exists, code, config, versions, aliases, tags, reservedConcurrency, null, Map.of(),
                Attachments.NONE);
    }

    /**
     * This replica, read with {@code scope}, with the parts {@code scope} left unread taken from {@code before}: the
     * check after writing reads again only what was written ({@link ReplicaReadScope#confirming}).
     */
    public ReplicaState withUnreadFrom(ReplicaState before, ReplicaReadScope scope) {
        Attachments read = attachments;
        Attachments kept = before.attachments;
        Map<String, List<PolicyStatement>> policies = new HashMap<>(read.policies());
        if (!scope.aliases()) {
            // The aliases' policies are read with the aliases: not read, they are the ones read before.
            before.aliases.forEach(alias -> {
                List<PolicyStatement> statements = kept.policies().get(alias.name());
                if (statements != null) {
                    policies.put(alias.name(), statements);
                }
            });
        }
        Attachments merged = new Attachments(policies,
                scope.invokeConfigs() ? read.invokeConfigs() : kept.invokeConfigs(),
                scope.urls() ? read.urls() : kept.urls(),
                scope.provisioned() ? read.provisioned() : kept.provisioned(),
                scope.mappings() ? read.eventSourceMappings() : kept.eventSourceMappings(),
                scope.controls() ? read.codeSigningConfigArn() : kept.codeSigningConfigArn(),
                scope.controls() ? read.recursiveLoop() : kept.recursiveLoop(),
                scope.controls() ? read.runtimeManagement() : kept.runtimeManagement());
        return new ReplicaState(exists, code, config, versions, scope.aliases() ? aliases : before.aliases, tags,
                reservedConcurrency, revisionId, scope.aliases() ? aliasRevisions : before.aliasRevisions, merged);
    }

    public Map<String, List<PolicyStatement>> policies() {
        return attachments.policies();
    }

    public Map<String, EventInvokeConfig> invokeConfigs() {
        return attachments.invokeConfigs();
    }

    public Map<String, FunctionUrl> urls() {
        return attachments.urls();
    }

    public Map<String, Integer> provisioned() {
        return attachments.provisioned();
    }

    public List<EventSourceMapping> eventSourceMappings() {
        return attachments.eventSourceMappings();
    }

    public Optional<PublishedVersion> version(String number) {
        return versions.stream().filter(v -> v.version().equals(number)).findFirst();
    }

    public Optional<AliasSpec> alias(String name) {
        return aliases.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
