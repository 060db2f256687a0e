package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.SnapshotBuilder;
import io.lambdadr.core.engine.CodePackage;
import io.lambdadr.core.engine.ConcurrentChangeException;
import io.lambdadr.core.engine.LatestState;
import io.lambdadr.core.engine.StopSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PublishVersionRequest;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The Lambda adapter's retry, conflict and staging branches, over SDK clients that answer what each test scripts and
 * record what they were asked: no emulator, no network.
 */
class LambdaReplicaRegionTest {

    private static final String REGION = "eu-west-1";
    /** A CodeSha256 as Lambda reports one: base64 of 32 bytes (the staging key is derived from it). */
    private static final CodeIdentity CODE = new CodeIdentity("n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=", 9,
            "Zip");

    @TempDir
    Path workDir;

    /** A Lambda client whose answers are scripted per operation; an unscripted call fails the test. */
    private static final class ScriptedLambda implements LambdaClient {
        final List<String> calls = new ArrayList<>();
        final Map<String, Deque<Supplier<Object>>> answers = new java.util.HashMap<>();

        ScriptedLambda answer(String operation, Supplier<Object> answer) {
            answers.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(answer);
            return this;
        }

        @SuppressWarnings("unchecked")
        private <T> T next(String operation) {
            calls.add(operation);
            Deque<Supplier<Object>> queue = answers.get(operation);
            if (queue == null || queue.isEmpty()) {
                throw new AssertionError("unexpected call " + operation + " after " + calls);
            }
            Object answer = queue.size() == 1 ? queue.peek().get() : queue.poll().get();
            if (answer instanceof RuntimeException failure) {
                throw failure;
            }
            return (T) answer;
        }

        @Override
        public GetFunctionResponse getFunction(GetFunctionRequest request) {
            return next("GetFunction");
        }

        @Override
        public CreateFunctionResponse createFunction(CreateFunctionRequest request) {
            return next("CreateFunction");
        }

        @Override
        public UpdateFunctionConfigurationResponse updateFunctionConfiguration(
                UpdateFunctionConfigurationRequest request) {
            return next("UpdateFunctionConfiguration");
        }

        @Override
        public PublishVersionResponse publishVersion(PublishVersionRequest request) {
            return next("PublishVersion");
        }

