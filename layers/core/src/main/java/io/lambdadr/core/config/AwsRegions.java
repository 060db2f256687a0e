package io.lambdadr.core.config;

import io.lambdadr.core.domain.DisplayText;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/** The region names this build knows, so that a typo fails before any call is made. */
public final class AwsRegions {

    private static final Set<String> KNOWN = Region.regions().stream()
            .filter(region -> !region.isGlobalRegion())
            .map(Region::id)
            .collect(Collectors.toUnmodifiableSet());

    private AwsRegions() {
    }

    public static boolean isKnown(String region) {
        return region != null && KNOWN.contains(region);
    }

    /** The partition a known region belongs to: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-eusc, ... */
    public static String partitionOf(String region) {
        return PartitionMetadata.of(Region.of(region)).id();
    }

    /**
     * Checks that a target region is in the source region's partition: partitions share no accounts, credentials or
     * endpoints, so a replica in another one cannot be written with the source's credentials, and its ARNs would
     * name another partition.
     *
     * @throws InvalidConfigException naming the setting and both partitions
     */
    public static void requireSamePartition(String setting, String sourceRegion, String targetRegion) {
        String source = partitionOf(sourceRegion);
        String target = partitionOf(targetRegion);
        if (!source.equals(target)) {
            throw new InvalidConfigException(setting + " " + targetRegion + " is in the " + target + " partition and "
                    + "the source region " + sourceRegion + " in " + source + ": lambda-dr replicates within one "
                    + "partition (they share no accounts or credentials); choose a DR region in " + source);
        }
    }

    /**
     * Checks a region name.
     *
     * @param setting where the name came from, for the message (for example {@code --target-region})
     * @throws InvalidConfigException naming the setting when the region is unknown
     */
    public static String require(String setting, String region) {
        if (!isKnown(region)) {
            throw new InvalidConfigException(setting + ": unknown AWS region " + DisplayText.quoted(region)
                    + "; use a region code such as us-east-1 or eu-west-1");
        }
        return region;
    }
}
