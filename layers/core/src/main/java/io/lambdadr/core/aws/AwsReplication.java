package io.lambdadr.core.aws;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.engine.ReplicaRegion;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.usecase.ReplicationPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * The account's regions over the Lambda API (real or emulated): wires the replication engine to the Lambda adapters,
 * and implements what the replication use case asks of the regions.
 */
public final class AwsReplication implements ReplicationPorts {

    private final AwsClients clients;

    public AwsReplication(AwsClients clients) {
        this.clients = clients;
    }

    /**
     * An engine replicating from {@code sourceRegion} into {@code targetRegions}.
     *
     * @param workDir where code is staged between download and upload
     * @param stop    when the run stops starting new work
     */
    @Override
    public ReplicationEngine engine(DrConfig config, String sourceRegion, List<String> targetRegions, Path workDir,
                                   StopSignal stop) {
        List<ReplicaRegion> targets = new ArrayList<>();
        for (String region : new LinkedHashSet<>(targetRegions)) {
            StagingBucket staging = new StagingBucket(region, clients.s3(region), clients.sts(region),
                    clients.timeouts(), config.staging());
            targets.add(new LambdaReplicaRegion(region, clients.lambda(region), clients.timeouts(), staging,
                    clients.inlineCode(), stop, new TargetEventSources(region, clients,
                            config.targets().getOrDefault(region, TargetMappings.NONE).arns().values()),
                    new TargetImages(clients.ecr(region))));
        }
        return new ReplicationEngine(source(sourceRegion, config, stop), targets, Map.copyOf(config.targets()),
                config.parallelism(), workDir, stop, new AwsFailureClassifier());
    }

    @Override
    public List<String> protectedFunctions(String sourceRegion, DrConfig config, StopSignal stop) {
        return source(sourceRegion, config, stop).listFunctionsTagged(config.protectTagKey(), config.protectTagValue());
    }

    private LambdaSourceRegion source(String region, DrConfig config, StopSignal stop) {
        return new LambdaSourceRegion(region, clients.lambda(region),
                new CodeDownloader(clients.httpClient(), clients.timeouts()), stop, config.versions());
    }

    /**
     * Makes one cheap read in each region so that an unreachable endpoint or missing credentials fail the run up
     * front, with one clear message, instead of failing every function separately.
     *
     * @throws InvalidConfigException naming the region and what to check
     */
    @Override
    public void requireReachable(List<String> regions) {
        for (String region : new LinkedHashSet<>(regions)) {
            String where = clients.endpoint().map(uri -> " at " + uri).orElse("");
            try (LambdaClient probe = clients.lambdaProbe(region)) {
                probe.listFunctions(request -> request.maxItems(1));
            } catch (SdkClientException e) {
                throw new InvalidConfigException("cannot reach Lambda in " + region + where + ": "
                        + e.getMessage() + ". Check --endpoint-url, the network and your AWS credentials.", e);
            } catch (LambdaException e) {
                if (!looksLikeAws(e)) {
                    throw new InvalidConfigException("the endpoint" + where + " is not an AWS endpoint: it answered "
                            + "ListFunctions with HTTP " + e.statusCode() + " and no AWS error (no error type, no "
                            + "request id). Check --endpoint-url: it must be an AWS API endpoint or an emulator of one.",
                            e);
                }
                if (e.statusCode() == 401 || e.statusCode() == 403) {
                    throw new InvalidConfigException("Lambda in " + region + where + " refused the credentials ("
                            + e.awsErrorDetails().errorCode() + "). Check your AWS profile or environment.", e);
                }
                throw e;
            }
        }
    }

    /** AWS answers every error with an error type and a request id; a web server that is not AWS gives neither. */
    private static boolean looksLikeAws(LambdaException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && !code.isBlank() && e.requestId() != null;
    }
}
