package io.lambdadr.core.aws;

import io.lambdadr.core.domain.FunctionUrl;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Cors;
import software.amazon.awssdk.services.lambda.model.FunctionUrlConfig;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Function URLs through the Lambda API, for the source and the target regions alike. */
final class LambdaFunctionUrls {

    private LambdaFunctionUrls() {
    }

    /** Every qualifier's URL, from one listing ({@code ListFunctionUrlConfigs}). */
    static Map<String, FunctionUrl> of(LambdaClient lambda, String functionName) {
        Map<String, FunctionUrl> urls = new HashMap<>();
        try {
            lambda.listFunctionUrlConfigsPaginator(request -> request.functionName(functionName))
                    .functionUrlConfigs()
                    .forEach(url -> urls.put(LambdaModelMapper.qualifierOf(url.functionArn()), of(url)));
        } catch (ResourceNotFoundException e) {
            return Map.of();
        }
        return urls;
    }

    static void put(LambdaClient lambda, String functionName, String qualifier, FunctionUrl url, boolean exists) {
        String onQualifier = qualifier.isEmpty() ? null : qualifier;
        Cors cors = corsOf(url.cors());
        if (exists) {
            lambda.updateFunctionUrlConfig(request -> request.functionName(functionName).qualifier(onQualifier)
                    .authType(url.authType()).cors(cors).invokeMode(url.invokeMode()));
        } else {
            lambda.createFunctionUrlConfig(request -> request.functionName(functionName).qualifier(onQualifier)
                    .authType(url.authType()).cors(cors).invokeMode(url.invokeMode()));
        }
    }

    private static FunctionUrl of(FunctionUrlConfig url) {
        Cors cors = url.cors();
        return new FunctionUrl(url.functionUrl(), url.authTypeAsString(), cors == null ? null
                : new FunctionUrl.Cors(cors.allowCredentials(), cors.allowHeaders(), cors.allowMethods(),
                        cors.allowOrigins(), cors.exposeHeaders(), cors.maxAge()), url.invokeModeAsString());
    }

    private static Cors corsOf(FunctionUrl.Cors cors) {
        return cors == null ? null : Cors.builder().allowCredentials(cors.allowCredentials())
                .allowHeaders(cors.allowHeaders()).allowMethods(cors.allowMethods())
                .allowOrigins(cors.allowOrigins()).exposeHeaders(cors.exposeHeaders()).maxAge(cors.maxAge()).build();
    }
}
