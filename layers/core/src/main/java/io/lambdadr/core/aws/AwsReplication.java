package io.lambdadr.core.aws;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.engine.ReplicaRegion;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** Wires the replication engine to Lambda in real (or emulated) regions. */
public final class AwsReplication {

    private AwsReplication() {
    }

    /**
     * An engine replicating from {@code sourceRegion} into {@code targetRegions} with the given clients.
     *
     * @param workDir where code is staged between download and upload
     * @param stop    when the run stops starting new work
     */
    public static ReplicationEngine engine(AwsClients clients, DrConfig config, String sourceRegion,
                                           List<String> targetRegions, Path workDir, StopSignal stop) {
        List<ReplicaRegion> targets = new ArrayList<>();
        // One package of the largest inline size at a time, or several smaller ones.
        InlineUploadBudget inlineBudget = new InlineUploadBudget(config.staging().inlineUploadLimitBytes());
        for (String region : new LinkedHashSet<>(targetRegions)) {
            targets.add(new LambdaReplicaRegion(region, clients, config.staging(), inlineBudget, stop));
        }
        return new ReplicationEngine(new LambdaSourceRegion(sourceRegion, clients, stop), targets,
                Map.copyOf(config.targets()), config.parallelism(), workDir, stop);
    }

    /**
     * Makes one cheap read in each region so that an unreachable endpoint or missing credentials fail the run up
     * front, with one clear message, instead of failing every function separately.
     *
     * @throws InvalidConfigException naming the region and what to check
     */
    public static void checkReachable(AwsClients clients, List<String> regions) {
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
