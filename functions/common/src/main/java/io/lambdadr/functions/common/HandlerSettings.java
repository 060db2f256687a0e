package io.lambdadr.functions.common;

import io.lambdadr.core.config.AwsRegions;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.InvalidConfigException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The settings every handler reads from its environment (set by template.yaml), validated once per container: a
 * missing or malformed variable fails the first invocation with a message naming the variable and the fix, rather
 * than a NullPointerException deep in a flow.
 *
 * @param sourceRegion       SOURCE_REGION, default AWS_REGION: where the protected functions live
 * @param targetRegions      TARGET_REGIONS, comma-separated: the DR regions
 * @param stateTable         STATE_TABLE: the DynamoDB table of replica state
 * @param alertsTopicArn     ALERTS_TOPIC_ARN: where alerts go
 * @param workerFunction     WORKER_FUNCTION: name or ARN (with alias) of the replication worker
 * @param reconcileFunction  RECONCILE_FUNCTION: name or ARN of the scheduled reconcile, for commands and baselines
 * @param archiveQueueUrl    ARCHIVE_QUEUE_URL: the queue where failure records are archived, for redrive
 * @param configRepository   CONFIG_REPOSITORY: the CodeCommit repository holding the DR configuration, if any
 * @param configBranch       CONFIG_BRANCH, default main
 * @param configPath         CONFIG_PATH, default lambda-dr.yaml: the file's path in the repository
 * @param baselineTagPattern BASELINE_TAG_PATTERN, default {@code baseline-.*}: a regular expression for tags
 * @param workerConcurrency  WORKER_CONCURRENCY, default 4: the workers' reserved concurrency
 * @param flowConcurrency    FLOW_CONCURRENCY, default 6: how many instances of the other flows that call Lambda's
 *                           control plane (reconcile, change events, commands) may run at once, their reserved or
 *                           maximum concurrency added up; with the workers, it divides the rate budget
 * @param protectTagKey      PROTECT_TAG_KEY, default lambda-dr:protect: the protect tag when no configuration file
 *                           says otherwise
 * @param protectTagValue    PROTECT_TAG_VALUE, default true
 * @param endpoint           LAMBDA_DR_ENDPOINT_URL: every AWS call goes there (the local emulator), if set
 */
public record HandlerSettings(String sourceRegion, List<String> targetRegions, String stateTable,
                              String alertsTopicArn, Optional<String> workerFunction,
                              Optional<String> reconcileFunction, Optional<String> archiveQueueUrl,
                              Optional<String> configRepository, String configBranch, String configPath,
                              Pattern baselineTagPattern, int workerConcurrency, int flowConcurrency,
                              String protectTagKey,
                              String protectTagValue, Optional<URI> endpoint) {

    public HandlerSettings {
        targetRegions = List.copyOf(targetRegions);
    }

    /** Reads and checks the settings from an environment (the process's own, or a test's map). */
    public static HandlerSettings from(Map<String, String> env) {
        String source = optional(env, "SOURCE_REGION").orElseGet(() -> required(env, "AWS_REGION"));
        AwsRegions.require("SOURCE_REGION", source);
        List<String> targets = Arrays.stream(required(env, "TARGET_REGIONS").split(","))
                .map(String::trim).filter(region -> !region.isEmpty()).distinct().toList();
        for (String target : targets) {
            AwsRegions.require("TARGET_REGIONS", target);
            if (target.equals(source)) {
                throw new InvalidConfigException("TARGET_REGIONS: " + target + " is the source region; a DR copy "
                        + "must live in another region");
            }
            // As the command line checks it (ReplicationRequest): before anything is read or written.
            AwsRegions.requireSamePartition("TARGET_REGIONS:", source, target);
        }
        if (targets.isEmpty()) {
            throw new InvalidConfigException("TARGET_REGIONS: no region given; set it to the DR regions, "
                    + "comma-separated, for example eu-west-1,us-west-2");
        }
        Pattern baseline;
        String baselineText = optional(env, "BASELINE_TAG_PATTERN").orElse("baseline-.*");
        try {
            baseline = Pattern.compile(baselineText);
        } catch (PatternSyntaxException e) {
            throw new InvalidConfigException("BASELINE_TAG_PATTERN: not a regular expression ("
                    + e.getDescription() + "); for example baseline-.*", e);
        }
        int concurrency = parseCount("WORKER_CONCURRENCY", optional(env, "WORKER_CONCURRENCY").orElse("4"));
        int flows = parseCount("FLOW_CONCURRENCY", optional(env, "FLOW_CONCURRENCY").orElse("6"));
        Optional<URI> endpoint = optional(env, "LAMBDA_DR_ENDPOINT_URL").map(HandlerSettings::endpoint);
        return new HandlerSettings(source, targets, required(env, "STATE_TABLE"), required(env, "ALERTS_TOPIC_ARN"),
                optional(env, "WORKER_FUNCTION"), optional(env, "RECONCILE_FUNCTION"),
                optional(env, "ARCHIVE_QUEUE_URL"), optional(env, "CONFIG_REPOSITORY"),
                optional(env, "CONFIG_BRANCH").orElse("main"), optional(env, "CONFIG_PATH").orElse("lambda-dr.yaml"),
                baseline, concurrency, flows, optional(env, "PROTECT_TAG_KEY").orElse(DrConfig.DEFAULT_PROTECT_TAG_KEY),
                optional(env, "PROTECT_TAG_VALUE").orElse(DrConfig.DEFAULT_PROTECT_TAG_VALUE), endpoint);
    }

    /** The configuration that applies when none was loaded from the repository: the defaults, with this protect tag. */
    public DrConfig defaultConfig() {
        DrConfig defaults = DrConfig.DEFAULTS;
        return new DrConfig(protectTagKey, protectTagValue, defaults.targets(), defaults.staging(),
                defaults.rateLimits(), defaults.parallelism(), defaults.stallTimeout(), defaults.versions());
    }

    /** The worker's name or ARN, for the flows that send it work. */
    public String requireWorkerFunction() {
        return workerFunction.orElseThrow(() -> new InvalidConfigException(
                "WORKER_FUNCTION is not set; this function sends work to the replication worker and needs its name"));
    }

    /** The reconcile function's name or ARN, for the flows that start a reconcile. */
    public String requireReconcileFunction() {
        return reconcileFunction.orElseThrow(() -> new InvalidConfigException(
                "RECONCILE_FUNCTION is not set; this function starts reconciles and needs its name"));
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new InvalidConfigException(name
                + " is not set; the function's environment (template.yaml) must provide it"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int parseCount(String name, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigException(name + ": '" + text + "' is not a whole number from 1 to 100");
    }

    private static URI endpoint(String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() != null && uri.getScheme().matches("https?") && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidConfigException("LAMBDA_DR_ENDPOINT_URL: '" + text + "' is not an http(s) URL");
    }
}
