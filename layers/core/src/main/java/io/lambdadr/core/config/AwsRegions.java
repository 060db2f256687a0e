package io.lambdadr.core.config;

import io.lambdadr.core.domain.DisplayText;
import java.util.Set;
import java.util.stream.Collectors;
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
