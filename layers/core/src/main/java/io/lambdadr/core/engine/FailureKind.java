package io.lambdadr.core.engine;

import java.util.Locale;

/**
 * Whether trying again can help a failure, so that a handler knows to let Lambda retry it or to alert a person at
 * once.
 */
public enum FailureKind {
    /**
     * Trying again as it is cannot help: a reference without a translation, a same-named function that is not a
     * replica, a function missing from the source, a configuration Lambda refuses, a change Lambda does not keep.
     * A person must act.
     */
    PERMANENT,
    /**
     * Trying again later may well succeed: throttling, server errors or conflicts that outlasted their retries, a
     * replica that kept changing, a call or download that stalled.
     */
    TRANSIENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
