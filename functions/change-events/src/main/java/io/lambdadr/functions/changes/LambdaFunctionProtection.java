package io.lambdadr.functions.changes;

import io.lambdadr.core.config.DrConfig;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Reads a function's tags with GetFunction: it takes a plain name (ListTags wants the ARN) and it has its own rate
 * quota (100 requests per second), so a burst of events does not eat into the 15 per second that every other
 * control-plane call of the account shares.
 */
final class LambdaFunctionProtection implements FunctionProtection {

    private final LambdaClient lambda;

    /** @param lambda a paced client of the source region */
    LambdaFunctionProtection(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public Status of(String function, DrConfig config) {
        Map<String, String> tags;
        try {
            tags = lambda.getFunction(request -> request.functionName(function)).tags();
        } catch (ResourceNotFoundException e) {
            return Status.NOT_FOUND;
        }
        return config.protectTagValue().equals(tags.get(config.protectTagKey())) ? Status.PROTECTED
                : Status.NOT_PROTECTED;
    }
}
