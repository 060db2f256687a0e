package io.lambdadr.core.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One change to a replica, in the order a {@link ReplicationPlan} lists them. Steps name source-region versions;
 * the applier resolves them to target versions as it publishes them.
 */
public sealed interface PlanStep {

    /**
     * How a step names what it attaches to: the function itself ({@code ""}), an alias, or a source version.
     */
    static String qualifierText(String qualifier, boolean isVersion) {
        return qualifier.isEmpty() ? "the function" : isVersion ? "source version " + qualifier : "alias " + qualifier;
    }

    /** A short description for people, free of environment variable values. */
    String describe();

    /** The part of the function the step changes, for drift reports ({@code code}, {@code configuration}...). */
    String part();

    /** True when the step uploads code. */
    default boolean movesCode() {
        return false;
    }

    /** Create the function with this code and configuration. */
    record CreateFunction(CodeIdentity code, FunctionConfig config, String codeQualifier, Map<String, String> tags)
            implements PlanStep {
        public String describe() {
            return "create function (code " + code.sha256() + " from source " + codeQualifier + ")";
        }

        public String part() {
            return "function";
        }

        @Override
        public boolean movesCode() {
            return true;
        }
    }

    /**
     * Replace the code of {@code $LATEST} with the source code of {@code codeQualifier}, built for
     * {@code architectures} (Lambda changes architectures only together with the code).
     */
    record UpdateCode(CodeIdentity code, String codeQualifier, List<String> architectures) implements PlanStep {
        public String describe() {
            return "update code to " + code.sha256() + " " + architectures + " (source " + codeQualifier + ")";
        }

        public String part() {
            return "code";
        }

        @Override
        public boolean movesCode() {
            return true;
        }
    }

    /** Replace the configuration of {@code $LATEST}; {@code changedFields} says which fields differ. */
    record UpdateConfiguration(FunctionConfig config, List<String> changedFields) implements PlanStep {
        public String describe() {
            return "update configuration " + changedFields;
        }

        public String part() {
            return "configuration " + changedFields;
        }
    }

    /**
     * Publish {@code $LATEST} as the replica of a source version; the result must have the source version's code and
     * configuration (description aside), or no alias may point at it.
     */
    record PublishVersion(String sourceVersion, CodeIdentity expectedCode, FunctionConfig expectedConfig,
                          String description) implements PlanStep {
        public String describe() {
            return "publish version for source version " + sourceVersion;
        }

        public String part() {
            return "version " + sourceVersion;
        }
    }

    /**
     * Move the replica's version counter up to {@code sourceVersion}, so that the version published next gets the
     * source's number: publish placeholder versions of {@code $LATEST} (which holds {@code latestCode} and
     * {@code latestConfig}) and delete each at once, then give {@code $LATEST} its own description back. Lambda has
     * no other way to skip a number. {@code estimatedNext} is the lowest number the counter can be at, as read from
     * the replica's versions; the applier learns the true one from each publish.
     */
    record SkipVersionNumbers(String sourceVersion, long estimatedNext, CodeIdentity latestCode,
                              FunctionConfig latestConfig) implements PlanStep {
        public String describe() {
            return "skip version numbers " + (estimatedNext == Long.parseLong(sourceVersion) - 1 ? estimatedNext
                    : estimatedNext + "-" + (Long.parseLong(sourceVersion) - 1))
                    + " with placeholder versions, as the source did (keeps source version " + sourceVersion
                    + "'s number)";
        }

        public String part() {
            return "version " + sourceVersion;
        }
    }

    /**
     * Write the exceptions of the source-to-target version map onto the replica's tags ({@code recorded}: the tag's
     * value when the plan was made, null when absent); the tag goes when every number was kept.
     */
    record RecordVersionMap(String recorded) implements PlanStep {
        public String describe() {
            return "record version map tag";
        }

        public String part() {
            return "version map";
        }
    }

    /**
     * Create or update an alias; versions are source versions. An update is made on condition that the alias still
     * has {@code expectedRevision} (null: no condition).
     */
    record PutAlias(AliasSpec alias, boolean exists, String expectedRevision) implements PlanStep {
        public String describe() {
            return (exists ? "update" : "create") + " alias " + alias.name() + " -> source version "
                    + alias.functionVersion() + (alias.routingWeights().isEmpty() ? "" : " routing " + alias.routingWeights());
        }

        public String part() {
            return "alias " + alias.name();
        }
    }

    /**
     * Delete a target version whose label is wrong or repeated, once no alias of the plan points at it: published
     * versions cannot be changed, so a replica is repaired by publishing the right one and removing the wrong one.
     */
    record DeleteVersion(String targetVersion, String label, Reason reason) implements PlanStep {

        /** Why the version goes. */
        public enum Reason {
            /** Labelled with a source version whose code or configuration it does not hold. */
            MISLABELLED,
            /** A second version holding the same source version; the lowest-numbered one is kept. */
            DUPLICATE,
            /** A placeholder left by a run that stopped between publishing and deleting it. */
            PLACEHOLDER
        }

        public String describe() {
            return "delete version " + targetVersion + " (" + switch (reason) {
                case DUPLICATE -> "duplicate of source version " + label;
                case MISLABELLED -> "labelled source version " + label + " but holds other code or configuration";
                case PLACEHOLDER -> "placeholder left by a run that stopped";
            } + ")";
        }

