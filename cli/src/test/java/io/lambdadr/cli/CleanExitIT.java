package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a run ends early: on SIGINT or SIGTERM it finishes the steps under way, prints the report of what it did and
 * what it did not, exits 130 or 143 and removes the code it downloaded; at its --deadline it does the same and exits
 * 3; killed outright, it leaves its downloaded code behind, and the next run removes it. Whatever it left undone, the
 * next run completes.
 */
@ExtendWith(EmulatorExtension.class)
class CleanExitIT {

    private static final int FUNCTIONS = 6;

    private final Emulator emulator;
    private final SampleFunctions samples;

    @TempDir
    Path tempDir;

    CleanExitIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    /** Six functions replicated one at a time, each waiting on a slow download: a run of several seconds. */
    private List<String> slowRunArgs(String... extra) {
        for (int i = 1; i <= FUNCTIONS; i++) {
            samples.createFunction(SOURCE, "fn-" + i, SampleFunctions.zip("fn-" + i, 1_000), Map.of(), Map.of());
        }
        emulator.injectFault(Map.of("kind", "slow-download", "delayMs", 700, "count", FUNCTIONS));
        Path config;
        try {
            config = Files.writeString(tempDir.resolve("dr.yaml"), "parallelism: 1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = replicateEveryFunction();
        args.addAll(List.of("--config", config.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private List<String> replicateEveryFunction() {
        List<String> args = new ArrayList<>(List.of("replicate", "--source-region", SOURCE, "--target-region", DR1,
                "--endpoint-url", emulator.endpoint().toString(), "--output", "json"));
        for (int i = 1; i <= FUNCTIONS; i++) {
            args.addAll(List.of("--function", "fn-" + i));
        }
        return args;
    }

    /** The run folders under a process's temporary folder, where it keeps downloaded code. */
    private static List<Path> workspaces(Path tmpDir) {
        Path base = tmpDir.resolve(EngineCommand.WORKSPACE_BASE);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> runs = Files.list(base)) {
            return runs.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitCreated(int functions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (emulator.requests().stream().filter(r -> DR1.equals(r.region())
                && "CreateFunction".equals(r.operation()) && r.status() == 201).count() < functions) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no function was created within 60 s");
            }
            Thread.sleep(50);
        }
    }

    private void assertTheNextRunCompletesEveryReplica() {
        emulator.clearFaults();
        CliRun next = CliRun.of(replicateEveryFunction().toArray(String[]::new));
        assertThat(next.exitCode()).as(next.stdout() + next.stderr()).isZero();
        for (int i = 1; i <= FUNCTIONS; i++) {
            assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(DR1), "fn-" + i)).isEmpty();
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void replicate_whenSignalledMidRun_finishesStepsUnderWayPrintsTheReportExitsWithTheSignalsCodeAndCleansUp(
            String signal, int expectedExit) throws InterruptedException {
        Path tmpDir = tempDir.resolve("tmp");
        CliProcess run = CliProcess.start(tmpDir, slowRunArgs().toArray(String[]::new));
        awaitCreated(1);

        run.signal(signal);
        int exit = run.awaitExit(Duration.ofSeconds(60));

        assertThat(exit).as(run.stdout() + run.stderr()).isEqualTo(expectedExit);
        assertThat(run.stderr()).contains("SIG" + signal + " received", "finishing the steps under way");
        JsonNode report = run.asRun(exit).document();
        assertThat(report.get("stopped").asText()).contains("SIG" + signal);
        List<String> outcomes = new ArrayList<>();
        report.get("results").forEach(result -> outcomes.add(result.get("outcome").asText()));
        assertThat(outcomes).hasSize(FUNCTIONS).contains("created", "not-started").doesNotContain("failed");
        assertThat(report.at("/totals/stopped").asInt()).isPositive();
        assertThat(workspaces(tmpDir)).as("downloaded code left behind").isEmpty();
        assertTheNextRunCompletesEveryReplica();
    }

    @Test
    void replicate_whenTheDeadlineComesMidRun_stopsStartingWorkReportsWhatIsLeftAndExitsThree() {
        CliRun run = CliRun.of(slowRunArgs("--deadline", "2s").toArray(String[]::new));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_DEADLINE);
        JsonNode report = run.document();
        assertThat(report.get("stopped").asText()).contains("deadline");
        List<String> outcomes = new ArrayList<>();
        report.get("results").forEach(result -> outcomes.add(result.get("outcome").asText()));
        assertThat(outcomes).contains("created", "not-started").doesNotContain("failed");
        report.get("results").forEach(result -> {
            if (result.get("outcome").asText().equals("not-started")) {
                assertThat(result.get("notes").toString()).contains("the deadline");
            }
        });
        assertTheNextRunCompletesEveryReplica();
    }

    @Test
    void replicate_whenKilledOutright_leavesItsDownloadedCodeWhichTheNextRunRemoves() throws InterruptedException {
        Path tmpDir = tempDir.resolve("tmp");
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 50_000), Map.of(), Map.of());
        emulator.injectFault(Map.of("kind", "stalled-download", "afterBytes", 20_000, "seconds", 60, "count", 1));
        CliProcess killed = CliProcess.start(tmpDir, "replicate", "--source-region", SOURCE, "--target-region", DR1,
                "--function", "orders", "--endpoint-url", emulator.endpoint().toString());
        awaitStalledDownload();

        killed.kill();

        List<Path> leftovers = workspaces(tmpDir);
        assertThat(leftovers).as("the killed run's folder").hasSize(1);
        assertThat(Files.exists(leftovers.getFirst())).isTrue();
        emulator.clearFaults();
        CliProcess next = CliProcess.start(tmpDir, "status", "--source-region", SOURCE, "--target-region", DR1,
                "--function", "orders", "--endpoint-url", emulator.endpoint().toString());
        assertThat(next.awaitExit(Duration.ofSeconds(60))).as(next.stderr()).isZero();
        assertThat(workspaces(tmpDir)).as("folders left after the next run").isEmpty();
    }

    private void awaitStalledDownload() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (emulator.faults().stream().noneMatch(fault -> "stalled-download".equals(fault.get("kind"))
                && Boolean.TRUE.equals(fault.get("active")))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the download never started");
            }
            Thread.sleep(50);
        }
    }
}
