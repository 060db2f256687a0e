package io.lambdadr.core.usecase;

import io.lambdadr.core.config.AwsRegions;
import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.domain.FunctionNames;
import io.lambdadr.core.engine.ReplicationEngine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One replication run, as the command line and every handler ask for it: from which region, into which, which
 * functions, in which mode, under which configuration. Validated when built: an instance is always runnable, and bad
 * input fails before any AWS call with a message naming the setting as the caller calls it ({@link Labels}).
 *
 * @param sourceRegion      where the functions live
 * @param targetRegions     the DR regions, without repeats, never the source
 * @param selection         which functions
 * @param mode              plan, apply or status
 * @param config            the DR configuration in force
 * @param checkReachability whether to probe every region before the run, so that an unreachable endpoint fails once
 *                          and fast (the command line) rather than per function (a worker, which saves the calls)
 */
public record ReplicationRequest(String sourceRegion, List<String> targetRegions, Selection selection,
                                 ReplicationEngine.Mode mode, DrConfig config, boolean checkReachability) {

    /** Which functions a run takes. */
    public sealed interface Selection {
        /** These functions, by name, in this order. */
        record Functions(List<String> names) implements Selection {
            public Functions {
                names = List.copyOf(new LinkedHashSet<>(names));
            }
        }

        /** Every function of the source region that carries the configuration's protect tag. */
        record AllProtected() implements Selection {
        }
    }

    /** How the caller names each setting, for messages: the command line's options, a handler's fields. */
    public record Labels(String sourceRegion, String targetRegion, String function) {
        public static final Labels PLAIN = new Labels("source region", "target region", "function");
    }

    public ReplicationRequest {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(config, "config");
        targetRegions = List.copyOf(new LinkedHashSet<>(targetRegions));
        validate(Labels.PLAIN, sourceRegion, targetRegions, selection);
    }

    /**
     * A request checked against the caller's own names for its settings.
     *
     * @throws InvalidConfigException naming the setting, what is wrong and how to fix it
     */
    public static ReplicationRequest of(Labels labels, String sourceRegion, List<String> targetRegions,
                                        Selection selection, ReplicationEngine.Mode mode, DrConfig config,
                                        boolean checkReachability) {
        validate(labels, sourceRegion, List.copyOf(new LinkedHashSet<>(targetRegions)), selection);
        return new ReplicationRequest(sourceRegion, targetRegions, selection, mode, config, checkReachability);
    }

    private static void validate(Labels labels, String sourceRegion, List<String> targetRegions, Selection selection) {
        AwsRegions.require(labels.sourceRegion(), sourceRegion);
        if (targetRegions.isEmpty()) {
            throw new InvalidConfigException(labels.targetRegion() + ": at least one DR region is needed");
        }
        for (String target : targetRegions) {
            AwsRegions.require(labels.targetRegion(), target);
            if (target.equals(sourceRegion)) {
                throw new InvalidConfigException(labels.targetRegion() + " " + target
                        + " is the source region; a DR copy must live in another region");
            }
            AwsRegions.requireSamePartition(labels.targetRegion(), sourceRegion, target);
        }
        if (selection instanceof Selection.Functions functions) {
            if (functions.names().isEmpty()) {
                throw new InvalidConfigException(labels.function() + ": no function named; name at least one");
            }
            for (String name : functions.names()) {
                if (!FunctionNames.isName(name)) {
                    throw new InvalidConfigException(labels.function() + ": " + DisplayText.quoted(name)
                            + " is not a function name (" + FunctionNames.RULE + ")");
                }
            }
        }
    }

    /** All regions the run touches: the source first, then the targets. */
    public List<String> regions() {
        List<String> regions = new ArrayList<>();
        regions.add(sourceRegion);
        regions.addAll(targetRegions);
        return regions;
    }
}
