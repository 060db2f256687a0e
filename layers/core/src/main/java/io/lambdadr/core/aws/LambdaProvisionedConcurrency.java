package io.lambdadr.core.aws;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Provisioned concurrency through the Lambda API, for the source and the target regions alike. */
final class LambdaProvisionedConcurrency {

    private LambdaProvisionedConcurrency() {
    }

    /** The executions requested for each alias and version, from one listing. */
    static Map<String, Integer> of(LambdaClient lambda, String functionName) {
        Map<String, Integer> requested = new HashMap<>();
        try {
            lambda.listProvisionedConcurrencyConfigsPaginator(request -> request.functionName(functionName))
                    .provisionedConcurrencyConfigs()
                    .forEach(config -> requested.put(LambdaModelMapper.qualifierOf(config.functionArn()),
                            config.requestedProvisionedConcurrentExecutions()));
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        return requested;
    }

    static void put(LambdaClient lambda, String functionName, String qualifier, int executions) {
        lambda.putProvisionedConcurrencyConfig(request -> request.functionName(functionName).qualifier(qualifier)
                .provisionedConcurrentExecutions(executions));
    }
}
