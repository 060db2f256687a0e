package io.lambdadr.functions.common;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Sends work to the worker by asynchronous invocation: the event is queued by Lambda, the worker's reserved
 * concurrency bounds how many run at once (throttled events wait in Lambda's queue, up to the maximum event age),
 * and the worker's event invoke configuration (retries, OnFailure destination) applies, which an SQS event source
 * could not offer.
 */
public final class LambdaWorkDispatcher implements WorkDispatcher {

    private final LambdaClient lambda;
    private final String workerFunction;

    /** @param lambda a client for Invoke, which is not a control-plane call and is not paced as one */
    public LambdaWorkDispatcher(LambdaClient lambda, String workerFunction) {
        this.lambda = lambda;
        this.workerFunction = workerFunction;
    }

    @Override
    public void dispatch(WorkItem item) {
        lambda.invoke(request -> request.functionName(workerFunction).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(item.toJson())));
    }
}
