package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.engine.FailureKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

class AwsFailureClassifierTest {

    private final AwsFailureClassifier classifier = new AwsFailureClassifier();

    @ParameterizedTest
    @CsvSource({
        "429, TooManyRequestsException, TRANSIENT",
        "500, ServiceException, TRANSIENT",
        "503, ServiceUnavailableException, TRANSIENT",
        "409, ResourceConflictException, TRANSIENT",
        "412, PreconditionFailedException, TRANSIENT",
        "400, InvalidParameterValueException, PERMANENT",
        "403, AccessDeniedException, PERMANENT",
        "404, ResourceNotFoundException, PERMANENT"})
    void kindOf_whenLambdaRefused_dependsOnWhetherTheSameCallCanSucceedLater(int status, String code,
                                                                            FailureKind kind) {
        LambdaException refusal = (LambdaException) LambdaException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();

        assertThat(classifier.kindOf(refusal)).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({"connection refused", "read timed out"})
    void kindOf_whenNoAnswerCame_isTransient(String what) {
        assertThat(classifier.kindOf(SdkClientException.create(what))).isEqualTo(FailureKind.TRANSIENT);
    }
}
