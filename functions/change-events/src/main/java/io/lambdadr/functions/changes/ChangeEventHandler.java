package io.lambdadr.functions.changes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.Wiring;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Change events: EventBridge delivers the CloudTrail record of each Lambda management call ({@code AWS API Call via
 * CloudTrail}, source {@code aws.lambda}); a successful change to a protected function of the source region sends
 * the replication worker that function, once per burst of changes (see {@link ChangeEventFlow}).
 *
 * <p>Returns what it did ({@code dispatched}, {@code coalesced}, {@code not-protected}, {@code failed-call}, ...).
 * A malformed event is alerted and not retried; a failure to read the function or reach the worker throws, so that
 * Lambda retries the event and, after that, its OnFailure destination alerts.
 */
public final class ChangeEventHandler implements RequestHandler<ScheduledEvent, String> {

    private final ChangeEventFlow flow;
    private final HandlerMetrics metrics = new HandlerMetrics();

    /** The handler Lambda builds, over this container's wiring. */
    public ChangeEventHandler() {
        this(Wiring.container());
    }

    /** The handler over {@code wiring}: the emulator and in-process invokers, for tests and the local demo. */
    public ChangeEventHandler(Wiring wiring) {
        String source = wiring.settings().sourceRegion();
        this.flow = new ChangeEventFlow(source, new LambdaFunctionProtection(wiring.clients().lambda(source)),
                wiring.configuration(), wiring.state(), wiring.dispatcher(), wiring.alerts(), wiring.clock());
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                ChangeOutcome outcome = flow.handle(LambdaApiCall.from(event));
                metrics.count(outcome.metric());
                return outcome.label();
            } finally {
                metrics.flush();
            }
        });
    }
}
