package io.lambdadr.functions.codecommit;

import java.util.Locale;

/** What the configuration-repository flow did with one pushed reference, and the metric that counts it. */
enum RepositoryOutcome {
    /** A valid configuration was stored: every handler uses it from now on. */
    CONFIGURATION_LOADED("ConfigurationLoaded"),
    /** The pushed configuration is invalid, missing or unreadable: alerted; the one in force stays. */
    CONFIGURATION_REJECTED("ConfigurationRejected"),
    /** That commit's configuration is already in force (the same push delivered twice). */
    ALREADY_IN_FORCE("ConfigurationAlreadyInForce"),
    /** The branch has moved past the pushed commit: the event of the newer push decides. */
    SUPERSEDED("ConfigurationSuperseded"),
    /** A baseline tag started a full reconcile. */
    BASELINE_STARTED("BaselinesStarted"),
    /** Another repository, another branch, a tag that is no baseline, a deleted reference. */
    IGNORED("RepositoryEventsIgnored"),
    /** Not an event CodeCommit sends: alerted, not retried. */
    MALFORMED("MalformedRepositoryEvents");

    private final String metric;

    RepositoryOutcome(String metric) {
        this.metric = metric;
    }

    /** The metric that counts this outcome. */
    String metric() {
        return metric;
    }

    /** The outcome as the handler returns it: {@code configuration-loaded}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
