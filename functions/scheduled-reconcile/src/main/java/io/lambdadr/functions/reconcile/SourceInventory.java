package io.lambdadr.functions.reconcile;

import io.lambdadr.core.domain.FunctionNames;
import io.lambdadr.functions.common.Wiring;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * The protected functions of the source region, read as cheaply as the APIs allow, for the scheduled reconcile.
 *
 * <p>Tags come from the Resource Groups Tagging API's GetResources, filtered on the server by the protect tag: 100
 * functions a call, every tag of each, under that API's own quota. ListTags per function would cost one Lambda
 * control-plane call per function, out of the 15 a second that every caller in the account and region shares (the
 * emulator answers GetResources for Lambda functions, tag filter included, so tests exercise this path). The rest
 * comes from ListFunctions, 50 functions a call, and ListAliases, one call per protected function: an alias change
 * shows nowhere else.
 *
 * <p>Both clients come from the {@link Wiring}: the Lambda client carries this instance's share of the rate budget.
 */
final class SourceInventory {

    /** The most ListFunctions returns a page. */
    private static final int FUNCTIONS_PER_PAGE = 50;
    /** The most GetResources returns a page. */
    private static final int RESOURCES_PER_PAGE = 100;

    private final LambdaClient lambda;
    private final ResourceGroupsTaggingApiClient tagging;

    SourceInventory(LambdaClient lambda, ResourceGroupsTaggingApiClient tagging) {
        this.lambda = lambda;
        this.tagging = tagging;
    }

    /** The inventory of the wiring's source region; builds the tagging client, so call it once per container. */
    static SourceInventory of(Wiring wiring) {
        String source = wiring.settings().sourceRegion();
        return new SourceInventory(wiring.clients().lambda(source),
                wiring.clients().configure(ResourceGroupsTaggingApiClient.builder(), source).build());
    }

    /** Every function tagged {@code tagKey=tagValue}, with its {@code $LATEST} as ListFunctions shows it. */
    List<ProtectedFunction> protectedFunctions(String tagKey, String tagValue) {
        Map<String, Map<String, String>> tagsByName = new HashMap<>();
        tagging.getResourcesPaginator(request -> request.resourceTypeFilters("lambda:function")
                        .tagFilters(TagFilter.builder().key(tagKey).values(tagValue).build())
                        .resourcesPerPage(RESOURCES_PER_PAGE))
                .resourceTagMappingList()
                .forEach(mapping -> {
                    Map<String, String> tags = tagsOf(mapping);
                    // Filtered by the service already; checked again, since only a protected function may be copied.
                    if (tagValue.equals(tags.get(tagKey))) {
                        FunctionNames.nameIn(mapping.resourceARN()).ifPresent(name -> tagsByName.put(name, tags));
                    }
                });
        if (tagsByName.isEmpty()) {
            return List.of();
        }
        List<ProtectedFunction> functions = new ArrayList<>();
        for (FunctionConfiguration function : lambda.listFunctionsPaginator(request -> request
                .maxItems(FUNCTIONS_PER_PAGE)).functions()) {
            Map<String, String> tags = tagsByName.get(function.functionName());
            // A function the tagging API still lists once deleted is absent here, and left alone.
            if (tags != null) {
                functions.add(new ProtectedFunction(function.functionName(), function.revisionId(),
                        function.codeSha256(), function.lastModified(), tags));
            }
        }
        return functions;
    }

    /** The aliases of {@code function}; empty when the function is gone since it was listed. */
    Optional<List<AliasState>> aliases(String function) {
        try {
            return Optional.of(lambda.listAliasesPaginator(request -> request.functionName(function)).aliases()
                    .stream().map(SourceInventory::aliasOf).toList());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static AliasState aliasOf(AliasConfiguration alias) {
        Map<String, Double> weights = alias.routingConfig() == null
                || !alias.routingConfig().hasAdditionalVersionWeights() ? Map.of()
                : alias.routingConfig().additionalVersionWeights();
        return new AliasState(alias.name(), alias.functionVersion(), weights, alias.revisionId());
    }

    private static Map<String, String> tagsOf(ResourceTagMapping mapping) {
        Map<String, String> tags = new LinkedHashMap<>();
        mapping.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }
}
