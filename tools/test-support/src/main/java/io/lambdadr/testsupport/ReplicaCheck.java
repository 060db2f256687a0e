package io.lambdadr.testsupport;

import io.lambdadr.core.domain.ReplicaMarkers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Judges a replica against its source by reading both directly, independently of lambda-dr's own planner: used by the
 * concurrency, crash and fault tests to say what a correct replica is.
 */
public final class ReplicaCheck {

    private ReplicaCheck() {
    }

    /**
     * What is wrong with the replica of {@code function}, empty when nothing is: {@code $LATEST} has the source's code,
     * every version an alias of the source uses has exactly one target version labelled with it, holding its code,
     * every alias points at those versions with the same weights, and no target version holds code the source never
     * had.
     */
    public static List<String> problems(LambdaClient source, LambdaClient target, String function) {
        List<String> problems = new ArrayList<>();
        FunctionConfiguration targetLatest;
        try {
            targetLatest = target.getFunction(r -> r.functionName(function)).configuration();
        } catch (ResourceNotFoundException e) {
            return List.of(function + ": no replica");
        }
        problems.addAll(codeProblems(source, target, function));
        String sourceSha = source.getFunction(r -> r.functionName(function)).configuration().codeSha256();
        if (!sourceSha.equals(targetLatest.codeSha256())) {
            problems.add(function + ": $LATEST holds " + targetLatest.codeSha256() + ", the source " + sourceSha);
        }
        Map<String, List<String>> byLabel = labels(target, function);
        Map<String, String> sourceToTarget = new LinkedHashMap<>();
        for (AliasConfiguration alias : source.listAliases(r -> r.functionName(function)).aliases()) {
            Set<String> used = new HashSet<>();
            used.add(alias.functionVersion());
            if (alias.routingConfig() != null && alias.routingConfig().hasAdditionalVersionWeights()) {
                used.addAll(alias.routingConfig().additionalVersionWeights().keySet());
            }
            for (String version : used) {
                List<String> replicas = byLabel.getOrDefault(version, List.of());
                if (replicas.size() != 1) {
                    problems.add(function + ": source version " + version + " has " + replicas.size()
                            + " target versions labelled with it " + replicas);
                } else {
                    sourceToTarget.put(version, replicas.getFirst());
                }
            }
        }
        for (AliasConfiguration alias : source.listAliases(r -> r.functionName(function)).aliases()) {
            problems.addAll(aliasProblems(target, function, alias, sourceToTarget));
        }
        return problems;
    }

    /**
     * Code the replica holds that the source does not: every target version and {@code $LATEST} must hold code of one
     * of the source's versions, and a version labelled with a source version must hold that version's code. Holds at
     * any moment, mid-run included.
     */
    public static List<String> codeProblems(LambdaClient source, LambdaClient target, String function) {
        Map<String, String> sourceShas = new LinkedHashMap<>();
        source.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions()
                .forEach(version -> sourceShas.put(version.version(), version.codeSha256()));
        List<String> problems = new ArrayList<>();
        List<FunctionConfiguration> versions;
        try {
            versions = target.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream()
                    .toList();
        } catch (ResourceNotFoundException e) {
            return problems;
        }
        for (FunctionConfiguration version : versions) {
            if (!sourceShas.containsValue(version.codeSha256())) {
                problems.add(function + ": target version " + version.version() + " holds code "
                        + version.codeSha256() + " that no source version has");
            }
            ReplicaMarkers.sourceVersionOf(version.description()).ifPresent(label -> {
                if (sourceShas.containsKey(label) && !sourceShas.get(label).equals(version.codeSha256())) {
                    problems.add(function + ": target version " + version.version() + " is labelled source version "
                            + label + " but holds other code");
                }
            });
        }
        return problems;
    }

    private static Map<String, List<String>> labels(LambdaClient target, String function) {
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        target.listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().forEach(version ->
                ReplicaMarkers.sourceVersionOf(version.description()).ifPresent(label ->
                        byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(version.version())));
        return byLabel;
    }

    private static List<String> aliasProblems(LambdaClient target, String function, AliasConfiguration alias,
                                              Map<String, String> sourceToTarget) {
        GetAliasResponse replica;
        try {
            replica = target.getAlias(r -> r.functionName(function).name(alias.name()));
        } catch (ResourceNotFoundException e) {
            return List.of(function + ": alias " + alias.name() + " is missing");
        }
        List<String> problems = new ArrayList<>();
        String expected = "$LATEST".equals(alias.functionVersion()) ? "$LATEST"
                : sourceToTarget.get(alias.functionVersion());
        if (expected != null && !expected.equals(replica.functionVersion())) {
            problems.add(function + ": alias " + alias.name() + " points at " + replica.functionVersion()
                    + ", not at " + expected);
        }
        Map<String, Double> expectedWeights = new LinkedHashMap<>();
        if (alias.routingConfig() != null && alias.routingConfig().hasAdditionalVersionWeights()) {
            alias.routingConfig().additionalVersionWeights().forEach((version, weight) ->
                    expectedWeights.put(sourceToTarget.getOrDefault(version, "?" + version), weight));
        }
        Map<String, Double> weights = replica.routingConfig() == null
                || !replica.routingConfig().hasAdditionalVersionWeights() ? Map.of()
                : replica.routingConfig().additionalVersionWeights();
        if (!expectedWeights.equals(weights)) {
            problems.add(function + ": alias " + alias.name() + " routes " + weights + ", not " + expectedWeights);
        }
        return problems;
    }
}
