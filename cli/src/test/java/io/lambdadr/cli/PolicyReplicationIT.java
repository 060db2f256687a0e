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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Resource-based policies end to end: the command line against the emulator, the replicas' policies read back with
 * the test's own SDK clients (GetPolicy per qualifier).
 */
@ExtendWith(EmulatorExtension.class)
class PolicyReplicationIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Emulator emulator;
    private final SampleFunctions samples;

    PolicyReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun run(String command) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, "orders");
    }

    /** The statements of one qualifier's policy ({@code null}: the function's own), by statement id. */
    private static Map<String, JsonNode> statements(LambdaClient lambda, String qualifier) throws Exception {
        String policy;
        try {
            policy = lambda.getPolicy(request -> request.functionName("orders").qualifier(qualifier)).policy();
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        Map<String, JsonNode> bySid = new java.util.TreeMap<>();
        for (JsonNode statement : JSON.readTree(policy).path("Statement")) {
            bySid.put(statement.path("Sid").asText(), statement);
        }
        return bySid;
    }

    @Test
    void replicate_copiesEachQualifiersPolicy_withSourceArnsInTheTargetRegion_andStatusComparesThem()
            throws Exception {
        List<String> versions = samples.createVersionedSample(SOURCE, "orders", 0);
        LambdaClient source = samples.lambda(SOURCE);
        source.addPermission(request -> request.functionName("orders").statementId("s3-invoke")
                .action("lambda:InvokeFunction").principal("s3.amazonaws.com").sourceArn("arn:aws:s3:::orders-uploads")
                .sourceAccount("123456789012"));
        source.addPermission(request -> request.functionName("orders").qualifier("live").statementId("sns")
                .action("lambda:InvokeFunction").principal("sns.amazonaws.com")
                .sourceArn("arn:aws:sns:us-east-1:123456789012:orders"));
        String lastVersion = versions.getLast();
        source.addPermission(request -> request.functionName("orders").qualifier(lastVersion).statementId("org")
                .action("lambda:InvokeFunction").principal("*").principalOrgID("o-abc123"));

        CliRun replicate = run("replicate");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            LambdaClient replica = samples.lambda(region);
            assertThat(statements(replica, null)).containsOnlyKeys("s3-invoke");
            assertThat(statements(replica, null).get("s3-invoke").toString())
                    .contains("s3.amazonaws.com", "arn:aws:s3:::orders-uploads", "123456789012");
            assertThat(statements(replica, "live")).containsOnlyKeys("sns");
            assertThat(statements(replica, "live").get("sns").toString())
                    .contains("arn:aws:sns:" + region + ":123456789012:orders").doesNotContain(SOURCE);
            String targetVersion = replica.getAlias(request -> request.functionName("orders").name("live"))
                    .functionVersion();
            List<String> versionsWithOrgStatement = new ArrayList<>();
            for (var version : replica.listVersionsByFunction(request -> request.functionName("orders")).versions()) {
                if (statements(replica, version.version()).containsKey("org")) {
                    versionsWithOrgStatement.add(version.version());
                }
            }
            assertThat(versionsWithOrgStatement).as("the version replicating source version " + lastVersion)
                    .hasSize(1);
            assertThat(statements(replica, versionsWithOrgStatement.getFirst()).get("org").toString())
                    .contains("o-abc123");
            assertThat(targetVersion).isNotNull();
        }

        emulator.clearRequests();
        CliRun again = run("replicate");
        assertThat(again.exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();

        samples.lambda(DR1).removePermission(request -> request.functionName("orders").qualifier("live")
                .statementId("sns"));
        CliRun status = run("status");
        assertThat(status.exitCode()).as("status reports drift; it fails only when it cannot compare").isZero();
        assertThat(status.result("orders", DR1).get("status").asText()).isEqualTo("drifted");
        assertThat(status.result("orders", DR1).get("drift").toString()).contains("policy alias live");
        assertThat(status.result("orders", DR2).get("status").asText()).isEqualTo("in-sync");

        CliRun repair = run("replicate");
        assertThat(repair.exitCode()).isZero();
        assertThat(statements(samples.lambda(DR1), "live")).containsOnlyKeys("sns");
    }
}
