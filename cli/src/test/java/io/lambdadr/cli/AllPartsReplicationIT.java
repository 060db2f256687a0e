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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;

/**
 * One function with every part lambda-dr replicates at once, end to end: versions (one deleted in the source), aliases,
 * a policy statement, an event invoke configuration, a function URL, provisioned concurrency, an event source
 * mapping and recursion, replicated into both DR regions and read back with the test's own SDK calls; then each part
 * changed in the source and carried over, and each part changed by hand in one replica, reported by {@code status}
 * and repaired. The parts' own ITs cover their edge cases and their untranslatable references.
 */
@ExtendWith(EmulatorExtension.class)
class AllPartsReplicationIT {

    private static final String ACCOUNT = "123456789012";

    private final Emulator emulator;
    private final SampleFunctions samples;
    @TempDir
    Path dir;

    AllPartsReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private static String arn(String service, String region, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + ACCOUNT + ":" + resource;
    }

    private EventSourceMappingConfiguration mapping(String region) {
        List<EventSourceMappingConfiguration> mappings = samples.lambda(region)
                .listEventSourceMappings(request -> request.functionName("orders:live")).eventSourceMappings();
        assertThat(mappings).as(region).hasSize(1);
        return mappings.getFirst();
    }

    private String policyOf(LambdaClient lambda, String qualifier) {
        return lambda.getPolicy(request -> request.functionName("orders").qualifier(qualifier)).policy();
    }

    @Test
    void everyPart_isReplicated_carriedOverWhenItChanges_andReportedAndRepairedWhenItDrifts() throws Exception {
        samples.createVersionedSample(SOURCE, "orders", 0);
        LambdaClient source = samples.lambda(SOURCE);
        samples.publishCode(SOURCE, "orders", SampleFunctions.zip("orders-v4", 0), "fourth");
        samples.publishCode(SOURCE, "orders", SampleFunctions.zip("orders-v5", 0), "fifth");
        source.deleteFunction(request -> request.functionName("orders").qualifier("4"));
        samples.connectToCallers(SOURCE, "orders", List.of(DR1, DR2));
        String config = Files.writeString(dir.resolve("dr.yaml"), "targets:\n  " + DR2
                + ":\n    eventSourceMappings: enabled\n").toString();

        CliRun replicate = CliRun.onBothTargets(emulator.endpoint().toString(), "replicate", "orders",
                "--config", config);

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            LambdaClient replica = samples.lambda(region);
            assertThat(replica.listVersionsByFunction(request -> request.functionName("orders")).versions())
                    .extracting(version -> version.version()).containsExactly("$LATEST", "1", "2", "3", "5");
            assertThat(replica.getAlias(request -> request.functionName("orders").name("live")).functionVersion())
                    .isEqualTo("3");
            assertThat(policyOf(replica, "live")).contains(arn("sns", region, "orders-topic"));
            assertThat(replica.getFunctionEventInvokeConfig(request -> request.functionName("orders")
                    .qualifier("live")).destinationConfig().onFailure().destination())
                    .isEqualTo(arn("sqs", region, "orders-failures"));
            assertThat(replica.getFunctionUrlConfig(request -> request.functionName("orders").qualifier("live"))
                    .authTypeAsString()).isEqualTo("AWS_IAM");
            assertThat(replica.getProvisionedConcurrencyConfig(request -> request.functionName("orders")
                    .qualifier("stable")).requestedProvisionedConcurrentExecutions()).isEqualTo(2);
            EventSourceMappingConfiguration mapping = mapping(region);
            assertThat(mapping.eventSourceArn()).isEqualTo(arn("sqs", region, "orders-queue"));
            assertThat(mapping.functionArn()).endsWith(":function:orders:live");
            assertThat(mapping.batchSize()).isEqualTo(5);
            assertThat(replica.listTags(request -> request.resource(mapping.eventSourceMappingArn())).tags())
                    .isEqualTo(Map.of("team", "payments"));
            assertThat(replica.getFunctionRecursionConfig(request -> request.functionName("orders"))
                    .recursiveLoopAsString()).isEqualTo("Allow");
        }
        assertThat(mapping(DR1).state()).isEqualTo("Disabled");
        assertThat(mapping(DR2).state()).isEqualTo("Enabled");

