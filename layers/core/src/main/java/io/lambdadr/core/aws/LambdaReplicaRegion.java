package io.lambdadr.core.aws;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.Attachments;
import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.RuntimeManagement;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.EventInvokeConfig;
import io.lambdadr.core.domain.FunctionUrl;
import io.lambdadr.core.domain.LayerVersion;
import io.lambdadr.core.domain.PolicyStatement;
import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaReadScope;
import io.lambdadr.core.domain.ReplicaState;
import io.lambdadr.core.engine.ApiCallTally;
import io.lambdadr.core.engine.CodePackage;
import io.lambdadr.core.engine.ConcurrentChangeException;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.LatestState;
import io.lambdadr.core.engine.ReplicaRegion;
import io.lambdadr.core.engine.ReplicationException;
import io.lambdadr.core.engine.StopSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LayerVersionContentInput;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Reads and writes replicas in one target region through the Lambda API. Lambda applies creates and updates
 * asynchronously: every write here waits for the function to be Active with its last update Successful before
 * returning, and a write refused because an update is still in progress is retried once the function is ready.
 */
public final class LambdaReplicaRegion implements ReplicaRegion {

    static final int CONFLICT_ATTEMPTS = 6;
    static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long a function that CreateFunction says exists (or is being created) may take to appear in reads. Lambda
     * shows a function from the moment its creation is accepted, so this only bridges the gap between two calls.
     */
    static final Duration CREATION_ELSEWHERE_WAIT = Duration.ofSeconds(5);

    private final String region;
    private final LambdaClient lambda;
    private final NetworkTimeouts timeouts;
    private final StagingBucket staging;
    private final StreamedInlineCode inlineCode;
    private final Map<String, String> functionArns = new ConcurrentHashMap<>();
    private final Map<String, Boolean> layerVersionExists = new ConcurrentHashMap<>();
    private final StopSignal stop;
    private final TargetImages images;
    private final TargetEventSources eventSources;
    private final LambdaEventSourceMappings eventSourceMappings;
    private final LambdaRegionListing listing;

    /**
     * @param lambda       the region's Lambda client
     * @param timeouts     the bounds the client applies, from which code uploads get theirs
     * @param staging      where packages too large for a direct upload go
     * @param inlineCode   the interceptor on {@code lambda} that sends direct uploads from their file
     * @param stop         the run's stop signal, which ends waits for Lambda early
     * @param eventSources where the sources of event source mappings are looked up in this region
     */
    LambdaReplicaRegion(String region, LambdaClient lambda, NetworkTimeouts timeouts, StagingBucket staging,
                        StreamedInlineCode inlineCode, StopSignal stop, TargetEventSources eventSources,
                        TargetImages images) {
        this.region = region;
        this.images = images;
        this.lambda = lambda;
        this.timeouts = timeouts;
        this.staging = staging;
        this.inlineCode = inlineCode;
        this.stop = stop;
        this.eventSources = eventSources;
        this.eventSourceMappings = new LambdaEventSourceMappings(lambda);
        this.listing = new LambdaRegionListing(lambda);
    }

    @Override
    public String name() {
        return region;
    }

    @Override
    public List<String> missingImages(List<String> imageUris) {
        return images.missing(imageUris);
    }

    @Override
    public ReplicaState read(String functionName, ReplicaReadScope scope) {
        GetFunctionResponse function;
        try {
            function = lambda.getFunction(request -> request.functionName(functionName));
        } catch (ResourceNotFoundException e) {
            // Once created, it is read alone: the listing was made before it existed.
            listing.forget(functionName);
            return ReplicaState.ABSENT;
        }
        FunctionConfiguration latest = function.configuration();
        functionArns.put(functionName, latest.functionArn());
        Optional<LambdaRegionListing.Entry> listed = listing.take(latest);
        List<PublishedVersion> versions = listed.map(LambdaRegionListing.Entry::versions)
                .orElseGet(() -> lambda.listVersionsByFunctionPaginator(r -> r.functionName(functionName))
                        .versions().stream().toList())
                .stream()
                .filter(version -> !"$LATEST".equals(version.version()))
                .map(LambdaModelMapper::versionOf)
                .toList();
        List<AliasConfiguration> aliasConfigurations = !scope.aliases() ? List.of()
                : lambda.listAliasesPaginator(r -> r.functionName(functionName)).aliases().stream().toList();
        Map<String, String> aliasRevisions = new HashMap<>();
        aliasConfigurations.stream().filter(alias -> alias.revisionId() != null)
                .forEach(alias -> aliasRevisions.put(alias.name(), alias.revisionId()));
        // The policies lambda-dr manages: the function's, its aliases' and its replicated versions'.
        Map<String, List<PolicyStatement>> policies = LambdaPolicies.byQualifier(lambda, functionName,
                Stream.concat(aliasConfigurations.stream().map(AliasConfiguration::name), versions.stream()
                        .filter(version -> ReplicaMarkers.sourceVersionOf(version.config().description()).isPresent())
                        .map(PublishedVersion::version)));
        return new ReplicaState(true, LambdaModelMapper.codeOf(latest), LambdaModelMapper.configOf(latest), versions,
                aliasConfigurations.stream().map(LambdaModelMapper::aliasOf).toList(),
                function.hasTags() ? function.tags() : Map.of(),
                function.concurrency() == null ? null : function.concurrency().reservedConcurrentExecutions(),
                latest.revisionId(), aliasRevisions, withControls(functionName, scope, listed,
                        new Attachments(policies,
                                scope.invokeConfigs() ? LambdaInvokeConfigs.of(lambda, functionName) : Map.of(),
                                scope.urls() ? LambdaFunctionUrls.of(lambda, functionName) : Map.of(),
                                scope.provisioned() ? LambdaProvisionedConcurrency.of(lambda, functionName) : Map.of(),
                                scope.mappings() ? eventSourceMappings.of(functionName, scope.mappingTags())
                                        : List.of())));
    }

