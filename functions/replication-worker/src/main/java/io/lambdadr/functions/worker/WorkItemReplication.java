package io.lambdadr.functions.worker;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.core.engine.ReplicationEngine.Mode;
import io.lambdadr.core.engine.SourceResult;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.core.usecase.ReplicationOutcome;
import io.lambdadr.core.usecase.ReplicationRequest;
import io.lambdadr.core.usecase.ReplicationRequest.Selection;
import io.lambdadr.functions.common.BaselineRecord;
import io.lambdadr.functions.common.HandlerSettings;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.common.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker does with one work item: waits out the rest of a burst of changes, gives up the change claim, runs
 * the replication use case for the function into every target region, records each replica (and the baseline) in
 * the state table, and alerts a person at once about each region only a person can fix.
 */
final class WorkItemReplication {

    private static final Logger LOG = LoggerFactory.getLogger(WorkItemReplication.class);

    private final Wiring wiring;

    WorkItemReplication(Wiring wiring) {
        this.wiring = wiring;
    }

    /**
     * Reads the worker's event.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static WorkItem parse(String event) {
        WorkItem item = WorkItem.fromJson(event);
        if (item == null) {
            throw new IllegalArgumentException("not a work item: the event is JSON null");
        }
        return item;
    }

    /** Tells a person about an event that is not a work item; Lambda must not retry it. */
    void reject(String event, String why) {
        LOG.warn("Event rejected: not a work item {}", entry("reason", why));
        wiring.alerts().publish(WorkerAlerts.malformedEvent(event, why));
    }

    /** Replicates the work item's function into every target region, stopping new work when {@code stop} says. */
    WorkOutcome replicate(WorkItem item, StopSignal stop) {
        awaitStart(item, stop);
        if (item.changeClaim() != null) {
            // Given up only now, as the run is about to read the source: a change landing from here on claims anew
            // and sends another worker, so none is missed.
            wiring.state().releaseChange(item.function(), item.changeClaim());
        }
        Map<String, ReplicaRecord> previous = wiring.state().replicas(item.function());
        HandlerSettings settings = wiring.settings();
        ReplicationRequest request = new ReplicationRequest(settings.sourceRegion(), settings.targetRegions(),
                new Selection.Functions(List.of(item.function())), Mode.APPLY, wiring.configuration().current(),
                false);
        ReplicationOutcome outcome = wiring.runner().run(request, stop);
        outcome.warnings().forEach(warning -> LOG.warn("Configuration warning {}", entry("warning", warning)));
        Instant finished = wiring.clock().instant();
        SourceResult source = outcome.report().sources().stream()
                .filter(read -> read.functionName().equals(item.function())).findFirst().orElse(null);
        Map<String, Duration> lags = new LinkedHashMap<>();
        for (TargetResult result : outcome.report().targets()) {
            ReplicaRecord record = ReplicaRecords.of(item, result, previous.get(result.targetRegion()), finished);
            wiring.state().recordReplica(record);
            log(item, result, record);
            if (ReplicaRecords.inLine(result)) {
                lags.put(result.targetRegion(), record.lag());
                recordBaseline(item, source, result.targetRegion(), finished);
            } else if (result.failed() && result.failureKind() == FailureKind.PERMANENT) {
                alertOnce(item, result, previous.get(result.targetRegion()));
            }
        }
        return new WorkOutcome(item, outcome.report(), lags);
    }

    /**
     * Alerts about a failure only a person can fix, unless the region's last record already holds the very same one:
     * every scheduled tick sends such a function back (the fix may have landed), and a person needs to hear of it
     * once, not every hour.
     */
    private void alertOnce(WorkItem item, TargetResult result, ReplicaRecord previous) {
        boolean alreadyAlerted = previous != null && previous.lastErrorKind() == FailureKind.PERMANENT
                && Objects.equals(previous.lastError(), result.error());
        if (alreadyAlerted) {
            LOG.info("Failure already alerted {} {}", entry("function", item.function()),
                    entry("targetRegion", result.targetRegion()));
            return;
        }
        wiring.alerts().publish(WorkerAlerts.permanentFailure(item, result));
    }

    private void awaitStart(WorkItem item, StopSignal stop) {
        Duration wait = StartDelay.before(item.startAfter(), wiring.clock().instant(), stop.remaining());
        if (wait.isZero()) {
            return;
        }
        LOG.info("Waiting for the rest of a burst of changes {} {}", entry("function", item.function()),
                entry("waitMillis", wait.toMillis()));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            // Lambda does not interrupt handlers; should anything else, start at once rather than not at all.
            Thread.currentThread().interrupt();
        }
    }

    private void recordBaseline(WorkItem item, SourceResult source, String region, Instant now) {
        if (item.baseline() == null) {
            return;
        }
        if (source == null || source.codeSha256() == null) {
            LOG.warn("Baseline not recorded: the source was not read {} {}", entry("function", item.function()),
                    entry("baseline", item.baseline()));
            return;
        }
        wiring.state().recordBaseline(new BaselineRecord(item.baseline(), item.function(), region,
                source.codeSha256(), source.configFingerprint(), now));
    }

    private static void log(WorkItem item, TargetResult result, ReplicaRecord record) {
        if (record.lastError() == null) {
            LOG.info("Replica in line {} {} {} {} {}", entry("function", item.function()),
                    entry("targetRegion", result.targetRegion()), entry("outcome", record.outcome()),
                    entry("reason", item.reason()), entry("lagMillis", record.lag().toMillis()));
        } else {
            LOG.warn("Replica not in line {} {} {} {} {}", entry("function", item.function()),
                    entry("targetRegion", result.targetRegion()), entry("outcome", record.outcome()),
                    entry("failureKind", record.lastErrorKind().label()), entry("problem", record.lastError()));
        }
    }
}
