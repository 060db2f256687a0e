package io.lambdadr.core.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variable values of the functions a unit of work has seen, source and replica alike: they hold
 * secrets, and {@link #mask} keeps them out of any text that leaves lambda-dr (reports, messages, logs).
 *
 * <p>A service's error message may carry a value in another encoding than the one it was set in, so each value is
 * masked raw, JSON-escaped (with and without non-ASCII escapes, escaped twice), URL-encoded (form and percent
 * style, either hex case) and line by line when it spans several lines.
 *
 * <p>Values shorter than {@link #MIN_MASKED_LENGTH} characters are not masked: a one- to three-character value such
 * as {@code 1} or {@code on} occurs in ordinary words and numbers, and masking it would garble every message without
 * protecting anything worth the name.
 */
public final class SecretValues {

    /** Values shorter than this are left alone in messages. */
    public static final int MIN_MASKED_LENGTH = 4;
    /** What a masked value reads as. */
    public static final String MASK = "****";

    private static final SecretValues NONE = new SecretValues(Set.of());
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-F]{2}");

    private final Set<String> values;

    private SecretValues(Set<String> values) {
        this.values = values;
    }

    /** No values known yet. */
    public static SecretValues none() {
        return NONE;
    }

    /** These values and {@code more}. */
    public SecretValues with(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(values);
        more.stream().filter(value -> value != null && value.length() >= MIN_MASKED_LENGTH).forEach(all::add);
        return all.size() == values.size() ? this : new SecretValues(Set.copyOf(all));
    }

    /** These values and every environment value of a configuration. */
    public SecretValues with(FunctionConfig config) {
        return config == null ? this : with(config.environment().values());
    }

    /** These values and every environment value of a snapshot: {@code $LATEST} and each version. */
    public SecretValues with(FunctionSnapshot snapshot) {
        return snapshot == null ? this : with(snapshot.config(), snapshot.versions());
    }

    /** These values and every environment value a replica holds: values that exist only in the target included. */
    public SecretValues with(ReplicaState replica) {
        return replica == null || !replica.exists() ? this : with(replica.config(), replica.versions());
    }

    private SecretValues with(FunctionConfig latest, List<PublishedVersion> versions) {
        SecretValues all = with(latest);
        for (PublishedVersion version : versions) {
            all = all.with(version.config());
        }
        return all;
    }

    /** These values and those of {@code other}. */
    public SecretValues with(SecretValues other) {
        return with(other.values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@code text} with every known value, in every encoding above, replaced by {@link #MASK}. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        Set<String> forms = new LinkedHashSet<>();
        values.forEach(value -> forms.addAll(formsOf(value)));
        // Longest first, so that a value containing another is masked whole.
        List<String> ordered = forms.stream()
                .filter(form -> form.length() >= MIN_MASKED_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        String masked = text;
        for (String form : ordered) {
            masked = masked.replace(form, MASK);
        }
        return masked;
    }

    private static Set<String> formsOf(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        for (JsonText.NonAscii nonAscii : JsonText.NonAscii.values()) {
            String once = JsonText.escape(value, nonAscii, false);
            forms.add(once);
            forms.add(JsonText.escape(value, nonAscii, true));
            forms.add(JsonText.escape(once, nonAscii, false));
        }
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        for (String encoded : List.of(form, form.replace("+", "%20"))) {
            forms.add(encoded);
            forms.add(lowerCaseHex(encoded));
        }
        // A multi-line value may be quoted one line at a time.
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            for (String line : value.split("\\R")) {
                forms.add(line);
                forms.add(line.strip());
            }
        }
        return forms;
    }

    private static String lowerCaseHex(String percentEncoded) {
        Matcher matcher = PERCENT_ESCAPE.matcher(percentEncoded);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, matcher.group().toLowerCase(Locale.ROOT));
        }
        return matcher.appendTail(out).toString();
    }

    @Override
    public String toString() {
        return "SecretValues[" + values.size() + " values, hidden]";
    }
}
