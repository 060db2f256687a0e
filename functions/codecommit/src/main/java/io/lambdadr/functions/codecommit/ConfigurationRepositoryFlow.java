package io.lambdadr.functions.codecommit;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.DrConfigLoader;
import io.lambdadr.core.config.InvalidConfigException;
import io.lambdadr.functions.common.Alert;
import io.lambdadr.functions.common.AlertPublisher;
import io.lambdadr.functions.common.ConfigurationSource;
import io.lambdadr.functions.common.HandlerSettings;
import io.lambdadr.functions.common.StateStore;
import io.lambdadr.functions.common.StoredConfiguration;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration repository's pushes: a push to the configuration branch loads the DR configuration at that
 * commit, validates it as the command line does, and puts it in force for every handler (or rejects it with an
 * alert, and the last good one stays); a pushed tag that matches the baseline pattern starts a labelled reconcile.
 * Anything else in the repository, and every other repository, is ignored.
 */
final class ConfigurationRepositoryFlow {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationRepositoryFlow.class);
    private static final int SHORT_COMMIT = 12;

    private final HandlerSettings settings;
    private final ConfigurationRepository repository;
    private final ReconcileStarter reconcile;
    private final StateStore state;
    private final ConfigurationSource configuration;
    private final AlertPublisher alerts;
    private final Clock clock;
    private final DrConfigLoader loader;

    ConfigurationRepositoryFlow(HandlerSettings settings, ConfigurationRepository repository,
                                ReconcileStarter reconcile, StateStore state, ConfigurationSource configuration,
                                AlertPublisher alerts, Clock clock) {
        this.settings = settings;
        // A pushed file that names no protect tag keeps the stack's.
        this.loader = new DrConfigLoader(settings.defaultConfig());
        this.repository = repository;
        this.reconcile = reconcile;
        this.state = state;
        this.configuration = configuration;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Handles every reference an event changed, in order. */
    List<RepositoryOutcome> handle(List<ReferenceChange> changes) {
        return changes.stream().map(this::handle).toList();
    }

    private RepositoryOutcome handle(ReferenceChange change) {
        boolean configurationRepository = change.region().equals(settings.sourceRegion())
                && settings.configRepository().filter(change.repository()::equals).isPresent();
        if (!configurationRepository || change.deleted()) {
            LOG.info("Ignored a deleted reference, or one outside the configuration repository",
                    entry("repository", change.repository()), entry("reference", change.name()),
                    entry("kind", change.kind()), entry("deleted", change.deleted()));
            return RepositoryOutcome.IGNORED;
        }
        if (change.kind() == ReferenceChange.Kind.BRANCH && change.name().equals(settings.configBranch())) {
            return load(change);
        }
        if (change.kind() == ReferenceChange.Kind.TAG && settings.baselineTagPattern().matcher(change.name())
                .matches()) {
            reconcile.startBaseline(change.name());
            LOG.info("Started a baseline reconcile", entry("baseline", change.name()),
                    entry("commit", change.commit()));
            return RepositoryOutcome.BASELINE_STARTED;
        }
        LOG.info("Ignored a branch or tag that is neither the configuration nor a baseline",
                entry("reference", change.name()), entry("kind", change.kind()));
        return RepositoryOutcome.IGNORED;
    }

    private RepositoryOutcome load(ReferenceChange push) {
        String commit = push.commit();
        String source = push.repository() + "/" + settings.configPath() + " (branch " + push.name() + ", commit "
                + commit + ")";
        // Events can arrive out of order, or late: only the branch's head may become the configuration in force,
        // or an older push handled last would undo a newer one.
        Optional<String> head = repository.head(push.repository(), push.name());
        if (commit == null || !head.equals(Optional.of(commit))) {
            LOG.info("Skipped a configuration push the branch has moved past", entry("commit", commit),
                    entry("head", head.orElse(null)));
            return RepositoryOutcome.SUPERSEDED;
        }
        Optional<StoredConfiguration> inForce = state.configuration();
        if (inForce.map(StoredConfiguration::source).filter(source::equals).isPresent()) {
            // Both the trigger and the EventBridge rule may deliver one push: load it once, tell people once.
            LOG.info("That commit's configuration is already in force", entry("commit", commit));
            return RepositoryOutcome.ALREADY_IN_FORCE;
        }
        String text;
        DrConfig loaded;
        try {
            byte[] bytes = repository.file(push.repository(), commit, settings.configPath())
                    .orElseThrow(() -> new InvalidConfigException(source + ": the file does not exist at this "
                            + "commit; add it, or set the stack's configuration path to where it is"));
            text = ConfigurationText.decode(source, bytes);
            loaded = loader.parse(source, text);
        } catch (InvalidConfigException e) {
            return reject(commit, e.getMessage(), inForce);
        }
        state.storeConfiguration(new StoredConfiguration(text, source, clock.instant()));
        configuration.refresh();
        LOG.info("Put a pushed configuration in force", entry("commit", commit));
        alerts.publish(new Alert("lambda-dr: the configuration of commit " + shortened(commit) + " is in force",
                null, null, "The DR configuration " + source + " was validated and is in force from now on (every "
                        + "lambda-dr function reads it within a minute). " + summary(loaded),
                null, "Nothing. To change it, push a new commit; an invalid one is rejected and this one stays.",
                null));
        return RepositoryOutcome.CONFIGURATION_LOADED;
    }

    private RepositoryOutcome reject(String commit, String problem, Optional<StoredConfiguration> inForce) {
        LOG.warn("Rejected a pushed configuration", entry("commit", commit), entry("problem", problem));
        String kept = inForce.map(stored -> "the configuration " + stored.source())
                .orElse("the defaults (no configuration was loaded yet)");
        alerts.publish(new Alert("lambda-dr: the configuration of commit " + shortened(commit) + " was rejected",
                null, null, problem, null,
                "Fix the file and push again. Until then " + kept + " stays in force.", null));
        return RepositoryOutcome.CONFIGURATION_REJECTED;
    }

    /** Alerts about an event that is not one CodeCommit sends; it is not retried, since it would fail again. */
    RepositoryOutcome rejectEvent(String problem) {
        LOG.warn("A repository event could not be read", entry("problem", problem));
        alerts.publish(new Alert("lambda-dr: a configuration repository event could not be read", null, null,
                "The configuration repository function received an event it cannot read: " + problem
                        + ". It is dropped, not retried.",
                null, "Check that only the configuration repository's trigger and the CodeCommit Repository State "
                        + "Change rule invoke this function.", null));
        return RepositoryOutcome.MALFORMED;
    }

    private static String summary(DrConfig config) {
        String mappings = config.targets().isEmpty() ? "no region mappings"
                : "region mappings for " + String.join(", ", new TreeSet<>(config.targets().keySet()));
        return "Protect tag " + config.protectTagKey() + "=" + config.protectTagValue() + "; " + mappings
                + "; parallelism " + config.parallelism() + ".";
    }

    private static String shortened(String commit) {
        return commit.length() > SHORT_COMMIT ? commit.substring(0, SHORT_COMMIT) : commit;
    }
}
