package io.lambdadr.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

    /** Values that break naive masking: quotes, backslashes, non-ASCII, newlines, JSON, URLs with passwords. */
    static final List<String> NASTY = List.of(
            "pa\"ss\\word",
            "clé-secrète-ü-λ",
            "line one\nline two\r\nline three",
            "{\"user\":\"admin\",\"password\":\"hunter2\"}",
            "postgres://app:s3cr%2Ft@db.example.com:5432/orders?sslmode=require",
            "tab\tand/slash");

    private static SecretValues secrets(String... values) {
        return SecretValues.none().with(List.of(values));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void mask_whenAValueAppearsRawOrJsonEscapedOrUrlEncoded_hidesEveryForm(int index) {
        String value = NASTY.get(index);
        SecretValues secrets = secrets(value);
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        List<String> carried = List.of(
                value,
                JsonText.escape(value, JsonText.NonAscii.LITERAL, false),
                JsonText.escape(value, JsonText.NonAscii.ESCAPED_LOWER, false),
                JsonText.escape(value, JsonText.NonAscii.ESCAPED_UPPER, true),
                JsonText.escape(JsonText.escape(value, JsonText.NonAscii.LITERAL, false),
                        JsonText.NonAscii.LITERAL, false),
                form,
                form.replace("+", "%20"),
                lowerCaseHex(form));

        for (String encoded : carried) {
            String message = "InvalidParameterValueException: value \"" + encoded + "\" is not valid";

            assertThat(secrets.mask(message)).as(encoded)
                    .startsWith("InvalidParameterValueException: value \"")
                    .contains(SecretValues.MASK)
                    .doesNotContain(encoded);
        }
    }

    /** Percent-encoding with lower-case hex digits, as some encoders write it. */
    private static String lowerCaseHex(String encoded) {
        return Pattern.compile("%[0-9A-F]{2}").matcher(encoded).replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
    }

    @Test
    void mask_whenAMultiLineValueIsQuotedOneLineAtATime_hidesEachLine() {
        SecretValues secrets = secrets("first-secret-line\nsecond-secret-line");

        String masked = secrets.mask("rejected: first-secret-line (and later) second-secret-line");

        assertThat(masked).isEqualTo("rejected: **** (and later) ****");
    }

    @Test
    void mask_whenOneValueContainsAnother_hidesTheLongerOneWhole() {
        SecretValues secrets = secrets("hunter2", "user:hunter2@host");

        assertThat(secrets.mask("bad url user:hunter2@host")).isEqualTo("bad url ****");
    }

    @Test
    void mask_whenAValueIsShorterThanFourCharacters_leavesTheMessageAlone() {
        SecretValues secrets = secrets("1", "on", "abc");

        assertThat(secrets.mask("version 1 is on abc")).isEqualTo("version 1 is on abc");
    }

    @Test
    void with_whenGivenAReplica_takesTheValuesThatExistOnlyInTheTarget() {
        FunctionConfig replicaConfig = SnapshotBuilder.config().env("HAND_SET", "only-in-the-target").build();
        ReplicaState replica = new ReplicaState(true, SnapshotBuilder.code("v1"), replicaConfig,
                List.of(new PublishedVersion("7", SnapshotBuilder.code("v1"),
                        SnapshotBuilder.config().env("OLD", "old-version-value").build())),
                List.of(), Map.of(), null);

        SecretValues secrets = SecretValues.none().with(replica);

        assertThat(secrets.mask("saw only-in-the-target and old-version-value")).isEqualTo("saw **** and ****");
    }

    @Test
    void toString_whenValuesAreKnown_showsHowManyButNoneOfThem() {
        assertThat(secrets("hunter2-secret").toString()).doesNotContain("hunter2").contains("1 values");
    }
}
