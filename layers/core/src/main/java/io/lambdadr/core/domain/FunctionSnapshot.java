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
 * @param policies            resource-based policy statements by qualifier: {@link PolicyStatement#UNQUALIFIED}, an
 *                            alias name or a published version (source numbering); qualifiers without statements
 *                            are left out
 * @param invokeConfigs       event invoke configurations by qualifier, as {@code policies}
 * @param urls                function URLs by qualifier: {@link PolicyStatement#UNQUALIFIED} or an alias name
 * @param provisioned         provisioned concurrency requested, by qualifier: an alias name or a published version
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
        Map<String, List<PolicyStatement>> policies,
        Map<String, EventInvokeConfig> invokeConfigs,
        Map<String, FunctionUrl> urls,
        Map<String, Integer> provisioned) {

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
        policies = copyOfPolicies(policies);
        invokeConfigs = invokeConfigs == null ? Map.of() : Map.copyOf(invokeConfigs);
        urls = urls == null ? Map.of() : Map.copyOf(urls);
        provisioned = provisioned == null ? Map.of() : Map.copyOf(provisioned);
    }

    /** A function without resource-based policy statements. */
    public FunctionSnapshot(String functionName, String region, String functionArn, CodeIdentity code,
                            FunctionConfig config, List<PublishedVersion> versions, List<AliasSpec> aliases,
                            Map<String, String> tags, Integer reservedConcurrency) {
        this(functionName, region, functionArn, code, config, versions, aliases, tags, reservedConcurrency, Map.of(),
                Map.of(), Map.of(), Map.of());
    }

    /** The same function with other policy statements. */
    public FunctionSnapshot withPolicies(Map<String, List<PolicyStatement>> value) {
        return new FunctionSnapshot(functionName, region, functionArn, code, config, versions, aliases, tags,
                reservedConcurrency, value, invokeConfigs, urls, provisioned);
    }

    /** An immutable copy, sorted by qualifier, without qualifiers that have no statement. */
    static Map<String, List<PolicyStatement>> copyOfPolicies(Map<String, List<PolicyStatement>> policies) {
        Map<String, List<PolicyStatement>> copy = new TreeMap<>();
        if (policies != null) {
            policies.forEach((qualifier, statements) -> {
                if (statements != null && !statements.isEmpty()) {
                    copy.put(qualifier, List.copyOf(statements));
                }
            });
        }
        return java.util.Collections.unmodifiableMap(copy);
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
