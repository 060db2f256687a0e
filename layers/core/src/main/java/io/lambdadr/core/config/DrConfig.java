package io.lambdadr.core.config;

import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.domain.VersionHistory;
import java.time.Duration;
import java.util.Map;

/**
 * The DR configuration, validated: read once, from a YAML file or the defaults, and never changed after.
 *
 * @param protectTagKey   tag key that marks a function as protected ({@code --all})
 * @param protectTagValue tag value that marks a function as protected
 * @param targets         explicit translations per target region
 * @param staging         where packages too large for a direct upload are staged
 * @param rateLimits      client-side request rates per region, below Lambda's quotas
 * @param parallelism     functions worked on at once
 * @param stallTimeout    how long a connection may send nothing before the call or download counts as stalled
 * @param versions        how far back published versions are replicated
 */
public record DrConfig(
        String protectTagKey,
        String protectTagValue,
        Map<String, TargetMappings> targets,
        Staging staging,
        RateLimits rateLimits,
        int parallelism,
        Duration stallTimeout,
        VersionHistory versions) {

    public static final String DEFAULT_PROTECT_TAG_KEY = "lambda-dr:protect";
    public static final String DEFAULT_PROTECT_TAG_VALUE = "true";
    public static final int DEFAULT_PARALLELISM = 8;
    /** Long enough for Lambda's slowest control-plane answers, short enough to notice a dead endpoint quickly. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration MAX_STALL_TIMEOUT = Duration.ofMinutes(5);

    public static final DrConfig DEFAULTS = new DrConfig(DEFAULT_PROTECT_TAG_KEY, DEFAULT_PROTECT_TAG_VALUE, Map.of(),
            Staging.DEFAULT, RateLimits.DEFAULT, DEFAULT_PARALLELISM, DEFAULT_STALL_TIMEOUT, VersionHistory.ALL);

    public DrConfig {
        targets = Map.copyOf(targets);
        versions = versions == null ? VersionHistory.ALL : versions;
    }

    /** A configuration that replicates every published version. */
    public DrConfig(String protectTagKey, String protectTagValue, Map<String, TargetMappings> targets,
                    Staging staging, RateLimits rateLimits, int parallelism, Duration stallTimeout) {
        this(protectTagKey, protectTagValue, targets, staging, rateLimits, parallelism, stallTimeout,
                VersionHistory.ALL);
    }

    /** The mappings for one target region; none when the file names none. */
    public TargetMappings mappingsFor(String region) {
        return targets.getOrDefault(region, TargetMappings.NONE);
    }

    /**
     * Staging of large packages.
     *
     * @param bucketPattern          bucket name, {@code {account}} and {@code {region}} substituted
     * @param inlineUploadLimitBytes packages up to this size are uploaded directly; larger ones through the bucket
     */
    public record Staging(String bucketPattern, long inlineUploadLimitBytes) {
        /** Lambda's limit on a direct (ZipFile) upload. */
        public static final long DIRECT_UPLOAD_LIMIT_BYTES = 50L * 1024 * 1024;
        public static final String DEFAULT_BUCKET_PATTERN = "lambda-dr-staging-{account}-{region}";
        public static final Staging DEFAULT = new Staging(DEFAULT_BUCKET_PATTERN, DIRECT_UPLOAD_LIMIT_BYTES);

        public String bucketName(String account, String region) {
            return bucketPattern.replace("{account}", account).replace("{region}", region);
        }
    }

    /**
     * Requests per second per region, kept below Lambda's control-plane quotas (GetFunction 100/s, all other
     * control-plane calls 15/s combined, per account and region).
     *
     * @param getFunctionPerSecond  GetFunction calls
     * @param controlPlanePerSecond all other Lambda calls together
     */
    public record RateLimits(double getFunctionPerSecond, double controlPlanePerSecond) {
        public static final double GET_FUNCTION_QUOTA = 100;
        public static final double CONTROL_PLANE_QUOTA = 15;
        public static final RateLimits DEFAULT = new RateLimits(80, 12);
    }
}
