package io.lambdadr.functions.commands;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.domain.FunctionNames;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Invokes functions asynchronously through Lambda's Invoke ({@code InvocationType=Event}), in the region an ARN names
 * or else the stack's home region, with the clients' Invoke clients (a data-plane call, not paced against the
 * control-plane budget).
 */
final class LambdaAsyncInvoker implements AsyncInvoker {

    private final AwsClients clients;
    private final String homeRegion;

    LambdaAsyncInvoker(AwsClients clients, String homeRegion) {
        this.clients = clients;
        this.homeRegion = homeRegion;
    }

    @Override
    public void invoke(String function, String payload) {
        String region = FunctionNames.regionIn(function).orElse(homeRegion);
        clients.lambdaForInvoke(region).invoke(request -> request.functionName(function)
                .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(payload)));
    }
}
