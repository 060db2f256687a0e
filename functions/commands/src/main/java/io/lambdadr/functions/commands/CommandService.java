package io.lambdadr.functions.commands;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.DrConfigLoader;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.usecase.ReplicationOutcome;
import io.lambdadr.core.usecase.ReplicationRequest;
import io.lambdadr.core.usecase.ReplicationRequest.Selection;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.AlertPublisher;
import io.lambdadr.functions.common.HandlerMetrics;
import io.lambdadr.functions.common.HandlerSettings;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.functions.common.Wiring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs command messages for both command handlers. A message is run, or answered with an alert and dropped when it is
 * not a command ({@link MalformedCommandException}) or cannot run as the stack is deployed (an
 * {@link InvalidConfigException}: a missing setting, a configuration that no longer validates), since trying again
 * cannot help either. Any other failure (throttling, an unreachable service) propagates, for the caller's retries.
 */
final class CommandService {

    /** Deliveries of a queued command before it is given up with an alert: the queue has no dead-letter queue. */
    static final int MAX_RECEIVES = 5;

    /** The reconcile's event for a run asked for by a command. */
    static final String RECONCILE_EVENT = "{\"trigger\": \"command\"}";

    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
    private static final ReplicationRequest.Labels LABELS =
            new ReplicationRequest.Labels("SOURCE_REGION", "TARGET_REGIONS", "functions");

    private final CommandParser parser = new CommandParser();
    private final Wiring wiring;
    private final HandlerSettings settings;
    private final AlertPublisher alerts;
    private final AsyncInvoker invoker;
    private final FailureArchive archive;
    private final HandlerMetrics metrics;

    /**
     * @param wiring  the container's settings, ports, worker dispatch, alerts and configuration
     * @param invoker starts the reconcile and redriven functions
     * @param archive the failure archive that {@code redrive} empties
     * @param metrics where the handler's counts go (it flushes them)
     */
    CommandService(Wiring wiring, AsyncInvoker invoker, FailureArchive archive, HandlerMetrics metrics) {
        this.wiring = wiring;
        this.settings = wiring.settings();
        this.alerts = wiring.alerts();
        this.invoker = invoker;
        this.archive = archive;
        this.metrics = metrics;
    }

    /** The service over the archive queue of the settings (ARCHIVE_QUEUE_URL), with a client built once here. */
    static CommandService over(Wiring wiring, AsyncInvoker invoker, HandlerMetrics metrics) {
        return new CommandService(wiring, invoker,
                new SqsFailureArchive(wiring.newSqsClient(), wiring.settings().archiveQueueUrl()), metrics);
    }

    /** Lambda's Invoke, in the home region unless a function's ARN names another. */
    static AsyncInvoker invokerOver(Wiring wiring) {
        return new LambdaAsyncInvoker(wiring.clients(), wiring.settings().sourceRegion());
    }

    /**
     * Runs one message, or alerts and drops it when trying again cannot help.
     *
     * @throws RuntimeException when it failed in a way a retry may cure; nothing was alerted
     */
    void run(String message, StopSignal stop) {
        Command command;
        try {
            command = parser.parse(message);
        } catch (MalformedCommandException e) {
            LOG.warn("command rejected", entry("problems", e.problems()));
            alerts.publish(CommandNotices.rejected(message, e.problems()));
            metrics.count("CommandsRejected");
            return;
        }
        try {
            execute(command, stop);
            metrics.count("CommandsRun");
            LOG.info("command run", entry("command", command.name()));
        } catch (InvalidConfigException e) {
            LOG.error("command could not run", entry("command", command.name()), entry("problem", e.getMessage()));
            alerts.publish(CommandNotices.notRun(command.name(), message, e.getMessage()));
            metrics.count("CommandsNotRun");
        } catch (RuntimeException e) {
            LOG.warn("command failed; it is retried", entry("command", command.name()), entry("problem", why(e)));
            throw e;
        }
    }

