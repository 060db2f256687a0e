package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * The replication engine end to end: the command line, real SDK clients over HTTP, the emulator holding a source and
 * two DR regions. Write counts come from the emulator's own request log, not from lambda-dr's bookkeeping.
 */
@ExtendWith(EmulatorExtension.class)
class ReplicationIT {

    private final Emulator emulator;
    private final SampleFunctions samples;

    ReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    String endpoint() {
        return emulator.endpoint().toString();
    }

    CliRun replicate(String... functions) {
        return run("replicate", functions);
    }

    CliRun run(String command, String... functions) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--source-region", SOURCE,
                "--target-region", DR1, "--target-region", DR2));
        for (String function : functions) {
            args.add("--function");
            args.add(function);
        }
        return CliRun.json(endpoint(), args.toArray(String[]::new));
    }

    LambdaClient lambda(String region) {
        return samples.lambda(region);
    }

    @Test
    void replicate_whenFunctionIsNew_createsItWithVersionsAndWeightedAliasInEveryTarget() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        GetFunctionResponse source = lambda(SOURCE).getFunction(r -> r.functionName("orders"));

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(run.result("orders", region).get("outcome").asText()).isEqualTo("created");
            GetFunctionResponse replica = lambda(region).getFunction(r -> r.functionName("orders"));
            assertThat(replica.configuration().codeSha256()).isEqualTo(source.configuration().codeSha256());
            assertThat(replica.configuration().environment().variables())
                    .containsEntry("TOPIC_ARN", "arn:aws:sns:" + region + ":123456789012:orders-orders")
                    .containsEntry("API_TOKEN", "s3cr3t-orders");
            assertThat(replica.tags())
                    .containsEntry("team", "payments")
                    .containsEntry(ReplicaMarkers.REPLICA_OF_TAG, source.configuration().functionArn());
            assertThat(replica.concurrency().reservedConcurrentExecutions()).isEqualTo(5);

            Map<String, String> sourceToTarget = versionMapReadFromDescriptions(region);
            assertThat(sourceToTarget).containsOnlyKeys("1", "2", "3");
            for (String sourceVersion : List.of("1", "2", "3")) {
                assertThat(codeSha(region, sourceToTarget.get(sourceVersion))).isEqualTo(codeSha(SOURCE, sourceVersion));
            }
            GetAliasResponse live = lambda(region).getAlias(r -> r.functionName("orders").name("live"));
            assertThat(live.functionVersion()).isEqualTo(sourceToTarget.get("3"));
            assertThat(live.routingConfig().additionalVersionWeights())
                    .containsExactly(Map.entry(sourceToTarget.get("2"), 0.1));
            assertThat(lambda(region).getAlias(r -> r.functionName("orders").name("stable")).functionVersion())
                    .isEqualTo(sourceToTarget.get("1"));
        }
        assertThat(run.stdout()).doesNotContain("s3cr3t");
    }

    @Test
    void replicate_whenSourceCarriesAwsReservedTags_copiesOnlyTheUsersTags() {
        samples.createFunction(SOURCE, "stacked", SampleFunctions.zip("stacked", 0), Map.of(),
                Map.of("aws:cloudformation:stack-name", "app-stack", "owner", "team-a"));

        CliRun run = replicate("stacked");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(lambda(region).getFunction(r -> r.functionName("stacked")).tags())
                    .containsEntry("owner", "team-a")
                    .doesNotContainKey("aws:cloudformation:stack-name");
        }
        assertThat(replicate("stacked").result("stacked", DR1).get("outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    void replicate_whenTargetIsInSync_makesNoWriteAndDownloadsNothing() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        samples.createVersionedSample(SOURCE, "billing", 0);
        assertThat(replicate("orders", "billing").exitCode()).isZero();
        emulator.clearRequests();

        CliRun second = replicate("orders", "billing");

        assertThat(second.exitCode()).isZero();
        List<Emulator.RecordedRequest> requests = emulator.requests();
        assertThat(requests).isNotEmpty();
        assertThat(requests).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        assertThat(requests).filteredOn(request -> "download".equals(request.service())).isEmpty();
        for (String function : List.of("orders", "billing")) {
            for (String region : List.of(DR1, DR2)) {
                JsonNode result = second.result(function, region);
                assertThat(result.get("outcome").asText()).isEqualTo("unchanged");
                assertThat(result.at("/apiCalls/writes").asLong()).isZero();
                assertThat(result.get("codeBytes").asLong()).isZero();
            }
        }
    }

    @Test
    void replicate_whenSourceCodeChanges_updatesTheReplicaCode() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        assertThat(replicate("orders").exitCode()).isZero();
        byte[] newCode = SampleFunctions.zip("orders-hotfix", 0);
        String newSha = lambda(SOURCE).updateFunctionCode(r -> r.functionName("orders")
                .zipFile(SdkBytes.fromByteArray(newCode))).codeSha256();

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(run.result("orders", region).get("outcome").asText()).isEqualTo("updated");
            assertThat(run.result("orders", region).get("codeBytes").asLong()).isEqualTo(newCode.length);
            assertThat(lambda(region).getFunction(r -> r.functionName("orders")).configuration().codeSha256())
                    .isEqualTo(newSha);
        }
    }

    @Test
    void replicate_whenSourceConfigurationChanges_updatesTheReplicaConfiguration() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        assertThat(replicate("orders").exitCode()).isZero();
        lambda(SOURCE).updateFunctionConfiguration(r -> r.functionName("orders").memorySize(1024).timeout(30)
                .environment(e -> e.variables(Map.of("MODE", "fast"))));

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).isZero();
        for (String region : List.of(DR1, DR2)) {
            GetFunctionConfigurationResponse replica = lambda(region).getFunctionConfiguration(r -> r.functionName("orders"));
            assertThat(replica.memorySize()).isEqualTo(1024);
            assertThat(replica.timeout()).isEqualTo(30);
            assertThat(replica.environment().variables()).containsExactly(Map.entry("MODE", "fast"));
            assertThat(run.result("orders", region).get("codeBytes").asLong()).isZero();
        }
    }

    @Test
    void replicate_whenReplicaDrifted_statusNamesTheDriftAndReplicateRepairsIt() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        assertThat(replicate("orders").exitCode()).isZero();
        lambda(DR1).updateFunctionConfiguration(r -> r.functionName("orders")
                .environment(e -> e.variables(Map.of("TOPIC_ARN", "tampered", "API_TOKEN", "s3cr3t-orders"))));
        lambda(DR1).deleteAlias(r -> r.functionName("orders").name("live"));

        CliRun status = run("status", "orders");

        assertThat(status.exitCode()).isZero();
        JsonNode drifted = status.result("orders", DR1);
        assertThat(drifted.get("status").asText()).isEqualTo("drifted");
        assertThat(drifted.get("drift").toString()).contains("configuration [Environment]", "alias live");
        assertThat(status.result("orders", DR2).get("status").asText()).isEqualTo("in-sync");

        CliRun repair = replicate("orders");

        assertThat(repair.exitCode()).isZero();
        assertThat(repair.result("orders", DR1).get("outcome").asText()).isEqualTo("updated");
        assertThat(repair.result("orders", DR2).get("outcome").asText()).isEqualTo("unchanged");
        assertThat(lambda(DR1).getFunctionConfiguration(r -> r.functionName("orders")).environment().variables())
                .containsEntry("TOPIC_ARN", "arn:aws:sns:" + DR1 + ":123456789012:orders-orders");
        assertThat(lambda(DR1).getAlias(r -> r.functionName("orders").name("live")).functionVersion())
                .isEqualTo(versionMapReadFromDescriptions(DR1).get("3"));
        assertThat(run("status", "orders").result("orders", DR1).get("status").asText()).isEqualTo("in-sync");
    }

    @Test
    void replicate_whenVpcSubnetHasNoMapping_failsThatFunctionAndCreatesNothingInTheTarget() {
        samples.createFunction(SOURCE, "in-vpc", SampleFunctions.zip("in-vpc", 0), Map.of(), Map.of());
        lambda(SOURCE).updateFunctionConfiguration(r -> r.functionName("in-vpc")
                .vpcConfig(v -> v.subnetIds("subnet-0abc1234").securityGroupIds("sg-0def5678")));
        samples.createFunction(SOURCE, "plain", SampleFunctions.zip("plain", 0), Map.of(), Map.of());
        emulator.clearRequests();

        CliRun run = replicate("in-vpc", "plain");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode failed = run.result("in-vpc", DR1);
        assertThat(failed.get("outcome").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("VpcConfig.SubnetIds[0]", "subnet-0abc1234",
                "targets.eu-west-1.subnets");
        assertThat(failed.get("failureKind").asText()).as("a person must add the mapping").isEqualTo("permanent");
        assertThat(failed.at("/apiCalls/writes").asLong()).isZero();
        assertThat(run.result("plain", DR1).get("outcome").asText()).isEqualTo("created");
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite)
                .noneMatch(request -> request.path().contains("in-vpc"));
        for (String region : List.of(DR1, DR2)) {
            assertThat(lambda(region).listFunctions().functions()).extracting(FunctionConfiguration::functionName)
                    .containsExactly("plain");
        }
    }

    @Test
    void replicate_whenLambdaThrottlesAndReportsUpdatesInProgress_retriesAndLeavesTheTargetCorrect() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        emulator.injectFault(Map.of("operation", "CreateFunction", "region", DR1, "status", 429,
                "errorType", "TooManyRequestsException", "count", 2));
        emulator.injectFault(Map.of("operation", "PublishVersion", "region", DR1, "status", 503,
                "errorType", "ServiceUnavailableException", "count", 1));
        emulator.injectFault(Map.of("kind", "update-in-progress", "functionName", "orders", "region", DR1,
                "reads", 2));
        emulator.injectFault(Map.of("operation", "UpdateAlias", "region", DR2, "status", 409,
                "errorType", "ResourceConflictException", "count", 1));
        emulator.injectFault(Map.of("operation", "CreateAlias", "region", DR2, "status", 409,
                "errorType", "ResourceConflictException", "count", 2));

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        List<Emulator.RecordedRequest> requests = emulator.requests();
        assertThat(requests).filteredOn(r -> r.status() == 429).hasSize(2);
        assertThat(requests).filteredOn(r -> r.status() == 409).hasSizeGreaterThanOrEqualTo(2);
        for (String region : List.of(DR1, DR2)) {
            Map<String, String> map = versionMapReadFromDescriptions(region);
            assertThat(map).containsOnlyKeys("1", "2", "3");
            assertThat(lambda(region).getAlias(r -> r.functionName("orders").name("live")).functionVersion())
                    .isEqualTo(map.get("3"));
        }
        emulator.clearRequests();
        assertThat(replicate("orders").exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
    }

    @Test
    void replicate_whenAnotherWriterChangesTheReplicaInBetween_refusesToOverwriteAndConvergesOnReread() {
        replicateOrdersThenChangeItsMemoryInTheSource(2048);
        emulator.injectFault(Map.of("kind", "concurrent-change", "functionName", "orders", "region", DR1,
                "operation", "UpdateFunctionConfiguration", "count", 1));
        emulator.clearRequests();

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(emulator.requests()).filteredOn(r -> r.status() == 412).singleElement()
                .satisfies(r -> assertThat(r.region()).isEqualTo(DR1));
        for (String region : List.of(DR1, DR2)) {
            assertThat(lambda(region).getFunctionConfiguration(r -> r.functionName("orders")).memorySize())
                    .isEqualTo(2048);
        }
    }

    @Test
    void replicate_whenCreateFunctionAnswers409WhileAnotherCreationIsUnderWay_waitsForItThenPlansAgain() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        emulator.injectFault(Map.of("kind", "creation-in-progress", "functionName", "orders", "region", DR1,
                "reads", 3));

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        JsonNode result = run.result("orders", DR1);
        assertThat(result.get("outcome").asText()).isEqualTo("updated");
        assertThat(result.get("notes").toString()).contains("CreateFunction answered 409", "planned again");
        assertThat(emulator.requests()).filteredOn(r -> DR1.equals(r.region()) && "CreateFunction".equals(r.operation()))
                .extracting(Emulator.RecordedRequest::status).containsExactly(409);
        assertThat(versionMapReadFromDescriptions(DR1)).containsOnlyKeys("1", "2", "3");
        assertThat(run("status", "orders").result("orders", DR1).get("status").asText()).isEqualTo("in-sync");
    }

    @Test
    void replicate_whenCreateFunctionAnswers409ButNoFunctionAppears_createsItOnTheNextPass() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        emulator.injectFault(Map.of("operation", "CreateFunction", "region", DR1, "status", 409,
                "errorType", "ResourceConflictException", "count", 1));

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.result("orders", DR1).get("outcome").asText()).isEqualTo("created");
        assertThat(emulator.requests()).filteredOn(r -> DR1.equals(r.region()) && "CreateFunction".equals(r.operation()))
                .extracting(Emulator.RecordedRequest::status).containsExactly(409, 201);
        assertThat(versionMapReadFromDescriptions(DR1)).containsOnlyKeys("1", "2", "3");
    }

    @Test
    void replicate_whenTheReplicaKeepsChanging_failsThatRegionSayingWhyAndStillReplicatesTheOther() {
        replicateOrdersThenChangeItsMemoryInTheSource(2048);
        emulator.injectFault(Map.of("kind", "concurrent-change", "functionName", "orders", "region", DR1,
                "operation", "UpdateFunctionConfiguration", "count", 10));

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.result("orders", DR1).get("error").asText()).contains("changed by someone else", "RevisionId");
        assertThat(run.result("orders", DR2).get("outcome").asText()).isEqualTo("updated");
        assertThat(lambda(DR1).getFunctionConfiguration(r -> r.functionName("orders")).memorySize()).isEqualTo(256);
    }

    @Test
    void replicate_whenTargetHasAnUnrelatedFunctionOfTheSameName_leavesItAloneUntilItIsAdopted() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of(), Map.of());
        samples.createFunction(DR1, "orders", SampleFunctions.zip("hand-made", 0), Map.of("MODE", "local"), Map.of());
        String handMadeSha = lambda(DR1).getFunction(r -> r.functionName("orders")).configuration().codeSha256();
        emulator.clearRequests();

        CliRun refused = replicate("orders");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.result("orders", DR1).get("error").asText())
                .contains("already exists in eu-west-1", "not a lambda-dr replica", ReplicaMarkers.REPLICA_OF_TAG);
        assertThat(refused.result("orders", DR2).get("outcome").asText()).isEqualTo("created");
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite)
                .noneMatch(request -> DR1.equals(request.region()));
        assertThat(lambda(DR1).getFunction(r -> r.functionName("orders")).configuration().codeSha256())
                .isEqualTo(handMadeSha);

        String sourceArn = lambda(SOURCE).getFunction(r -> r.functionName("orders")).configuration().functionArn();
        String replicaArn = lambda(DR1).getFunction(r -> r.functionName("orders")).configuration().functionArn();
        lambda(DR1).tagResource(r -> r.resource(replicaArn).tags(Map.of(ReplicaMarkers.REPLICA_OF_TAG, sourceArn)));

        CliRun adopted = replicate("orders");

        assertThat(adopted.exitCode()).as(adopted.stdout()).isZero();
        assertThat(adopted.result("orders", DR1).get("outcome").asText()).isEqualTo("updated");
        assertThat(lambda(DR1).getFunction(r -> r.functionName("orders")).configuration().codeSha256())
                .isEqualTo(lambda(SOURCE).getFunction(r -> r.functionName("orders")).configuration().codeSha256());
    }

    @Test
    void replicate_whenTheSourceIsBeingDeployed_waitsForTheDeploymentAndCopiesItsResult() {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of(), Map.of());
        emulator.injectFault(Map.of("kind", "update-in-progress", "functionName", "orders", "region", SOURCE,
                "reads", 2));
        lambda(SOURCE).updateFunctionConfiguration(r -> r.functionName("orders").memorySize(640));
        emulator.clearRequests();

        CliRun run = replicate("orders");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(emulator.requests()).filteredOn(r -> SOURCE.equals(r.region())
                && "GetFunction".equals(r.operation())).hasSizeGreaterThanOrEqualTo(3);
        for (String region : List.of(DR1, DR2)) {
            assertThat(lambda(region).getFunctionConfiguration(r -> r.functionName("orders")).memorySize())
                    .isEqualTo(640);
        }
    }

    @Test
    void replicate_whenDryRun_printsThePlanAndChangesNothing() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        emulator.clearRequests();

        CliRun run = CliRun.of("replicate", "--dry-run", "--source-region", SOURCE, "--target-region", DR1,
                "--function", "orders", "--endpoint-url", endpoint());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("would be created", "create function", "publish version for source version 3",
                "create alias live");
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        assertThat(lambda(DR1).listFunctions().functions()).isEmpty();
    }

    void replicateOrdersThenChangeItsMemoryInTheSource(int memoryMb) {
        samples.createVersionedSample(SOURCE, "orders", 0);
        assertThat(replicate("orders").exitCode()).isZero();
        lambda(SOURCE).updateFunctionConfiguration(r -> r.functionName("orders").memorySize(memoryMb));
    }

    /** Source version to target version, read from the replica's version descriptions alone. */
    Map<String, String> versionMapReadFromDescriptions(String region) {
        Map<String, String> map = new java.util.TreeMap<>();
        for (FunctionConfiguration version : lambda(region).listVersionsByFunction(r -> r.functionName("orders"))
                .versions()) {
            ReplicaMarkers.sourceVersionOf(version.description()).ifPresent(source -> map.put(source, version.version()));
        }
        return map;
    }

    String codeSha(String region, String version) {
        return lambda(region).getFunctionConfiguration(r -> r.functionName("orders").qualifier(version)).codeSha256();
    }
}
