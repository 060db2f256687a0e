package io.lambdadr.functions.reconcile;

import java.util.Map;
import java.util.TreeMap;

/**
 * One alias of a source function as ListAliases shows it. Moving an alias or changing its weights changes neither
 * the function's RevisionId nor its LastModified, so the reconcile reads aliases on their own.
 *
 * @param name       the alias
 * @param version    the version it points at
 * @param weights    the additional versions it routes to, with their weights
 * @param revisionId the alias's RevisionId: new on every update
 */
record AliasState(String name, String version, Map<String, Double> weights, String revisionId) {

    AliasState {
        weights = weights == null ? Map.of() : Map.copyOf(new TreeMap<>(weights));
    }
}
