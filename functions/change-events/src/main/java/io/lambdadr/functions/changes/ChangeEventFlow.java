package io.lambdadr.functions.changes;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.AlertPublisher;
import io.lambdadr.functions.common.ConfigurationSource;
import io.lambdadr.functions.common.StateStore;
import io.lambdadr.functions.common.WorkDispatcher;
import io.lambdadr.functions.common.WorkItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a CloudTrail record of a Lambda call into work for the replication worker: only for a successful call that
 * changed a protected function of the source region, and only once per burst of such calls.
 *
 * <p>A deployment makes several calls within seconds (code, configuration, version, alias). The first event claims the
 * change in the state table and sends the worker a work item that waits {@link #BURST_SETTLE} after the call, so
 * that the rest of the burst lands before the worker reads the source; the events that find the claim held are
 * dropped. No change is missed: the worker gives up the claim before it reads the source, so a change made before
 * that moment is in what it reads, and the event of any later change finds no claim and sends the worker again. A
 * claim whose worker never ran lapses after {@link #CLAIM_LIFETIME}, and the scheduled reconcile catches what the
 * events missed.
 */
final class ChangeEventFlow {

    /** How long a claim holds at most: the worker's wait plus its usual queueing, with room to spare. */
    static final Duration CLAIM_LIFETIME = Duration.ofSeconds(60);

    /** How long after the first call of a burst the worker waits before it reads the source. */
    static final Duration BURST_SETTLE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventFlow.class);

    private final String sourceRegion;
    private final FunctionProtection protection;
    private final ConfigurationSource configuration;
    private final StateStore state;
    private final WorkDispatcher dispatcher;
    private final AlertPublisher alerts;
    private final Clock clock;

    ChangeEventFlow(String sourceRegion, FunctionProtection protection, ConfigurationSource configuration,
                    StateStore state, WorkDispatcher dispatcher, AlertPublisher alerts, Clock clock) {
        this.sourceRegion = sourceRegion;
        this.protection = protection;
        this.configuration = configuration;
        this.state = state;
        this.dispatcher = dispatcher;
        this.alerts = alerts;
        this.clock = clock;
    }

    ChangeOutcome handle(LambdaApiCall call) {
        if (call.eventName() == null) {
            return malformed(call, "detail.eventName");
        }
        Optional<String> change = call.change();
        if (change.isEmpty()) {
            LOG.info("Ignored a call that changes nothing replicated", entry("eventName", call.eventName()),
                    entry("eventId", call.eventId()));
            return ChangeOutcome.NOT_A_CHANGE;
        }
        if (call.errorCode() != null) {
            LOG.info("Ignored a failed call: it changed nothing", entry("eventName", call.eventName()),
                    entry("errorCode", call.errorCode()), entry("function", call.functionReference()));
            return ChangeOutcome.FAILED_CALL;
        }
        if (!sourceRegion.equals(call.region())) {
            LOG.info("Ignored a call in another region than the source", entry("eventName", call.eventName()),
                    entry("region", call.region()), entry("sourceRegion", sourceRegion));
            return ChangeOutcome.OTHER_REGION;
        }
        Optional<String> function = call.function();
        if (function.isEmpty()) {
            return malformed(call, call.functionField());
        }
        return replicate(function.get(), change.get(), call);
    }

    private ChangeOutcome replicate(String function, String change, LambdaApiCall call) {
        FunctionProtection.Status status = protection.of(function, configuration.current());
        if (status == FunctionProtection.Status.NOT_FOUND) {
            // DR copies outlive their source on purpose; the reconcile reports a source that is gone.
            LOG.info("Ignored a change to a function deleted since", entry("function", function),
                    entry("change", change));
            return ChangeOutcome.FUNCTION_GONE;
        }
        if (status == FunctionProtection.Status.NOT_PROTECTED) {
            LOG.info("Ignored a change to a function that is not protected", entry("function", function),
                    entry("change", change));
            return ChangeOutcome.NOT_PROTECTED;
        }
        Instant changedAt = call.eventTime() != null ? call.eventTime() : clock.instant();
        String token = UUID.randomUUID().toString();
        if (!state.claimChange(function, token, clock.instant().plus(CLAIM_LIFETIME))) {
            LOG.info("Coalesced a change into the replication already sent", entry("function", function),
                    entry("change", change), entry("changedAt", changedAt.toString()));
            return ChangeOutcome.COALESCED;
        }
        WorkItem item = new WorkItem(function, "change", null, null, changedAt, null, null)
                .withChangeClaim(token, changedAt.plus(BURST_SETTLE));
        try {
            dispatcher.dispatch(item);
        } catch (RuntimeException e) {
            // Nobody will give the claim up: do it now, so that Lambda's retry of this event (or the next change)
            // can claim and send the worker, rather than be coalesced into work that was never sent.
            state.releaseChange(function, token);
            throw e;
        }
        LOG.info("Sent the worker a changed function", entry("function", function), entry("change", change),
                entry("changedAt", changedAt.toString()), entry("startAfter", item.startAfter().toString()));
        return ChangeOutcome.DISPATCHED;
    }

    private ChangeOutcome malformed(LambdaApiCall call, String missing) {
        LOG.warn("A change event could not be read", entry("eventId", call.eventId()),
                entry("eventName", call.eventName()), entry("missing", missing));
        String what = call.eventName() != null ? call.eventName() : "Lambda API call";
        alerts.publish(new Alert("lambda-dr: a " + what + " event could not be read", null, call.region(),
                "EventBridge event " + call.eventId() + " (" + what + ") has no " + missing
                        + ", so lambda-dr cannot tell what changed. The event is dropped, not retried.",
                null, "Nothing is lost if this is rare: the scheduled reconcile compares every protected function. "
                        + "If it repeats, check that the change-events rule matches only CloudTrail events of "
                        + "aws.lambda, and look the event up in CloudTrail by its time.",
                null));
        return ChangeOutcome.MALFORMED;
    }
}
