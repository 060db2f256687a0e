package io.lambdadr.core.domain;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What Lambda keeps beside a function's code and configuration, each part set through an API of its own: what
 * connects it to its callers (who may invoke it, where its asynchronous results go, its URLs, its warm capacity, the
 * queues and streams that feed it) and what guards it (code signing, recursive loop detection, runtime updates).
 * Lambda keeps most of these per qualifier: {@link PolicyStatement#UNQUALIFIED} ({@code ""}) for the function itself, an alias name, or a
 * published version's number (the source's numbering in a snapshot, the target's in a replica).
 *
 * @param policies            resource-based policy statements by qualifier; qualifiers without statements are left
 *                            out
 * @param invokeConfigs       event invoke configurations by qualifier
 * @param urls                function URLs by qualifier: the function or an alias
 * @param provisioned         provisioned concurrency requested, by qualifier: an alias or a published version
 * @param eventSourceMappings event source mappings of every qualifier
 * @param codeSigningConfigArn the code signing configuration the function's code must satisfy, or null for none
 * @param recursiveLoop       what Lambda does on a recursive loop: {@code Terminate} (its default) or {@code Allow}
 * @param runtimeManagement   when the function (its {@code $LATEST}) moves to a new runtime version
 */
public record Attachments(
        Map<String, List<PolicyStatement>> policies,
        Map<String, EventInvokeConfig> invokeConfigs,
        Map<String, FunctionUrl> urls,
        Map<String, Integer> provisioned,
        List<EventSourceMapping> eventSourceMappings,
        String codeSigningConfigArn,
        String recursiveLoop,
        RuntimeManagement runtimeManagement) {

    public static final Attachments NONE = new Attachments(Map.of(), Map.of(), Map.of(), Map.of(), List.of());

    public Attachments {
        policies = copyOfPolicies(policies);
        invokeConfigs = invokeConfigs == null ? Map.of() : Map.copyOf(invokeConfigs);
        urls = urls == null ? Map.of() : Map.copyOf(urls);
        provisioned = provisioned == null ? Map.of() : Map.copyOf(provisioned);
        eventSourceMappings = eventSourceMappings == null ? List.of()
                : eventSourceMappings.stream().sorted(Comparator.comparing(EventSourceMapping::key)).toList();
        codeSigningConfigArn = codeSigningConfigArn == null || codeSigningConfigArn.isBlank() ? null
                : codeSigningConfigArn;
        recursiveLoop = recursiveLoop == null || recursiveLoop.isBlank() ? "Terminate" : recursiveLoop;
        runtimeManagement = runtimeManagement == null ? RuntimeManagement.AUTO : runtimeManagement;
    }

    /** Attachments with Lambda's defaults for code signing (none), recursion and runtime updates. */
    public Attachments(Map<String, List<PolicyStatement>> policies, Map<String, EventInvokeConfig> invokeConfigs,
                       Map<String, FunctionUrl> urls, Map<String, Integer> provisioned,
                       List<EventSourceMapping> eventSourceMappings) {
        this(policies, invokeConfigs, urls, provisioned, eventSourceMappings, null, null, null);
    }

    /**
     * The published versions that the parts kept per qualifier (event invoke configurations, provisioned
     * concurrency, event source mappings) name; policies are left out, since they are read for known qualifiers.
     */
    public Set<String> versionQualifiers() {
        Set<String> versions = new TreeSet<>();
        Stream.concat(Stream.concat(invokeConfigs.keySet().stream(), provisioned.keySet().stream()),
                        eventSourceMappings.stream().map(EventSourceMapping::qualifier))
                .filter(qualifier -> qualifier != null && qualifier.matches("\\d+"))
                .forEach(versions::add);
        return versions;
    }

    public Attachments withPolicies(Map<String, List<PolicyStatement>> value) {
        return new Attachments(value, invokeConfigs, urls, provisioned, eventSourceMappings, codeSigningConfigArn,
                recursiveLoop, runtimeManagement);
    }

    public Attachments withEventSourceMappings(List<EventSourceMapping> value) {
        return new Attachments(policies, invokeConfigs, urls, provisioned, value, codeSigningConfigArn,
                recursiveLoop, runtimeManagement);
    }

    /** The same attachments with other code signing, recursion and runtime update settings. */
    public Attachments withControls(String codeSigning, String recursion, RuntimeManagement runtime) {
        return new Attachments(policies, invokeConfigs, urls, provisioned, eventSourceMappings, codeSigning, recursion,
                runtime);
    }

    /** An immutable copy, sorted by qualifier, without qualifiers that have no statement. */
    private static Map<String, List<PolicyStatement>> copyOfPolicies(Map<String, List<PolicyStatement>> policies) {
        Map<String, List<PolicyStatement>> copy = new TreeMap<>();
        if (policies != null) {
            policies.forEach((qualifier, statements) -> {
                if (statements != null && !statements.isEmpty()) {
                    copy.put(qualifier, List.copyOf(statements));
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }
}
