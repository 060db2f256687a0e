package io.lambdadr.functions.reconcile;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.common.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled reconcile, lambda-dr's source of truth: every protected function of the source region is compared,
 * cheaply, with what the state table says its replicas hold, and each one that differs (or whose replicas were not
 * verified for a day) is sent to the replication worker. Change events only make replication faster; this pass makes
 * it certain.
 *
 * <p><b>Fan-out.</b> Each function goes to the worker as one {@link WorkItem}, by asynchronous Invoke (the wiring's
 * dispatcher). Lambda queues the event and applies the worker's event invoke configuration: retries, the maximum
 * event age and the OnFailure destination (the alerts topic), so a function that keeps failing reaches a person with
 * its error. An SQS queue feeding the worker would retry, but SQS event sources cannot have destinations: no failure
 * record would reach the alerts topic.
 *
 * <p><b>Concurrency and the rate budget.</b> The worker's reserved concurrency ({@code WORKER_CONCURRENCY}) bounds how
 * many workers run at once, however many work items a reconcile sends; the rest wait in Lambda's queue. Every
 * instance paces its own Lambda calls per region at its share of the account's budget, the budget divided by
 * {@code WORKER_CONCURRENCY + FLOW_CONCURRENCY} ({@code RateBudget}): one share per instance that may run at once,
 * this one included. Together they stay under Lambda's control-plane quota (15 calls a second per account and
 * region, besides GetFunction's 100) whatever runs at once.
 *
 * <p><b>Cost.</b> A function in line everywhere costs one Lambda control-plane call (ListAliases) plus its share of
 * the ListFunctions pages (50 functions a page), one DynamoDB query, and its share of the GetResources pages (100 a
 * page, under the tagging API's own quota); nothing is written. ScheduledReconcileHandlerIT measures it from the
 * emulator's request log: 6 Lambda calls for 5 functions in line, 1.02 a function with full pages.
 */
final class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final Wiring wiring;
    private final SourceInventory inventory;
    private final HandlerMetrics metrics;

    Reconciliation(Wiring wiring, SourceInventory inventory, HandlerMetrics metrics) {
        this.wiring = wiring;
        this.inventory = inventory;
        this.metrics = metrics;
    }

    /** Compares and sends work, starting nothing new once {@code stop} is set. */
    ReconcileSummary run(ReconcileRequest request, StopSignal stop) {
        DrConfig config = wiring.configuration().current();
        String configurationIdentity = wiring.configuration().identity();
        List<ProtectedFunction> functions = new ArrayList<>(
                inventory.protectedFunctions(config.protectTagKey(), config.protectTagValue()));
        // A reconcile cut short by its deadline leaves the rest to the next one: in a new order each time, so that
        // the same functions are not always the ones left.
        Collections.shuffle(functions);
        List<String> dispatched = new ArrayList<>();
        Map<String, String> notSent = new LinkedHashMap<>();
        int skipped = 0;
        int reached = 0;
        for (ProtectedFunction function : functions) {
            if (stop.isSet()) {
                break;
            }
            reached++;
            Optional<List<AliasState>> aliases = inventory.aliases(function.name());
            if (aliases.isEmpty()) {
                LOG.info("Function gone since it was listed {}", entry("function", function.name()));
                continue;
            }
            Optional<WorkItem> work = workFor(request, function,
                    SourceFingerprint.of(function, aliases.get(), configurationIdentity));
            if (work.isEmpty()) {
                skipped++;
                metrics.count("WorkSkipped");
                continue;
            }
            try {
                wiring.dispatcher().dispatch(work.get());
                dispatched.add(function.name());
                metrics.count("WorkDispatched");
            } catch (RuntimeException e) {
                // The others still go; the invocation fails afterwards, so that Lambda retries the reconcile.
                notSent.put(function.name(), e.getMessage());
                LOG.warn("Work item not sent {} {}", entry("function", function.name()),
                        entry("problem", e.getMessage()));
            }
        }
        int notReached = functions.size() - reached;
        if (notReached > 0) {
            metrics.count("ReconcileCutShort");
            LOG.warn("Deadline reached; the next reconcile takes the rest {} {}",
                    entry("notReached", notReached), entry("reason", stop.reason().orElse("")));
        }
        ReconcileSummary summary = new ReconcileSummary(functions.size(), dispatched, skipped, notReached, notSent);
        LOG.info("Reconcile done {} {} {} {} {}", entry("reason", request.reason()),
                entry("protectedFunctions", functions.size()), entry("dispatched", dispatched.size()),
                entry("skipped", skipped), entry("notSent", notSent.size()));
        return summary;
    }

    /** The work item for {@code function}, or none when its replicas are in line and a routine pass skips it. */
    private Optional<WorkItem> workFor(ReconcileRequest request, ProtectedFunction function, String fingerprint) {
        Instant now = wiring.clock().instant();
        if (request.everyFunction()) {
            return Optional.of(new WorkItem(function.name(), request.reason(), fingerprint, request.baseline(), now,
                    null, null));
        }
        Map<String, ReplicaRecord> records = wiring.state().replicas(function.name());
        ReconcileDecision decision = ReconcileDecision.of(function.name(), fingerprint,
                wiring.settings().targetRegions(), records, now);
        if (!decision.dispatch()) {
            return Optional.empty();
        }
        LOG.info("Function needs the worker {} {}", entry("function", function.name()),
                entry("why", decision.reason()));
        return Optional.of(new WorkItem(function.name(), request.reason(), fingerprint, null,
                ReconcileDecision.requestedAt(function.lastModified(), records, now), null, null));
    }

    /** Tells a person about an event the reconcile does not understand; nothing was sent for it. */
    void reject(Map<String, Object> event, String why) {
        LOG.warn("Event rejected {}", entry("reason", why));
        wiring.alerts().publish(ReconcileAlerts.malformedEvent(event, why));
    }
}
