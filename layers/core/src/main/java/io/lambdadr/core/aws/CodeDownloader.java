package io.lambdadr.core.aws;

import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.engine.ApiCallTally;
import io.lambdadr.core.engine.CodePackage;
import io.lambdadr.core.engine.ReplicationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Downloads a deployment package from its presigned location straight to disk, hashing it on the way, so that memory
 * does not grow with package size. Presigned locations expire after about ten minutes: the location is asked for just
 * before each attempt and asked for again after a 403.
 */
final class CodeDownloader {

    static final int MAX_ATTEMPTS = 3;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /**
     * @param description names the code in messages ("code of f1 version 3")
     * @param location    asks Lambda for a fresh presigned location
     */
    CodePackage download(String description, Supplier<String> location, CodeIdentity expected, Path destination) {
        String lastProblem = "no attempt made";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            HttpResponse<InputStream> response;
            try {
                response = get(location.get());
            } catch (IOException e) {
                lastProblem = e.toString();
                continue;
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() == 403 || response.statusCode() >= 500) {
                    lastProblem = "HTTP " + response.statusCode();
                    body.transferTo(OutputStream.nullOutputStream());
                    continue;
                }
                if (response.statusCode() != 200) {
                    throw new ReplicationException("cannot download " + description + ": HTTP " + response.statusCode());
                }
                String sha256 = copyHashing(body, destination);
                if (!sha256.equals(expected.sha256())) {
                    Files.deleteIfExists(destination);
                    throw new ReplicationException("downloaded " + description + " has SHA-256 " + sha256
                            + " but Lambda reports CodeSha256 " + expected.sha256() + "; nothing was uploaded");
                }
                return new CodePackage(destination, expected);
            } catch (IOException e) {
                lastProblem = e.getMessage();
            }
        }
        throw new ReplicationException("cannot download " + description + " after " + MAX_ATTEMPTS + " attempts: "
                + lastProblem);
    }

    private HttpResponse<InputStream> get(String location) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofMinutes(10)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicationException("interrupted while downloading code", e);
        }
    }

    private static String copyHashing(InputStream body, Path destination) throws IOException {
        MessageDigest digest = sha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(destination), digest)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = body.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                ApiCallTally.current().addCodeBytes(read);
            }
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
