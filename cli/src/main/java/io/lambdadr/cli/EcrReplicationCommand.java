package io.lambdadr.cli;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.aws.EcrReplicationSetup;
import io.lambdadr.core.config.AwsRegions;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.domain.DisplayText;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambda-dr ecr-replication}: makes ECR copy the images of the source functions' repositories into the DR
 * regions, where their replicas run them.
 */
@Command(name = "ecr-replication", mixinStandardHelpOptions = true,
        description = {"Make the source region's ECR registry copy the images of these repositories into the DR "
                + "regions (a rule added to its replication configuration; rules already there are kept), so that "
                + "replicas of container-image functions find their images.",
            "ECR copies the images pushed after the rule exists: push an older image again for it to be copied."})
final class EcrReplicationCommand implements Callable<Integer> {

    // ECR's repository names: lower-case components separated by slashes.
    private static final Pattern REPOSITORY = Pattern.compile(
            "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");

    @Option(names = "--source-region", required = true, paramLabel = "REGION",
            description = "Region whose registry holds the images (the functions' primary region).")
    String sourceRegion;

    @Option(names = "--target-region", required = true, paramLabel = "REGION",
            description = "DR region to copy the images into; repeat for several.")
    List<String> targetRegions;

    @Option(names = "--repository", required = true, paramLabel = "NAME",
            description = "ECR repository whose images to copy; repeat for several.")
    List<String> repositories;

    @Option(names = "--dry-run", description = "Say what would be added, and change nothing.")
    boolean dryRun;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to this endpoint (a local emulator).")
    String endpointUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        AwsRegions.require("--source-region", sourceRegion);
        List<String> regions = List.copyOf(new LinkedHashSet<>(targetRegions));
        for (String region : regions) {
            AwsRegions.require("--target-region", region);
            if (region.equals(sourceRegion)) {
                throw new InvalidConfigException("--target-region " + region + " is the source region; name a DR "
                        + "region");
            }
            AwsRegions.requireSamePartition("--target-region", sourceRegion, region);
        }
        for (String repository : repositories) {
            if (repository.length() > 256 || !REPOSITORY.matcher(repository).matches()) {
                throw new InvalidConfigException("--repository " + DisplayText.quoted(repository) + " is not an ECR "
                        + "repository name (lower-case letters, digits, . _ - and / between parts, such as "
                        + "team/orders)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (AwsClients clients = AwsClients.builder()
                .endpoint(ReplicationOptions.endpointOf(endpointUrl).orElse(null)).build()) {
            EcrReplicationSetup.Result result = new EcrReplicationSetup(clients.ecr(sourceRegion))
                    .ensure(List.copyOf(new LinkedHashSet<>(repositories)), regions, dryRun);
            result.covered().forEach(pair -> out.println("already replicated: " + pair));
            String verb = dryRun ? "would replicate: " : "now replicated: ";
            result.added().forEach(pair -> out.println(verb + pair));
            if (!result.added().isEmpty()) {
                out.println((dryRun ? "A rule would be added" : "Added a rule") + " to the replication "
                        + "configuration of registry " + result.registryId() + " in " + sourceRegion + ". ECR copies "
                        + "the images pushed from now on; push an image already there again for its digest to reach "
                        + "the DR regions. Repositories are matched by name prefix, as ECR does.");
            }
            out.flush();
            return LambdaDrCommand.EXIT_OK;
        }
    }
}