        public String part() {
            return switch (reason) {
                case DUPLICATE -> "version " + label + " duplicated";
                case MISLABELLED -> "version " + label + " mislabelled";
                case PLACEHOLDER -> "placeholder version " + targetVersion;
            };
        }
    }

    /** Set and remove tags. */
    record ApplyTags(Map<String, String> set, Set<String> remove) implements PlanStep {
        public String describe() {
            return "tags: set " + set.keySet() + (remove.isEmpty() ? "" : ", remove " + remove);
        }

        public String part() {
            return "tags";
        }
    }

    /**
     * Add a statement to the policy of a qualifier ({@link PolicyStatement#UNQUALIFIED}, an alias, or a source version
     * that the applier resolves to its target version), replacing the statement of the same id when {@code replaces}.
     */
    record PutPermission(String qualifier, boolean isVersion, PolicyStatement statement, boolean replaces)
            implements PlanStep {
        public String describe() {
            return (replaces ? "replace" : "add") + " permission " + statement.describe() + " on " + qualifierText(qualifier, isVersion);
        }

        public String part() {
            return "policy " + qualifierText(qualifier, isVersion);
        }
    }

    /**
     * Set the event invoke configuration of a qualifier ({@link PolicyStatement#UNQUALIFIED}, an alias, or a source
     * version that the applier resolves to its target version).
     */
    record PutEventInvokeConfig(String qualifier, boolean isVersion, EventInvokeConfig config) implements PlanStep {
        public String describe() {
            return "set event invoke configuration of " + qualifierText(qualifier, isVersion) + ": " + config.describe();
        }

        public String part() {
            return "event invoke configuration " + qualifierText(qualifier, isVersion);
        }
    }

    /**
     * Request provisioned concurrency for an alias, or for a source version that the applier resolves to its target
     * version.
     */
    record PutProvisionedConcurrency(String qualifier, boolean isVersion, int executions) implements PlanStep {
        public String describe() {
            return "request provisioned concurrency " + executions + " for " + qualifierText(qualifier, isVersion);
        }

        public String part() {
            return "provisioned concurrency " + qualifierText(qualifier, isVersion);
        }
    }

    /** Create or update the function URL of the function ({@code ""}) or of an alias. */
    record PutFunctionUrl(String qualifier, FunctionUrl url, boolean exists) implements PlanStep {
        public String describe() {
            return (exists ? "update" : "create") + " function URL of " + qualifierText(qualifier, false) + " (" + url.describe() + ")";
        }

        public String part() {
            return "function URL " + qualifierText(qualifier, false);
        }
    }

    /**
     * Create an event source mapping invoking a qualifier ({@code ""}, an alias, or a source version that the applier
     * resolves to its target version).
     */
    record CreateEventSourceMapping(String qualifier, boolean isVersion, EventSourceMapping mapping)
            implements PlanStep {
        public String describe() {
            return "create event source mapping " + mapping.sourceName() + " -> " + qualifierText(qualifier, isVersion)
                    + (Boolean.TRUE.equals(mapping.enabled()) ? " (enabled)" : " (disabled)");
        }

        public String part() {
            return "event source mapping " + mapping.sourceName() + " -> " + qualifierText(qualifier, isVersion);
        }
    }

    /** Change the settings {@code changed} of the replica's mapping {@code uuid} to {@code mapping}'s. */
    record UpdateEventSourceMapping(String uuid, boolean isVersion, EventSourceMapping mapping, List<String> changed)
            implements PlanStep {
        public String describe() {
            return "update event source mapping " + mapping.sourceName() + " -> "
                    + qualifierText(mapping.qualifier(), isVersion) + ": " + changed;
        }

        public String part() {
            return "event source mapping " + mapping.sourceName() + " -> "
                    + qualifierText(mapping.qualifier(), isVersion);
        }
    }

    /** Tell Lambda what to do on a recursive loop: {@code Terminate} or {@code Allow}. */
    record PutRecursionConfig(String recursiveLoop) implements PlanStep {
        public String describe() {
            return "set recursive loop detection to " + recursiveLoop;
        }

        public String part() {
            return "recursion";
        }
    }

    /** Set when the function moves to a new runtime version. */
    record PutRuntimeManagementConfig(RuntimeManagement runtimeManagement) implements PlanStep {
        public String describe() {
            return "set runtime updates to " + runtimeManagement.describe();
        }

        public String part() {
            return "runtime management";
        }
    }

    /** Attach a code signing configuration, or detach the one attached when {@code arn} is null. */
    record PutCodeSigningConfig(String arn) implements PlanStep {
        public String describe() {
            return arn == null ? "detach the code signing configuration" : "attach code signing configuration " + arn;
        }

        public String part() {
            return "code signing";
        }
    }

    /** Set reserved concurrency, or remove it when {@code reserved} is null. */
    record PutReservedConcurrency(Integer reserved) implements PlanStep {
        public String describe() {
            return reserved == null ? "remove reserved concurrency" : "set reserved concurrency to " + reserved;
        }

        public String part() {
            return "reserved concurrency";
        }
    }
}
