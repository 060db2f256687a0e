package io.lambdadr.functions.commands;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.InvocationDeadline;
import io.lambdadr.functions.common.Wiring;
import java.util.ArrayList;
import java.util.List;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Runs the commands sent to the commands queue, one command per message, and reports partial batch failures: only
 * a message that failed in a way a retry may cure is delivered again. SQS event sources cannot have destinations, so
 * a message that is not a command is alerted and deleted, and one that failed on its
 * fifth delivery ({@code ApproximateReceiveCount} 5) is alerted ("kept failing") and deleted.
 */
public final class SqsCommandHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final CommandService commands;
    private final HandlerMetrics metrics;

    /** The handler Lambda builds, over the container's wiring. */
    public SqsCommandHandler() {
        this(Wiring.container());
    }

    /** The handler over {@code wiring}: the emulator and in-process invokers, for tests and the local demo. */
    public SqsCommandHandler(Wiring wiring) {
        this(wiring, CommandService.invokerOver(wiring));
    }

    SqsCommandHandler(Wiring wiring, AsyncInvoker invoker) {
        this.metrics = new HandlerMetrics();
        this.commands = CommandService.over(wiring, invoker, metrics);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                StopSignal deadline = InvocationDeadline.of(context);
                List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
                for (SQSEvent.SQSMessage message : event.getRecords()) {
                    if (!commands.runQueued(message.getBody(), receiveCount(message), deadline)) {
                        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    }
                }
                return new SQSBatchResponse(failures);
            } finally {
                metrics.flush();
            }
        });
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