        emulator.clearRequests();
        CliRun inSync = CliRun.onBothTargets(emulator.endpoint().toString(), "replicate", "orders", "--config", config);
        assertThat(inSync.exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();

        // Each part changes in the source.
        source.addPermission(request -> request.functionName("orders").statementId("events")
                .action("lambda:InvokeFunction").principal("events.amazonaws.com")
                .sourceArn(arn("events", SOURCE, "rule/nightly")));
        source.putFunctionEventInvokeConfig(request -> request.functionName("orders").qualifier("live")
                .maximumRetryAttempts(0).destinationConfig(d -> d.onFailure(f -> f.destination(
                        arn("sqs", SOURCE, "orders-failures")))));
        source.updateFunctionUrlConfig(request -> request.functionName("orders").qualifier("live").authType("NONE"));
        source.putProvisionedConcurrencyConfig(request -> request.functionName("orders").qualifier("stable")
                .provisionedConcurrentExecutions(3));
        String sourceMapping = source.listEventSourceMappings(request -> request.functionName("orders:live"))
                .eventSourceMappings().getFirst().uuid();
        source.updateEventSourceMapping(request -> request.uuid(sourceMapping).batchSize(7));
        source.putFunctionRecursionConfig(request -> request.functionName("orders").recursiveLoop("Terminate"));

        CliRun carried = CliRun.onBothTargets(emulator.endpoint().toString(), "replicate", "orders",
                "--config", config);

        assertThat(carried.exitCode()).as(carried.stdout() + carried.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            LambdaClient replica = samples.lambda(region);
            assertThat(policyOf(replica, null)).contains(arn("events", region, "rule/nightly"));
            assertThat(replica.getFunctionEventInvokeConfig(request -> request.functionName("orders")
                    .qualifier("live")).maximumRetryAttempts()).isZero();
            assertThat(replica.getFunctionUrlConfig(request -> request.functionName("orders").qualifier("live"))
                    .authTypeAsString()).isEqualTo("NONE");
            assertThat(replica.getProvisionedConcurrencyConfig(request -> request.functionName("orders")
                    .qualifier("stable")).requestedProvisionedConcurrentExecutions()).isEqualTo(3);
            assertThat(mapping(region).batchSize()).isEqualTo(7);
            assertThat(replica.getFunctionRecursionConfig(request -> request.functionName("orders"))
                    .recursiveLoopAsString()).isEqualTo("Terminate");
        }

        // Each part changes by hand in one replica: status says which, the other region stays in sync.
        LambdaClient dr2 = samples.lambda(DR2);
        dr2.removePermission(request -> request.functionName("orders").statementId("events"));
        dr2.putFunctionEventInvokeConfig(request -> request.functionName("orders").qualifier("live")
                .maximumRetryAttempts(2));
        dr2.updateFunctionUrlConfig(request -> request.functionName("orders").qualifier("live").authType("AWS_IAM"));
        dr2.putProvisionedConcurrencyConfig(request -> request.functionName("orders").qualifier("stable")
                .provisionedConcurrentExecutions(1));
        dr2.updateEventSourceMapping(request -> request.uuid(mapping(DR2).uuid()).batchSize(9));
        dr2.putFunctionRecursionConfig(request -> request.functionName("orders").recursiveLoop("Allow"));

        CliRun status = CliRun.onBothTargets(emulator.endpoint().toString(), "status", "orders", "--config", config);

        assertThat(status.result("orders", DR1).get("status").asText()).isEqualTo("in-sync");
        assertThat(status.result("orders", DR2).get("status").asText()).isEqualTo("drifted");
        assertThat(status.result("orders", DR2).get("drift").toString()).contains("policy", "event invoke "
                + "configuration alias live", "function URL alias live", "provisioned concurrency",
                "event source mapping", "recursion");
        CliRun repair = CliRun.onBothTargets(emulator.endpoint().toString(), "replicate", "orders", "--config", config);
        assertThat(repair.exitCode()).as(repair.stdout() + repair.stderr()).isZero();
        CliRun after = CliRun.onBothTargets(emulator.endpoint().toString(), "status", "orders", "--config", config);
        assertThat(after.result("orders", DR2).get("status").asText()).isEqualTo("in-sync");
        assertThat(mapping(DR2).batchSize()).isEqualTo(7);
        assertThat(dr2.getFunctionRecursionConfig(request -> request.functionName("orders")).recursiveLoopAsString())
                .isEqualTo("Terminate");
    }
}
