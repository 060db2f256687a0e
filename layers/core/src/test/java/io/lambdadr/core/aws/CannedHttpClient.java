package io.lambdadr.core.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client for real SDK clients in tests, without a network: it answers every request the same way (or fails
 * it with one I/O error) and records what was sent, each body read from its stream as an HTTP client reads it.
 */
final class CannedHttpClient implements SdkHttpClient {

    /** {@code METHOD path} of each request, in order. */
    final List<String> requests = new ArrayList<>();
    /** Each request's body as sent (empty when it had none). */
    final List<byte[]> bodies = new ArrayList<>();
    /** Each request's {@code Content-Length} header, or null. */
    final List<String> contentLengths = new ArrayList<>();

    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final IOException failure;

    /** Answers every request with {@code status}, {@code headers} and {@code body}. */
    CannedHttpClient(int status, Map<String, String> headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.failure = null;
    }

    /** Answers every request 200 with a JSON {@code body}. */
    static CannedHttpClient answering(String body) {
        return new CannedHttpClient(200, Map.of("Content-Type", "application/json"), body);
    }

    /** Fails every request with {@code failure}, as a connection would. */
    CannedHttpClient(IOException failure) {
        this.status = 0;
        this.headers = Map.of();
        this.body = null;
        this.failure = failure;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        synchronized (requests) {
            requests.add(request.httpRequest().method() + " " + request.httpRequest().encodedPath());
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                byte[] sent = new byte[0];
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream stream = request.contentStreamProvider().get().newStream()) {
                        sent = stream.readAllBytes();
                    }
                }
                synchronized (requests) {
                    bodies.add(sent);
                    contentLengths.add(request.httpRequest().firstMatchingHeader("Content-Length").orElse(null));
                }
                if (failure != null) {
                    throw failure;
                }
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status);
                headers.forEach(response::putHeader);
                return HttpExecuteResponse.builder().response(response.build())
                        .responseBody(AbortableInputStream.create(
                                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }
}
