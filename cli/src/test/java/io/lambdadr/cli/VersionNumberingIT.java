package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Versions as the source numbers them, end to end: every published version reaches both DR regions under the
 * source's number, numbers the source skipped are skipped there too, and a replica whose counter is already past a
 * number says so. Each replica is read back with the test's own SDK calls.
 */
@ExtendWith(EmulatorExtension.class)
class VersionNumberingIT {

    private final Emulator emulator;
    private final SampleFunctions samples;
    @TempDir
    Path dir;

    VersionNumberingIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun run(String command, String function, String... extra) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, function, extra);
    }

    /** Published version number to the version as the region reports it. */
    private Map<String, FunctionConfiguration> versions(String region, String function) {
        Map<String, FunctionConfiguration> versions = new LinkedHashMap<>();
        samples.lambda(region).listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream()
                .filter(version -> !"$LATEST".equals(version.version()))
                .forEach(version -> versions.put(version.version(), version));
        return versions;
    }

    private void publish(String function, String marker, String description) {
        samples.publishCode(SOURCE, function, SampleFunctions.zip(marker, 0), description);
    }

    @Test
    void replicate_givesEveryVersionTheSourcesNumber_skippingTheNumbersTheSourceDeleted() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        LambdaClient source = samples.lambda(SOURCE);
        publish("orders", "orders-v4", "fourth");
        publish("orders", "orders-v5", "fifth");
        // The sixth: the same code, configuration and description as the fourth.
        publish("orders", "orders-v4", "fourth");
        publish("orders", "orders-v7", "seventh");
        source.deleteFunction(r -> r.functionName("orders").qualifier("5"));
        Map<String, FunctionConfiguration> sourceVersions = versions(SOURCE, "orders");
        assertThat(sourceVersions).containsOnlyKeys("1", "2", "3", "4", "6", "7");

        CliRun replicate = run("replicate", "orders");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            Map<String, FunctionConfiguration> replica = versions(region, "orders");
            assertThat(replica).as(region).containsOnlyKeys(sourceVersions.keySet());
            sourceVersions.forEach((number, version) -> {
                assertThat(replica.get(number).codeSha256()).as(region + " version " + number)
                        .isEqualTo(version.codeSha256());
                assertThat(replica.get(number).description())
                        .isEqualTo(ReplicaMarkers.versionDescription(version.description(), number));
            });
            LambdaClient lambda = samples.lambda(region);
            assertThat(lambda.getAlias(r -> r.functionName("orders").name("live")).functionVersion()).isEqualTo("3");
            assertThat(lambda.getAlias(r -> r.functionName("orders").name("stable")).functionVersion())
                    .isEqualTo("1");
            // What is wired to orders:7 in the source finds the same code under the same name here.
            assertThat(lambda.getFunction(r -> r.functionName("orders").qualifier("7")).configuration().codeSha256())
                    .isEqualTo(sourceVersions.get("7").codeSha256());
            assertThat(lambda.listTags(r -> r.resource(lambda.getFunction(f -> f.functionName("orders"))
                    .configuration().functionArn())).tags()).doesNotContainKey(ReplicaMarkers.VERSION_MAP_TAG);
            assertThat(replicate.result("orders", region).get("notes").toString())
                    .doesNotContain("source version");
        }

        emulator.clearRequests();
        assertThat(run("replicate", "orders").exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        CliRun status = run("status", "orders");
        for (String region : List.of(DR1, DR2)) {
            assertThat(status.result("orders", region).get("status").asText()).isEqualTo("in-sync");
        }
    }

    @Test
    void replicate_whenOneReplicasCounterIsAhead_publishesUnderTheNextNumberThereAndReportsIt() {
        samples.createVersionedSample(SOURCE, "billing", 0);
        assertThat(run("replicate", "billing").exitCode()).isZero();
        // Someone publishes a version of the DR2 replica by hand: number 4 is taken there.
        LambdaClient dr2 = samples.lambda(DR2);
        dr2.updateFunctionConfiguration(r -> r.functionName("billing").description("by hand"));
        assertThat(dr2.publishVersion(r -> r.functionName("billing")).version()).isEqualTo("4");
        publish("billing", "billing-v4", "fourth");

        CliRun replicate = run("replicate", "billing");
        CliRun status = run("status", "billing");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        String fourthSha = versions(SOURCE, "billing").get("4").codeSha256();
        assertThat(versions(DR1, "billing").get("4").codeSha256()).isEqualTo(fourthSha);
        assertThat(replicate.result("billing", DR1).get("notes").toString()).doesNotContain("source version 4");
        assertThat(versions(DR2, "billing").get("5").codeSha256()).isEqualTo(fourthSha);
        assertThat(replicate.result("billing", DR2).get("notes").toString())
                .contains("source version 4 is version 5 in " + DR2);
        assertThat(dr2.listTags(r -> r.resource(dr2.getFunction(f -> f.functionName("billing")).configuration()
                .functionArn())).tags()).containsEntry(ReplicaMarkers.VERSION_MAP_TAG, "4=5");
        assertThat(status.result("billing", DR2).get("status").asText()).isEqualTo("in-sync");
        assertThat(status.result("billing", DR2).get("notes").toString()).contains("source version 4 is version 5");
    }

    @Test
    void replicate_withANewestVersionsLimit_replicatesThoseAndTheOlderOnesAnAliasUses() throws Exception {
        samples.createVersionedSample(SOURCE, "ledger", 0);
        for (int number = 4; number <= 7; number++) {
            publish("ledger", "ledger-v" + number, "version " + number);
        }
        Path config = Files.writeString(dir.resolve("dr.yaml"), "versions:\n  newest: 2\n");

        CliRun replicate = run("replicate", "ledger", "--config", config.toString());

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        Map<String, FunctionConfiguration> source = versions(SOURCE, "ledger");
        for (String region : List.of(DR1, DR2)) {
            // 6 and 7 are the newest two; 1 (stable), 2 (routed to by live) and 3 (live) are in use; 4 and 5 are
            // neither, and their numbers are skipped.
            Map<String, FunctionConfiguration> replica = versions(region, "ledger");
            assertThat(replica).as(region).containsOnlyKeys("1", "2", "3", "6", "7");
            assertThat(replica.get("7").codeSha256()).isEqualTo(source.get("7").codeSha256());
        }
        CliRun status = run("status", "ledger", "--config", config.toString());
        assertThat(status.result("ledger", DR1).get("status").asText()).isEqualTo("in-sync");
        // Without the limit, the two older versions are wanted, and their numbers are gone in the replica.
        CliRun unlimited = run("status", "ledger");
        assertThat(unlimited.result("ledger", DR1).get("status").asText()).isEqualTo("drifted");
        assertThat(unlimited.result("ledger", DR1).get("drift").toString()).contains("version 4", "version 5");
    }
}
