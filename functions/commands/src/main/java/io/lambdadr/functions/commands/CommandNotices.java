package io.lambdadr.functions.commands;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.Alert;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the commands tell people on the alerts topic. None carries a raw record: they are notices, and the failure
 * archive that {@code redrive} reads must hold only failure records of asynchronous invocations.
 */
final class CommandNotices {

    /** The part of a message quoted back in an alert: enough to recognise it, never a flood. */
    static final int QUOTED_CHARACTERS = 2_000;

    private static final String SCHEMA_HINT = "The commands and their fields are described in command.schema.json "
            + "(functions/commands/README.md); for example {\"command\": \"replicate\", \"functions\": [\"orders\"]}.";

    private CommandNotices() {
    }

    static Alert rejected(String message, List<String> problems) {
        String text = "the message is not a lambda-dr command, so it was not run and will not be retried:\n"
                + problems.stream().map(problem -> "- " + problem).collect(Collectors.joining("\n"))
                + "\nThe message, as received:\n" + quoted(message);
        return new Alert("lambda-dr: command rejected: " + problems.getFirst(), null, null, text, null,
                "Correct the message and send it again. " + SCHEMA_HINT, null);
    }

    /** A well-formed command that the stack cannot run as deployed (a missing setting, an invalid configuration). */
    static Alert notRun(String commandName, String message, String reason) {
        return new Alert("lambda-dr: command " + commandName + " could not run", null, null,
                "the " + commandName + " command could not run: " + reason + "\nThe message, as received:\n"
                        + quoted(message),
                FailureKind.PERMANENT, "Fix what the error names (the stack's parameters or the DR configuration), "
                        + "then send the command again.", null);
    }

    /** A message of the commands queue that failed on every delivery, now dropped. */
    static Alert keptFailing(String message, int receiveCount, String why) {
        return new Alert("lambda-dr: command kept failing: " + why, null, null,
                "kept failing: " + why + "\nIt was tried " + receiveCount + " times and is now removed from the "
                        + "commands queue.\nThe message, as received:\n" + quoted(message),
                FailureKind.TRANSIENT, "Look at what the error names (throttling, a missing permission, the "
                        + "worker's or the queue's settings); once it is resolved, send the command again.", null);
    }

    static Alert configurationValid(DrConfig config) {
        String targets = config.targets().isEmpty() ? "no target mappings"
                : "mappings for " + String.join(", ", config.targets().keySet());
        return new Alert("lambda-dr: the configuration is valid", null, null,
                "nothing: the configuration is valid (protect tag " + config.protectTagKey() + "="
                        + config.protectTagValue() + "; " + targets + "; parallelism " + config.parallelism()
                        + "). Nothing was changed.",
                null, "To put it in force, push it to the configuration repository's branch.", null);
    }

    static Alert configurationInvalid(String problem) {
        return new Alert("lambda-dr: the configuration is invalid", null, null,
                "the configuration is invalid: " + problem + "\nNothing was changed: the configuration in force "
                        + "stays.",
                null, "Correct the file where the message says and check it again before pushing it.", null);
    }

    static Alert redriven(List<String> redriven, List<String> skipped, String stoppedBy) {
        StringBuilder text = new StringBuilder();
        if (stoppedBy != null) {
            text.append("the redrive stopped: ").append(stoppedBy).append(" (it is retried; what was redriven "
                    + "below is out of the archive)");
        } else if (redriven.isEmpty() && skipped.isEmpty()) {
            text.append("nothing: the failure archive is empty");
        } else {
            text.append(skipped.isEmpty() ? "" : skipped.size() + " record(s) could not be redriven; ")
                    .append(redriven.size()).append(" failure record(s) redriven");
        }
        redriven.forEach(line -> text.append("\nredriven: ").append(line));
        skipped.forEach(line -> text.append("\nnot redriven, removed from the archive: ").append(line));
        String whatToDo = redriven.isEmpty() ? "Nothing." : "Nothing more: each event runs again with its "
                + "function's retries, and a failure alerts again.";
        return new Alert("lambda-dr: redrive: " + redriven.size() + " redriven"
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + " unreadable"), null, null, text.toString(),
                stoppedBy == null ? null : FailureKind.TRANSIENT, whatToDo, null);
    }

    /** A message or record as received, cut at {@link #QUOTED_CHARACTERS}. */
    static String quoted(String message) {
        String text = message == null ? "" : message;
        return text.length() <= QUOTED_CHARACTERS ? text
                : text.substring(0, QUOTED_CHARACTERS) + "… (" + text.length() + " characters)";
    }
}
