package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint that accepts a call and then goes silent, and a download that stops sending, are detected within the
 * stall timeout (2 s here, through the configuration file), retried once (a download: within its three attempts),
 * and fail that function with a message naming the endpoint and what stalled, instead of holding it for minutes.
 */
@ExtendWith(EmulatorExtension.class)
class StallIT {

    private static final int STALL_SECONDS = 2;

    private final Emulator emulator;
    private final SampleFunctions samples;

    @TempDir
    Path tempDir;

    private Path config;

    StallIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createSourceFunction() throws IOException {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 20_000), Map.of(), Map.of());
        config = Files.writeString(tempDir.resolve("dr.yaml"), "timeouts:\n  stallSeconds: " + STALL_SECONDS + "\n");
        emulator.clearRequests();
    }

    private CliRun replicate() {
        return CliRun.json(emulator.endpoint().toString(), "replicate", "--source-region", SOURCE, "--target-region",
                DR1, "--function", "orders", "--config", config.toString());
    }

    @Test
    void replicate_whenTheEndpointAcceptsACallAndGoesSilent_failsTheFunctionWithinSecondsNamingEndpointAndCall() {
        emulator.injectFault(Map.of("kind", "stall", "operation", "GetFunction", "region", DR1, "seconds", 30,
                "count", 5));
        long started = System.nanoTime();

        CliRun run = replicate();

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_FAILED);
        // Two attempts of one stall timeout each, and the pause between them: seconds, not minutes.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(4 * STALL_SECONDS + 6));
        JsonNode result = run.result("orders", DR1);
        assertThat(result.get("outcome").asText()).isEqualTo("failed");
        assertThat(result.get("error").asText()).contains("GetFunction", emulator.endpoint().getHost() + ":"
                + emulator.endpoint().getPort(), DR1, "stalled", "nothing received for " + STALL_SECONDS + " s");
        // The stalled calls are logged only once answered; the stall fault counts them as they arrive.
        assertThat(emulator.faults()).filteredOn(fault -> "stall".equals(fault.get("kind"))
                        && !Boolean.TRUE.equals(fault.get("active")))
                .singleElement().satisfies(stall -> assertThat(stall.get("count"))
                        .as("stalls left of 5 after one attempt and one retry").isEqualTo(3));
        assertThat(emulator.requests()).filteredOn(r -> DR1.equals(r.region()) && r.isWrite()).isEmpty();
    }

    @Test
    void replicate_whenTheEndpointStallsOnce_retriesAndReplicates() {
        emulator.injectFault(Map.of("kind", "stall", "operation", "GetFunction", "region", DR1, "seconds", 30,
                "count", 1));

        CliRun run = replicate();

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.result("orders", DR1).get("outcome").asText()).isEqualTo("created");
    }

    @Test
    void replicate_whenTheCodeDownloadStopsSending_failsWithinItsAttemptsAndWritesNothing() {
        emulator.injectFault(Map.of("kind", "stalled-download", "afterBytes", 100, "seconds", 30, "count", 3));
        long started = System.nanoTime();

        CliRun run = replicate();

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_FAILED);
        assertThat(elapsed).isLessThan(Duration.ofSeconds(3 * STALL_SECONDS + 8));
        assertThat(run.result("orders", DR1).get("error").asText())
                .contains("cannot download code of orders", "3 attempts", "stalled",
                        "nothing received for " + STALL_SECONDS + " s", emulator.endpoint().getHost());
        assertThat(emulator.requests()).filteredOn(r -> "download".equals(r.service())).hasSize(3);
        assertThat(emulator.requests()).filteredOn(r -> DR1.equals(r.region()) && r.isWrite()).isEmpty();
        assertThat(samples.lambda(DR1).listFunctions().functions()).isEmpty();
    }
}
