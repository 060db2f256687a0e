package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed outright (SIGKILL: no handler, no cleanup) right after each of its writes in turn, the write applied
 * but its answer never received, then run again: every time the second run must leave a correct replica, and between
 * them the two runs must make exactly the writes one uninterrupted run makes, so no step is repeated.
 */
@ExtendWith(EmulatorExtension.class)
class CrashRecoveryIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    @TempDir
    Path tempDir;

    CrashRecoveryIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private String[] replicateArgs(String function) {
        return new String[] {"replicate", "--source-region", SOURCE, "--target-region", DR1, "--function", function,
            "--endpoint-url", emulator.endpoint().toString(), "--output", "json"};
    }

    /** The Lambda writes the target region answered with success since the log was last cleared, in order. */
    private List<String> appliedWrites() {
        return emulator.requests().stream()
                .filter(request -> DR1.equals(request.region()) && request.isWrite() && request.status() < 300)
                .map(Emulator.RecordedRequest::operation)
                .toList();
    }

    @Test
    void replicate_whenKilledAfterEachOfItsWritesInTurn_theNextRunCompletesTheReplicaWithoutRepeatingAStep()
            throws InterruptedException {
        samples.createVersionedSample(SOURCE, "baseline", 0);
        emulator.clearRequests();
        CliRun uninterrupted = CliRun.of(replicateArgs("baseline"));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.stdout()).isZero();
        List<String> baseline = appliedWrites();
        assertThat(baseline).hasSizeGreaterThan(8).first().isEqualTo("CreateFunction");

        for (int k = 1; k <= baseline.size(); k++) {
            String function = "orders-" + k;
            samples.createVersionedSample(SOURCE, function, 0);
            emulator.clearRequests();
            emulator.injectFault(Map.of("kind", "freeze", "afterWrites", k, "region", DR1, "service", "lambda"));

            CliProcess killed = CliProcess.start(tempDir.resolve("run-" + k), replicateArgs(function));
            awaitFreezeEngaged(killed, k);
            killed.kill();
            emulator.clearFaults();
            emulator.clearRequests();
            CliRun next = CliRun.of(replicateArgs(function));

            String after = "killed after write " + k + " (" + baseline.get(k - 1) + ")";
            assertThat(next.exitCode()).as(after + ":\n" + next.stdout()).isZero();
            assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(DR1), function)).as(after)
                    .isEmpty();
            List<String> both = new ArrayList<>(baseline.subList(0, k));
            both.addAll(appliedWrites());
            assertThat(both).as(after + ": the killed run's writes, then the next run's")
                    .containsExactlyInAnyOrderElementsOf(baseline);
        }
    }

    private void awaitFreezeEngaged(CliProcess process, int k) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean engaged = emulator.faults().stream()
                    .anyMatch(fault -> "freeze".equals(fault.get("kind")) && Boolean.TRUE.equals(fault.get("engaged")));
            if (engaged) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the run ended before its write " + k + ":\n" + process.stdout()
                        + process.stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run never made its write " + k);
    }
}
