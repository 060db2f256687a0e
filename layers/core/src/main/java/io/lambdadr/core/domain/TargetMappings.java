package io.lambdadr.core.domain;

import java.util.Map;
import java.util.Set;

/**
 * Explicit translations for one target region: what cannot be derived from the source value alone.
 *
 * @param subnets        source subnet id to target subnet id
 * @param securityGroups source security group id to target security group id
 * @param kmsKeys        source KMS key ARN to target KMS key ARN
 * @param arns           any source ARN to its target ARN; wins over the default region rewrite
 * @param values         text in environment variable and tag values (a database host name, an API endpoint) to its
 *                       counterpart in the target region, replaced wherever it occurs
 * @param keptVariables  environment variables whose values are copied unchanged, though they name the source region
 * @param keptTags       tag keys whose values are copied unchanged, though they name the source region
 * @param eventSourceMappingsEnabled whether event source mappings poll in this region as they do in the source;
 *                       by default they are created disabled, so that a DR region does not consume the
 *                       records the primary region is processing (the pilot-light default)
 */
public record TargetMappings(
        Map<String, String> subnets,
        Map<String, String> securityGroups,
        Map<String, String> kmsKeys,
        Map<String, String> arns,
        Map<String, String> values,
        Set<String> keptVariables,
        Set<String> keptTags,
        boolean eventSourceMappingsEnabled) {

    public static final TargetMappings NONE = new TargetMappings(Map.of(), Map.of(), Map.of(), Map.of());

    public TargetMappings {
        subnets = subnets == null ? Map.of() : Map.copyOf(subnets);
        securityGroups = securityGroups == null ? Map.of() : Map.copyOf(securityGroups);
        kmsKeys = kmsKeys == null ? Map.of() : Map.copyOf(kmsKeys);
        arns = arns == null ? Map.of() : Map.copyOf(arns);
        values = values == null ? Map.of() : Map.copyOf(values);
        keptVariables = keptVariables == null ? Set.of() : Set.copyOf(keptVariables);
        keptTags = keptTags == null ? Set.of() : Set.copyOf(keptTags);
    }

    /** Mappings with event source mappings disabled in the region. */
    public TargetMappings(Map<String, String> subnets, Map<String, String> securityGroups,
                          Map<String, String> kmsKeys, Map<String, String> arns, Map<String, String> values,
                          Set<String> keptVariables, Set<String> keptTags) {
        this(subnets, securityGroups, kmsKeys, arns, values, keptVariables, keptTags, false);
    }

    /** The same mappings, with other ARNs mapped. */
    public TargetMappings withArns(Map<String, String> value) {
        return new TargetMappings(subnets, securityGroups, kmsKeys, value, values, keptVariables, keptTags,
                eventSourceMappingsEnabled);
    }

    /** Mappings of ids and ARNs only. */
    public TargetMappings(Map<String, String> subnets, Map<String, String> securityGroups,
                          Map<String, String> kmsKeys, Map<String, String> arns) {
        this(subnets, securityGroups, kmsKeys, arns, Map.of(), Set.of(), Set.of());
    }
}
