package io.lambdadr.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The local AWS emulator (moto's server with lambda-dr's layer, see emulator/README.md) as a child process on a free
 * loopback port, with its control API: reset, fault injection, Lambda quota mode and the HTTP request log.
 */
public final class Emulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Emulator(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts the emulator. The interpreter and the emulator's folder come from the system properties
     * {@code emulator.python} and {@code emulator.dir} (the build sets them), else from the repository found above
     * the working directory.
     */
    public static Emulator start() {
        Path repository = findRepository();
        String python = System.getProperty("emulator.python",
                repository.resolve(".venv/bin/python").toString());
        String emulatorDir = System.getProperty("emulator.dir", repository.resolve("emulator").toString());
        if (!Files.isExecutable(Path.of(python))) {
            throw new IllegalStateException("no Python interpreter at " + python
                    + "; run `make setup` (or `make test`) first to create the project virtualenv");
        }
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(python, "-m", "lambda_dr_emulator", "--host", "127.0.0.1",
                "--port", Integer.toString(port))
                .redirectErrorStream(true);
        builder.environment().put("PYTHONPATH", emulatorDir);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        try {
            Process process = builder.start();
            awaitListening(process, Duration.ofSeconds(60));
            return new Emulator(process, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the emulator with " + python, e);
        }
    }

    /**
     * The control API of an emulator already running at {@code endpoint}, started by someone else (the demo's
     * script): {@link #close()} leaves it running.
     */
    public static Emulator attach(URI endpoint) {
        return new Emulator(null, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Wipes every region's state, the faults and the request log. */
    public void reset() {
        send("POST", "/_emulator/reset", null);
    }

    /** Queues a fault; see emulator/README.md for the fields. */
    public void injectFault(Map<String, Object> fault) {
        send("POST", "/_emulator/faults", fault);
    }

    public void clearFaults() {
        send("DELETE", "/_emulator/faults", null);
    }

    /** The faults pending or active, as the emulator lists them (see emulator/README.md). */
    public List<Map<String, Object>> faults() {
        try {
            return JSON.readValue(send("GET", "/_emulator/faults", null), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("the emulator's fault list is not valid JSON", e);
        }
    }

    /**
     * Switches the emulator's Lambda quota mode on or off ({@code PUT /_emulator/quotas}). While it is on, each
     * region limits Lambda control-plane requests as AWS's quotas do (GetFunction 100 a second, GetPolicy 15, every
     * other control-plane call 15 combined; invocations are not limited) and answers the excess 429
     * TooManyRequestsException without carrying it out, so a test can measure a client's call rate against them.
     * Switching it on starts with full buckets and counters at zero. {@link #reset()} switches it off. See
     * emulator/README.md.
     */
    public void lambdaQuotas(boolean enabled) {
        send("PUT", "/_emulator/quotas", Map.of("enabled", enabled));
    }

    /**
     * Quota mode as the emulator reports it ({@code GET /_emulator/quotas}): {@code enabled}, {@code rates} per
     * bucket, and the requests {@code allowed} and {@code throttled} per region and bucket ({@code GetFunction},
     * {@code GetPolicy}, {@code control-plane}) since it was last switched on.
     */
    public Map<String, Object> lambdaQuotaState() {
        try {
            return JSON.readValue(send("GET", "/_emulator/quotas", null), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("the emulator's quota state is not valid JSON", e);
        }
    }

    /** Every AWS request the emulator served since the last clear, in order. */
    public List<RecordedRequest> requests() {
        try {
            return JSON.readValue(send("GET", "/_emulator/requests", null), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("the emulator's request log is not valid JSON", e);
        }
    }

    public void clearRequests() {
        send("DELETE", "/_emulator/requests", null);
    }

    /** One request in the emulator's log. */
    public record RecordedRequest(String service, String region, String operation, String method, String path,
                                  int status) {
        /**
         * A request that changes state: anything but a read, a code download excepted. JSON- and query-protocol
         * services (ECR, DynamoDB, SQS, the tagging API) send reads as POST too, so their reads are told by the
         * operation's name.
         */
        public boolean isWrite() {
            boolean namedRead = operation != null && (operation.startsWith("Get") || operation.startsWith("List")
                    || operation.startsWith("Describe") || operation.startsWith("BatchGet")
                    || operation.equals("Query") || operation.equals("Scan"));
            return !"download".equals(service) && !namedRead && !"GET".equals(method) && !"HEAD".equals(method);
        }
    }

    private String send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                    .method(method, publisher)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the emulator at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitListening(Process process, Duration timeout) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.contains("listening on")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean listening;
        try {
            listening = ready.get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            listening = false;
        }
        if (!listening) {
            process.destroyForcibly();
            throw new IllegalStateException("the emulator did not start within " + timeout.toSeconds()
                    + " s; its output:\n" + seen);
        }
        // Keep draining its output so that the child never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                output.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the process ended
            }
        }, "emulator-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static Path findRepository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("emulator/lambda_dr_emulator"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