        @Override
        public String serviceName() {
            return "lambda";
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedLambda lambda = new ScriptedLambda();

    private LambdaReplicaRegion region(StagingBucket staging) {
        return new LambdaReplicaRegion(REGION, lambda, NetworkTimeouts.DEFAULT, staging,
                new StreamedInlineCode(), StopSignal.untilRequested(), null, null);
    }

    private LambdaReplicaRegion region() {
        return region(new StagingBucket(REGION, null, null, NetworkTimeouts.DEFAULT, DrConfig.Staging.DEFAULT));
    }

    private static FunctionConfiguration state(String lastUpdate, String revision) {
        return FunctionConfiguration.builder().functionName("orders")
                .functionArn("arn:aws:lambda:eu-west-1:123456789012:function:orders").state("Active")
                .lastUpdateStatus(lastUpdate).revisionId(revision).codeSha256(CODE.sha256()).codeSize(1000L)
                .packageType("Zip").build();
    }

    private static GetFunctionResponse read(String lastUpdate, String revision) {
        return GetFunctionResponse.builder().configuration(state(lastUpdate, revision)).build();
    }

    private static RuntimeException refusal(Supplier<? extends software.amazon.awssdk.awscore.exception
            .AwsServiceException.Builder> builder, int status, String code, String message) {
        return builder.get().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private CodePackage codeOnDisk(long size) throws Exception {
        Path file = Files.writeString(workDir.resolve("code.zip"), "zip bytes");
        return new CodePackage(file, new CodeIdentity(CODE.sha256(), size, "Zip"));
    }

    @Test
    void updateConfiguration_whenAnUpdateIsInProgress_waitsUntilTheFunctionIsReadyAndTriesAgain() {
        lambda.answer("UpdateFunctionConfiguration", () -> refusal(ResourceConflictException::builder, 409,
                        "ResourceConflictException", "An update is in progress"))
                .answer("UpdateFunctionConfiguration", () -> UpdateFunctionConfigurationResponse.builder()
                        .state("Active").lastUpdateStatus("Successful").revisionId("rev-2")
                        .codeSha256(CODE.sha256()).packageType("Zip").build())
                .answer("GetFunction", () -> read("Successful", "rev-1"));

        LatestState after = region().updateConfiguration("orders", SnapshotBuilder.config().build(),
                List.of("MemorySize"), "rev-1");

        assertThat(lambda.calls).containsExactly("UpdateFunctionConfiguration", "GetFunction",
                "UpdateFunctionConfiguration");
        assertThat(after.revisionId()).isEqualTo("rev-2");
    }

    @Test
    void updateConfiguration_whenTheUpdateIsStillApplying_carriesForwardTheRevisionOfTheReadThatSawItDone() {
        // Lambda moves the RevisionId again once an update finishes: the write's own answer is stale by then.
        lambda.answer("UpdateFunctionConfiguration", () -> UpdateFunctionConfigurationResponse.builder()
                        .state("Active").lastUpdateStatus("InProgress").revisionId("rev-written").build())
                .answer("GetFunction", () -> read("Successful", "rev-settled"));

        LatestState after = region().updateConfiguration("orders", SnapshotBuilder.config().build(),
                List.of("MemorySize"), "rev-1");

        assertThat(after.revisionId()).isEqualTo("rev-settled");
    }

    @Test
    void updateConfiguration_whenTheRevisionMovedOn_refusesAsAConcurrentChange() {
        lambda.answer("UpdateFunctionConfiguration", () -> refusal(PreconditionFailedException::builder, 412,
                "PreconditionFailedException", "The Revision Id provided does not match"));

        assertThatThrownBy(() -> region().updateConfiguration("orders", SnapshotBuilder.config().build(),
                List.of("MemorySize"), "rev-stale"))
                .isInstanceOf(ConcurrentChangeException.class)
                .hasMessageContaining("RevisionId no longer matched");
        assertThat(lambda.calls).containsExactly("UpdateFunctionConfiguration");
    }

    @Test
    void publishVersion_whenTheCodeChangedUnderneath_refusesAsAConcurrentChange() {
        lambda.answer("PublishVersion", () -> refusal(InvalidParameterValueException::builder, 400,
                "InvalidParameterValueException",
                "CodeSHA256 (abc) is different from current CodeSHA256 in $LATEST. Please try again"));

        assertThatThrownBy(() -> region().publishVersion("orders", "d", CODE, "rev-1"))
                .isInstanceOf(ConcurrentChangeException.class)
                .hasMessageContaining("CodeSha256 no longer matched");
    }

    @Test
    void createFunction_whenAnotherWriterIsCreatingIt_waitsForItAndAsksForANewPlan() throws Exception {
        lambda.answer("CreateFunction", () -> refusal(ResourceConflictException::builder, 409,
                        "ResourceConflictException", "Function already exist: orders"))
                .answer("GetFunction", () -> read("Successful", "rev-theirs"));

        assertThatThrownBy(() -> region().createFunction("orders", SnapshotBuilder.config().build(), codeOnDisk(9),
                Map.of()))
                .isInstanceOf(ConcurrentChangeException.class)
                .hasMessageContaining("already existed or was being created by another writer")
                .hasMessageNotContaining("did not appear");
        assertThat(lambda.calls).containsExactly("CreateFunction", "GetFunction");
    }

    @Test
    void createFunction_whenThePackageIsTooLargeToSendInlineAndLambdaRefusesIt_stillRemovesTheStagedObject()
            throws Exception {
        List<String> s3Calls = new ArrayList<>();
        S3Client s3 = new S3Client() {
            @Override
            public HeadBucketResponse headBucket(HeadBucketRequest request) {
                s3Calls.add("HeadBucket " + request.bucket());
                return HeadBucketResponse.builder().build();
            }

            @Override
            public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
                s3Calls.add("PutObject " + request.key());
                return PutObjectResponse.builder().build();
            }

            @Override
            public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
                s3Calls.add("DeleteObject " + request.key());
                return DeleteObjectResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {
            }
        };
        StsClient sts = new StsClient() {
            @Override
            public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
                return GetCallerIdentityResponse.builder().account("123456789012").build();
            }

            @Override
            public String serviceName() {
                return "sts";
            }

            @Override
            public void close() {
            }
        };
        StagingBucket staging = new StagingBucket(REGION, s3, sts, new NetworkTimeouts(Duration.ofSeconds(5)),
                new DrConfig.Staging(DrConfig.Staging.DEFAULT_BUCKET_PATTERN, 8));
        lambda.answer("CreateFunction", () -> refusal(InvalidParameterValueException::builder, 400,
                "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda."));

        assertThatThrownBy(() -> region(staging).createFunction("orders", SnapshotBuilder.config().build(),
                codeOnDisk(9), Map.of()))
                .isInstanceOf(InvalidParameterValueException.class);
        assertThat(s3Calls).hasSize(3).startsWith("HeadBucket lambda-dr-staging-123456789012-eu-west-1");
        assertThat(s3Calls.get(1)).startsWith("PutObject lambda-dr/staging/orders/");
        assertThat(s3Calls.get(2)).isEqualTo("Delete" + s3Calls.get(1).substring(3));
    }
}
