package io.lambdadr.functions.worker;

import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.LocalInvoker;
import io.lambdadr.functions.common.Wiring;
import java.util.function.Consumer;

/**
 * The replication worker run in-process, as Lambda's asynchronous invocation runs it (the emulator runs no function
 * code): for the tests of every flow that sends it work, as their wiring's dispatcher.
 */
public final class LocalWorker {

    /** The worker's ARN, as failure records name it. */
    public static final String ARN = "arn:aws:lambda:" + ApplicationFixture.HOME + ":123456789012:function:"
            + ApplicationFixture.WORKER;
    /** The retries of the worker's event invoke configuration. */
    public static final int MAXIMUM_RETRY_ATTEMPTS = 2;

    private LocalWorker() {
    }

    /**
     * A dispatcher that runs the worker over {@code wiring} for each work item, at once, with Lambda's retries, and
     * hands the failure record of a work item that failed every attempt to {@code failureDestination}.
     */
    public static LocalInvoker invoker(Wiring wiring, Consumer<String> failureDestination) {
        ReplicationWorkerHandler handler = new ReplicationWorkerHandler(wiring);
        return new LocalInvoker(ARN, event -> WorkerInvocation.invoke(handler, event,
                FixedContext.of(ApplicationFixture.WORKER)), MAXIMUM_RETRY_ATTEMPTS, failureDestination);
    }
}
