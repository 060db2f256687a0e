package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * References to the source region that are not ARNs, end to end: the command line against the emulator, the
 * replicas read back with the test's own SDK clients.
 */
@ExtendWith(EmulatorExtension.class)
class RegionReferencesIT {

    private static final String PASSWORD = "pw-4f7Q9zK2";
    private static final String SOURCE_DB = "orders.cluster-x1.us-east-1.rds.amazonaws.com";

    private final Emulator emulator;
    private final SampleFunctions samples;

    @TempDir
    Path dir;

    RegionReferencesIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun replicate(String... extra) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), "replicate", "orders", extra);
    }

    private void createOrders() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of(
                        "QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
                        "DATABASE_URL", "postgres://app:" + PASSWORD + "@" + SOURCE_DB + ":5432/orders",
                        "HOME_REGION", "us-east-1"),
                Map.of("events-endpoint", "https://events.us-east-1.amazonaws.com"));
    }

    @Test
    void replicate_whenAVariableNamesTheSourceRegionUnderivably_failsNamingItAndWritesNothing() {
        createOrders();
        emulator.clearRequests();

        CliRun run = replicate();

        assertThat(run.exitCode()).isEqualTo(1);
        for (String region : List.of(DR1, DR2)) {
            JsonNode failed = run.result("orders", region);
            assertThat(failed.get("outcome").asText()).isEqualTo("failed");
            assertThat(failed.get("failureKind").asText()).isEqualTo("permanent");
            assertThat(failed.get("error").asText()).contains("Environment.Variables.DATABASE_URL",
                    "targets." + region + ".values", "targets." + region + ".keep.environment");
            assertThat(samples.lambda(region).listFunctions().functions()).isEmpty();
        }
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD).doesNotContain("cluster-x1");
    }

    @Test
    void replicate_withTheHostMapped_rewritesEndpointsAndQueueUrlsAndMapsTheHostInEachRegion() throws Exception {
        createOrders();
        Path config = Files.writeString(dir.resolve("dr.yaml"), """
                targets:
                  eu-west-1:
                    values:
                      "orders.cluster-x1.us-east-1.rds.amazonaws.com": "orders.cluster-e1.eu-west-1.rds.amazonaws.com"
                  us-west-2:
                    values:
                      "orders.cluster-x1.us-east-1.rds.amazonaws.com": "orders.cluster-w2.us-west-2.rds.amazonaws.com"
                    keep:
                      environment: [HOME_REGION]
                """);

        CliRun run = replicate("--config", config.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, String> dr1 = environment(DR1);
        assertThat(dr1).containsEntry("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders")
                .containsEntry("DATABASE_URL", "postgres://app:" + PASSWORD
                        + "@orders.cluster-e1.eu-west-1.rds.amazonaws.com:5432/orders")
                .containsEntry("HOME_REGION", "eu-west-1");
        Map<String, String> dr2 = environment(DR2);
        assertThat(dr2).containsEntry("QUEUE_URL", "https://sqs.us-west-2.amazonaws.com/123456789012/orders")
                .containsEntry("DATABASE_URL", "postgres://app:" + PASSWORD
                        + "@orders.cluster-w2.us-west-2.rds.amazonaws.com:5432/orders")
                .containsEntry("HOME_REGION", "us-east-1");
        for (String region : List.of(DR1, DR2)) {
            GetFunctionResponse replica = samples.lambda(region).getFunction(r -> r.functionName("orders"));
            assertThat(replica.tags()).containsEntry("events-endpoint", "https://events." + region + ".amazonaws.com");
        }

        CliRun status = CliRun.onBothTargets(emulator.endpoint().toString(), "status", "orders", "--config",
                config.toString());
        assertThat(status.exitCode()).as(status.stdout()).isZero();
    }

    private Map<String, String> environment(String region) {
        FunctionConfiguration replica = samples.lambda(region).getFunction(r -> r.functionName("orders"))
                .configuration();
        return replica.environment().variables();
    }
}
