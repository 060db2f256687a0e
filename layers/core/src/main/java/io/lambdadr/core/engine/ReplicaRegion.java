package io.lambdadr.core.engine;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.EventInvokeConfig;
import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.RuntimeManagement;
import io.lambdadr.core.domain.FunctionUrl;
import io.lambdadr.core.domain.LayerVersion;
import io.lambdadr.core.domain.PolicyStatement;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaReadScope;
import io.lambdadr.core.domain.ReplicaState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * Port: reads and writes replicas in one target region. Every write waits until Lambda has finished applying it
 * (function state Active, last update Successful) before returning, and rides out update-in-progress conflicts, so
 * that callers can issue dependent calls back to back. Writes that take an {@code expectedRevision} are made only if
 * the function (or alias) still has that RevisionId, and throw {@link ConcurrentChangeException} otherwise; null
 * means no condition. Writes to {@code $LATEST} return the RevisionId they left, for the next write to carry.
 * A write that finds the function or alias already created by someone else throws {@link ConcurrentChangeException}
 * too, once that creation has finished: the caller plans again.
 */
public interface ReplicaRegion {

    /** The region's name. */
    String name();

    /**
     * Says which functions the run will read, so that facts Lambda can list for a whole region are read once for all
     * of them where that costs fewer calls than reading each.
     */
    default void expectReads(Collection<String> functionNames) {
    }

    /**
     * What the region holds for the function; {@link ReplicaState#ABSENT} when it does not exist. Parts outside
     * {@code scope} are reported as none.
     */
    ReplicaState read(String functionName, ReplicaReadScope scope);

    /**
     * The container images among {@code imageUris} (pinned by digest in this region's ECR) that are not there, so
     * that a function is never made to run one Lambda would refuse.
     */
    List<String> missingImages(List<String> imageUris);

    /** The layer version ARNs among {@code layerArns} that do not exist in this region. */
    List<String> missingLayerVersions(List<String> layerArns);

    /** A layer version, as Lambda reports it; empty when it does not exist or this account may not read it. */
    Optional<LayerVersion> layerVersion(String layerVersionArn);

    /**
     * The ARN of the lowest-numbered version of layer {@code layerName} that lambda-dr published from source version
     * {@code sourceVersion} (its description's marker) and that holds {@code content}; empty when there is none.
     */
    Optional<String> replicatedLayerVersion(String layerName, String sourceVersion, CodeIdentity content);

    /**
     * Publishes a version of layer {@code layerName} with {@code content} and the source version's runtimes,
     * architectures and license, under {@code description}; returns it as Lambda reports it.
     */
    LayerVersion publishLayerVersion(String layerName, LayerVersion source, CodePackage content, String description);

    /** Adds the statements to a layer version's policy; a statement already there is left as it is. */
    void addLayerPermissions(String layerVersionArn, List<LayerVersion.Permission> permissions);

    /** The statements of a layer version's policy; none when it has no policy. */
    List<LayerVersion.Permission> layerPermissions(String layerVersionArn);

    /** Removes statement {@code statementId} from a layer version's policy; nothing when it is not there. */
    void removeLayerPermission(String layerVersionArn, String statementId);

    /** Creates the function and returns what its {@code $LATEST} holds. */
    LatestState createFunction(String functionName, FunctionConfig config, CodePackage code, Map<String, String> tags);

    /**
     * Replaces the code of {@code $LATEST} and sets its architectures (which travel with the code in Lambda's API);
     * returns what {@code $LATEST} holds after.
     */
    LatestState updateCode(String functionName, CodePackage code, List<String> architectures,
                            String expectedRevision);

    /** Replaces the configuration of {@code $LATEST}; {@code changedFields} names what differs (Lambda API names). */
    LatestState updateConfiguration(String functionName, FunctionConfig config, List<String> changedFields,
                                    String expectedRevision);

    /**
     * Publishes {@code $LATEST}, on condition that its code is still {@code expectedCode} and its RevisionId still
     * {@code expectedRevision}; returns the version as Lambda reports it (number, code and configuration). Lambda
     * returns the last published version instead of a new one when {@code $LATEST} has not changed since it.
     */
    PublishedVersion publishVersion(String functionName, String description, CodeIdentity expectedCode,
                                    String expectedRevision);

    /** Creates or updates an alias whose versions are already target-region versions. */
    void putAlias(String functionName, AliasSpec alias, boolean exists, String expectedRevision);

    void tag(String functionName, Map<String, String> set, Set<String> remove);

    /** Deletes one published version (never {@code $LATEST}); a version already gone is not an error. */
    void deleteVersion(String functionName, String version);

    /**
     * Adds a statement to the resource-based policy of {@code qualifier} ({@link PolicyStatement#UNQUALIFIED}, an
     * alias or a target version).
     */
    void addPermission(String functionName, String qualifier, PolicyStatement statement);

    /** Removes the statement {@code sid} from the policy of {@code qualifier}; one already gone is not an error. */
    void removePermission(String functionName, String qualifier, String sid);

    /**
     * Requests {@code executions} of provisioned concurrency for {@code qualifier} (an alias or a target version);
     * Lambda allocates them in the background.
     */
    void putProvisionedConcurrency(String functionName, String qualifier, int executions);

    /**
     * Creates the function URL of {@code qualifier} ({@code ""} or an alias) with {@code url}'s settings, or updates
     * the one it has.
     */
    void putFunctionUrl(String functionName, String qualifier, FunctionUrl url, boolean exists);

    /** Sets the event invoke configuration of {@code qualifier}, replacing what it had. */
    void putEventInvokeConfig(String functionName, String qualifier, EventInvokeConfig config);

    /**
     * The ARN under which the source a mapping reads exists in this region: a DynamoDB stream is looked up from its
     * table (a stream's label differs between a table's replicas), a queue or stream is checked to exist; kinds this
     * region cannot check are taken as they are.
     *
     * @throws io.lambdadr.core.domain.UntranslatableReferenceException naming the source and what to create or map
     *                                                                  when it does not exist here
     */
    String resolveEventSource(EventSourceMapping mapping);

    /** Creates an event source mapping from the function's {@code qualifier} ({@code ""}, an alias, a version). */
    void createEventSourceMapping(String functionName, String qualifier, EventSourceMapping mapping);

    /** Changes the settings {@code changed} (API names, {@code Enabled} among them) of the mapping {@code uuid}. */
    void updateEventSourceMapping(String uuid, EventSourceMapping mapping, List<String> changed);

    /** Sets what Lambda does on a recursive loop ({@code Terminate} or {@code Allow}). */
    void putRecursionConfig(String functionName, String recursiveLoop);

    /** Sets when {@code $LATEST} moves to a new runtime version. */
    void putRuntimeManagementConfig(String functionName, RuntimeManagement runtimeManagement);

    /** Attaches a code signing configuration, or detaches the function's when {@code arn} is null. */
    void putCodeSigningConfig(String functionName, String arn);

    /** Sets reserved concurrency, or removes it when {@code reserved} is null. */
    void putReservedConcurrency(String functionName, Integer reserved);
}