    private Attachments withControls(String functionName, ReplicaReadScope scope,
                                     Optional<LambdaRegionListing.Entry> listed, Attachments attachments) {
        return scope.controls() ? LambdaFunctionControls.read(lambda, functionName, attachments, listed) : attachments;
    }

    @Override
    public void expectReads(Collection<String> functionNames) {
        listing.expect(functionNames);
    }

    @Override
    public void putRecursionConfig(String functionName, String recursiveLoop) {
        LambdaFunctionControls.putRecursion(lambda, functionName, recursiveLoop);
    }

    @Override
    public void putRuntimeManagementConfig(String functionName, RuntimeManagement runtimeManagement) {
        LambdaFunctionControls.putRuntimeManagement(lambda, functionName, runtimeManagement);
    }

    @Override
    public void putCodeSigningConfig(String functionName, String arn) {
        LambdaFunctionControls.putCodeSigning(lambda, functionName, arn);
    }

    @Override
    public String resolveEventSource(EventSourceMapping mapping) {
        return eventSources.resolve(mapping);
    }

    @Override
    public void createEventSourceMapping(String functionName, String qualifier, EventSourceMapping mapping) {
        eventSourceMappings.create(functionName, qualifier, mapping);
    }

    @Override
    public void updateEventSourceMapping(String uuid, EventSourceMapping mapping, List<String> changed) {
        eventSourceMappings.update(uuid, mapping, changed);
    }

    @Override
    public List<String> missingLayerVersions(List<String> layerArns) {
        List<String> missing = new ArrayList<>();
        for (String arn : layerArns) {
            if (!layerVersionExists.computeIfAbsent(arn, this::layerVersionExists)) {
                missing.add(arn);
            }
        }
        return missing;
    }

    private boolean layerVersionExists(String layerVersionArn) {
        int split = layerVersionArn.lastIndexOf(':');
        try {
            lambda.getLayerVersion(request -> request.layerName(layerVersionArn.substring(0, split))
                    .versionNumber(Long.parseLong(layerVersionArn.substring(split + 1))));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        } catch (NumberFormatException e) {
            throw new ReplicationException("Layers: " + layerVersionArn + " is not a layer version ARN", e,
                    FailureKind.PERMANENT);
        }
    }

    @Override
    public void addPermission(String functionName, String qualifier, PolicyStatement statement) {
        lambda.addPermission(request -> request.functionName(functionName)
                .qualifier(qualifier.isEmpty() ? null : qualifier)
                .statementId(statement.sid()).action(statement.action()).principal(statement.principal())
                .sourceArn(statement.sourceArn()).sourceAccount(statement.sourceAccount())
                .principalOrgID(statement.principalOrgId())
                .functionUrlAuthType(statement.functionUrlAuthType()));
    }

    @Override
    public void putProvisionedConcurrency(String functionName, String qualifier, int executions) {
        LambdaProvisionedConcurrency.put(lambda, functionName, qualifier, executions);
    }

    @Override
    public void putFunctionUrl(String functionName, String qualifier, FunctionUrl url, boolean exists) {
        LambdaFunctionUrls.put(lambda, functionName, qualifier, url, exists);
    }

    @Override
    public void putEventInvokeConfig(String functionName, String qualifier, EventInvokeConfig config) {
        LambdaInvokeConfigs.put(lambda, functionName, qualifier, config);
    }

