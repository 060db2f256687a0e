package io.lambdadr.core.domain;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A region-neutral description of one function as it stands in its source region: the code and configuration of
 * {@code $LATEST}, the published versions that aliases use, the aliases, the tags and the reserved concurrency.
 *
 * @param functionName        the function's name (the same in every region)
 * @param region              the region it describes: where it was read from, or for a translated snapshot the
 *                            target region
 * @param functionArn         its unqualified ARN in the source region
 * @param code                code of {@code $LATEST}
 * @param config              configuration of {@code $LATEST}
 * @param versions            published versions referenced by aliases, in ascending order
 * @param aliases             every alias of the function
 * @param tags                tags; read from a source, only those {@link TagRules#isReplicated} keeps
 * @param reservedConcurrency reserved concurrency, or null when none is set
 * @param attachments         what connects it to its callers (policies, invoke configurations, URLs, provisioned
 *                            concurrency, event source mappings), versions in source numbering
 */
public record FunctionSnapshot(
        String functionName,
        String region,
        String functionArn,
        CodeIdentity code,
        FunctionConfig config,
        List<PublishedVersion> versions,
        List<AliasSpec> aliases,
        Map<String, String> tags,
        Integer reservedConcurrency,
        Attachments attachments) {

    public static final String LATEST = "$LATEST";

    public FunctionSnapshot {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(config, "config");
        versions = versions == null ? List.of()
                : versions.stream().sorted(Comparator.comparingLong(PublishedVersion::number)).toList();
        aliases = aliases == null ? List.of()
                : aliases.stream().sorted(Comparator.comparing(AliasSpec::name)).toList();
        tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
        attachments = attachments == null ? Attachments.NONE : attachments;
    }

    /** A function with nothing attached. */
    public FunctionSnapshot(String functionName, String region, String functionArn, CodeIdentity code,
                            FunctionConfig config, List<PublishedVersion> versions, List<AliasSpec> aliases,
                            Map<String, String> tags, Integer reservedConcurrency) {
        this(functionName, region, functionArn, code, config, versions, aliases, tags, reservedConcurrency, Attachments.NONE);
    }

    /** The same function with other attachments. */
    public FunctionSnapshot withAttachments(Attachments value) {
        return new FunctionSnapshot(functionName, region, functionArn, code, config, versions, aliases, tags,
                reservedConcurrency, value);
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

    /** The published version numbers that aliases point at or route weight to, in ascending order. */
    public static Set<String> versionsReferencedBy(List<AliasSpec> aliases) {
        return aliases.stream()
                .flatMap(alias -> Stream.concat(Stream.of(alias.functionVersion()),
                        alias.routingWeights().keySet().stream()))
                .filter(version -> !LATEST.equals(version))
                .sorted(Comparator.comparingLong(Long::parseLong))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
