package io.lambdadr.functions.common;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.DrConfigLoader;
import io.lambdadr.core.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The DR configuration every handler uses: the one last loaded from the configuration repository (stored in the state
 * table, validated before it was stored), or the defaults (with the stack's protect tag) when none ever was. Read at
 * most once a minute per container, so that a push takes effect within a minute without a read per invocation.
 */
public final class ConfigurationSource {

    static final Duration REFRESH = Duration.ofMinutes(1);
    static final String DEFAULTS_IDENTITY = "defaults";

    private final StateStore state;
    private final DrConfig defaults;
    private final Clock clock;
    private DrConfig cached;
    private String cachedIdentity;
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
            cachedIdentity = stored.map(file -> "file:" + sha256(file.yaml())).orElse(DEFAULTS_IDENTITY);
            readAt = now;
        }
        return cached;
    }

    /**
     * What identifies the configuration in force, as {@link #current()} last read it: a SHA-256 digest of the stored
     * file's text, or {@value #DEFAULTS_IDENTITY}. The reconcile folds it into each function's fingerprint, so that
     * replicas brought in line under one configuration (its target mappings, its staging) are checked again, once,
     * under the next.
     */
    public synchronized String identity() {
        current();
        return cachedIdentity;
    }

    /** Forgets what was read, so that the next call reads the table (after a new configuration was stored). */
    public synchronized void refresh() {
        cached = null;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
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