    @Override
    public void removePermission(String functionName, String qualifier, String sid) {
        try {
            lambda.removePermission(request -> request.functionName(functionName)
                    .qualifier(qualifier.isEmpty() ? null : qualifier).statementId(sid));
        } catch (ResourceNotFoundException e) {
            // Already gone: another run removed it.
        }
    }

    @Override
    public Optional<LayerVersion> layerVersion(String layerVersionArn) {
        return LambdaLayers.read(lambda, layerVersionArn);
    }

    @Override
    public Optional<String> replicatedLayerVersion(String layerName, String sourceVersion, CodeIdentity content) {
        List<LayerVersionsListItem> candidates;
        try {
            candidates = lambda.listLayerVersionsPaginator(request -> request.layerName(layerName))
                    .layerVersions().stream()
                    .filter(item -> ReplicaMarkers.sourceVersionOf(item.description()).filter(sourceVersion::equals)
                            .isPresent())
                    .sorted(Comparator.comparingLong(LayerVersionsListItem::version))
                    .toList();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        for (LayerVersionsListItem candidate : candidates) {
            Optional<LayerVersion> found = LambdaLayers.read(lambda, candidate.layerVersionArn());
            if (found.isPresent() && found.get().code().sameCodeAs(content)) {
                return Optional.of(candidate.layerVersionArn());
            }
        }
        return Optional.empty();
    }

    @Override
    public LayerVersion publishLayerVersion(String layerName, LayerVersion source, CodePackage content,
                                            String description) {
        return withStagedCode(layerName, content, (zip, staged) -> LambdaLayers.of(lambda.publishLayerVersion(
                request -> request.layerName(layerName).description(description)
                        // What the source version declares, and nothing where it declares nothing.
                        .compatibleRuntimesWithStrings(source.compatibleRuntimes().isEmpty() ? null
                                : source.compatibleRuntimes())
                        .compatibleArchitecturesWithStrings(source.compatibleArchitectures().isEmpty() ? null
                                : source.compatibleArchitectures())
                        .licenseInfo(source.license())
                        .content(staged == null ? LayerVersionContentInput.builder().zipFile(zip).build()
                                : LayerVersionContentInput.builder().s3Bucket(staged.bucket()).s3Key(staged.key())
                                        .build())
                        .overrideConfiguration(timeouts.forTransfer(content.identity().sizeBytes())))));
    }

    @Override
    public void addLayerPermissions(String layerVersionArn, List<LayerVersion.Permission> permissions) {
        for (LayerVersion.Permission permission : permissions) {
            try {
                lambda.addLayerVersionPermission(request -> request
                        .layerName(LambdaLayers.layerArnOf(layerVersionArn))
                        .versionNumber(Long.parseLong(LayerVersion.versionOf(layerVersionArn)))
                        .statementId(permission.statementId()).action(permission.action())
                        .principal(permission.principal()).organizationId(permission.organizationId()));
            } catch (ResourceConflictException e) {
                // The statement is there already: a run before this one added it.
            }
        }
    }

    @Override
    public List<LayerVersion.Permission> layerPermissions(String layerVersionArn) {
        return LambdaLayers.permissions(lambda, layerVersionArn);
    }

    @Override
    public void removeLayerPermission(String layerVersionArn, String statementId) {
        try {
            lambda.removeLayerVersionPermission(request -> request
                    .layerName(LambdaLayers.layerArnOf(layerVersionArn))
                    .versionNumber(Long.parseLong(LayerVersion.versionOf(layerVersionArn)))
                    .statementId(statementId));
        } catch (ResourceNotFoundException e) {
            // Already gone: another run removed it.
        }
    }

    /**
     * Creates the function. Lambda answers 409 when the function exists or is being created (another run got there
     * first): the function is waited for until it is ready, and the caller plans again against what is there.
     */
    @Override
    public LatestState createFunction(String functionName, FunctionConfig config, CodePackage code,
                                      Map<String, String> tags) {
        FunctionConfiguration created;
        try {
            created = code.isImage() ? LambdaModelMapper.asFunctionConfiguration(lambda.createFunction(
                    LambdaModelMapper.createRequest(functionName, config).packageType("Image")
                            .code(FunctionCode.builder().imageUri(code.identity().imageUri()).build()).tags(tags)
                            .build()))
                    : withStagedCode(functionName, code, (zip, staged) -> {
                FunctionCode.Builder functionCode = FunctionCode.builder();
                if (staged == null) {
                    functionCode.zipFile(zip);
                } else {
                    functionCode.s3Bucket(staged.bucket()).s3Key(staged.key());
                }
                return LambdaModelMapper.asFunctionConfiguration(lambda.createFunction(
                        LambdaModelMapper.createRequest(functionName, config).code(functionCode.build()).tags(tags)
                                .overrideConfiguration(timeouts.forTransfer(code.identity().sizeBytes()))
                                .build()));
            });
        } catch (ResourceConflictException e) {
            throw new ConcurrentChangeException(functionName + " in " + region + " already existed or was being "
                    + "created by another writer when lambda-dr created it (CreateFunction answered 409)"
                    + (awaitCreatedElsewhere(functionName) ? "" : ", yet it did not appear"), e);
        }
        functionArns.put(functionName, created.functionArn());
        return latestState(awaitReady(functionName, created));
    }

    /**
     * Waits for a function that CreateFunction said exists or is being created to appear and be ready, so that the
     * next plan is made against what is there; false when it did not appear (the next plan creates it again).
     */
    private boolean awaitCreatedElsewhere(String functionName) {
        long deadline = System.nanoTime() + CREATION_ELSEWHERE_WAIT.toNanos();
        long pauseMillis = 250;
        while (true) {
            try {
                FunctionConfiguration found = lambda.getFunction(request -> request.functionName(functionName))
                        .configuration();
                awaitReady(functionName, found);
                return true;
            } catch (ResourceNotFoundException e) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
            stop.throwIfSet("while waiting for " + functionName + " in " + region + " to be created by another writer");
            FunctionReadiness.sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 2_000);
        }
    }

