package io.lambdadr.core.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a replica carries so that its origin and its source-to-target version mapping can be read from the target
 * itself, without any state store: tags on the function and a marker at the end of every version description.
 */
public final class ReplicaMarkers {

    /** Every tag key under this prefix belongs to lambda-dr and is never copied from a source function. */
    public static final String TAG_PREFIX = "lambda-dr:";
    /** Tag holding the unqualified ARN of the source function. */
    public static final String REPLICA_OF_TAG = TAG_PREFIX + "replica-of";
    /**
     * Tag holding the exceptions to the version map, as {@code source=target} pairs separated by spaces: a source
     * version not named in it has the same number in the replica. Absent when every number was kept.
     */
    public static final String VERSION_MAP_TAG = TAG_PREFIX + "version-map";
    /** How many tags lambda-dr adds to a replica at most: {@link #REPLICA_OF_TAG} and {@link #VERSION_MAP_TAG}. */
    public static final int MARKER_TAGS = 2;

    /** Lambda caps tag values at 256 characters and version descriptions at 256 characters. */
    static final int MAX_TAG_VALUE = 256;
    static final int MAX_DESCRIPTION = 256;

    private static final Pattern DESCRIPTION_MARKER = Pattern.compile("\\s*\\[lambda-dr source-version=(\\d+)]$");
    private static final String PLACEHOLDER_PREFIX = "[lambda-dr placeholder";

    private ReplicaMarkers() {
    }

    /** True for the tags lambda-dr writes itself (the protect tag is the user's and is copied like any other). */
    public static boolean isReplicaMarkerTag(String key) {
        return REPLICA_OF_TAG.equals(key) || VERSION_MAP_TAG.equals(key);
    }

    /**
     * The description to publish a target version with: the source version's description followed by the marker,
     * the description shortened if both do not fit in Lambda's limit.
     */
    public static String versionDescription(String sourceDescription, String sourceVersion) {
        String marker = " [lambda-dr source-version=" + sourceVersion + "]";
        String text = sourceDescription == null ? "" : sourceDescription;
        int room = MAX_DESCRIPTION - marker.length();
        if (text.length() > room) {
            text = text.substring(0, room);
        }
        return text + marker;
    }

    /** The source version recorded in a target version's description, if any. */
    public static Optional<String> sourceVersionOf(String targetDescription) {
        if (targetDescription == null) {
            return Optional.empty();
        }
        Matcher matcher = DESCRIPTION_MARKER.matcher(targetDescription);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * The description of a placeholder version: published only so that the replica's version counter moves past a
     * number the source skipped, and deleted at once. Each number gets its own text, so that {@code $LATEST} changes
     * between two placeholders (Lambda publishes nothing for an unchanged {@code $LATEST}).
     */
    public static String placeholderDescription(long number) {
        return PLACEHOLDER_PREFIX + " " + number + ": keeps version numbers equal to the source's; deleted at once]";
    }

    /** True for a placeholder version (one a run that stopped half-way may have left behind). */
    public static boolean isPlaceholder(String description) {
        return description != null && description.startsWith(PLACEHOLDER_PREFIX);
    }

    /** The description without its marker, for comparison with the source. */
    public static String withoutMarker(String targetDescription) {
        return targetDescription == null ? "" : DESCRIPTION_MARKER.matcher(targetDescription).replaceFirst("");
    }

    /**
     * Encodes the exceptions of a version map (the source versions whose replica has another number) as a tag value;
     * empty when every number was kept. Should the exceptions outgrow a tag value, the highest source versions are
     * kept: the version descriptions remain the complete record.
     */
    public static String encodeVersionMap(Map<String, String> sourceToTarget) {
        StringBuilder value = new StringBuilder();
        sourceToTarget.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(entry.getValue()))
                .sorted(Map.Entry.<String, String>comparingByKey(
                        (a, b) -> Long.compare(Long.parseLong(b), Long.parseLong(a))))
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .forEach(pair -> {
                    if (value.length() + pair.length() + 1 <= MAX_TAG_VALUE) {
                        value.insert(0, value.isEmpty() ? pair : pair + " ");
                    }
                });
        return value.toString();
    }

    /** Decodes a version map tag value; malformed pairs are ignored, as the descriptions are checked anyway. */
    public static Map<String, String> decodeVersionMap(String tagValue) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tagValue == null) {
            return map;
        }
        for (String pair : tagValue.trim().split("\\s+")) {
            String[] parts = pair.split("=");
            if (parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+")) {
                map.put(parts[0], parts[1]);
            }
        }
        return map;
    }
}
