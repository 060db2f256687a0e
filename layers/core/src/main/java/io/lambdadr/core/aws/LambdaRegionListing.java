package io.lambdadr.core.aws;

import io.lambdadr.core.domain.FunctionNames;
import io.lambdadr.core.domain.FunctionSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CodeSigningConfig;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionVersion;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ListCodeSigningConfigsResponse;
import software.amazon.awssdk.services.lambda.model.ListFunctionsByCodeSigningConfigResponse;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;

/**
 * Two facts Lambda answers per function, read for a whole region at once: every published version
 * ({@code ListFunctions} with {@code FunctionVersion=ALL}, 50 entries a page) and which code signing configuration
 * guards which function ({@code ListCodeSigningConfigs}, then {@code ListFunctionsByCodeSigningConfig} per
 * configuration). A run reading 20 functions of 3 versions spends 3 calls on them (2 pages of functions, 1 of
 * configurations, and 1 more per configuration) instead of 40 (a ListVersionsByFunction and a
 * GetFunctionCodeSigningConfig each) from the control-plane budget that the account's other tools share.
 *
 * <p>It is read only where it pays: once per run, when the run reads at least two functions, and given up (the
 * functions are then read one by one) as soon as it takes more pages than half the calls it replaces, as in a region
 * of many functions of which few are replicated. A failed listing is given up the same way.
 *
 * <p>It describes the region at one moment. Each function's entry is handed out once, to the function's first read,
 * and only when that read finds {@code $LATEST} with the RevisionId the listing saw; every later read (after a
 * write, on a second pass) asks Lambda about that function alone.
 */
final class LambdaRegionListing {

    /**
     * What the listing holds for one function.
     *
     * @param versions             its published versions, {@code $LATEST} left out
     * @param codeSigningConfigArn its code signing configuration; null when none
     */
    record Entry(List<FunctionConfiguration> versions, String codeSigningConfigArn) {
    }

    private final LambdaClient lambda;
    private Set<String> expected = Set.of();
    private boolean listed;
    /** The functions whose first read has been made. */
    private final Set<String> readBefore = new HashSet<>();
    /** By function name; null when the listing was not read or given up. */
    private Map<String, Listed> byFunction;

    private record Listed(String latestRevision, Entry entry) {
    }

    LambdaRegionListing(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** The functions the run will read: the listing, if it pays, keeps theirs. */
    synchronized void expect(Collection<String> functionNames) {
        expected = Set.copyOf(functionNames);
        readBefore.clear();
        listed = false;
        byFunction = null;
    }

    /**
     * The listing's entry for the function whose {@code $LATEST} is {@code latest} (as GetFunction just read it),
     * once; empty when the listing does not pay, has no entry for it, saw another RevisionId, or handed it out before.
     */
    synchronized Optional<Entry> take(FunctionConfiguration latest) {
        String name = latest.functionName();
        if (!expected.contains(name) || !readBefore.add(name)) {
            // Not the function's first read: a later one must see what happened since, not the listing.
            return Optional.empty();
        }
        if (!listed) {
            listed = true;
            byFunction = expected.size() < 2 ? null : list(expected.size());
        }
        Listed found = byFunction == null ? null : byFunction.remove(name);
        if (found == null || found.latestRevision() == null
                || !Objects.equals(found.latestRevision(), latest.revisionId())) {
            return Optional.empty();
        }
        return Optional.of(found.entry());
    }

    /**
     * Drops the function's entry unused: its first read did without it (a function that does not exist yet). Its
     * later reads, after it is created, do not list the region either: the replicas of the run are being created.
     */
    synchronized void forget(String functionName) {
        readBefore.add(functionName);
        if (byFunction != null) {
            byFunction.remove(functionName);
        }
    }

    /** The entries of the expected functions; null when they take more than {@code maxPages} pages. */
    private Map<String, Listed> list(int maxPages) {
        int pages = 0;
        Map<String, String> latestRevisions = new HashMap<>();
        Map<String, List<FunctionConfiguration>> versions = new HashMap<>();
        Map<String, String> signing = new HashMap<>();
        try {
            for (ListFunctionsResponse page : lambda.listFunctionsPaginator(request -> request
                    .functionVersion(FunctionVersion.ALL))) {
                if (++pages > maxPages) {
                    return null;
                }
                for (FunctionConfiguration function : page.functions()) {
                    if (!expected.contains(function.functionName())) {
                        continue;
                    }
                    if (FunctionSnapshot.LATEST.equals(function.version())) {
                        latestRevisions.put(function.functionName(), function.revisionId());
                    } else {
                        versions.computeIfAbsent(function.functionName(), name -> new ArrayList<>()).add(function);
                    }
                }
            }
            for (ListCodeSigningConfigsResponse page : lambda.listCodeSigningConfigsPaginator(request -> { })) {
                if (++pages > maxPages) {
                    return null;
                }
                for (CodeSigningConfig config : page.codeSigningConfigs()) {
                    for (ListFunctionsByCodeSigningConfigResponse guarded : lambda
                            .listFunctionsByCodeSigningConfigPaginator(request -> request
                                    .codeSigningConfigArn(config.codeSigningConfigArn()))) {
                        if (++pages > maxPages) {
                            return null;
                        }
                        guarded.functionArns().forEach(arn -> FunctionNames.nameIn(arn).filter(expected::contains)
                                .ifPresent(name -> signing.put(name, config.codeSigningConfigArn())));
                    }
                }
            }
        } catch (LambdaException e) {
            // Not permitted, or throttled past the retries: each function is read alone, as without the listing.
            return null;
        }
        Map<String, Listed> entries = new HashMap<>();
        latestRevisions.forEach((name, revision) -> entries.put(name, new Listed(revision,
                new Entry(List.copyOf(versions.getOrDefault(name, List.of())), signing.get(name)))));
        return entries;
    }
}
