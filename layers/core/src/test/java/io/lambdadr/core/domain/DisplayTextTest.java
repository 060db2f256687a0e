package io.lambdadr.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayTextTest {

    @Test
    void quoted_whenValueIsPlain_wrapsItInSingleQuotes() {
        assertThat(DisplayText.quoted("subnet-0a1b2c3d")).isEqualTo("'subnet-0a1b2c3d'");
        assertThat(DisplayText.quoted("")).isEqualTo("''");
        assertThat(DisplayText.quoted("café ü 東京")).isEqualTo("'café ü 東京'");
    }

    @Test
    void quoted_whenValueIsNull_showsNullWithoutQuotes() {
        assertThat(DisplayText.quoted(null)).isEqualTo("null");
    }

    @Test
    void quoted_whenValueHasNewlineTabOrCarriageReturn_showsTheirEscapes() {
        assertThat(DisplayText.quoted("a\nb\tc\r\nd")).isEqualTo("'a\\nb\\tc\\r\\nd'");
    }

    @Test
    void quoted_whenValueHasOtherControlCharacters_showsThemAsUnicodeEscapes() {
        assertThat(DisplayText.quoted("a\u0001b")).isEqualTo("'a\\u0001b'");
        // An ANSI escape sequence would otherwise recolour or clear the terminal.
        assertThat(DisplayText.quoted("\u001b[2Jx")).isEqualTo("'\\u001b[2Jx'");
        assertThat(DisplayText.quoted("a\u007fb\u0085c")).isEqualTo("'a\\u007fb\\u0085c'");
    }

    @Test
    void quoted_whenValueHasLineSeparatorsOrInvisibleFormatCharacters_escapesThem() {
        assertThat(DisplayText.quoted("a\u2028b\u2029c")).isEqualTo("'a\\u2028b\\u2029c'");
        // A right-to-left override would reorder the rest of the message; a byte-order mark would be invisible.
        assertThat(DisplayText.quoted("a\u202eb\ufeff")).isEqualTo("'a\\u202eb\\ufeff'");
    }

    @Test
    void quoted_whenValueHasALoneSurrogate_escapesIt() {
        assertThat(DisplayText.quoted("a\ud800b")).isEqualTo("'a\\ud800b'");
    }

    @Test
    void quoted_whenValueIsExactlyTheLimit_keepsItWhole() {
        String value = "x".repeat(DisplayText.MAX_CHARACTERS);

        assertThat(DisplayText.quoted(value)).isEqualTo("'" + value + "'");
    }

    @Test
    void quoted_whenValueIsLongerThanTheLimit_showsItsStartAndItsLength() {
        String value = "a".repeat(60) + "b".repeat(9_940);

        assertThat(DisplayText.quoted(value)).isEqualTo("'" + "a".repeat(60) + "…' (10000 characters)");
        assertThat(DisplayText.quoted("y".repeat(DisplayText.MAX_CHARACTERS + 1)))
                .isEqualTo("'" + "y".repeat(DisplayText.SHOWN_CHARACTERS) + "…' (81 characters)");
    }

    @Test
    void quoted_whenLongValueHasCharactersOutsideTheBasicPlane_countsAndCutsWholeCharacters() {
        String value = "😀".repeat(100);

        assertThat(DisplayText.quoted(value)).isEqualTo("'" + "😀".repeat(60) + "…' (100 characters)");
    }

    @Test
    void quoted_whenLongValueHasControlCharacters_escapesTheShownPartOnOneLine() {
        String value = "line\n".repeat(1_000);

        String shown = DisplayText.quoted(value);

        assertThat(shown).doesNotContain("\n").startsWith("'line\\nline\\n").endsWith("…' (5000 characters)");
    }
}
