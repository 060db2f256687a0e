package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * Container-image functions, end to end: the replica runs the same digest from its own region's ECR repository, and a
 * region whose repository lacks the image fails naming repository and digest, with nothing written there. The images
 * are put into each region's repository by the test, as ECR's replication would.
 */
@ExtendWith(EmulatorExtension.class)
class ContainerImageReplicationIT {

    private static final String REPOSITORY = "orders-image";

    private final Emulator emulator;
    private final SampleFunctions samples;

    ContainerImageReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    private CliRun run(String command, String function) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, function);
    }

    private static String digestOf(String imageUri) {
        return imageUri.substring(imageUri.indexOf('@') + 1);
    }

    @Test
    void replicate_runsTheSameDigestFromEachRegionsRepository_andFailsARegionWithoutTheImageWritingNothing() {
        String sourceImage = samples.pushImage(SOURCE, REPOSITORY, "orders-v1", "v1");
        String dr1Image = samples.pushImage(DR1, REPOSITORY, "orders-v1", "v1");
        samples.ecr(DR2).createRepository(r -> r.repositoryName(REPOSITORY));
        // The source function names its image by tag; Lambda pins it to the digest.
        samples.createImageFunction(SOURCE, "orders", sourceImage.substring(0, sourceImage.indexOf('@')) + ":v1",
                "app.handler");
        LambdaClient source = samples.lambda(SOURCE);
        source.publishVersion(r -> r.functionName("orders"));
        GetFunctionResponse original = source.getFunction(r -> r.functionName("orders"));
        emulator.clearRequests();

        CliRun replicate = run("replicate", "orders");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isEqualTo(1);
        GetFunctionResponse replica = samples.lambda(DR1).getFunction(r -> r.functionName("orders"));
        assertThat(replica.code().imageUri()).isEqualTo(dr1Image);
        assertThat(replica.configuration().codeSha256()).isEqualTo(original.configuration().codeSha256())
                .isEqualTo(digestOf(sourceImage).substring("sha256:".length()));
        assertThat(replica.configuration().packageTypeAsString()).isEqualTo("Image");
        assertThat(replica.configuration().imageConfigResponse().imageConfig().command())
                .containsExactly("app.handler");
        assertThat(samples.lambda(DR1).getFunction(r -> r.functionName("orders").qualifier("1")).configuration()
                .codeSha256()).isEqualTo(original.configuration().codeSha256());

        JsonNode failed = replicate.result("orders", DR2);
        assertThat(failed.get("failureKind").asText()).isEqualTo("permanent");
        String dr2Repository = dr1Image.substring(0, dr1Image.indexOf('@')).replace(DR1, DR2);
        assertThat(failed.get("error").asText()).contains("ECR repository " + dr2Repository,
                digestOf(sourceImage), "ecr-replication");
        assertThat(samples.lambda(DR2).listFunctions().functions()).isEmpty();
        assertThat(emulator.requests()).filteredOn(r -> DR2.equals(r.region()) && r.isWrite()).isEmpty();

        samples.pushImage(DR2, REPOSITORY, "orders-v1", "v1");
        CliRun again = run("replicate", "orders");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(samples.lambda(DR2).getFunction(r -> r.functionName("orders")).configuration().codeSha256())
                .isEqualTo(original.configuration().codeSha256());

        // A new image in the source, already copied to both regions, reaches both replicas as version 2.
        String newImage = samples.pushImage(SOURCE, REPOSITORY, "orders-v2", "v2");
        samples.pushImage(DR1, REPOSITORY, "orders-v2", "v2");
        samples.pushImage(DR2, REPOSITORY, "orders-v2", "v2");
        source.updateFunctionCode(r -> r.functionName("orders").imageUri(newImage));
        source.publishVersion(r -> r.functionName("orders"));
        assertThat(run("replicate", "orders").exitCode()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(samples.lambda(region).getFunction(r -> r.functionName("orders").qualifier("2"))
                    .configuration().codeSha256()).isEqualTo(digestOf(newImage).substring("sha256:".length()));
        }
        CliRun status = run("status", "orders");
        for (String region : List.of(DR1, DR2)) {
            assertThat(status.result("orders", region).get("status").asText()).isEqualTo("in-sync");
        }

        // The image the replica runs, deleted from eu-west-1's repository: status reports it there, only there.
        samples.ecr(DR1).batchDeleteImage(r -> r.repositoryName(REPOSITORY)
                .imageIds(id -> id.imageDigest(digestOf(newImage))));
        CliRun gone = run("status", "orders");
        assertThat(gone.result("orders", DR1).get("status").asText()).isEqualTo("drifted");
        assertThat(gone.result("orders", DR1).get("drift").toString()).contains("container image",
                "not in ECR repository", digestOf(newImage));
        assertThat(gone.result("orders", DR2).get("status").asText()).isEqualTo("in-sync");
    }

    private CliRun ecrReplication(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("ecr-replication", "--source-region", SOURCE,
                "--target-region", DR1, "--target-region", DR2, "--endpoint-url", emulator.endpoint().toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void ecrReplication_addsARuleCopyingTheRepositoriesIntoTheDrRegions_once() {
        samples.pushImage(SOURCE, REPOSITORY, "orders-v1", "v1");
        emulator.clearRequests();

        CliRun dryRun = ecrReplication("--repository", REPOSITORY, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
        assertThat(dryRun.stdout()).contains("would replicate: " + REPOSITORY + " -> " + DR1);
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();

        CliRun setUp = ecrReplication("--repository", REPOSITORY);

        assertThat(setUp.exitCode()).as(setUp.stderr()).isZero();
        assertThat(setUp.stdout()).contains("now replicated: " + REPOSITORY + " -> " + DR1,
                "now replicated: " + REPOSITORY + " -> " + DR2, "push an image already there again");
        var rules = samples.ecr(SOURCE).describeRegistry(r -> { }).replicationConfiguration().rules();
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.destinations()).extracting(d -> d.region()).containsExactly(DR1, DR2);
            assertThat(rule.repositoryFilters()).extracting(f -> f.filter()).containsExactly(REPOSITORY);
        });

        emulator.clearRequests();
        CliRun again = ecrReplication("--repository", REPOSITORY);
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).contains("already replicated: " + REPOSITORY + " -> " + DR2)
                .doesNotContain("now replicated");
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
    }

    @Test
    void ecrReplication_withAMissingOrMisspelledRepository_failsNamingItAndChangesNothing() {
        emulator.clearRequests();

        CliRun missing = ecrReplication("--repository", "no-such-repository");
        CliRun misspelled = ecrReplication("--repository", "Orders Image");

        assertThat(missing.exitCode()).isEqualTo(LambdaDrCommand.EXIT_USAGE);
        assertThat(missing.stderr()).contains("--repository no-such-repository: no such ECR repository");
        assertThat(misspelled.exitCode()).isEqualTo(LambdaDrCommand.EXIT_USAGE);
        assertThat(misspelled.stderr()).contains("is not an ECR repository name");
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
    }
}
