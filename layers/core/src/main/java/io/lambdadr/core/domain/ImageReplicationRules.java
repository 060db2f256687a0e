package io.lambdadr.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An ECR registry's replication configuration, as far as lambda-dr reads and extends it: which repositories' images
 * ECR copies into which regions. ECR's own replication is how a container image reaches a DR region, where a replica
 * of an image function runs it; lambda-dr adds what is missing and never removes or changes a rule.
 *
 * @param rules the registry's rules, in ECR's order
 */
public record ImageReplicationRules(List<Rule> rules) {

    /** ECR's limits on a registry's replication configuration. */
    static final int MAX_RULES = 10;
    static final int MAX_DESTINATIONS = 25;
    static final int MAX_FILTERS_PER_RULE = 100;

    public ImageReplicationRules {
        rules = List.copyOf(rules);
    }

    /** Where a rule copies images: a region of a registry (an account). */
    public record Destination(String region, String registryId) {
    }

    /**
     * One rule.
     *
     * @param destinations       where it copies images
     * @param repositoryPrefixes the repositories it applies to, by name prefix (ECR's PREFIX_MATCH); empty for every
     *                           repository
     */
    public record Rule(List<Destination> destinations, List<String> repositoryPrefixes) {
        public Rule {
            destinations = List.copyOf(destinations);
            repositoryPrefixes = List.copyOf(repositoryPrefixes);
        }

        boolean covers(String repository, Destination destination) {
            return destinations.contains(destination) && (repositoryPrefixes.isEmpty()
                    || repositoryPrefixes.stream().anyMatch(repository::startsWith));
        }
    }

    /** Whether some rule copies {@code repository}'s images to {@code destination}. */
    public boolean covers(String repository, Destination destination) {
        return rules.stream().anyMatch(rule -> rule.covers(repository, destination));
    }

    /**
     * The rules with what it takes for every repository of {@code repositories} to be copied into every region of
     * {@code regions} of {@code registryId}: one rule more, for the repositories and regions not covered yet; the same
     * rules when all are.
     *
     * @throws IllegalArgumentException when the rule would take the registry past one of ECR's limits, saying which
     */
    public ImageReplicationRules covering(List<String> repositories, List<String> regions, String registryId) {
        Set<String> uncoveredRepositories = new LinkedHashSet<>();
        Set<Destination> uncoveredDestinations = new LinkedHashSet<>();
        for (String repository : repositories) {
            for (String region : regions) {
                Destination destination = new Destination(region, registryId);
                if (!covers(repository, destination)) {
                    uncoveredRepositories.add(repository);
                    uncoveredDestinations.add(destination);
                }
            }
        }
        if (uncoveredRepositories.isEmpty()) {
            return this;
        }
        Set<Destination> allDestinations = new LinkedHashSet<>(uncoveredDestinations);
        rules.forEach(rule -> allDestinations.addAll(rule.destinations()));
        if (rules.size() + 1 > MAX_RULES) {
            throw new IllegalArgumentException("the registry has " + rules.size() + " replication rules already, "
                    + "ECR's limit is " + MAX_RULES + "; add the repositories to one of its rules by hand");
        }
        if (allDestinations.size() > MAX_DESTINATIONS) {
            throw new IllegalArgumentException("the registry would replicate into " + allDestinations.size()
                    + " destinations, ECR's limit is " + MAX_DESTINATIONS);
        }
        if (uncoveredRepositories.size() > MAX_FILTERS_PER_RULE) {
            throw new IllegalArgumentException(uncoveredRepositories.size() + " repositories in one rule, ECR's "
                    + "limit is " + MAX_FILTERS_PER_RULE + "; set them up in several runs");
        }
        List<Rule> extended = new ArrayList<>(rules);
        extended.add(new Rule(List.copyOf(uncoveredDestinations), List.copyOf(uncoveredRepositories)));
        return new ImageReplicationRules(extended);
    }
}