    @Override
    public LatestState updateCode(String functionName, CodePackage code, List<String> architectures,
                                  String expectedRevision) {
        if (code.isImage()) {
            return latestState(awaitReady(functionName, LambdaModelMapper.asFunctionConfiguration(retryOnConflict(
                    functionName, () -> lambda.updateFunctionCode(request -> request.functionName(functionName)
                            .imageUri(code.identity().imageUri()).architecturesWithStrings(architectures)
                            .revisionId(expectedRevision))))));
        }
        FunctionConfiguration updated = withStagedCode(functionName, code, (zip, staged) ->
                LambdaModelMapper.asFunctionConfiguration(retryOnConflict(functionName, () -> lambda.updateFunctionCode(request -> {
                    request.functionName(functionName).architecturesWithStrings(architectures)
                            .revisionId(expectedRevision)
                            .overrideConfiguration(timeouts.forTransfer(code.identity().sizeBytes()));
                    if (staged == null) {
                        request.zipFile(zip);
                    } else {
                        request.s3Bucket(staged.bucket()).s3Key(staged.key());
                    }
                }))));
        return latestState(awaitReady(functionName, updated));
    }

    @Override
    public LatestState updateConfiguration(String functionName, FunctionConfig config, List<String> changedFields,
                                           String expectedRevision) {
        FunctionConfiguration updated = LambdaModelMapper.asFunctionConfiguration(retryOnConflict(functionName,
                () -> lambda.updateFunctionConfiguration(LambdaModelMapper.updateRequest(functionName, config,
                        changedFields).toBuilder().revisionId(expectedRevision).build())));
        return latestState(awaitReady(functionName, updated));
    }

    /**
     * What {@code $LATEST} holds once ready. Lambda moves the RevisionId on again when an update finishes applying,
     * so the one to carry forward is the one of the read that saw it ready, not the one the write answered with.
     */
    private static LatestState latestState(FunctionConfiguration ready) {
        return new LatestState(LambdaModelMapper.codeOf(ready), ready.revisionId());
    }

    @Override
    public PublishedVersion publishVersion(String functionName, String description, CodeIdentity expectedCode,
                                           String expectedRevision) {
        FunctionConfiguration published = LambdaModelMapper.asFunctionConfiguration(retryOnConflict(functionName,
                () -> lambda.publishVersion(request -> request.functionName(functionName).description(description)
                        .codeSha256(expectedCode.sha256()).revisionId(expectedRevision))));
        return LambdaModelMapper.versionOf(published);
    }

    @Override
    public void putAlias(String functionName, AliasSpec alias, boolean exists, String expectedRevision) {
        AliasRoutingConfiguration routing = AliasRoutingConfiguration.builder()
                .additionalVersionWeights(alias.routingWeights()).build();
        try {
            retryOnConflict(functionName, () -> exists
                    ? lambda.updateAlias(request -> request.functionName(functionName).name(alias.name())
                            .functionVersion(alias.functionVersion()).description(alias.description())
                            .routingConfig(routing).revisionId(expectedRevision))
                    : lambda.createAlias(request -> request.functionName(functionName).name(alias.name())
                            .functionVersion(alias.functionVersion()).description(alias.description())
                            .routingConfig(routing)));
        } catch (ResourceNotFoundException e) {
            // The alias (or a version it names) went away since the plan was read: someone else is changing it.
            throw new ConcurrentChangeException("alias " + alias.name() + " of " + functionName + " in " + region
                    + " or a version it names was removed by someone else while lambda-dr was updating it", e);
        }
    }

