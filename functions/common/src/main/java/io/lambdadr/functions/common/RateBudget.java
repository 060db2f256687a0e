package io.lambdadr.functions.common;

import io.lambdadr.core.config.DrConfig;

/**
 * Divides the account's control-plane rate budget per region among everything that may call Lambda at once: up to
 * {@code workers} replication workers (their reserved concurrency) and up to {@code flows} instances of the other
 * flows (reconcile, change events, commands: their reserved or maximum concurrency, added up). Each instance paces
 * itself at one share, so however many run together the fleet stays under the budget, and so under Lambda's quota.
 */
public final class RateBudget {

    private RateBudget() {
    }

    /** One instance's share of {@code fleet}, per region. */
    public static DrConfig.RateLimits shareOf(DrConfig.RateLimits fleet, int workers, int flows) {
        int sharers = workers + flows;
        return new DrConfig.RateLimits(fleet.getFunctionPerSecond() / sharers, fleet.controlPlanePerSecond() / sharers);
    }
}
