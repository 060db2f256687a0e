package io.lambdadr.functions.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.InvocationDeadline;
import io.lambdadr.functions.common.Wiring;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The scheduled reconcile: compares every protected function of the source region with the state table and sends
 * each one whose replicas are not known to be in line to the replication worker ({@link Reconciliation} says how, and
 * what it costs). Invoked by EventBridge Scheduler with {@code {"trigger": "schedule"}}, by the commands flow with
 * {@code {"trigger": "command"}}, and for a baseline with {@code {"baseline": "<tag>"}}, which sends every protected
 * function to be recorded under the tag.
 */
public final class ScheduledReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final HandlerMetrics metrics = new HandlerMetrics();
    private final Reconciliation reconciliation;

    /** The handler Lambda creates: the container's wiring, built once from the environment. */
    public ScheduledReconcileHandler() {
        this(Wiring.container());
    }

    /** The handler over {@code wiring}: the emulator and in-process invokers, for tests and the local demo. */
    public ScheduledReconcileHandler(Wiring wiring) {
        this.reconciliation = new Reconciliation(wiring, SourceInventory.of(wiring), metrics);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        try {
            return PowertoolsLogging.withLogging(context, () -> handle(event, context));
        } finally {
            metrics.flush();
        }
    }

    private Map<String, Object> handle(Map<String, Object> event, Context context) {
        ReconcileRequest request;
        try {
            request = ReconcileRequest.from(event);
        } catch (IllegalArgumentException malformed) {
            reconciliation.reject(event, malformed.getMessage());
            metrics.count("ReconcileRejected");
            return Map.of("rejected", malformed.getMessage());
        }
        ReconcileSummary summary = reconciliation.run(request, InvocationDeadline.of(context));
        if (!summary.notSent().isEmpty()) {
            throw new WorkNotSentException(summary.notSent());
        }
        return summary.toMap();
    }
}
