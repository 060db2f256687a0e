package io.lambdadr.core.engine;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.Attachments;
import io.lambdadr.core.domain.EventInvokeConfig;
import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.UntranslatableReferenceException;
import io.lambdadr.core.domain.FunctionUrl;
import io.lambdadr.core.domain.LayerVersion;
import io.lambdadr.core.domain.PolicyStatement;
import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaReadScope;
import io.lambdadr.core.domain.ReplicaState;
import io.lambdadr.core.domain.RuntimeManagement;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A target region held in memory that applies writes the way Lambda does, closely enough for the engine: published
 * versions are numbered from {@link #FIRST_VERSION} upward and a number is never given twice, publishing is refused when {@code $LATEST} no longer has the expected code, publishing an
 * unchanged {@code $LATEST} returns the last version instead of a new one, a configuration naming a layer version
 * that does not exist here is refused, and writes carrying a RevisionId are refused when the function or alias has
 * moved on. Faults can be injected per operation.
 * Calls are counted against the current {@link ApiCallTally}, as the Lambda adapter's interceptor does.
 */
public final class InMemoryReplicaRegion implements ReplicaRegion {

    public static final int FIRST_VERSION = 1;

    private final String region;
    private final Map<String, Replica> functions = new HashMap<>();
    private final Set<String> missingLayers = new HashSet<>();
    private final Set<String> missingImages = new HashSet<>();
    private final List<ReplicaReadScope> reads = new ArrayList<>();
    private final List<String> writes = new ArrayList<>();
    private final Map<String, Function<FunctionConfig, RuntimeException>> failures = new HashMap<>();
    private CodeIdentity uploadedCodeOverride;
    private CodeIdentity publishedCodeOverride;
    private final Map<String, Integer> concurrentChanges = new HashMap<>();
    private final Map<String, Runnable> beforeNext = new HashMap<>();
    private boolean ignoresConfigurationUpdates;

    public InMemoryReplicaRegion(String region) {
        this.region = region;
    }

    /** One function as this region holds it. */
    private static final class Replica {
        CodeIdentity code;
        FunctionConfig config;
        final List<PublishedVersion> versions = new ArrayList<>();
        final Map<String, AliasSpec> aliases = new TreeMap<>();
        final Map<String, String> tags = new LinkedHashMap<>();
        Integer reservedConcurrency;
        final Map<String, List<PolicyStatement>> policies = new TreeMap<>();
        final Map<String, EventInvokeConfig> invokeConfigs = new TreeMap<>();
        final Map<String, FunctionUrl> urls = new TreeMap<>();
        final Map<String, Integer> provisioned = new TreeMap<>();
        String codeSigningConfigArn;
        String recursiveLoop;
        RuntimeManagement runtimeManagement;
        /** By UUID. */
        final Map<String, EventSourceMapping> eventSourceMappings = new TreeMap<>();
        int nextVersion = FIRST_VERSION;
        int revision;
        /** The revision of {@code $LATEST} when the last version was published; -1 before any. */
        int revisionAtLastPublish = -1;
        final Map<String, Integer> aliasRevisions = new HashMap<>();

        String revisionId() {
            return "rev-" + revision;
        }
    }

    // Set-up and inspection, for tests.

    /** Layer version ARNs that do not exist in this region. */
    public synchronized InMemoryReplicaRegion withoutLayerVersion(String layerVersionArn) {
        missingLayers.add(layerVersionArn);
        return this;
    }

    /** Every code upload from now on reports (and leaves on {@code $LATEST}) this code instead of the bytes sent. */
    public synchronized InMemoryReplicaRegion uploadsTurnInto(CodeIdentity code) {
        uploadedCodeOverride = code;
        return this;
    }

    /** Every version published from now on has this code, whatever {@code $LATEST} held. */
    public synchronized InMemoryReplicaRegion publishesWithCode(CodeIdentity code) {
        publishedCodeOverride = code;
        return this;
    }

    /**
     * The next call of {@code operation} fails with the exception {@code failure} makes from the configuration the
     * call carries (or the function's current one), before changing anything.
     */
    public synchronized InMemoryReplicaRegion failNext(String operation,
                                                       Function<FunctionConfig, RuntimeException> failure) {
        failures.put(operation, failure);
        return this;
    }

    /**
     * Before each of the next {@code times} calls of {@code operation}, someone else changes the function (or, for
     * UpdateAlias, the alias): its RevisionId moves on.
     */
    public synchronized InMemoryReplicaRegion changedConcurrentlyBefore(String operation, int times) {
        concurrentChanges.put(operation, times);
        return this;
    }

    /**
     * Just before the next call of {@code operation} is carried out, {@code change} runs, as another writer's change
     * landing in between would (it may call this region's own methods).
     */
    public synchronized InMemoryReplicaRegion beforeNext(String operation, Runnable change) {
        beforeNext.put(operation, change);
        return this;
    }

    /** Configuration updates from now on succeed but change nothing, as a setting Lambda ignores would. */
    public synchronized InMemoryReplicaRegion ignoresConfigurationUpdates() {
        ignoresConfigurationUpdates = true;
        return this;
    }

    /** Removes every injected fault. */
    public synchronized InMemoryReplicaRegion behaveNormally() {
        uploadedCodeOverride = null;
        publishedCodeOverride = null;
        failures.clear();
        concurrentChanges.clear();
        beforeNext.clear();
        ignoresConfigurationUpdates = false;
        return this;
    }

    /** The write operations made so far, in order, as {@code Operation function[ detail]}. */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    public synchronized List<String> writesOf(String operation) {
        return writes.stream().filter(write -> write.startsWith(operation + " ")).toList();
    }

    public synchronized ReplicaState state(String functionName) {
        return stateOf(functions.get(functionName));
    }

    // The port.

    @Override
    public String name() {
        return region;
    }

    @Override
    public synchronized ReplicaState read(String functionName, ReplicaReadScope scope) {
        ApiCallTally.current().countCall("GetFunction");
        ApiCallTally.current().countCall("ListVersionsByFunction");
        if (scope.aliases()) {
            ApiCallTally.current().countCall("ListAliases");
        }
        reads.add(scope);
        ReplicaState state = stateOf(functions.get(functionName));
        Attachments attached = state.attachments();
        return new ReplicaState(state.exists(), state.code(), state.config(), state.versions(),
                scope.aliases() ? state.aliases() : List.of(), state.tags(), state.reservedConcurrency(),
                state.revisionId(), scope.aliases() ? state.aliasRevisions() : Map.of(),
                // As Lambda's adapter reads them: the aliases' policies only with the aliases.
                new Attachments(scope.aliases() ? attached.policies() : withoutAliasPolicies(state),
                        scope.invokeConfigs() ? attached.invokeConfigs() : Map.of(),
                        scope.urls() ? attached.urls() : Map.of(),
                        scope.provisioned() ? attached.provisioned() : Map.of(),
                        !scope.mappings() ? List.of() : scope.mappingTags() ? attached.eventSourceMappings()
                                : attached.eventSourceMappings().stream().map(InMemoryReplicaRegion::withoutTags).toList(),
                        // Unread, as Lambda's adapter leaves them: Lambda's defaults.
                        scope.controls() ? attached.codeSigningConfigArn() : null,
                        scope.controls() ? attached.recursiveLoop() : null,
                        scope.controls() ? attached.runtimeManagement() : null));
    }

    private static Map<String, List<PolicyStatement>> withoutAliasPolicies(ReplicaState state) {
        Map<String, List<PolicyStatement>> policies = new TreeMap<>(state.policies());
        state.aliases().forEach(alias -> policies.remove(alias.name()));
        return policies;
    }

    private static EventSourceMapping withoutTags(EventSourceMapping mapping) {
        Map<String, Object> settings = new TreeMap<>(mapping.settings());
        settings.remove(EventSourceMapping.TAGS);
        return new EventSourceMapping(mapping.qualifier(), mapping.eventSourceArn(), mapping.enabled(), settings,
                mapping.uuid());
    }

    /** The scopes of the reads made so far, in order. */
    public synchronized List<ReplicaReadScope> reads() {
        return List.copyOf(reads);
    }

    /** Layer versions of this region by ARN: published here, or another account's added by a test. */
    private final Map<String, LayerVersion> layers = new LinkedHashMap<>();
    private final Map<String, List<LayerVersion.Permission>> layerPermissions = new HashMap<>();

    /** A layer version this region holds (another account's, for one). */
    public synchronized InMemoryReplicaRegion withLayer(LayerVersion layer) {
        layers.put(layer.arn(), layer);
        return this;
    }

    /** The layer versions this region holds, by ARN. */
    public synchronized Map<String, LayerVersion> layers() {
        return Map.copyOf(layers);
    }

    /** The statements of a layer version's policy (as a test reads them, uncounted). */
    public synchronized List<LayerVersion.Permission> layerPolicy(String layerVersionArn) {
        return layerPermissions.getOrDefault(layerVersionArn, List.of());
    }

    @Override
    public synchronized List<LayerVersion.Permission> layerPermissions(String layerVersionArn) {
        ApiCallTally.current().countCall("GetLayerVersionPolicy");
        return layerPolicy(layerVersionArn);
    }

    @Override
    public synchronized void removeLayerPermission(String layerVersionArn, String statementId) {
        ApiCallTally.current().countCall("RemoveLayerVersionPermission");
        List<LayerVersion.Permission> statements = new ArrayList<>(layerPolicy(layerVersionArn));
        statements.removeIf(permission -> permission.statementId().equals(statementId));
        layerPermissions.put(layerVersionArn, statements);
    }

    @Override
    public synchronized Optional<LayerVersion> layerVersion(String layerVersionArn) {
        ApiCallTally.current().countCall("GetLayerVersionByArn");
        return Optional.ofNullable(layers.get(layerVersionArn));
    }

    @Override
    public synchronized Optional<String> replicatedLayerVersion(String layerName, String sourceVersion,
                                                                CodeIdentity content) {
        ApiCallTally.current().countCall("ListLayerVersions");
        return layers.values().stream()
                .filter(layer -> LayerVersion.layerNameOf(layer.arn()).equals(layerName))
                .filter(layer -> ReplicaMarkers.sourceVersionOf(layer.description()).filter(sourceVersion::equals)
                        .isPresent())
                .filter(layer -> layer.code().sameCodeAs(content))
                .map(LayerVersion::arn)
                .min(Comparator.comparingLong(arn -> Long.parseLong(LayerVersion.versionOf(arn))));
    }

    @Override
    public LayerVersion publishLayerVersion(String layerName, LayerVersion source, CodePackage content,
                                            String description) {
        runBefore("PublishLayerVersion");
        synchronized (this) {
            ApiCallTally.current().countCall("PublishLayerVersion");
            long next = layers.keySet().stream().filter(arn -> LayerVersion.layerNameOf(arn).equals(layerName))
                    .mapToLong(arn -> Long.parseLong(LayerVersion.versionOf(arn))).max().orElse(0) + 1;
            String account = LayerVersion.accountOf(source.arn());
            LayerVersion published = new LayerVersion("arn:aws:lambda:" + region + ":" + account + ":layer:" + layerName
                    + ":" + next, content.identity(), description, source.compatibleRuntimes(),
                    source.compatibleArchitectures(), source.license());
            layers.put(published.arn(), published);
            return published;
        }
    }

    @Override
    public synchronized void addLayerPermissions(String layerVersionArn, List<LayerVersion.Permission> permissions) {
        permissions.forEach(permission -> ApiCallTally.current().countCall("AddLayerVersionPermission"));
        List<LayerVersion.Permission> statements = new ArrayList<>(layerPolicy(layerVersionArn));
        permissions.stream().filter(permission -> !statements.contains(permission)).forEach(statements::add);
        layerPermissions.put(layerVersionArn, statements);
    }

    @Override
    public void addPermission(String functionName, String qualifier, PolicyStatement statement) {
        runBefore("AddPermission");
        synchronized (this) {
            write("AddPermission", functionName, null, " " + qualifier + " " + statement.sid());
            Replica replica = functions.get(functionName);
            List<PolicyStatement> statements = replica.policies.computeIfAbsent(qualifier, q -> new ArrayList<>());
            if (statements.stream().anyMatch(existing -> existing.sid().equals(statement.sid()))) {
                throw new IllegalStateException("statement " + statement.sid() + " already exists on " + qualifier);
            }
            statements.add(statement);
        }
    }

    @Override
    public synchronized void putProvisionedConcurrency(String functionName, String qualifier, int executions) {
        write("PutProvisionedConcurrencyConfig", functionName, null, " " + qualifier + " " + executions);
        functions.get(functionName).provisioned.put(qualifier, executions);
    }

    @Override
    public synchronized void putFunctionUrl(String functionName, String qualifier, FunctionUrl url, boolean exists) {
        write(exists ? "UpdateFunctionUrlConfig" : "CreateFunctionUrlConfig", functionName, null, " " + qualifier);
        Replica replica = functions.get(functionName);
        String address = exists ? replica.urls.get(qualifier).url()
                : "https://" + Integer.toHexString((functionName + qualifier + region).hashCode()) + ".lambda-url."
                        + region + ".on.aws/";
        replica.urls.put(qualifier, new FunctionUrl(address, url.authType(), url.cors(), url.invokeMode()));
    }

    @Override
    public synchronized void putEventInvokeConfig(String functionName, String qualifier, EventInvokeConfig config) {
        write("PutFunctionEventInvokeConfig", functionName, null, " " + qualifier);
        functions.get(functionName).invokeConfigs.put(qualifier, config);
    }

    /** Event sources (queues, streams' tables) that do not exist in this region. */
    private final Set<String> missingEventSources = new HashSet<>();
    private int nextMappingId = 1;

    /** Makes a source's ARN unknown here, as a queue or table never created in the DR region is. */
    public synchronized InMemoryReplicaRegion withoutEventSource(String arn) {
        missingEventSources.add(arn);
        return this;
    }

    @Override
    public synchronized String resolveEventSource(EventSourceMapping mapping) {
        ApiCallTally.current().countCall("DescribeEventSource");
        String arn = mapping.readsDynamoDbStream()
                ? mapping.eventSourceArn().replaceFirst("/stream/.*", "/stream/" + region + "-label")
                : mapping.eventSourceArn();
        if (missingEventSources.contains(mapping.eventSourceArn())) {
            throw new UntranslatableReferenceException(mapping.field("EventSourceArn"), mapping.eventSourceArn(),
                    "does not exist in " + region);
        }
        return arn;
    }

    @Override
    public synchronized void createEventSourceMapping(String functionName, String qualifier,
                                                      EventSourceMapping mapping) {
        write("CreateEventSourceMapping", functionName, null, " " + qualifier);
        String uuid = region + "-mapping-" + nextMappingId++;
        existing(functionName).eventSourceMappings.put(uuid, new EventSourceMapping(qualifier,
                mapping.eventSourceArn(), mapping.enabled(), mapping.settings(), uuid));
    }

    @Override
    public synchronized void updateEventSourceMapping(String uuid, EventSourceMapping mapping, List<String> changed) {
        for (Replica replica : functions.values()) {
            EventSourceMapping existing = replica.eventSourceMappings.get(uuid);
            if (existing != null) {
                write("UpdateEventSourceMapping", uuid, null, " " + changed);
                Map<String, Object> settings = new TreeMap<>(existing.settings());
                changed.stream().filter(name -> !"Enabled".equals(name))
                        .forEach(name -> settings.put(name, mapping.settings().get(name)));
                replica.eventSourceMappings.put(uuid, new EventSourceMapping(existing.qualifier(),
                        existing.eventSourceArn(), changed.contains("Enabled") ? mapping.enabled() : existing.enabled(),
                        settings, uuid));
                return;
            }
        }
        throw new IllegalStateException("ResourceNotFoundException: event source mapping " + uuid);
    }

    @Override
    public synchronized void putRecursionConfig(String functionName, String recursiveLoop) {
        write("PutFunctionRecursionConfig", functionName, null, " " + recursiveLoop);
        existing(functionName).recursiveLoop = recursiveLoop;
    }

    @Override
    public synchronized void putRuntimeManagementConfig(String functionName, RuntimeManagement runtimeManagement) {
        write("PutRuntimeManagementConfig", functionName, null, " " + runtimeManagement.describe());
        existing(functionName).runtimeManagement = runtimeManagement;
    }

    @Override
    public synchronized void putCodeSigningConfig(String functionName, String arn) {
        write(arn == null ? "DeleteFunctionCodeSigningConfig" : "PutFunctionCodeSigningConfig", functionName, null,
                arn == null ? "" : " " + arn);
        existing(functionName).codeSigningConfigArn = arn;
    }

    /** Changes the configuration of {@code $LATEST} by hand, as a person in the DR region would. */
    public synchronized InMemoryReplicaRegion withConfiguration(String functionName, FunctionConfig config) {
        existing(functionName).config = config;
        return this;
    }

    /** Changes an event source mapping by hand, as a person in the DR region would. */
    public synchronized InMemoryReplicaRegion withEventSourceMapping(String functionName, EventSourceMapping mapping) {
        existing(functionName).eventSourceMappings.put(mapping.uuid(), mapping);
        return this;
    }

    /** Every event source mapping of a function, as this region holds them. */
    public synchronized List<EventSourceMapping> eventSourceMappings(String functionName) {
        return List.copyOf(existing(functionName).eventSourceMappings.values());
    }

    /** Sets an event invoke configuration by hand, as a person in the DR region would. */
    public synchronized InMemoryReplicaRegion withInvokeConfig(String functionName, String qualifier,
                                                               EventInvokeConfig config) {
        functions.get(functionName).invokeConfigs.put(qualifier, config);
        return this;
    }

    @Override
    public synchronized void removePermission(String functionName, String qualifier, String sid) {
        write("RemovePermission", functionName, null, " " + qualifier + " " + sid);
        List<PolicyStatement> statements = functions.get(functionName).policies.get(qualifier);
        if (statements != null) {
            statements.removeIf(statement -> statement.sid().equals(sid));
        }
    }

    /** Adds a statement to a replica's policy by hand, as a person in the DR region would. */
    public synchronized InMemoryReplicaRegion withPermission(String functionName, String qualifier,
                                                             PolicyStatement statement) {
        functions.get(functionName).policies.computeIfAbsent(qualifier, q -> new ArrayList<>()).add(statement);
        return this;
    }

    /** A container image (pinned by digest) that is not in this region's ECR. */
    public synchronized InMemoryReplicaRegion withoutImage(String imageUri) {
        missingImages.add(imageUri);
        return this;
    }

    @Override
    public synchronized List<String> missingImages(List<String> imageUris) {
        ApiCallTally.current().countCall("DescribeImages");
        return imageUris.stream().filter(missingImages::contains).toList();
    }

    @Override
    public synchronized List<String> missingLayerVersions(List<String> layerArns) {
        layerArns.forEach(arn -> ApiCallTally.current().countCall("GetLayerVersion"));
        return layerArns.stream().filter(missingLayers::contains).toList();
    }

    @Override
    public LatestState createFunction(String functionName, FunctionConfig config, CodePackage code,
                                      Map<String, String> tags) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore("CreateFunction");
        synchronized (this) {
            write("CreateFunction", functionName, config, "");
            requireLayersExist(config);
            requireFileExists(code);
            if (functions.containsKey(functionName)) {
                throw new ConcurrentChangeException("CreateFunction refused: " + functionName + " already exists", null);
            }
            Replica replica = new Replica();
            replica.code = uploaded(code);
            replica.config = config;
            replica.tags.putAll(tags);
            functions.put(functionName, replica);
            return latest(replica);
        }
    }

    @Override
    public LatestState updateCode(String functionName, CodePackage code, List<String> architectures,
                                  String expectedRevision) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore("UpdateFunctionCode");
        synchronized (this) {
            Replica replica = existing(functionName);
            write("UpdateFunctionCode", functionName, replica.config, "");
            requireRevision(replica, "UpdateFunctionCode", expectedRevision);
            replica.revision++;
            requireFileExists(code);
            replica.code = uploaded(code);
            replica.config = replica.config.withArchitectures(architectures);
            return latest(replica);
        }
    }

    @Override
    public LatestState updateConfiguration(String functionName, FunctionConfig config,
                                           List<String> changedFields, String expectedRevision) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore("UpdateFunctionConfiguration");
        synchronized (this) {
            Replica replica = existing(functionName);
            write("UpdateFunctionConfiguration", functionName, config, "");
            requireRevision(replica, "UpdateFunctionConfiguration", expectedRevision);
            requireLayersExist(config);
            replica.revision++;
            if (!ignoresConfigurationUpdates) {
                replica.config = config.withArchitectures(replica.config.architectures());
            }
            return latest(replica);
        }
    }

    @Override
    public PublishedVersion publishVersion(String functionName, String description,
                                           CodeIdentity expectedCode, String expectedRevision) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore("PublishVersion");
        synchronized (this) {
            Replica replica = existing(functionName);
            write("PublishVersion", functionName, replica.config, "");
            requireRevision(replica, "PublishVersion", expectedRevision);
            if (!replica.code.sha256().equals(expectedCode.sha256())) {
                throw new ConcurrentChangeException("PublishVersion refused: CodeSha256 " + expectedCode.sha256()
                        + " is different from current CodeSha256 in $LATEST " + replica.code.sha256(), null);
            }
            if (replica.revisionAtLastPublish == replica.revision && !replica.versions.isEmpty()) {
                // As Lambda does: an unchanged $LATEST publishes nothing and returns the last version.
                return replica.versions.getLast();
            }
            PublishedVersion version = new PublishedVersion(Integer.toString(replica.nextVersion++),
                    publishedCodeOverride == null ? replica.code : publishedCodeOverride,
                    replica.config.withDescription(description));
            replica.versions.add(version);
            replica.revisionAtLastPublish = replica.revision;
            return version;
        }
    }

    @Override
    public void deleteVersion(String functionName, String version) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore("DeleteFunction");
        synchronized (this) {
            Replica replica = existing(functionName);
            write("DeleteFunction", functionName, replica.config, " " + version);
            boolean aliased = replica.aliases.values().stream().anyMatch(alias -> alias.functionVersion().equals(version)
                    || alias.routingWeights().containsKey(version));
            if (aliased) {
                throw new IllegalStateException("ResourceConflictException: an alias points at version " + version);
            }
            replica.versions.removeIf(published -> published.version().equals(version));
        }
    }

    @Override
    public void putAlias(String functionName, AliasSpec alias, boolean exists, String expectedRevision) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore(exists ? "UpdateAlias" : "CreateAlias");
        synchronized (this) {
            Replica replica = existing(functionName);
            write(exists ? "UpdateAlias" : "CreateAlias", functionName, replica.config, " " + alias.name());
            if (exists && concurrentChanges.merge("UpdateAlias", -1, Integer::sum) >= 0) {
                replica.aliasRevisions.merge(alias.name(), 1, Integer::sum);
            }
            if (exists && expectedRevision != null
                    && !expectedRevision.equals("alias-rev-" + replica.aliasRevisions.getOrDefault(alias.name(), 0))) {
                throw new ConcurrentChangeException("alias " + alias.name() + " changed concurrently", null);
            }
            if (exists != replica.aliases.containsKey(alias.name())) {
                throw new ConcurrentChangeException("alias " + alias.name() + (exists ? " is gone" : " already exists"),
                        null);
            }
            List<String> versions = new ArrayList<>(alias.routingWeights().keySet());
            versions.add(alias.functionVersion());
            versions.stream()
                    .filter(version -> !"$LATEST".equals(version))
                    .filter(version -> replica.versions.stream().noneMatch(v -> v.version().equals(version)))
                    .findFirst()
                    .ifPresent(version -> {
                        throw new IllegalStateException("ResourceNotFoundException: version " + version);
                    });
            replica.aliases.put(alias.name(), alias);
            replica.aliasRevisions.merge(alias.name(), 1, Integer::sum);
        }
    }

    @Override
    public void tag(String functionName, Map<String, String> set, Set<String> remove) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore("TagResource");
        synchronized (this) {
            Replica replica = existing(functionName);
            if (!set.isEmpty()) {
                write("TagResource", functionName, replica.config, "");
                replica.tags.putAll(set);
            }
            if (!remove.isEmpty()) {
                write("UntagResource", functionName, replica.config, "");
                remove.forEach(replica.tags::remove);
            }
        }
    }

    @Override
    public void putReservedConcurrency(String functionName, Integer reserved) {
        // Outside the monitor: the change may be another run on another thread.
        runBefore("PutFunctionConcurrency");
        synchronized (this) {
            Replica replica = existing(functionName);
            write(reserved == null ? "DeleteFunctionConcurrency" : "PutFunctionConcurrency", functionName, replica.config,
                    "");
            replica.reservedConcurrency = reserved;
        }
    }

    private void runBefore(String operation) {
        Runnable change = beforeNext.remove(operation);
        if (change != null) {
            change.run();
        }
    }

    private static LatestState latest(Replica replica) {
        return new LatestState(replica.code, replica.revisionId());
    }

    private void write(String operation, String functionName, FunctionConfig config, String detail) {
        ApiCallTally.current().countCall(operation);
        writes.add(operation + " " + functionName + detail);
        Function<FunctionConfig, RuntimeException> failure = failures.remove(operation);
        if (failure != null) {
            throw failure.apply(config);
        }
    }

    private void requireRevision(Replica replica, String operation, String expectedRevision) {
        if (concurrentChanges.merge(operation, -1, Integer::sum) >= 0) {
            replica.revision++;
        }
        if (expectedRevision != null && !expectedRevision.equals(replica.revisionId())) {
            throw new ConcurrentChangeException(operation + " refused: RevisionId " + expectedRevision
                    + " is no longer " + replica.revisionId(), null);
        }
    }

    private void requireLayersExist(FunctionConfig config) {
        config.layerArns().stream().filter(missingLayers::contains).findFirst().ifPresent(arn -> {
            throw new IllegalStateException("InvalidParameterValueException: Layer version " + arn + " does not exist");
        });
    }

    private Replica existing(String functionName) {
        Replica replica = functions.get(functionName);
        if (replica == null) {
            throw new IllegalStateException("ResourceNotFoundException: Function not found: " + functionName);
        }
        return replica;
    }

    private CodeIdentity uploaded(CodePackage code) {
        ApiCallTally.current().addCodeBytes(code.identity().sizeBytes());
        return uploadedCodeOverride == null ? code.identity() : uploadedCodeOverride;
    }

    /** A zip must have been downloaded; an image must be in this region's ECR, as Lambda refuses it otherwise. */
    private void requireFileExists(CodePackage code) {
        if (code.isImage()) {
            if (missingImages.contains(code.identity().imageUri())) {
                throw new IllegalStateException("InvalidParameterValueException: Source image "
                        + code.identity().imageUri() + " does not exist");
            }
            return;
        }
        if (!Files.isRegularFile(code.file())) {
            throw new IllegalStateException("code package " + code.file() + " was not staged");
        }
    }

    private static ReplicaState stateOf(Replica replica) {
        if (replica == null) {
            return ReplicaState.ABSENT;
        }
        Map<String, String> aliasRevisions = new HashMap<>();
        replica.aliasRevisions.forEach((alias, revision) -> aliasRevisions.put(alias, "alias-rev-" + revision));
        Map<String, List<PolicyStatement>> policies = new HashMap<>();
        replica.policies.forEach((qualifier, statements) -> policies.put(qualifier, List.copyOf(statements)));
        return new ReplicaState(true, replica.code, replica.config, replica.versions,
                List.copyOf(replica.aliases.values()), replica.tags, replica.reservedConcurrency,
                replica.revisionId(), aliasRevisions, new Attachments(policies, replica.invokeConfigs, replica.urls,
                replica.provisioned, List.copyOf(replica.eventSourceMappings.values()), replica.codeSigningConfigArn,
                replica.recursiveLoop, replica.runtimeManagement));
    }
}