    /**
     * Runs one message of the commands queue.
     *
     * @param receiveCount how many times the queue has delivered it, this time included
     * @return true when the message is finished with (run, alerted, or given up after {@link #MAX_RECEIVES}
     *         deliveries with an alert); false when it should be delivered again
     */
    boolean runQueued(String message, int receiveCount, StopSignal stop) {
        try {
            run(message, stop);
            return true;
        } catch (RuntimeException e) {
            if (receiveCount < MAX_RECEIVES) {
                return false;
            }
            try {
                alerts.publish(CommandNotices.keptFailing(message, receiveCount, why(e)));
            } catch (RuntimeException alertFailure) {
                // Kept in the queue rather than dropped unseen: the next delivery tries the alert again.
                LOG.error("could not alert a command that kept failing", entry("problem", why(alertFailure)));
                return false;
            }
            metrics.count("CommandsGivenUp");
            return true;
        }
    }

    private void execute(Command command, StopSignal stop) {
        switch (command) {
            case Command.Replicate replicate -> replicate(replicate.selection(), stop);
            case Command.Reconcile reconcile -> invoker.invoke(settings.requireReconcileFunction(), RECONCILE_EVENT);
            case Command.Status status -> status(status.selection(), stop);
            case Command.Redrive redrive -> redrive(redrive.max());
            case Command.ValidateConfig validate -> validateConfig(validate.yaml());
        }
    }

    private void replicate(Selection selection, StopSignal stop) {
        DrConfig config = wiring.configuration().current();
        List<String> functions = switch (selection) {
            case Selection.Functions named -> named.names();
            case Selection.AllProtected all -> wiring.ports().protectedFunctions(settings.sourceRegion(), config, stop);
        };
        if (functions.isEmpty()) {
            alerts.publish(new Alert("lambda-dr: replicate: no protected function", null, settings.sourceRegion(),
                    "nothing was queued: no function in " + settings.sourceRegion() + " carries the protect tag "
                            + config.protectTagKey() + "=" + config.protectTagValue(),
                    null, "Tag the functions to protect, or name them in the command.", null));
            return;
        }
        Instant now = wiring.clock().instant();
        for (String function : functions) {
            wiring.dispatcher().dispatch(WorkItem.of(function, "command", now));
            metrics.count("WorkDispatched");
        }
        LOG.info("work dispatched", entry("functions", functions.size()));
    }

    private void status(Selection selection, StopSignal stop) {
        ReplicationRequest request = ReplicationRequest.of(LABELS, settings.sourceRegion(), settings.targetRegions(),
                selection, ReplicationEngine.Mode.STATUS, wiring.configuration().current(), false);
        ReplicationOutcome outcome = wiring.runner().run(request, stop);
        alerts.publish(StatusReport.alertOf(outcome));
    }

    private void redrive(int max) {
        List<String> redriven = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            for (ArchivedFailure failure : archive.take(max)) {
                FailedInvocation invocation;
                try {
                    invocation = FailedInvocation.from(failure.rawRecord());
                } catch (IllegalArgumentException e) {
                    // The record reached people when it was archived; it is quoted again here, and not kept to
                    // block every later redrive.
                    skipped.add(e.getMessage() + "; the record: " + CommandNotices.quoted(failure.rawRecord()));
                    archive.remove(failure);
                    continue;
                }
                invoker.invoke(invocation.function(), invocation.payload());
                archive.remove(failure);
                redriven.add(invocation.function() + invocation.replicatedFunction()
                        .map(function -> " (the work item for " + function + ")").orElse(""));
                metrics.count("FailuresRedriven");
            }
        } catch (RuntimeException e) {
            if (!redriven.isEmpty() || !skipped.isEmpty()) {
                try {
                    alerts.publish(CommandNotices.redriven(redriven, skipped, why(e)));
                } catch (RuntimeException alertFailure) {
                    e.addSuppressed(alertFailure);
                }
            }
            throw e;
        }
        LOG.info("failures redriven", entry("redriven", redriven.size()), entry("skipped", skipped.size()));
        alerts.publish(CommandNotices.redriven(redriven, skipped, null));
    }

    private void validateConfig(String yaml) {
        DrConfigLoader loader = new DrConfigLoader(wiring.settings().defaultConfig());
        try {
            alerts.publish(CommandNotices.configurationValid(loader.parse("the validate-config yaml", yaml)));
        } catch (InvalidConfigException e) {
            alerts.publish(CommandNotices.configurationInvalid(e.getMessage()));
        }
    }

    private static String why(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
