package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A run of many functions reads their published versions and code signing configurations from one region-wide
 * listing per region instead of a call per function, and still sees exactly what the function-by-function reads saw:
 * the command line against the emulator, its calls counted in the emulator's request log.
 */
@ExtendWith(EmulatorExtension.class)
class RegionListingIT {

    private static final String ACCOUNT = "123456789012";
    private static final List<String> FUNCTIONS = List.of("alpha", "bravo", "charlie", "delta");
    private static final List<String> REGIONS = List.of(SOURCE, DR1, DR2);

    private final Emulator emulator;
    private final SampleFunctions samples;
    @TempDir
    Path dir;

    RegionListingIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private static String signing(String region) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":code-signing-config:csc-" + region.replace("-", "")
                .substring(0, 6) + "00000000000";
    }

    /** Maps the source's code signing configuration to each region's own; works one function at a time. */
    private String config() throws Exception {
        StringBuilder yaml = new StringBuilder("parallelism: 1\ntargets:\n");
        for (String region : List.of(DR1, DR2)) {
            yaml.append("  ").append(region).append(":\n    arns:\n      \"").append(signing(SOURCE))
                    .append("\": \"").append(signing(region)).append("\"\n");
        }
        return Files.writeString(dir.resolve("dr.yaml"), yaml.toString()).toString();
    }

    private CliRun run(String command, List<String> functions, String config) {
        List<String> args = new ArrayList<>(List.of(command, "--source-region", SOURCE, "--target-region", DR1,
                "--target-region", DR2, "--config", config));
        functions.forEach(function -> args.addAll(List.of("--function", function)));
        return CliRun.json(emulator.endpoint().toString(), args.toArray(String[]::new));
    }

    private long calls(String region, String operation) {
        return emulator.requests().stream()
                .filter(request -> region.equals(request.region()) && operation.equals(request.operation()))
                .count();
    }

    /** ListFunctions pages read, besides the one-item probe the command makes in each region before any work. */
    private long listingPages(String region) {
        return calls(region, "ListFunctions") - 1;
    }

    /**
     * The four standard samples (three versions each, two aliases), bravo guarded by code signing, replicated. A
     * first copy lists no DR region: each replica's first read finds nothing there.
     */
    private String replicatedSamples() throws Exception {
        FUNCTIONS.forEach(function -> samples.createVersionedSample(SOURCE, function, 0));
        samples.lambda(SOURCE).putFunctionCodeSigningConfig(r -> r.functionName("bravo")
                .codeSigningConfigArn(signing(SOURCE)));
        String config = config();
        emulator.clearRequests();
        CliRun replicate = run("replicate", FUNCTIONS, config);
        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(listingPages(region)).as(region).isZero();
        }
        assertThat(listingPages(SOURCE)).isEqualTo(1);
        return config;
    }

    @Test
    void status_ofManyFunctions_listsVersionsAndCodeSigningOncePerRegion_andStillSeesDriftInThem() throws Exception {
        String config = replicatedSamples();
        emulator.clearRequests();

        CliRun status = run("status", FUNCTIONS, config);

        for (String function : FUNCTIONS) {
            for (String region : List.of(DR1, DR2)) {
                assertThat(status.result(function, region).get("status").asText()).as(function + " " + region)
                        .isEqualTo("in-sync");
            }
        }
        for (String region : REGIONS) {
            assertThat(calls(region, "ListVersionsByFunction")).as(region).isZero();
            assertThat(calls(region, "GetFunctionCodeSigningConfig")).as(region).isZero();
            assertThat(listingPages(region)).as(region).isEqualTo(1);
            assertThat(calls(region, "ListCodeSigningConfigs")).as(region).isEqualTo(1);
        }
        // The source's configuration is listed there and each region's own in its region.
        assertThat(calls(SOURCE, "ListFunctionsByCodeSigningConfig")).isEqualTo(1);

        // What the listing says of a replica is what a function's own reads would say.
        samples.lambda(DR1).deleteFunctionCodeSigningConfig(r -> r.functionName("bravo"));
        samples.lambda(DR2).deleteFunction(r -> r.functionName("charlie").qualifier("2"));
        CliRun drifted = run("status", FUNCTIONS, config);
        assertThat(drifted.result("bravo", DR1).get("status").asText()).isEqualTo("drifted");
        assertThat(drifted.result("bravo", DR1).get("drift").toString()).contains("code signing");
        assertThat(drifted.result("bravo", DR2).get("status").asText()).isEqualTo("in-sync");
        assertThat(drifted.result("charlie", DR2).get("status").asText()).isEqualTo("drifted");
        assertThat(drifted.result("charlie", DR1).get("status").asText()).isEqualTo("in-sync");
    }

    @Test
    void aFunctionChangedAfterItsRegionWasListed_isReadAlone() throws Exception {
        String config = replicatedSamples();
        emulator.clearRequests();
        // Just before charlie is read (alpha's read listed the regions), another writer changes it in the source and
        // in one DR region: the listing no longer describes it there.
        emulator.injectFault(Map.of("kind", "concurrent-change", "operation", "GetFunction", "region", SOURCE,
                "functionName", "charlie", "count", 1));
        emulator.injectFault(Map.of("kind", "concurrent-change", "operation", "GetFunction", "region", DR1,
                "functionName", "charlie", "count", 1));

        CliRun status = run("status", FUNCTIONS, config);

        for (String function : FUNCTIONS) {
            assertThat(status.result(function, DR1).get("status").asText()).as(function).isEqualTo("in-sync");
        }
        for (String region : List.of(SOURCE, DR1)) {
            assertThat(emulator.requests()).as(region)
                    .filteredOn(request -> region.equals(request.region())
                            && List.of("ListVersionsByFunction", "GetFunctionCodeSigningConfig")
                                    .contains(request.operation()))
                    .hasSize(2).allSatisfy(request -> assertThat(request.path()).contains("/charlie/"));
        }
        assertThat(calls(DR2, "ListVersionsByFunction")).isZero();
    }

    @Test
    void aSourceFunctionWhoseAliasMovedToAVersionPublishedAfterTheListing_isReadAlone() throws Exception {
        String config = replicatedSamples();
        String stalling = Files.writeString(dir.resolve("stalling.yaml"), Files.readString(Path.of(config))
                + "timeouts:\n  stallSeconds: 5\n").toString();
        LambdaClient source = samples.lambda(SOURCE);
        // charlie's $LATEST changes before the run, so that publishing it later leaves its RevisionId as it is.
        source.updateFunctionCode(r -> r.functionName("charlie").zipFile(SdkBytes.fromByteArray(
                SampleFunctions.zip("charlie-v4", 0))));
        emulator.clearRequests();
        // The run's first read of charlie is held until the listing has been made (at alpha) and charlie's alias
        // has moved to a version published since.
        emulator.injectFault(Map.of("kind", "stall", "operation", "GetFunction", "region", SOURCE,
                "functionName", "charlie", "seconds", 30, "count", 1));
        CompletableFuture<CliRun> status = CompletableFuture.supplyAsync(() -> run("status", FUNCTIONS, stalling));
        awaitActiveStall();
        String version = source.publishVersion(r -> r.functionName("charlie").description("fourth")).version();
        source.updateAlias(r -> r.functionName("charlie").name("live").functionVersion(version)
                .routingConfig(c -> c.additionalVersionWeights(Map.of())));
        CliRun done = status.get(60, TimeUnit.SECONDS);

        assertThat(version).isEqualTo("4");
        assertThat(emulator.requests()).filteredOn(request -> SOURCE.equals(request.region())
                        && "ListVersionsByFunction".equals(request.operation()))
                .singleElement().satisfies(request -> assertThat(request.path()).contains("/charlie/"));
        // Read alone, charlie is compared with version 4 in it: its replicas lack that version.
        assertThat(done.result("charlie", DR1).get("status").asText()).isEqualTo("drifted");
        assertThat(done.result("charlie", DR1).get("drift").toString()).contains("version 4");
        assertThat(done.result("delta", DR1).get("status").asText()).isEqualTo("in-sync");
    }

    private void awaitActiveStall() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (emulator.faults().stream().noneMatch(fault -> "stall".equals(fault.get("kind"))
                && Boolean.TRUE.equals(fault.get("active")))) {
            assertThat(System.nanoTime()).as("the stalled read of charlie").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aRunOfOneFunction_readsItAlone_andARegionOfManyOtherFunctionsIsNotListedPastWhatItSaves() throws Exception {
        String config = replicatedSamples();
        // 120 functions nobody replicates: three pages of a listing, more than the four calls it would save.
        for (int index = 0; index < 120; index++) {
            samples.createFunction(SOURCE, "other-" + index, SampleFunctions.zip("other", 0), Map.of(), Map.of());
        }
        emulator.clearRequests();

        CliRun one = run("status", List.of("alpha"), config);

        assertThat(one.result("alpha", DR1).get("status").asText()).isEqualTo("in-sync");
        for (String region : REGIONS) {
            assertThat(listingPages(region)).as(region).isZero();
            assertThat(calls(region, "ListVersionsByFunction")).as(region).isEqualTo(1);
        }

        emulator.clearRequests();
        CliRun three = run("status", List.of("alpha", "charlie", "delta"), config);

        assertThat(three.result("delta", DR2).get("status").asText()).isEqualTo("in-sync");
        // The source's listing would take 5 pages (3 of functions, 1 of code signing configurations, 1 of the
        // functions bravo's configuration guards) to save 6 calls: it is given up past 3, half of them, and the
        // three functions are read one by one.
        assertThat(listingPages(SOURCE)).isEqualTo(3);
        assertThat(calls(SOURCE, "ListCodeSigningConfigs")).isEqualTo(1);
        assertThat(calls(SOURCE, "ListFunctionsByCodeSigningConfig")).isZero();
        assertThat(calls(SOURCE, "ListVersionsByFunction")).isEqualTo(3);
        assertThat(calls(SOURCE, "GetFunctionCodeSigningConfig")).isEqualTo(3);
        // The DR regions hold only the replicas: 3 pages in all (functions, configurations, the functions one
        // guards), and nothing is read function by function.
        for (String region : List.of(DR1, DR2)) {
            assertThat(listingPages(region)).as(region).isEqualTo(1);
            assertThat(calls(region, "ListFunctionsByCodeSigningConfig")).as(region).isEqualTo(1);
            assertThat(calls(region, "ListVersionsByFunction")).as(region).isZero();
        }
    }
}
