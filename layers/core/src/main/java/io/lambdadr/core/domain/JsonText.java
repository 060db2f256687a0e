package io.lambdadr.core.domain;

import java.util.Locale;
import java.util.Map;

/**
 * JSON string encoding without a JSON library, for the two rules that depend on it: Lambda measures the environment
 * against its 4 KB limit as compact JSON, and a service message may carry a secret JSON-escaped.
 */
final class JsonText {

    private JsonText() {
    }

    /** How a JSON encoder writes characters outside ASCII. */
    enum NonAscii {
        /** As themselves (Java's and most encoders' default). */
        LITERAL,
        /** As {@code \u00e9}, lower-case hex (Python's {@code json.dumps} default). */
        ESCAPED_LOWER,
        /** As {@code \u00E9}, upper-case hex. */
        ESCAPED_UPPER
    }

    /** The body of a JSON string literal for {@code value}, without the surrounding quotes. */
    static String escape(String value, NonAscii nonAscii, boolean escapeSlash) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '/' -> out.append(escapeSlash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || (c > 0x7e && nonAscii != NonAscii.LITERAL)) {
                        String hex = String.format("%04x", (int) c);
                        out.append("\\u").append(nonAscii == NonAscii.ESCAPED_UPPER ? hex.toUpperCase(Locale.ROOT) : hex);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A map of strings as compact JSON ({@code {"KEY":"value"}}), keys in the map's order. */
    static String object(Map<String, String> entries) {
        StringBuilder out = new StringBuilder("{");
        entries.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(escape(key, NonAscii.LITERAL, false)).append("\":\"")
                    .append(escape(value, NonAscii.LITERAL, false)).append('"');
        });
        return out.append('}').toString();
    }
}
