package io.lambdadr.functions.commands;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.InvocationDeadline;
import io.lambdadr.functions.common.Wiring;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Runs the commands published to the commands topic, one command per message. SNS invokes asynchronously: a failure
 * that a retry may cure fails the invocation, so that Lambda's retries and then the OnFailure destination apply; a
 * message that is not a command, or cannot run as the stack is deployed, is answered with an alert and dropped.
 */
public final class SnsCommandHandler implements RequestHandler<SNSEvent, Void> {

    private final CommandService commands;
    private final HandlerMetrics metrics;

    /** The handler Lambda builds, over the container's wiring. */
    public SnsCommandHandler() {
        this(Wiring.container());
    }

    /** The handler over {@code wiring}: the emulator and in-process invokers, for tests and the local demo. */
    public SnsCommandHandler(Wiring wiring) {
        this(wiring, CommandService.invokerOver(wiring));
    }

    /** Public for the local application, which runs the functions that commands invoke in-process. */
    public SnsCommandHandler(Wiring wiring, AsyncInvoker invoker) {
        this.metrics = new HandlerMetrics();
        this.commands = CommandService.over(wiring, invoker, metrics);
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                StopSignal deadline = InvocationDeadline.of(context);
                // SNS delivers one message per invocation; a failure ends the invocation for Lambda to retry.
                event.getRecords().forEach(record -> commands.run(record.getSNS().getMessage(), deadline));
                return null;
            } finally {
                metrics.flush();
            }
        });
    }
}
