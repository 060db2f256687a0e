package io.lambdadr.functions.worker;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.InvocationDeadline;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.common.WorkItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The replication worker: replicates the one function a {@link WorkItem} names into every target region. The other
 * flows invoke it asynchronously, so that its event invoke configuration applies: a transient failure fails the
 * invocation (Lambda retries it, then sends it to the OnFailure destination); a permanent failure is alerted at once
 * and the invocation succeeds, since no retry can help; a malformed event is alerted and dropped.
 *
 * <p>A stream handler, so that an event of any shape reaches it: a malformed one is told to a person instead of
 * failing in the runtime's deserializer and going through retries it cannot survive.
 */
public final class ReplicationWorkerHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationWorkerHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkItemReplication replication;
    private final HandlerMetrics metrics = new HandlerMetrics();

    /** The handler Lambda creates: the container's wiring, built once from the environment. */
    public ReplicationWorkerHandler() {
        this(Wiring.container());
    }

    /** The handler over {@code wiring}: the emulator and in-process invokers, for tests and the local demo. */
    public ReplicationWorkerHandler(Wiring wiring) {
        this.replication = new WorkItemReplication(wiring);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        try {
            Map<String, Object> answer = PowertoolsLogging.withLogging(context, () -> handle(event, context));
            JSON.writeValue(output, answer);
        } finally {
            metrics.flush();
        }
    }

    private Map<String, Object> handle(String event, Context context) {
        WorkItem item;
        try {
            item = WorkItemReplication.parse(event);
        } catch (IllegalArgumentException malformed) {
            replication.reject(event, malformed.getMessage());
            metrics.count("WorkRejected");
            return Map.of("rejected", malformed.getMessage());
        }
        WorkOutcome outcome = replication.replicate(item, InvocationDeadline.of(context));
        recordMetrics(outcome);
        if (outcome.mustRetry()) {
            throw outcome.retryException();
        }
        return outcome.summary();
    }

    /** A metric that cannot be written must not fail the replication it measures: Lambda would redo finished work. */
    private void recordMetrics(WorkOutcome outcome) {
        try {
            metrics.recordReport(outcome.report());
            outcome.lags().forEach(metrics::recordLag);
        } catch (RuntimeException e) {
            LOG.error("Metrics not recorded {}", entry("problem", e.getMessage()));
        }
    }
}
