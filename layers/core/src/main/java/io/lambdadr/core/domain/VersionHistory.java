package io.lambdadr.core.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How far back a function's published versions are replicated: every one (the default), or the newest
 * {@code newest} of them. A version that an alias, an event invoke configuration, provisioned concurrency or an event
 * source mapping uses is replicated however old it is, since the replica would not work without it.
 *
 * @param newest how many of the newest versions to replicate; null for all of them
 */
public record VersionHistory(Integer newest) {

    public static final VersionHistory ALL = new VersionHistory(null);

    public VersionHistory {
        if (newest != null && newest < 1) {
            throw new IllegalArgumentException("newest must be at least 1, or null for all versions");
        }
    }

    /**
     * The versions to replicate, in ascending order.
     *
     * @param published  the function's published version numbers
     * @param referenced the version numbers that something the function keeps (an alias, an attachment) uses
     */
    public Set<String> select(Collection<String> published, Set<String> referenced) {
        List<String> oldestFirst = published.stream().sorted(Comparator.comparingLong(Long::parseLong)).toList();
        int firstKept = newest == null ? 0 : Math.max(0, oldestFirst.size() - newest);
        Set<String> selected = new LinkedHashSet<>();
        for (int index = 0; index < oldestFirst.size(); index++) {
            String version = oldestFirst.get(index);
            if (index >= firstKept || referenced.contains(version)) {
                selected.add(version);
            }
        }
        return selected;
    }
}
