package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionByArnResponse;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A function using a layer of its own account, end to end: the command line against the emulator, the replica's layer
 * read back with the test's own SDK clients and compared with the source's by content.
 */
@ExtendWith(EmulatorExtension.class)
class LayerReplicationIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    LayerReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun replicate(String command) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, "orders");
    }

    private PublishLayerVersionResponse publishDepsLayer(String marker) {
        return samples.lambda(SOURCE).publishLayerVersion(request -> request.layerName("deps")
                .description("shared deps " + marker).licenseInfo("MIT")
                .compatibleRuntimes(Runtime.PYTHON3_12).compatibleArchitectures(Architecture.ARM64)
                .content(content -> content.zipFile(SdkBytes.fromByteArray(SampleFunctions.zip("deps-" + marker,
                        2048)))));
    }

    @Test
    void replicate_publishesTheOwnLayerByContentInEachRegion_andPointsTheReplicaAtIt() throws Exception {
        samples.lambda(DR1).publishLayerVersion(request -> request.layerName("deps").description("hand-made")
                .content(content -> content.zipFile(SdkBytes.fromByteArray(SampleFunctions.zip("other", 0)))));
        publishDepsLayer("v1");
        PublishLayerVersionResponse deps = publishDepsLayer("v2");
        samples.lambda(SOURCE).addLayerVersionPermission(request -> request.layerName("deps")
                .versionNumber(deps.version()).statementId("org").action("lambda:GetLayerVersion").principal("*")
                .organizationId("o-abc123"));
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of(), Map.of());
        samples.lambda(SOURCE).updateFunctionConfiguration(request -> request.functionName("orders")
                .layers(deps.layerVersionArn()));

        CliRun run = replicate("replicate");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            List<String> layers = samples.lambda(region).getFunction(request -> request.functionName("orders"))
                    .configuration().layers().stream().map(layer -> layer.arn()).toList();
            assertThat(layers).hasSize(1);
            String copy = layers.getFirst();
            assertThat(copy).startsWith("arn:aws:lambda:" + region + ":").contains(":layer:deps:");
            GetLayerVersionByArnResponse replicated = samples.lambda(region).getLayerVersionByArn(r -> r.arn(copy));
            assertThat(replicated.content().codeSha256()).isEqualTo(deps.content().codeSha256());
            assertThat(replicated.licenseInfo()).isEqualTo("MIT");
            assertThat(replicated.compatibleRuntimesAsStrings()).containsExactly("python3.12");
            assertThat(replicated.compatibleArchitecturesAsStrings()).containsExactly("arm64");
            assertThat(replicated.description()).startsWith("shared deps v2").contains("source-version=2");
            String policy = samples.lambda(region).getLayerVersionPolicy(r -> r.layerName("deps")
                    .versionNumber(replicated.version())).policy();
            JsonNode statement = new ObjectMapper().readTree(policy).path("Statement").get(0);
            assertThat(statement.path("Sid").asText()).isEqualTo("org");
            assertThat(statement.toString()).contains("o-abc123");
        }
        // DR1 already had a version 1 of its own: the copy there is version 2, not the hand-made version 1.
        assertThat(run.result("orders", DR1).get("notes").toString()).contains("published layer deps:2");

        emulator.clearRequests();
        CliRun again = replicate("replicate");
        CliRun status = replicate("status");

        assertThat(again.exitCode()).isZero();
        assertThat(again.result("orders", DR1).get("outcome").asText()).isEqualTo("unchanged");
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        assertThat(status.exitCode()).as(status.stdout()).isZero();

        // A permission added to the source's layer version after the copy: status reports it, a run adds it.
        samples.lambda(SOURCE).addLayerVersionPermission(request -> request.layerName("deps")
                .versionNumber(deps.version()).statementId("partner").action("lambda:GetLayerVersion")
                .principal("210987654321"));
        CliRun drifted = replicate("status");
        assertThat(drifted.result("orders", DR1).get("status").asText()).isEqualTo("drifted");
        assertThat(drifted.result("orders", DR1).get("drift").toString())
                .contains("layer deps:2 permissions [partner]");
        CliRun follow = replicate("replicate");
        assertThat(follow.exitCode()).as(follow.stdout() + follow.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            String copy = samples.lambda(region).getFunction(request -> request.functionName("orders"))
                    .configuration().layers().getFirst().arn();
            String policy = samples.lambda(region).getLayerVersionPolicy(r -> r.layerName("deps")
                    .versionNumber(Long.parseLong(copy.substring(copy.lastIndexOf(':') + 1)))).policy();
            assertThat(policy).as(region).contains("\"partner\"", "210987654321", "o-abc123");
        }
        assertThat(replicate("status").exitCode()).isZero();
    }
}
