package io.lambdadr.functions.codecommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdadr.core.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A configuration file's bytes read as the command line reads a file. */
class ConfigurationTextTest {

    private static final String SOURCE = "repo/lambda-dr.yaml (branch main, commit abc)";

    @Test
    void decode_whenUtf8WithAByteOrderMark_dropsTheMark() {
        byte[] bytes = "\uFEFFparallelism: 2\n# été\n".getBytes(StandardCharsets.UTF_8);

        assertThat(ConfigurationText.decode(SOURCE, bytes)).isEqualTo("parallelism: 2\n# été\n");
    }

    @Test
    void decode_whenAByteIsNotUtf8_namesTheLineAndTheByte() {
        byte[] bytes = {'a', ':', ' ', '1', '\n', 'b', ':', ' ', (byte) 0xE9, '\n'};

        assertThatThrownBy(() -> ConfigurationText.decode(SOURCE, bytes)).isInstanceOf(InvalidConfigException.class)
                .hasMessage(SOURCE + ": not UTF-8 text: invalid byte 0xE9 at line 2 (byte offset 8); save the file "
                        + "as UTF-8");
    }

    @Test
    void decode_whenUtf16_saysItIsNotUtf8() {
        byte[] bytes = "parallelism: 2\n".getBytes(StandardCharsets.UTF_16LE);

        assertThatThrownBy(() -> ConfigurationText.decode(SOURCE, bytes))
                .hasMessageStartingWith(SOURCE + ": not UTF-8 text: a NUL byte at line 1");
    }

    @Test
    void decode_whenLargerThanTheStateTableHolds_refusesIt() {
        byte[] bytes = new byte[ConfigurationText.MAX_BYTES + 1];
        Arrays.fill(bytes, (byte) '#');

        assertThatThrownBy(() -> ConfigurationText.decode(SOURCE, bytes))
                .hasMessageContaining("larger than the 358400 (350 KiB) the state table can hold");
    }
}
