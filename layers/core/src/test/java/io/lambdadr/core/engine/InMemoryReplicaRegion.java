package io.lambdadr.core.engine;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaState;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A target region held in memory that applies writes the way Lambda does, closely enough for the engine: published
 * versions are numbered from {@link #FIRST_VERSION} upward (so that a source version number is never by chance the
 * right target number), publishing is refused when {@code $LATEST} no longer has the expected code, and a
 * configuration naming a layer version that does not exist here is refused, and writes carrying a RevisionId are
 * refused when the function or alias has moved on. Faults can be injected per operation.
 * Calls are counted against the current {@link ApiCallTally}, as the Lambda adapter's interceptor does.
 */
final class InMemoryReplicaRegion implements ReplicaRegion {

    static final int FIRST_VERSION = 10;

    private final String region;
    private final Map<String, Replica> functions = new HashMap<>();
    private final Set<String> missingLayers = new HashSet<>();
    private final List<String> writes = new ArrayList<>();
    private final Map<String, Function<FunctionConfig, RuntimeException>> failures = new HashMap<>();
    private CodeIdentity uploadedCodeOverride;
    private CodeIdentity publishedCodeOverride;
    private final Map<String, Integer> concurrentChanges = new HashMap<>();

    InMemoryReplicaRegion(String region) {
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
        int nextVersion = FIRST_VERSION;
        int revision;
        final Map<String, Integer> aliasRevisions = new HashMap<>();

        String revisionId() {
            return "rev-" + revision;
        }
    }

    // Set-up and inspection, for tests.

    /** Layer version ARNs that do not exist in this region. */
    synchronized InMemoryReplicaRegion withoutLayerVersion(String layerVersionArn) {
        missingLayers.add(layerVersionArn);
        return this;
    }

    /** Every code upload from now on reports (and leaves on {@code $LATEST}) this code instead of the bytes sent. */
    synchronized InMemoryReplicaRegion uploadsTurnInto(CodeIdentity code) {
        uploadedCodeOverride = code;
        return this;
    }

    /** Every version published from now on has this code, whatever {@code $LATEST} held. */
    synchronized InMemoryReplicaRegion publishesWithCode(CodeIdentity code) {
        publishedCodeOverride = code;
        return this;
    }

    /**
     * The next call of {@code operation} fails with the exception {@code failure} makes from the configuration the
     * call carries (or the function's current one), before changing anything.
     */
    synchronized InMemoryReplicaRegion failNext(String operation, Function<FunctionConfig, RuntimeException> failure) {
        failures.put(operation, failure);
        return this;
    }

    /**
     * Before each of the next {@code times} calls of {@code operation}, someone else changes the function (or, for
     * UpdateAlias, the alias): its RevisionId moves on.
     */
    synchronized InMemoryReplicaRegion changedConcurrentlyBefore(String operation, int times) {
        concurrentChanges.put(operation, times);
        return this;
    }

    /** Removes every injected fault. */
    synchronized InMemoryReplicaRegion behaveNormally() {
        uploadedCodeOverride = null;
        publishedCodeOverride = null;
        failures.clear();
        concurrentChanges.clear();
        return this;
    }

    /** The write operations made so far, in order, as {@code Operation function[ detail]}. */
    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    synchronized List<String> writesOf(String operation) {
        return writes.stream().filter(write -> write.startsWith(operation + " ")).toList();
    }

    synchronized ReplicaState state(String functionName) {
        return stateOf(functions.get(functionName));
    }

    // The port.

    @Override
    public String name() {
        return region;
    }

    @Override
    public synchronized ReplicaState read(String functionName) {
        ApiCallTally.current().countCall("GetFunction");
        ApiCallTally.current().countCall("ListVersionsByFunction");
        ApiCallTally.current().countCall("ListAliases");
        return stateOf(functions.get(functionName));
    }

    @Override
    public synchronized List<String> missingLayerVersions(List<String> layerArns) {
        layerArns.forEach(arn -> ApiCallTally.current().countCall("GetLayerVersion"));
        return layerArns.stream().filter(missingLayers::contains).toList();
    }

    @Override
    public synchronized CodeIdentity createFunction(String functionName, FunctionConfig config, CodePackage code,
                                                    Map<String, String> tags) {
        write("CreateFunction", functionName, config, "");
        requireLayersExist(config);
        requireFileExists(code);
        if (functions.containsKey(functionName)) {
            throw new IllegalStateException("ResourceConflictException: Function already exist: " + functionName);
        }
        Replica replica = new Replica();
        replica.code = uploaded(code);
        replica.config = config;
        replica.tags.putAll(tags);
        functions.put(functionName, replica);
        return replica.code;
    }

    @Override
    public synchronized CodeIdentity updateCode(String functionName, CodePackage code, List<String> architectures,
                                                String expectedRevision) {
        Replica replica = existing(functionName);
        write("UpdateFunctionCode", functionName, replica.config, "");
        requireRevision(replica, "UpdateFunctionCode", expectedRevision);
        replica.revision++;
        requireFileExists(code);
        replica.code = uploaded(code);
        replica.config = replica.config.withArchitectures(architectures);
        return replica.code;
    }

    @Override
    public synchronized void updateConfiguration(String functionName, FunctionConfig config,
                                                 List<String> changedFields, String expectedRevision) {
        Replica replica = existing(functionName);
        write("UpdateFunctionConfiguration", functionName, config, "");
        requireRevision(replica, "UpdateFunctionConfiguration", expectedRevision);
        requireLayersExist(config);
        replica.revision++;
        replica.config = config.withArchitectures(replica.config.architectures());
    }

    @Override
    public synchronized PublishedVersion publishVersion(String functionName, String description,
                                                        CodeIdentity expectedCode, String expectedRevision) {
        Replica replica = existing(functionName);
        write("PublishVersion", functionName, replica.config, "");
        requireRevision(replica, "PublishVersion", expectedRevision);
        if (!replica.code.sha256().equals(expectedCode.sha256())) {
            throw new IllegalStateException("PreconditionFailedException: CodeSha256 " + expectedCode.sha256()
                    + " does not match " + replica.code.sha256());
        }
        PublishedVersion version = new PublishedVersion(Integer.toString(replica.nextVersion++),
                publishedCodeOverride == null ? replica.code : publishedCodeOverride,
                replica.config.withDescription(description));
        replica.versions.add(version);
        return version;
    }

    @Override
    public synchronized void putAlias(String functionName, AliasSpec alias, boolean exists, String expectedRevision) {
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
            throw new IllegalStateException((exists ? "ResourceNotFoundException" : "ResourceConflictException")
                    + ": alias " + alias.name());
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

    @Override
    public synchronized void tag(String functionName, Map<String, String> set, Set<String> remove) {
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

    @Override
    public synchronized void putReservedConcurrency(String functionName, Integer reserved) {
        Replica replica = existing(functionName);
        write(reserved == null ? "DeleteFunctionConcurrency" : "PutFunctionConcurrency", functionName, replica.config,
                "");
        replica.reservedConcurrency = reserved;
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

    private static void requireFileExists(CodePackage code) {
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
        return new ReplicaState(true, replica.code, replica.config, replica.versions,
                List.copyOf(replica.aliases.values()), replica.tags, replica.reservedConcurrency,
                replica.revisionId(), aliasRevisions);
    }
}
