package io.lambdadr.core.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.commons.codec.binary.Base64InputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;

/**
 * Sends a direct upload's package ({@code CreateFunction}'s {@code Code.ZipFile}, {@code UpdateFunctionCode}'s
 * {@code ZipFile}, {@code PublishLayerVersion}'s {@code Content.ZipFile}) from its file, base64-encoded while the request body is written, rather than from memory.
 *
 * <p>The SDK's JSON marshaller takes the package as bytes and builds the whole body in memory: about nine times the
 * package on the heap (measured with {@code make benchmark-packages}), 425 MB for a 48 MB package. Here the request
 * carries a short random placeholder instead; once the SDK has marshalled it, this interceptor (on every Lambda client
 * {@link AwsClients} builds) finds the placeholder's base64 in the small body and sends the body as a stream: the text
 * before it, the file's base64, the text after it. Signing and every attempt read the stream anew from the file, so
 * a package costs a few buffers of heap whatever its size.
 */
final class StreamedInlineCode implements ExecutionInterceptor {

    /** 33 random bytes: 44 base64 characters, no padding, never found anywhere else in a request by chance. */
    private static final int PLACEHOLDER_BYTES = 33;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ExecutionAttribute<Splice> SPLICE = new ExecutionAttribute<>("lambda-dr.inlineCodeSplice");

    /** Files by their placeholder's base64, while their request is under way. */
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    /** Placeholders whose request body was replaced by the file's stream. */
    private final Map<String, Boolean> spliced = new ConcurrentHashMap<>();

    /**
     * Runs {@code call} with the placeholder that stands for {@code file} in its request, on a Lambda client that
     * carries this interceptor.
     *
     * @throws IllegalStateException when the call succeeded without the placeholder being replaced: the client does
     *                               not carry this interceptor (a client lambda-dr did not build)
     */
    <T> T withFile(Path file, Function<SdkBytes, T> call) {
        byte[] placeholder = new byte[PLACEHOLDER_BYTES];
        RANDOM.nextBytes(placeholder);
        String key = Base64.getEncoder().encodeToString(placeholder);
        files.put(key, file);
        try {
            T result = call.apply(SdkBytes.fromByteArrayUnsafe(placeholder));
            if (spliced.remove(key) == null) {
                throw new IllegalStateException("the Lambda client did not send the package from " + file
                        + " (it lacks lambda-dr's " + StreamedInlineCode.class.getSimpleName() + ")");
            }
            return result;
        } finally {
            files.remove(key);
            spliced.remove(key);
        }
    }

    /** The SDK asks each interceptor for the body first, then for the request: the body decides the length. */
    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context,
                                                   ExecutionAttributes attributes) {
        Optional<String> key = placeholderOf(context.request());
        Path file = key.map(files::get).orElse(null);
        if (file == null || context.requestBody().isEmpty()) {
            return context.requestBody();
        }
        RequestBody marshalled = context.requestBody().get();
        Splice splice = Splice.of(key.get(), file, read(marshalled));
        attributes.putAttribute(SPLICE, splice);
        spliced.put(splice.key(), true);
        return Optional.of(RequestBody.fromContentProvider(splice, splice.length(), marshalled.contentType()));
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        Splice splice = attributes.getAttribute(SPLICE);
        if (splice == null) {
            return context.httpRequest();
        }
        return context.httpRequest().toBuilder()
                .putHeader("Content-Length", Long.toString(splice.length()))
                .build();
    }

    private static Optional<String> placeholderOf(SdkRequest request) {
        SdkBytes zip = switch (request) {
            case UpdateFunctionCodeRequest update -> update.zipFile();
            case CreateFunctionRequest create -> create.code() == null ? null : create.code().zipFile();
            case PublishLayerVersionRequest layer -> layer.content() == null ? null : layer.content().zipFile();
            default -> null;
        };
        if (zip == null || zip.asByteArrayUnsafe().length != PLACEHOLDER_BYTES) {
            return Optional.empty();
        }
        return Optional.of(Base64.getEncoder().encodeToString(zip.asByteArrayUnsafe()));
    }

    private static byte[] read(RequestBody body) {
        try (InputStream in = body.contentStreamProvider().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the marshalled request", e);
        }
    }

    /** A request body: the marshalled text around the placeholder, the file's base64 in its place. */
    private record Splice(String key, Path file, long fileBytes, byte[] before, byte[] after)
            implements ContentStreamProvider {

        static Splice of(String key, Path file, byte[] marshalled) {
            String text = new String(marshalled, StandardCharsets.UTF_8);
            int at = text.indexOf(key);
            if (at < 0 || text.indexOf(key, at + 1) >= 0) {
                throw new IllegalStateException("the placeholder of " + file + " is not once in its request");
            }
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the package " + file, e);
            }
            return new Splice(key, file, size, text.substring(0, at).getBytes(StandardCharsets.UTF_8),
                    text.substring(at + key.length()).getBytes(StandardCharsets.UTF_8));
        }

        long length() {
            return before.length + 4 * ((fileBytes + 2) / 3) + after.length;
        }

        @Override
        public InputStream newStream() {
            InputStream code;
            try {
                code = new Base64InputStream(Files.newInputStream(file), true, 0, null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the package " + file, e);
            }
            return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(before), code,
                    new ByteArrayInputStream(after))));
        }
    }
}
