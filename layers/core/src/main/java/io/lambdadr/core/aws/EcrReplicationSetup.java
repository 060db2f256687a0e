package io.lambdadr.core.aws;

import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.domain.ImageReplicationRules;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeRegistryResponse;
import software.amazon.awssdk.services.ecr.model.RepositoryFilter;
import software.amazon.awssdk.services.ecr.model.RepositoryFilterType;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.ReplicationConfiguration;
import software.amazon.awssdk.services.ecr.model.ReplicationDestination;
import software.amazon.awssdk.services.ecr.model.ReplicationRule;

/**
 * Makes the source region's ECR registry copy the images of some repositories into the DR regions, by adding a rule
 * to its replication configuration ({@link ImageReplicationRules} decides which). The rules already there are sent
 * back as ECR gave them.
 */
public final class EcrReplicationSetup {

    private final EcrClient sourceRegistry;

    /** @param sourceRegistry an ECR client of the source region */
    public EcrReplicationSetup(EcrClient sourceRegistry) {
        this.sourceRegistry = sourceRegistry;
    }

    /**
     * What was there and what was added.
     *
     * @param registryId the source registry (its account)
     * @param covered    {@code repository -> region} pairs ECR already replicated
     * @param added      {@code repository -> region} pairs the new rule replicates; empty when nothing was needed
     */
    public record Result(String registryId, List<String> covered, List<String> added) {
    }

    /**
     * Adds the rule that makes ECR copy {@code repositories} into {@code regions}, unless rules already do;
     * {@code dryRun} only says what it would add.
     *
     * @throws InvalidConfigException naming a repository that does not exist in the source registry, or the ECR
     *         limit the rule would exceed; nothing is changed then
     */
    public Result ensure(List<String> repositories, List<String> regions, boolean dryRun) {
        for (String repository : repositories) {
            try {
                sourceRegistry.describeRepositories(request -> request.repositoryNames(repository));
            } catch (RepositoryNotFoundException e) {
                throw new InvalidConfigException("--repository " + repository + ": no such ECR repository in the "
                        + "source region; name a repository the source functions' images are pushed to", e);
            }
        }
        DescribeRegistryResponse registry = sourceRegistry.describeRegistry(request -> { });
        List<ReplicationRule> existing = registry.replicationConfiguration() == null ? List.of()
                : registry.replicationConfiguration().rules();
        ImageReplicationRules current = new ImageReplicationRules(existing.stream().map(EcrReplicationSetup::ruleOf)
                .toList());
        ImageReplicationRules wanted;
        try {
            wanted = current.covering(repositories, regions, registry.registryId());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("cannot add the replication rule: " + e.getMessage(), e);
        }
        List<String> covered = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String repository : repositories) {
            for (String region : regions) {
                ImageReplicationRules.Destination destination = new ImageReplicationRules.Destination(region,
                        registry.registryId());
                (current.covers(repository, destination) ? covered : added).add(repository + " -> " + region);
            }
        }
        if (!added.isEmpty() && !dryRun) {
            List<ReplicationRule> rules = new ArrayList<>(existing);
            rules.add(sdkRuleOf(wanted.rules().getLast()));
            sourceRegistry.putReplicationConfiguration(request -> request.replicationConfiguration(
                    ReplicationConfiguration.builder().rules(rules).build()));
        }
        return new Result(registry.registryId(), covered, added);
    }

    private static ImageReplicationRules.Rule ruleOf(ReplicationRule rule) {
        return new ImageReplicationRules.Rule(
                rule.destinations().stream().map(destination -> new ImageReplicationRules.Destination(
                        destination.region(), destination.registryId())).toList(),
                rule.repositoryFilters().stream().map(RepositoryFilter::filter).toList());
    }

    private static ReplicationRule sdkRuleOf(ImageReplicationRules.Rule rule) {
        return ReplicationRule.builder()
                .destinations(rule.destinations().stream().map(destination -> ReplicationDestination.builder()
                        .region(destination.region()).registryId(destination.registryId()).build()).toList())
                .repositoryFilters(rule.repositoryPrefixes().stream().map(prefix -> RepositoryFilter.builder()
                        .filter(prefix).filterType(RepositoryFilterType.PREFIX_MATCH).build()).toList())
                .build();
    }
}
