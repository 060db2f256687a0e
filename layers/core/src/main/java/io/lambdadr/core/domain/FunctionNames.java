package io.lambdadr.core.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Function names as Lambda accepts them, and the name inside the other forms a function is referred to by: events
 * and commands carry names, full ARNs ({@code arn:aws:lambda:us-east-1:123456789012:function:orders:live}) and
 * partial ARNs ({@code 123456789012:function:orders}).
 */
public final class FunctionNames {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern FULL_ARN = Pattern.compile(
            "arn:aws[a-z-]*:lambda:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::[^:]+)?");
    private static final Pattern PARTIAL_ARN = Pattern.compile("(\\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::[^:]+)?");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([a-zA-Z0-9_-]{1,64}):[^:]+");

    private FunctionNames() {
    }

    /** What a function name may be made of, for messages. */
    public static final String RULE = "letters, digits, hyphens and underscores, at most 64";

    /** Whether {@code value} is a plain function name. */
    public static boolean isName(String value) {
        return value != null && NAME.matcher(value).matches();
    }

    /**
     * The function name in a name, a qualified name ({@code orders:live}), a partial ARN or a full ARN; empty when the
     * value is none of these.
     */
    public static Optional<String> nameIn(String identifier) {
        if (identifier == null) {
            return Optional.empty();
        }
        if (isName(identifier)) {
            return Optional.of(identifier);
        }
        for (Pattern form : new Pattern[] {FULL_ARN, PARTIAL_ARN}) {
            Matcher matcher = form.matcher(identifier);
            if (matcher.matches()) {
                return Optional.of(matcher.group(matcher.groupCount()));
            }
        }
        Matcher qualified = QUALIFIED_NAME.matcher(identifier);
        return qualified.matches() ? Optional.of(qualified.group(1)) : Optional.empty();
    }

    /** The region a full function ARN names, if {@code identifier} is one. */
    public static Optional<String> regionIn(String identifier) {
        Matcher matcher = identifier == null ? null : FULL_ARN.matcher(identifier);
        return matcher != null && matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
