package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two lambda-dr processes started together, or one shortly after the other, on the same new functions (three
 * versions, a weighted alias, a second alias) into the same two regions, as a schedule tick and a change event will
 * in production. Every trial must end with correct replicas, judged by {@link ReplicaCheck} reading both regions
 * directly, and both processes must exit 0: a run that finds the other did the work reports it done.
 */
@ExtendWith(EmulatorExtension.class)
class ConcurrentRunsIT {

    private static final List<String> FUNCTIONS = List.of("orders", "billing", "invoices");

    private final Emulator emulator;
    private final SampleFunctions samples;

    @TempDir
    Path tempDir;

    ConcurrentRunsIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliProcess startReplicate(String name) {
        return CliProcess.start(tempDir.resolve(name), "replicate", "--source-region", SOURCE,
                "--target-region", DR1, "--target-region", DR2, "--function", "orders", "--function", "billing",
                "--function", "invoices", "--endpoint-url", emulator.endpoint().toString(), "--output", "json");
    }

    @ParameterizedTest(name = "second run starts {0} ms after the first")
    @ValueSource(ints = {0, 10, 150, 400, 900, 1600})
    void replicate_whenTwoProcessesRunAtOnceOnNewFunctions_bothExitZeroAndTheReplicasAreCorrect(int offsetMillis)
            throws InterruptedException {
        FUNCTIONS.forEach(function -> samples.createVersionedSample(SOURCE, function, 500));
        // Calls answered after varying delays, as real endpoints do, so that the two runs' calls interleave
        // differently in every trial.
        emulator.injectFault(Map.of("kind", "latency", "minMs", 0, "maxMs", 60, "seed", offsetMillis + 1));

        CliProcess first = startReplicate("first");
        Thread.sleep(offsetMillis);
        CliProcess second = startReplicate("second");
        int firstExit = first.awaitExit(Duration.ofMinutes(2));
        int secondExit = second.awaitExit(Duration.ofMinutes(2));

        assertThat(firstExit).as("first run:\n" + first.stdout() + first.stderr()).isZero();
        assertThat(secondExit).as("second run:\n" + second.stdout() + second.stderr()).isZero();
        for (CliRun run : List.of(first.asRun(firstExit), second.asRun(secondExit))) {
            for (JsonNode result : run.document().get("results")) {
                assertThat(result.get("outcome").asText()).as(result.toString()).isIn("created", "updated", "unchanged");
            }
        }
        for (String function : FUNCTIONS) {
            for (String region : List.of(DR1, DR2)) {
                assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(region), function))
                        .as(function + " in " + region).isEmpty();
            }
        }
        CliRun status = CliRun.json(emulator.endpoint().toString(), "status", "--source-region", SOURCE,
                "--target-region", DR1, "--target-region", DR2, "--function", "orders", "--function", "billing",
                "--function", "invoices");
        assertThat(status.exitCode()).isZero();
        assertThat(status.document().get("results")).allSatisfy(result ->
                assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("in-sync"));
    }
}
