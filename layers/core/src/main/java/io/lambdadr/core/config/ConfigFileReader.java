package io.lambdadr.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the configuration file into text, bounded, and turns every way that can fail into a message that says why:
 * a missing file, a directory, no permission, a file too large to be a configuration, a binary file, a file in
 * another encoding than UTF-8.
 */
final class ConfigFileReader {

    /**
     * 1 MiB. A real configuration file is a few kilobytes; anything this large is the wrong file (a log, an archive,
     * a device), and reading it whole would only end in an out-of-memory error.
     */
    static final int MAX_BYTES = 1024 * 1024;

    private static final String OPTION = "--config: ";

    private ConfigFileReader() {
    }

    /**
     * The file's text, without its UTF-8 byte-order mark if it has one.
     *
     * @throws InvalidConfigException naming the file and the reason when it cannot be read or is not UTF-8 text
     */
    static String read(Path path) {
        return decode(path.toString(), readBytes(path));
    }

    private static byte[] readBytes(Path path) {
        // Checked first: opening a directory succeeds on Linux and only the read fails, with a bare "Is a directory".
        if (Files.isDirectory(path)) {
            throw new InvalidConfigException(OPTION + path + " is a directory, not a file");
        }
        byte[] bytes;
        // Files.size cannot be trusted: it is 0 for /dev/zero, pipes and /proc files, which can be endless. So read
        // one byte past the limit whatever the size says, and refuse the file if that byte exists.
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidConfigException(describe(path, e), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidConfigException(OPTION + "file " + path + " is larger than " + MAX_BYTES
                    + " bytes (1 MiB), the limit for a configuration file; is it the right file?");
        }
        return bytes;
    }

    /** The message for a failure to open or read {@code path}; package-private to test the wording of each case. */
    static String describe(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return OPTION + "file " + path + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return OPTION + "cannot read " + path + ": permission denied (check the file's permissions)";
        }
        // The message of a FileSystemException is the path again (plus the reason when there is one): say what
        // happened, in words, and add only what the exception knows beyond the path.
        String detail = e instanceof FileSystemException fileSystem ? fileSystem.getReason() : e.getMessage();
        if (detail == null || detail.isBlank() || detail.equals(path.toString())) {
            return OPTION + "cannot read " + path + ": " + inWords(e.getClass());
        }
        return OPTION + "cannot read " + path + ": " + inWords(e.getClass()) + ": " + detail;
    }

    /** {@code FileSystemLoopException} reads as "file system loop"; the two generic classes say "error". */
    private static String inWords(Class<?> type) {
        if (type == IOException.class) {
            return "input/output error";
        }
        if (type == FileSystemException.class) {
            return "file system error";
        }
        String name = type.getSimpleName().replaceFirst("Exception$", "");
        StringBuilder words = new StringBuilder();
        for (String word : name.split("(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")) {
            // Acronyms (IO, URI) stay as they are; the other words are lower-cased.
            boolean acronym = word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT));
            words.append(words.isEmpty() ? "" : " ").append(acronym ? word : word.toLowerCase(Locale.ROOT));
        }
        return words.isEmpty() ? "input/output error" : words.toString();
    }

    /** The bytes as UTF-8 text; {@code source} names the file in messages. */
    private static String decode(String source, byte[] bytes) {
        // A UTF-16 or UTF-32 file (Windows tools write them with a byte-order mark) would otherwise be reported as
        // binary, for its NUL bytes: say what it is and what to do.
        if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00) || startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
            throw new InvalidConfigException(source + ": this file is UTF-32; save it as UTF-8");
        }
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            throw new InvalidConfigException(source + ": this file is UTF-16; save it as UTF-8");
        }
        for (int i = 0; i < bytes.length; i++) {
            // NUL is valid UTF-8, but no text file holds one.
            if (bytes[i] == 0) {
                throw new InvalidConfigException(source
                        + ": this is a binary file, not YAML (a NUL byte at byte offset " + i + ")");
            }
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        // REPORT, not the default replacement: a mis-encoded ARN or id must not be read as another value.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        // UTF-8 never decodes to more chars than it has bytes, so the output cannot overflow.
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidConfigException(notUtf8(source, bytes, start, in.position()));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String notUtf8(String source, byte[] bytes, int start, int offset) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < offset; i++) {
            // Line breaks as YAML counts them: LF, CRLF and a lone CR.
            boolean lineFeed = bytes[i] == '\n';
            boolean loneReturn = bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n');
            if (lineFeed || loneReturn) {
                line++;
                lineStart = i + 1;
            }
        }
        // Everything before the first invalid byte decodes: count its characters, as an editor shows columns.
        String lineBefore = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        int column = lineBefore.codePointCount(0, lineBefore.length()) + 1;
        return String.format("%s: not UTF-8: invalid byte 0x%02X at line %d, column %d (byte offset %d); "
                + "save the file as UTF-8", source, bytes[offset] & 0xFF, line, column, offset);
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
