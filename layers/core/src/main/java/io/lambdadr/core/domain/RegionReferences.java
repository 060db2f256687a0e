package io.lambdadr.core.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * References to the source region in free text (environment variable and tag values) that are not ARNs: which can
 * be derived for the target region, and which only a person can translate.
 *
 * <p>Derived, because the same name means the same thing in every region of a partition:
 * <ul>
 *   <li>a regional AWS service endpoint, {@code <service>.<region>.<partition DNS suffix>}, with or without
 *       {@code -fips} or {@code .dualstack}, and whatever follows it: an SQS queue URL
 *       ({@code https://sqs.us-east-1.amazonaws.com/123456789012/orders}) names the queue of the same name, as a
 *       queue's ARN does;</li>
 *   <li>the legacy SQS endpoint {@code <region>.queue.amazonaws.com};</li>
 *   <li>a value that is only the region's name ({@code AWS_REGION}-style settings).</li>
 * </ul>
 * Anything else that still names the source region afterwards (a database hostname such as
 * {@code mydb.cluster-x.us-east-1.rds.amazonaws.com}, an API Gateway or a bucket endpoint, an availability zone, a
 * Cognito pool id) names a resource whose counterpart has another name, which only the configuration can give.
 */
public final class RegionReferences {

    /**
     * The DNS suffixes of every partition's service endpoints, dual-stack ones included. A test checks this list
     * against the partitions the SDK knows, so that a new partition cannot go unnoticed.
     */
    public static final List<String> ENDPOINT_DNS_SUFFIXES = List.of("amazonaws.com", "amazonaws.com.cn",
            "api.aws", "api.amazonwebservices.com.cn", "c2s.ic.gov", "sc2s.sgov.gov", "cloud.adc-e.uk",
            "csp.hci.ic.gov", "amazonaws.eu", "api.amazonwebservices.eu");

    private static final String SUFFIXES = ENDPOINT_DNS_SUFFIXES.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote).collect(Collectors.joining("|"));

    private final String sourceRegion;
    private final String targetRegion;
    /** {@code <service>.<region>.<suffix>}: the service label first in its host name, nothing else between. */
    private final Pattern serviceEndpoint;
    private final Pattern legacyQueueEndpoint;
    /** The source region's name as a token of its own (in a host name, an id, a path). */
    private final Pattern regionToken;

    public RegionReferences(String sourceRegion, String targetRegion) {
        this.sourceRegion = sourceRegion;
        this.targetRegion = targetRegion;
        String region = Pattern.quote(sourceRegion);
        this.serviceEndpoint = Pattern.compile("(?<![A-Za-z0-9.-])([a-z0-9-]+(?:\\.dualstack)?)\\." + region
                + "\\.(" + SUFFIXES + ")(?![A-Za-z0-9.-])");
        this.legacyQueueEndpoint = Pattern.compile("(?<![A-Za-z0-9.-])" + region
                + "\\.queue\\.amazonaws\\.com(?![A-Za-z0-9.-])");
        this.regionToken = Pattern.compile("(?<![A-Za-z0-9])" + region + "(?![0-9])");
    }

    /** The value with every derivable reference to the source region rewritten for the target region. */
    public String derive(String value) {
        if (value.equals(sourceRegion)) {
            return targetRegion;
        }
        String endpoints = serviceEndpoint.matcher(value).replaceAll(match ->
                Matcher.quoteReplacement(match.group(1) + "." + targetRegion + "." + match.group(2)));
        return legacyQueueEndpoint.matcher(endpoints).replaceAll(
                Matcher.quoteReplacement(targetRegion + ".queue.amazonaws.com"));
    }

    /** Whether the value still names the source region anywhere. */
    public boolean namesSourceRegion(String value) {
        return value != null && regionToken.matcher(value).find();
    }

    /**
     * Replaces every occurrence of a mapped text in one pass, the longest first where two overlap, so that neither a
     * shorter mapping inside a longer one nor a mapping's own result is replaced again.
     */
    public static String replaceMapped(String value, Map<String, String> mapped) {
        if (mapped.isEmpty() || value == null) {
            return value;
        }
        Pattern anyMapped = Pattern.compile(mapped.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|")));
        return anyMapped.matcher(value).replaceAll(match -> Matcher.quoteReplacement(mapped.get(match.group())));
    }
}
