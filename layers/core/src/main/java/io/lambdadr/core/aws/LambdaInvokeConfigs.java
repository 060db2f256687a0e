package io.lambdadr.core.aws;

import io.lambdadr.core.domain.EventInvokeConfig;
import io.lambdadr.core.domain.PolicyStatement;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.DestinationConfig;
import software.amazon.awssdk.services.lambda.model.FunctionEventInvokeConfig;
import software.amazon.awssdk.services.lambda.model.OnFailure;
import software.amazon.awssdk.services.lambda.model.OnSuccess;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Event invoke configurations through the Lambda API, for the source and the target regions alike. */
final class LambdaInvokeConfigs {

    private LambdaInvokeConfigs() {
    }

    /**
     * Every qualifier's configuration, from one listing ({@code ListFunctionEventInvokeConfigs}): the unqualified
     * function's (and {@code $LATEST}'s, the same thing) under {@link PolicyStatement#UNQUALIFIED}.
     */
    static Map<String, EventInvokeConfig> of(LambdaClient lambda, String functionName) {
        Map<String, EventInvokeConfig> configs = new HashMap<>();
        try {
            lambda.listFunctionEventInvokeConfigsPaginator(request -> request.functionName(functionName))
                    .functionEventInvokeConfigs()
                    .forEach(config -> configs.put(LambdaModelMapper.qualifierOf(config.functionArn()), of(config)));
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        return configs;
    }

    static void put(LambdaClient lambda, String functionName, String qualifier, EventInvokeConfig config) {
        DestinationConfig.Builder destinations = DestinationConfig.builder();
        if (config.onSuccess() != null) {
            destinations.onSuccess(OnSuccess.builder().destination(config.onSuccess()).build());
        }
        if (config.onFailure() != null) {
            destinations.onFailure(OnFailure.builder().destination(config.onFailure()).build());
        }
        // Put replaces the whole configuration: no DestinationConfig at all means no destinations, without sending
        // the empty one that only the emulator is known to accept.
        boolean anyDestination = config.onSuccess() != null || config.onFailure() != null;
        lambda.putFunctionEventInvokeConfig(request -> request.functionName(functionName)
                .qualifier(qualifier.isEmpty() ? null : qualifier)
                .maximumRetryAttempts(config.maximumRetryAttempts())
                .maximumEventAgeInSeconds(config.maximumEventAgeInSeconds())
                .destinationConfig(anyDestination ? destinations.build() : null));
    }

    private static EventInvokeConfig of(FunctionEventInvokeConfig config) {
        DestinationConfig destinations = config.destinationConfig();
        String success = destinations == null || destinations.onSuccess() == null ? null
                : destinations.onSuccess().destination();
        String failure = destinations == null || destinations.onFailure() == null ? null
                : destinations.onFailure().destination();
        return new EventInvokeConfig(config.maximumRetryAttempts(), config.maximumEventAgeInSeconds(),
                success, failure);
    }
}
