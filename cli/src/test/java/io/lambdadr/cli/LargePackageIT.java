package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Packages above {@code staging.inlineUploadLimitBytes} reach the replica through a staging bucket in the target
 * region, and the staged object is removed once Lambda has its copy; smaller ones go inline. What was uploaded where
 * is read from the emulator's request log and from S3 itself.
 */
@ExtendWith(EmulatorExtension.class)
class LargePackageIT {

    static final int INLINE_LIMIT = 100_000;
    static final String ACCOUNT = "123456789012";

    private final Emulator emulator;
    private final SampleFunctions samples;

    LargePackageIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @TempDir
    Path tempDir;

    CliRun replicate(String function) {
        Path config;
        try {
            config = Files.writeString(tempDir.resolve("dr.yaml"),
                    "staging:\n  inlineUploadLimitBytes: " + INLINE_LIMIT + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CliRun.json(emulator.endpoint().toString(), "replicate", "--source-region", SOURCE,
                "--target-region", DR1, "--target-region", DR2, "--function", function,
                "--config", config.toString());
    }

    static String bucket(String region) {
        return "lambda-dr-staging-" + ACCOUNT + "-" + region;
    }

    S3Client s3(String region) {
        return S3Client.builder()
                .region(Region.of(region))
                .endpointOverride(emulator.endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    static List<String> operationsIn(List<Emulator.RecordedRequest> requests, String region) {
        return requests.stream()
                .filter(request -> region.equals(request.region()))
                .filter(request -> "s3".equals(request.service()) || "lambda".equals(request.service()))
                .map(Emulator.RecordedRequest::operation)
                .toList();
    }

    String codeSha(String region, String function) {
        return samples.lambda(region).getFunctionConfiguration(r -> r.functionName(function)).codeSha256();
    }

    void assertStagingBucketIsEmpty(String region) {
        try (S3Client s3 = s3(region)) {
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(bucket(region));
            assertThat(s3.listObjectsV2(r -> r.bucket(bucket(region))).contents()).isEmpty();
        }
    }

    @Test
    void replicate_whenPackageExceedsInlineLimit_stagesItInTheTargetRegionBucketAndRemovesIt() {
        byte[] zip = SampleFunctions.zip("bulky", 150_000);
        assertThat(zip.length).isGreaterThan(INLINE_LIMIT);
        samples.createFunction(SOURCE, "bulky", zip, Map.of(), Map.of());
        emulator.clearRequests();

        CliRun run = replicate("bulky");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        List<Emulator.RecordedRequest> requests = emulator.requests();
        for (String region : List.of(DR1, DR2)) {
            assertThat(run.result("bulky", region).get("outcome").asText()).isEqualTo("created");
            assertThat(run.result("bulky", region).get("codeBytes").asLong()).isEqualTo(zip.length);
            assertThat(codeSha(region, "bulky")).isEqualTo(codeSha(SOURCE, "bulky"));

            List<Emulator.RecordedRequest> puts = requests.stream()
                    .filter(request -> "PutObject".equals(request.operation()) && region.equals(request.region()))
                    .toList();
            assertThat(puts).singleElement().satisfies(put -> {
                assertThat(put.path()).startsWith("/" + bucket(region) + "/lambda-dr/staging/bulky/");
                assertThat(put.status()).isEqualTo(200);
            });
            List<String> operations = operationsIn(requests, region);
            assertThat(operations).containsOnlyOnce("CreateBucket", "PutObject", "CreateFunction", "DeleteObject");
            // Staged before the create, removed after it: Lambda read the code from S3, not from the request body.
            assertThat(operations.indexOf("PutObject")).isLessThan(operations.indexOf("CreateFunction"));
            assertThat(operations.indexOf("CreateFunction")).isLessThan(operations.indexOf("DeleteObject"));
            assertStagingBucketIsEmpty(region);
        }
        assertThat(requests).filteredOn(request -> "s3".equals(request.service()))
                .noneMatch(request -> SOURCE.equals(request.region()));

        emulator.clearRequests();
        CliRun second = replicate("bulky");

        assertThat(second.exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        for (String region : List.of(DR1, DR2)) {
            assertThat(second.result("bulky", region).get("outcome").asText()).isEqualTo("unchanged");
            assertThat(second.result("bulky", region).get("codeBytes").asLong()).isZero();
        }
    }

    @Test
    void replicate_whenStagingBucketExistsFromAnEarlierRun_reusesItForTheCodeUpdate() {
        samples.createFunction(SOURCE, "bulky", SampleFunctions.zip("bulky", 150_000), Map.of(), Map.of());
        assertThat(replicate("bulky").exitCode()).isZero();
        byte[] newZip = SampleFunctions.zip("bulky-hotfix", 120_000);
        String newSha = samples.lambda(SOURCE).updateFunctionCode(r -> r.functionName("bulky")
                .zipFile(SdkBytes.fromByteArray(newZip))).codeSha256();
        emulator.clearRequests();

        CliRun run = replicate("bulky");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        List<Emulator.RecordedRequest> requests = emulator.requests();
        for (String region : List.of(DR1, DR2)) {
            assertThat(run.result("bulky", region).get("outcome").asText()).isEqualTo("updated");
            assertThat(run.result("bulky", region).get("codeBytes").asLong()).isEqualTo(newZip.length);
            assertThat(codeSha(region, "bulky")).isEqualTo(newSha);
            List<String> operations = operationsIn(requests, region);
            assertThat(operations).doesNotContain("CreateBucket", "CreateFunction")
                    .containsOnlyOnce("PutObject", "UpdateFunctionCode", "DeleteObject");
            assertThat(operations.indexOf("PutObject")).isLessThan(operations.indexOf("UpdateFunctionCode"));
            assertThat(operations.indexOf("UpdateFunctionCode")).isLessThan(operations.indexOf("DeleteObject"));
            assertStagingBucketIsEmpty(region);
        }
    }

    @Test
    void replicate_whenPackageIsWithinInlineLimit_uploadsItInlineWithoutTouchingS3() {
        byte[] zip = SampleFunctions.zip("slim", 20_000);
        assertThat(zip.length).isLessThan(INLINE_LIMIT);
        samples.createFunction(SOURCE, "slim", zip, Map.of(), Map.of());
        emulator.clearRequests();

        CliRun run = replicate("slim");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(emulator.requests()).filteredOn(request -> "s3".equals(request.service())).isEmpty();
        for (String region : List.of(DR1, DR2)) {
            assertThat(run.result("slim", region).get("outcome").asText()).isEqualTo("created");
            assertThat(run.result("slim", region).get("codeBytes").asLong()).isEqualTo(zip.length);
            assertThat(codeSha(region, "slim")).isEqualTo(codeSha(SOURCE, "slim"));
        }
        try (S3Client s3 = s3(DR1)) {
            assertThat(s3.listBuckets().buckets()).isEmpty();
        }
    }
}
