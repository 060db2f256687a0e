package io.lambdadr.core.domain;

/**
 * Values that come from outside (a configuration file, an API response) shown inside a one-line message. Such a value
 * can hold anything: a newline would split the message, an escape sequence would drive the terminal, and a
 * 10,000-character value would bury the message itself.
 */
public final class DisplayText {

    /** Values longer than this many characters are shortened. */
    public static final int MAX_CHARACTERS = 80;

    /** How many characters of a shortened value are shown. */
    public static final int SHOWN_CHARACTERS = 60;

    private DisplayText() {
    }

    /**
     * The value in single quotes, safe in a one-line message: {@code null} shows as {@code null}; newline, carriage
     * return and tab show as {@code \n}, {@code \r} and {@code \t}, other control characters, line and paragraph
     * separators and invisible format characters (a right-to-left override would reorder the rest of the line) as
     * <code>&#92;u0001</code>; a value longer than {@value #MAX_CHARACTERS} characters shows its first
     * {@value #SHOWN_CHARACTERS}, then {@code …} and its length: {@code 'abc…' (10000 characters)}. Characters are
     * counted as Unicode code points, so a shortened value never ends in half a character.
     */
    public static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        int length = value.codePointCount(0, value.length());
        boolean shortened = length > MAX_CHARACTERS;
        String shown = shortened ? value.substring(0, value.offsetByCodePoints(0, SHOWN_CHARACTERS)) : value;
        StringBuilder text = new StringBuilder(shown.length() + 24).append('\'');
        shown.codePoints().forEach(codePoint -> appendEscaped(text, codePoint));
        if (shortened) {
            return text.append("…' (").append(length).append(" characters)").toString();
        }
        return text.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder text, int codePoint) {
        switch (codePoint) {
            case '\n' -> text.append("\\n");
            case '\r' -> text.append("\\r");
            case '\t' -> text.append("\\t");
            default -> {
                if (isInvisible(codePoint)) {
                    // Code points above U+FFFF become their two UTF-16 halves, as in Java and JSON escapes.
                    for (char unit : Character.toChars(codePoint)) {
                        text.append(String.format("\\u%04x", (int) unit));
                    }
                } else {
                    text.appendCodePoint(codePoint);
                }
            }
        }
    }

    private static boolean isInvisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
