package io.lambdadr.functions.common;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.DrConfigLoader;
import io.lambdadr.core.config.InvalidConfigException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The DR configuration every handler uses: the one last loaded from the configuration repository (stored in the state
 * table, validated before it was stored), or the defaults (with the stack's protect tag) when none ever was. Read at most once a minute per
 * container, so that a push takes effect within a minute without a read per invocation.
 */
public final class ConfigurationSource {

    static final Duration REFRESH = Duration.ofMinutes(1);

    private final StateStore state;
    private final DrConfig defaults;
    private final Clock clock;
    private DrConfig cached;
    private Instant readAt;

    /** @param defaults what applies until a configuration is loaded */
    public ConfigurationSource(StateStore state, DrConfig defaults, Clock clock) {
        this.state = state;
        this.defaults = defaults;
        this.clock = clock;
    }

    /** The configuration in force. */
    public synchronized DrConfig current() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(readAt.plus(REFRESH))) {
            Optional<StoredConfiguration> stored = state.configuration();
            cached = stored.map(this::parse).orElse(defaults);
            readAt = now;
        }
        return cached;
    }

    /** Forgets what was read, so that the next call reads the table (after a new configuration was stored). */
    public synchronized void refresh() {
        cached = null;
    }

    private DrConfig parse(StoredConfiguration stored) {
        try {
            return new DrConfigLoader(defaults).parse(stored.source(), stored.yaml());
        } catch (InvalidConfigException e) {
            // Only validated text is stored; a stored file this build cannot read means an older or newer release
            // wrote it. Say so rather than replicate under defaults that could be wrong.
            throw new InvalidConfigException("the configuration in force (" + stored.source() + ") no longer "
                    + "validates: " + e.getMessage() + "; push a corrected file", e);
        }
    }
}
