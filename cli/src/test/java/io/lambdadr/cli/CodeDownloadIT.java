package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Downloading source code from its presigned location: an expired location is asked for again, a slow download is
 * waited for, a download that keeps failing fails the function without touching the target, and each distinct
 * package is downloaded once per run however many target regions need it.
 */
@ExtendWith(EmulatorExtension.class)
class CodeDownloadIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    CodeDownloadIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    CliRun replicate(String function, String... targets) {
        List<String> args = new ArrayList<>(List.of("replicate", "--source-region", SOURCE, "--function", function));
        for (String target : targets) {
            args.add("--target-region");
            args.add(target);
        }
        return CliRun.json(emulator.endpoint().toString(), args.toArray(String[]::new));
    }

    String codeSha(String region, String function) {
        return samples.lambda(region).getFunctionConfiguration(r -> r.functionName(function)).codeSha256();
    }

    static List<Emulator.RecordedRequest> downloads(List<Emulator.RecordedRequest> requests) {
        return requests.stream().filter(request -> "download".equals(request.service())).toList();
    }

    /** The source region's GetFunction calls and the code downloads, in the order the emulator served them. */
    static List<String> sourceReadsAndDownloads(List<Emulator.RecordedRequest> requests) {
        return requests.stream()
                .filter(request -> SOURCE.equals(request.region()))
                .filter(request -> "GetFunction".equals(request.operation()) || "download".equals(request.service()))
                .map(request -> request.operation() + " " + request.status())
                .toList();
    }

    @Test
    void replicate_whenDownloadLocationHasExpired_asksForANewLocationAndReplicatesTheCode() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 2_000), Map.of(), Map.of());
        emulator.clearRequests();
        emulator.injectFault(Map.of("kind", "expired-download", "count", 1));

        CliRun run = replicate("orders", DR1);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.result("orders", DR1).get("outcome").asText()).isEqualTo("created");
        // The snapshot's GetFunction, then one GetFunction for a location before each download attempt.
        assertThat(sourceReadsAndDownloads(emulator.requests())).containsExactly(
                "GetFunction 200",
                "GetFunction 200", "GetCode 403",
                "GetFunction 200", "GetCode 200");
        assertThat(codeSha(DR1, "orders")).isEqualTo(codeSha(SOURCE, "orders"));
    }

    @Test
    void replicate_whenEveryDownloadAttemptHasExpired_failsTheFunctionAndCreatesNothing() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 2_000), Map.of(), Map.of());
        emulator.clearRequests();
        emulator.injectFault(Map.of("kind", "expired-download", "count", 5));

        CliRun run = replicate("orders", DR1);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(LambdaDrCommand.EXIT_FAILED);
        JsonNode result = run.result("orders", DR1);
        assertThat(result.get("outcome").asText()).isEqualTo("failed");
        assertThat(result.get("error").asText()).contains("download", "code of orders", "3 attempts", "403");
        List<Emulator.RecordedRequest> requests = emulator.requests();
        assertThat(downloads(requests)).hasSize(3).allSatisfy(download -> assertThat(download.status()).isEqualTo(403));
        assertThat(requests).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        assertThat(samples.lambda(DR1).listFunctions().functions()).isEmpty();
    }

    @Test
    void replicate_whenDownloadIsSlow_waitsForItAndReplicatesTheCode() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 2_000), Map.of(), Map.of());
        emulator.clearRequests();
        emulator.injectFault(Map.of("kind", "slow-download", "delayMs", 1500, "count", 1));
        long started = System.nanoTime();

        CliRun run = replicate("orders", DR1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.result("orders", DR1).get("outcome").asText()).isEqualTo("created");
        assertThat(downloads(emulator.requests())).singleElement()
                .satisfies(download -> assertThat(download.status()).isEqualTo(200));
        assertThat(codeSha(DR1, "orders")).isEqualTo(codeSha(SOURCE, "orders"));
    }

    @Test
    void replicate_whenTwoTargetRegionsNeedTheSameCode_downloadsEachDistinctPackageOnce() {
        samples.createVersionedSample(SOURCE, "orders", 1_000);
        emulator.clearRequests();

        CliRun run = replicate("orders", DR1, DR2);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        // Versions 1, 2 and 3 hold distinct code; $LATEST holds version 3's, so three packages in all.
        List<Emulator.RecordedRequest> downloads = downloads(emulator.requests());
        assertThat(downloads).hasSize(3).allSatisfy(download -> assertThat(download.status()).isEqualTo(200));
        assertThat(downloads).extracting(download -> download.path().substring(download.path().lastIndexOf('/')))
                .doesNotHaveDuplicates();
        long expectedBytes = 0;
        for (String version : List.of("1", "2", "3")) {
            expectedBytes += samples.lambda(SOURCE).getFunctionConfiguration(r -> r.functionName("orders")
                    .qualifier(version)).codeSize();
        }
        assertThat(run.document().at("/sources/0/codeBytesDownloaded").asLong()).isEqualTo(expectedBytes);
        for (String region : List.of(DR1, DR2)) {
            assertThat(run.result("orders", region).get("outcome").asText()).isEqualTo("created");
            assertThat(codeSha(region, "orders")).isEqualTo(codeSha(SOURCE, "orders"));
        }
    }
}
