package io.lambdadr.core.domain;

import java.util.Objects;

/**
 * One published version of a function: its number in its own region, its code and its configuration (whose
 * description is the version's description).
 */
public record PublishedVersion(String version, CodeIdentity code, FunctionConfig config) {

    public PublishedVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(config, "config");
    }

    /** Version numbers as integers, for ordering; {@code $LATEST} sorts last. */
    public long number() {
        return FunctionSnapshot.LATEST.equals(version) ? Long.MAX_VALUE : Long.parseLong(version);
    }
}
