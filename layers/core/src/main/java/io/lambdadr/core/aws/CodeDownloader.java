package io.lambdadr.core.aws;

import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.engine.ApiCallTally;
import io.lambdadr.core.engine.CodePackage;
import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationException;
import io.lambdadr.core.engine.StalledCallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Downloads a deployment package from its presigned location straight to disk, hashing it on the way, so that memory
 * does not grow with package size. Presigned locations expire after about ten minutes: the location is asked for just
 * before each attempt and asked for again after a 403.
 *
 * <p>Downloads go through the HTTP client the SDK clients share, whose read timeout ends an attempt that receives
 * nothing for the stall time; an attempt that trickles on is ended once it exceeds the time its size allows.
 */
final class CodeDownloader {

    static final int MAX_ATTEMPTS = 3;

    private final SdkHttpClient http;
    private final NetworkTimeouts timeouts;

    CodeDownloader(SdkHttpClient http, NetworkTimeouts timeouts) {
        this.http = http;
        this.timeouts = timeouts;
    }

    /**
     * @param description names the code in messages ("code of f1 version 3")
     * @param location    asks Lambda for a fresh presigned location
     */
    CodePackage download(String description, Supplier<String> location, CodeIdentity expected, Path destination) {
        String lastProblem = "no attempt made";
        int stalls = 0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            URI uri = URI.create(location.get());
            try {
                return attempt(description, uri, expected, destination);
            } catch (RetryableDownloadProblem problem) {
                lastProblem = problem.getMessage();
                if (problem.stalled) {
                    stalls++;
                }
            }
        }
        String message = "cannot download " + description + " after " + MAX_ATTEMPTS + " attempts: " + lastProblem;
        throw stalls == MAX_ATTEMPTS ? new StalledCallException(message) : new ReplicationException(message);
    }

    /** A failed attempt worth another: expired location, server error, broken or stalled connection. */
    private static final class RetryableDownloadProblem extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean stalled;

        RetryableDownloadProblem(String message, boolean stalled) {
            super(message, null, false, false);
            this.stalled = stalled;
        }
    }

    private CodePackage attempt(String description, URI uri, CodeIdentity expected, Path destination)
            throws RetryableDownloadProblem {
        Duration allowed = timeouts.transferAttempt(expected.sizeBytes());
        long deadline = System.nanoTime() + allowed.toNanos();
        ExecutableHttpRequest request = http.prepareRequest(HttpExecuteRequest.builder()
                .request(SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.GET).build())
                .build());
        HttpExecuteResponse response;
        try {
            response = request.call();
        } catch (IOException e) {
            throw problem(uri, e);
        }
        Optional<AbortableInputStream> body = response.responseBody();
        try (InputStream in = body.isPresent() ? body.get() : InputStream.nullInputStream()) {
            int status = response.httpResponse().statusCode();
            if (status == 403 || status >= 500) {
                // 403: the presigned location expired; the response body says so but is not worth reading.
                throw new RetryableDownloadProblem("HTTP " + status + " from " + host(uri), false);
            }
            if (status != 200) {
                throw new ReplicationException("cannot download " + description + ": HTTP " + status + " from "
                        + host(uri), null, FailureKind.PERMANENT);
            }
            String sha256 = copyHashing(in, destination, deadline, allowed, request, uri);
            if (!sha256.equals(expected.sha256())) {
                Files.deleteIfExists(destination);
                throw new ReplicationException("downloaded " + description + " has SHA-256 " + sha256
                        + " but Lambda reports CodeSha256 " + expected.sha256() + "; nothing was uploaded");
            }
            return new CodePackage(destination, expected);
        } catch (IOException e) {
            throw problem(uri, e);
        }
    }

    private RetryableDownloadProblem problem(URI uri, IOException e) {
        boolean stalled = e instanceof InterruptedIOException;
        return new RetryableDownloadProblem(stalled
                ? "the download from " + host(uri) + " stalled (nothing received for " + timeouts.stall().toSeconds()
                        + " s)"
                : "the connection to " + host(uri) + " failed (" + e.getClass().getSimpleName() + ")", stalled);
    }

    private String copyHashing(InputStream body, Path destination, long deadline, Duration allowed,
                               ExecutableHttpRequest request, URI uri) throws IOException, RetryableDownloadProblem {
        MessageDigest digest = sha256();
        long received = 0;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(destination), digest)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = body.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                received += read;
                ApiCallTally.current().addCodeBytes(read);
                if (System.nanoTime() > deadline) {
                    request.abort();
                    throw new RetryableDownloadProblem("the download from " + host(uri) + " was too slow ("
                            + received + " bytes in " + allowed.toSeconds() + " s)", true);
                }
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    private static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
