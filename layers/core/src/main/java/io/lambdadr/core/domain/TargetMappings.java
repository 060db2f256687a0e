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
 */
public record TargetMappings(
        Map<String, String> subnets,
        Map<String, String> securityGroups,
        Map<String, String> kmsKeys,
        Map<String, String> arns,
        Map<String, String> values,
        Set<String> keptVariables,
        Set<String> keptTags) {

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

    /** Mappings of ids and ARNs only. */
    public TargetMappings(Map<String, String> subnets, Map<String, String> securityGroups,
                          Map<String, String> kmsKeys, Map<String, String> arns) {
        this(subnets, securityGroups, kmsKeys, arns, Map.of(), Set.of(), Set.of());
    }
}
