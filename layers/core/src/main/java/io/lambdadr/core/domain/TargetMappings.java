package io.lambdadr.core.domain;

import java.util.Map;

/**
 * Explicit translations for one target region: what cannot be derived from the source value alone.
 *
 * @param subnets        source subnet id to target subnet id
 * @param securityGroups source security group id to target security group id
 * @param kmsKeys        source KMS key ARN to target KMS key ARN
 * @param arns           any source ARN to its target ARN; wins over the default region rewrite
 */
public record TargetMappings(
        Map<String, String> subnets,
        Map<String, String> securityGroups,
        Map<String, String> kmsKeys,
        Map<String, String> arns) {

    public static final TargetMappings NONE = new TargetMappings(Map.of(), Map.of(), Map.of(), Map.of());

    public TargetMappings {
        subnets = subnets == null ? Map.of() : Map.copyOf(subnets);
        securityGroups = securityGroups == null ? Map.of() : Map.copyOf(securityGroups);
        kmsKeys = kmsKeys == null ? Map.of() : Map.copyOf(kmsKeys);
        arns = arns == null ? Map.of() : Map.copyOf(arns);
    }
}
