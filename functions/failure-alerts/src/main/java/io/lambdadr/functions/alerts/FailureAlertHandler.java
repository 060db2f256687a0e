package io.lambdadr.functions.alerts;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.Wiring;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The OnFailure destination of every asynchronously invoked function of the stack (worker, reconcile, change events,
 * configuration repository, SNS commands): turns Lambda's invocation record into a readable alert on the alerts
 * topic, with the raw record for the failure archive.
 *
 * <p>The event is taken as a plain JSON object rather than a {@code LambdaDestinationEvent}, so that no record, of
 * whatever shape, fails before this handler sees it, and the record archived is the one Lambda sent. When publishing
 * fails, the invocation fails: this function's own OnFailure destination is the alerts topic, which then gets the
 * record raw.
 */
public final class FailureAlertHandler implements RequestHandler<Map<String, Object>, Void> {

    private final FailureReporter reporter;
    private final HandlerMetrics metrics;

    /** The handler Lambda builds, over the container's wiring. */
    public FailureAlertHandler() {
        this(Wiring.container());
    }

    /** The handler over {@code wiring}: the emulator and in-process invokers, for tests and the local demo. */
    public FailureAlertHandler(Wiring wiring) {
        this.metrics = new HandlerMetrics();
        this.reporter = new FailureReporter(wiring.alerts(), metrics);
    }

    @Override
    public Void handleRequest(Map<String, Object> record, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                reporter.report(record);
                return null;
            } finally {
                metrics.flush();
            }
        });
    }
}
