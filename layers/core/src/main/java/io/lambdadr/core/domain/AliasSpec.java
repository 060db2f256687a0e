package io.lambdadr.core.domain;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alias: the version it points at and, for weighted aliases, the additional versions and their weights.
 * In a snapshot, versions are source-region version numbers; on a replica, target-region ones.
 */
public record AliasSpec(String name, String functionVersion, String description, Map<String, Double> routingWeights) {

    public AliasSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(functionVersion, "functionVersion");
        description = description == null ? "" : description;
        routingWeights = routingWeights == null ? Map.of() : Map.copyOf(new TreeMap<>(routingWeights));
    }
}
