package io.lambdadr.functions.codecommit;

import io.lambdadr.core.config.InvalidConfigException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A configuration file's bytes as text, held to the rules the command line applies to a file on disk: UTF-8 (a
 * byte-order mark is allowed), no NUL byte; and small enough for the state table to hold.
 */
final class ConfigurationText {

    /**
     * A real configuration is a few kilobytes. The command line allows 1 MiB, but the text is stored in one item of
     * the state table, which DynamoDB limits to 400 KB: refuse here, with a reason, what the table would refuse.
     */
    static final int MAX_BYTES = 350 * 1024;

    private ConfigurationText() {
    }

    /**
     * The text of {@code bytes}.
     *
     * @throws InvalidConfigException prefixed with {@code source}, saying what is wrong and where
     */
    static String decode(String source, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidConfigException(source + ": the file is " + bytes.length + " bytes, larger than the "
                    + MAX_BYTES + " (350 KiB) the state table can hold; is it the right file?");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            // NUL is valid UTF-8, but no text file holds one (UTF-16 text is full of them).
            if (bytes[i] == 0) {
                throw new InvalidConfigException(source + ": not UTF-8 text: a NUL byte at line " + lineOf(bytes, i)
                        + " (byte offset " + i + "); save the file as UTF-8");
            }
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            // REPORT, not the default replacement: a mis-encoded ARN or id must not be read as another value.
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in);
            return text.toString();
        } catch (CharacterCodingException e) {
            int offset = in.position();
            throw new InvalidConfigException(String.format("%s: not UTF-8 text: invalid byte 0x%02X at line %d "
                    + "(byte offset %d); save the file as UTF-8", source, bytes[offset] & 0xFF,
                    lineOf(bytes, offset), offset), e);
        }
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
