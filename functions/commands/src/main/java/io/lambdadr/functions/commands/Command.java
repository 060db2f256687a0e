package io.lambdadr.functions.commands;

import io.lambdadr.core.domain.FunctionNames;
import io.lambdadr.core.usecase.ReplicationRequest.Selection;
import java.util.Objects;

/**
 * One command from the commands topic or queue, as {@code command.schema.json} describes it. Each record checks itself
 * when built, so that an instance is always runnable whoever built it.
 */
public sealed interface Command {

    /** The command's name, as messages spell it. */
    String name();

    /** Queue one unit of work per function for the replication worker. */
    record Replicate(Selection selection) implements Command {
        public Replicate {
            requireNamedFunctions(selection);
        }

        @Override
        public String name() {
            return "replicate";
        }
    }

    /** Start a reconcile now. */
    record Reconcile() implements Command {
        @Override
        public String name() {
            return "reconcile";
        }
    }

    /** Compare functions with their replicas, read-only, and report. */
    record Status(Selection selection) implements Command {
        public Status {
            requireNamedFunctions(selection);
        }

        @Override
        public String name() {
            return "status";
        }
    }

    /**
     * Re-run up to {@code max} archived failure records.
     *
     * @param max from 1 to {@link #MAX}
     */
    record Redrive(int max) implements Command {
        public static final int DEFAULT = 10;
        public static final int MAX = 100;

        public Redrive {
            if (max < 1 || max > MAX) {
                throw new IllegalArgumentException("redrive max " + max + " is not from 1 to " + MAX);
            }
        }

        @Override
        public String name() {
            return "redrive";
        }
    }

    /** Check a configuration text and report; change nothing. */
    record ValidateConfig(String yaml) implements Command {
        public ValidateConfig {
            Objects.requireNonNull(yaml, "yaml");
        }

        @Override
        public String name() {
            return "validate-config";
        }
    }

    private static void requireNamedFunctions(Selection selection) {
        Objects.requireNonNull(selection, "selection");
        if (selection instanceof Selection.Functions functions) {
            if (functions.names().isEmpty()) {
                throw new IllegalArgumentException("no function named");
            }
            for (String name : functions.names()) {
                if (!FunctionNames.isName(name)) {
                    throw new IllegalArgumentException(name + " is not a function name");
                }
            }
        }
    }
}
