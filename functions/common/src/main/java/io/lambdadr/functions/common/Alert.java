package io.lambdadr.functions.common;

import io.lambdadr.core.engine.FailureKind;
import java.util.List;
import java.util.Objects;

/**
 * A message for a person: what happened, to what, where, whether waiting can fix it and what to do, readable in an
 * e-mail; with the raw record it came from, for the archive that {@code redrive} reads.
 *
 * @param subject    one line, under SNS's 100-character limit
 * @param function   the function concerned, or null
 * @param region     the region concerned, or null
 * @param whatHappened what happened (what failed, for a failure), free of environment variable values
 * @param kind       whether retrying can help (null: not a failure of that sort, such as a rejected configuration)
 * @param whatToDo   the action a person should take
 * @param rawRecord  the JSON record the alert was made from (a destination's failure record, a command), or null
 */
public record Alert(String subject, String function, String region, String whatHappened, FailureKind kind,
                    String whatToDo, String rawRecord) {

    /** SNS refuses subjects over 100 characters, or with line breaks. */
    static final int MAX_SUBJECT = 100;

    public Alert {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(whatHappened, "whatHappened");
        subject = subject.replaceAll("\\s+", " ").strip();
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, MAX_SUBJECT - 1) + "…";
        }
    }

    /** The alert as an e-mail body. */
    public String readable() {
        StringBuilder text = new StringBuilder(subject).append("\n\n");
        line(text, "Function", function);
        line(text, "Region", region);
        // One label for failures and notices alike (a status report, a configuration taking effect).
        line(text, "What happened", whatHappened);
        if (kind != null) {
            line(text, "Will retrying help",
                    kind == FailureKind.TRANSIENT ? "probably: it looks temporary (throttling, a conflict, a timeout)"
                            : "no: a person must act first");
        }
        line(text, "What to do", whatToDo);
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            List<String> lines = value.lines().toList();
            text.append(label).append(": ").append(lines.getFirst()).append('\n');
            lines.stream().skip(1).forEach(more -> text.append("  ").append(more).append('\n'));
        }
    }
}
