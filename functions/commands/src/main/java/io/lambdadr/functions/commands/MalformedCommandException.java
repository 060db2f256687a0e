package io.lambdadr.functions.commands;

import java.util.List;

/**
 * A message that is not a command: not JSON, or not what {@code command.schema.json} allows. Trying it again cannot
 * help; the problems say what to change.
 */
public final class MalformedCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems each problem in words, naming the field and what it should be */
    public MalformedCommandException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in words, in the order of the message's fields. */
    public List<String> problems() {
        return problems;
    }
}
