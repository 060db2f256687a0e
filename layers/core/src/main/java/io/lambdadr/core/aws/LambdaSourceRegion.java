package io.lambdadr.core.aws;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.Attachments;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.LayerVersion;
import io.lambdadr.core.domain.PolicyStatement;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.TagRules;
import io.lambdadr.core.domain.VersionHistory;
import io.lambdadr.core.engine.CodePackage;
import io.lambdadr.core.engine.SourceRegion;
import io.lambdadr.core.engine.StopSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Reads functions and their code from the source region through the Lambda API. */
public final class LambdaSourceRegion implements SourceRegion {

    /** How long a function being deployed in the source is waited for before its snapshot fails. */
    static final Duration SOURCE_UPDATE_WAIT = Duration.ofMinutes(2);

    private final String region;
    private final LambdaClient lambda;
    private final CodeDownloader downloader;
    private final StopSignal stop;
    private final LambdaEventSourceMappings eventSourceMappings;
    private final VersionHistory versionHistory;
    private final LambdaRegionListing listing;

    /**
     * @param lambda     the region's Lambda client
     * @param downloader fetches code from the locations Lambda gives
     * @param stop       the run's stop signal, which ends the wait for a deployment under way early
     * @param versionHistory which published versions a snapshot holds
     */
    LambdaSourceRegion(String region, LambdaClient lambda, CodeDownloader downloader, StopSignal stop,
                       VersionHistory versionHistory) {
        this.region = region;
        this.versionHistory = versionHistory;
        this.lambda = lambda;
        this.eventSourceMappings = new LambdaEventSourceMappings(lambda);
        this.listing = new LambdaRegionListing(lambda);
        this.downloader = downloader;
        this.stop = stop;
    }

    @Override
    public String name() {
        return region;
    }

    @Override
    public void expectReads(Collection<String> functionNames) {
        listing.expect(functionNames);
    }

    @Override
    public List<String> listFunctionsTagged(String tagKey, String tagValue) {
        return lambda.listFunctionsPaginator(request -> { })
                .functions().stream()
                .filter(function -> tagValue.equals(
                        lambda.listTags(request -> request.resource(function.functionArn())).tags().get(tagKey)))
                .map(FunctionConfiguration::functionName)
                .sorted()
                .toList();
    }

    @Override
    public FunctionSnapshot snapshot(String functionName) {
        GetFunctionResponse function;
        try {
            function = lambda.getFunction(request -> request.functionName(functionName));
            if (!FunctionReadiness.isReady(function.configuration())) {
                // A deployment is under way: copy its result, not a half-applied state.
                FunctionReadiness.await(lambda, region, functionName, function.configuration(), SOURCE_UPDATE_WAIT,
                        stop);
                function = lambda.getFunction(request -> request.functionName(functionName));
            }
        } catch (ResourceNotFoundException e) {
            throw new FunctionNotFoundException(functionName, region);
        }
        List<AliasSpec> aliases = lambda.listAliasesPaginator(request -> request.functionName(functionName))
                .aliases().stream().map(LambdaModelMapper::aliasOf).toList();
        Map<String, String> tags = new LinkedHashMap<>();
        if (function.hasTags()) {
            function.tags().forEach((key, value) -> {
                if (TagRules.isReplicated(key)) {
                    tags.put(key, value);
                }
            });
        }
        Attachments attachments = new Attachments(Map.of(), LambdaInvokeConfigs.of(lambda, functionName),
                LambdaFunctionUrls.of(lambda, functionName), LambdaProvisionedConcurrency.of(lambda, functionName),
                eventSourceMappings.of(functionName, true));
        Optional<LambdaRegionListing.Entry> listed = listing.take(function.configuration());
        Set<String> referenced = new HashSet<>(FunctionSnapshot.versionsReferencedBy(aliases));
        referenced.addAll(attachments.versionQualifiers());
        Map<String, PublishedVersion> published = versionsOf(listed.map(LambdaRegionListing.Entry::versions)
                .orElseGet(() -> listVersions(functionName)));
        if (listed.isPresent() && !published.keySet().containsAll(referenced)) {
            // Published after the region was listed, and already in use: the listing is behind.
            listed = Optional.empty();
            published = versionsOf(listVersions(functionName));
        }
        List<PublishedVersion> versions = versionHistory.select(published.keySet(), referenced).stream()
                .map(published::get).map(version -> withImageUri(functionName, version)).toList();
        FunctionConfiguration latest = function.configuration();
        CodeIdentity latestCode = LambdaModelMapper.codeOf(latest);
        if (!latestCode.isZip()) {
            latestCode = latestCode.withImageUri(function.code().resolvedImageUri());
        }
        Map<String, List<PolicyStatement>> policies = LambdaPolicies.byQualifier(lambda, functionName,
                Stream.concat(aliases.stream().map(AliasSpec::name), versions.stream().map(PublishedVersion::version)));
        return new FunctionSnapshot(functionName, region, unqualified(latest.functionArn()),
                latestCode, LambdaModelMapper.configOf(latest), versions, aliases, tags,
                function.concurrency() == null ? null : function.concurrency().reservedConcurrentExecutions(),
                LambdaFunctionControls.read(lambda, functionName, attachments.withPolicies(policies), listed));
    }

    private List<FunctionConfiguration> listVersions(String functionName) {
        return lambda.listVersionsByFunctionPaginator(request -> request.functionName(functionName)).versions()
                .stream().toList();
    }

    /** The published versions among {@code listed} ({@code $LATEST} left out), by number, in the order listed. */
    private static Map<String, PublishedVersion> versionsOf(List<FunctionConfiguration> listed) {
        Map<String, PublishedVersion> published = new LinkedHashMap<>();
        listed.stream()
                .filter(version -> !FunctionSnapshot.LATEST.equals(version.version()))
                .map(LambdaModelMapper::versionOf)
                .forEach(version -> published.put(version.version(), version));
        return published;
    }

    /**
     * A version of a container-image function with the image it runs, pinned by digest: the listing of versions says
     * only the digest, GetFunction (on its own budget) says which repository holds it.
     */
    private PublishedVersion withImageUri(String functionName, PublishedVersion version) {
        if (version.code().isZip()) {
            return version;
        }
        String image = lambda.getFunction(request -> request.functionName(functionName).qualifier(version.version()))
                .code().resolvedImageUri();
        return new PublishedVersion(version.version(), version.code().withImageUri(image), version.config());
    }

    @Override
    public CodePackage downloadCode(String functionName, String qualifier, CodeIdentity expected, Path destination) {
        return downloader.download("code of " + functionName + " " + qualifier,
                () -> lambda.getFunction(request -> request.functionName(functionName).qualifier(qualifier))
                        .code().location(),
                expected, destination);
    }

    @Override
    public Optional<LayerVersion> layerVersion(String layerVersionArn) {
        return LambdaLayers.read(lambda, layerVersionArn);
    }

    @Override
    public List<LayerVersion.Permission> layerPermissions(String layerVersionArn) {
        return LambdaLayers.permissions(lambda, layerVersionArn);
    }

    @Override
    public CodePackage downloadLayer(String layerVersionArn, CodeIdentity expected, Path destination) {
        return downloader.download("layer " + layerVersionArn,
                () -> lambda.getLayerVersionByArn(request -> request.arn(layerVersionArn)).content().location(),
                expected, destination);
    }

    private static String unqualified(String functionArn) {
        // arn:aws:lambda:region:account:function:name[:qualifier]
        String[] parts = functionArn.split(":");
        return parts.length > 7 ? String.join(":", List.of(parts).subList(0, 7)) : functionArn;
    }
}
