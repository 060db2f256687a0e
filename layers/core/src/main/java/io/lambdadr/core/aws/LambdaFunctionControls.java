package io.lambdadr.core.aws;

import io.lambdadr.core.domain.Attachments;
import io.lambdadr.core.domain.RuntimeManagement;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetRuntimeManagementConfigResponse;

/**
 * What guards a function, through the Lambda API, for the source and the target regions alike: its code signing
 * configuration, its recursive loop detection and its runtime updates ({@code $LATEST}'s), one call each; the code
 * signing configuration comes from the region's listing when it has the function.
 */
final class LambdaFunctionControls {

    private LambdaFunctionControls() {
    }

    /** {@code attachments} with the function's controls as Lambda reports them, or {@code listed} has them. */
    static Attachments read(LambdaClient lambda, String functionName, Attachments attachments,
                            Optional<LambdaRegionListing.Entry> listed) {
        String codeSigning = listed.isPresent() ? listed.get().codeSigningConfigArn()
                : lambda.getFunctionCodeSigningConfig(request -> request.functionName(functionName))
                        .codeSigningConfigArn();
        String recursion = lambda.getFunctionRecursionConfig(request -> request.functionName(functionName))
                .recursiveLoopAsString();
        GetRuntimeManagementConfigResponse runtime = lambda.getRuntimeManagementConfig(request ->
                request.functionName(functionName));
        return attachments.withControls(codeSigning, recursion,
                new RuntimeManagement(runtime.updateRuntimeOnAsString(), runtime.runtimeVersionArn()));
    }

    static void putRecursion(LambdaClient lambda, String functionName, String recursiveLoop) {
        lambda.putFunctionRecursionConfig(request -> request.functionName(functionName).recursiveLoop(recursiveLoop));
    }

    static void putRuntimeManagement(LambdaClient lambda, String functionName, RuntimeManagement runtime) {
        lambda.putRuntimeManagementConfig(request -> request.functionName(functionName)
                .updateRuntimeOn(runtime.updateRuntimeOn()).runtimeVersionArn(runtime.runtimeVersionArn()));
    }

    static void putCodeSigning(LambdaClient lambda, String functionName, String arn) {
        if (arn == null) {
            lambda.deleteFunctionCodeSigningConfig(request -> request.functionName(functionName));
        } else {
            lambda.putFunctionCodeSigningConfig(request -> request.functionName(functionName)
                    .codeSigningConfigArn(arn));
        }
    }
}