    @Override
    public void deleteVersion(String functionName, String version) {
        try {
            retryOnConflict(functionName, () -> lambda.deleteFunction(request -> request.functionName(functionName)
                    .qualifier(version)));
        } catch (ResourceNotFoundException e) {
            // Already gone: another run repaired it first.
        }
    }

    @Override
    public void tag(String functionName, Map<String, String> set, Set<String> remove) {
        String arn = functionArn(functionName);
        if (!remove.isEmpty()) {
            retryOnConflict(functionName, () -> lambda.untagResource(request -> request.resource(arn).tagKeys(remove)));
        }
        if (!set.isEmpty()) {
            retryOnConflict(functionName, () -> lambda.tagResource(request -> request.resource(arn).tags(set)));
        }
    }

    @Override
    public void putReservedConcurrency(String functionName, Integer reserved) {
        retryOnConflict(functionName, () -> reserved == null
                ? lambda.deleteFunctionConcurrency(request -> request.functionName(functionName))
                : lambda.putFunctionConcurrency(request -> request.functionName(functionName)
                        .reservedConcurrentExecutions(reserved)));
    }

    private String functionArn(String functionName) {
        return functionArns.computeIfAbsent(functionName, name ->
                lambda.getFunction(request -> request.functionName(name)).configuration().functionArn());
    }

    /**
     * Code for a create or update: a direct upload (the placeholder of the file that {@link StreamedInlineCode} sends)
     * up to the direct-upload limit, else an object staged in S3.
     */
    private interface CodeUpload<T> {
        T upload(SdkBytes zip, StagingBucket.StagedObject staged);
    }

    private <T> T withStagedCode(String functionName, CodePackage code, CodeUpload<T> upload) {
        if (!staging.needed(code)) {
            T uploaded = inlineCode.withFile(code.file(), zip -> upload.upload(zip, null));
            ApiCallTally.current().addCodeBytes(code.identity().sizeBytes());
            return uploaded;
        }
        StagingBucket.StagedObject staged = staging.upload(functionName, code);
        try {
            return upload.upload(null, staged);
        } finally {
            staging.remove(staged);
        }
    }

    /**
     * Runs a write; when Lambda refuses it because an update is in progress, waits until the function is ready
     * and tries again. A refused revision condition is not retried here: the plan itself is out of date.
     */
    private <T> T retryOnConflict(String functionName, Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (PreconditionFailedException e) {
                throw new ConcurrentChangeException(functionName + " in " + region + " was changed by someone else "
                        + "while lambda-dr was updating it (RevisionId no longer matched); their change was not "
                        + "overwritten", e);
            } catch (InvalidParameterValueException e) {
                if (isCodeShaMismatch(e)) {
                    throw new ConcurrentChangeException(functionName + " in " + region + " had its code changed by "
                            + "someone else before lambda-dr published it (CodeSha256 no longer matched); nothing was "
                            + "published", e);
                }
                throw e;
            } catch (ResourceConflictException e) {
                if (isAlreadyExists(e)) {
                    // Created by someone else since the plan was made: waiting would not help, a fresh plan does.
                    throw new ConcurrentChangeException(functionName + " in " + region + " was changed by someone "
                            + "else while lambda-dr was updating it: " + e.awsErrorDetails().errorMessage(), e);
                }
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw new ReplicationException(functionName + " in " + region + " stayed busy with another update "
                            + "through " + CONFLICT_ATTEMPTS + " attempts: " + e.awsErrorDetails().errorMessage(), e);
                }
                awaitReady(functionName, null);
            }
        }
    }

    /** PublishVersion's answer when {@code $LATEST} no longer has the CodeSha256 sent. */
    private static boolean isCodeShaMismatch(InvalidParameterValueException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message != null && message.contains("CodeSHA256");
    }

    /** Lambda answers a create of something that exists with the same exception as an update in progress. */
    private static boolean isAlreadyExists(ResourceConflictException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("already exist");
    }

    private FunctionConfiguration awaitReady(String functionName, FunctionConfiguration known) {
        return FunctionReadiness.await(lambda, region, functionName, known, READY_TIMEOUT, stop);
    }
}
