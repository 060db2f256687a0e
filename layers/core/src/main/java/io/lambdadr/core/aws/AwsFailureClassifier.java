package io.lambdadr.core.aws;

import io.lambdadr.core.engine.FailureClassifier;
import io.lambdadr.core.engine.FailureKind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Whether an AWS failure that outlasted the SDK's retries is worth trying again later. Throttling (429), conflicts
 * (409, 412) and server errors (5xx) pass; no answer at all (a network failure, a timeout) passes too. Any other
 * refusal (400 invalid parameter, 403 access denied, 404 not found) will be refused again until a person acts.
 */
final class AwsFailureClassifier implements FailureClassifier {

    @Override
    public FailureKind kindOf(Throwable failure) {
        if (failure instanceof AwsServiceException service) {
            int status = service.statusCode();
            boolean retriable = status == 429 || status == 409 || status == 412 || status >= 500
                    || service.isThrottlingException();
            return retriable ? FailureKind.TRANSIENT : FailureKind.PERMANENT;
        }
        if (failure instanceof SdkClientException) {
            return FailureKind.TRANSIENT;
        }
        return FailureClassifier.RETRY_UNKNOWN.kindOf(failure);
    }
}
