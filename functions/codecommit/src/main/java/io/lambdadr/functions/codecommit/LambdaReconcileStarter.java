package io.lambdadr.functions.codecommit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Starts the scheduled-reconcile function by asynchronous invocation with {@code {"baseline": "<tag>"}}: the reconcile
 * runs with its own time budget, retries and failure destination, and this function does not wait for it.
 */
final class LambdaReconcileStarter implements ReconcileStarter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaClient lambda;
    private final Supplier<String> reconcileFunction;

    /**
     * @param lambda            a client for Invoke, which is not paced against the control-plane budget
     * @param reconcileFunction the reconcile's name or ARN, asked for only when a baseline is pushed, so that a
     *                          stack without one still loads configurations
     */
    LambdaReconcileStarter(LambdaClient lambda, Supplier<String> reconcileFunction) {
        this.lambda = lambda;
        this.reconcileFunction = reconcileFunction;
    }

    @Override
    public void startBaseline(String tag) {
        String payload = JSON.createObjectNode().put("baseline", tag).toString();
        String function = reconcileFunction.get();
        lambda.invoke(request -> request.functionName(function).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload)));
    }
}
