package io.lambdadr.core.domain;

/**
 * A region-specific reference in a function that has no translation for the target region. The function is not
 * replicated into that region; the message names the field, the value and the mapping that would fix it.
 */
public class UntranslatableReferenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public UntranslatableReferenceException(String field, String shownValue, String reason) {
        super(field + " = " + shownValue + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
