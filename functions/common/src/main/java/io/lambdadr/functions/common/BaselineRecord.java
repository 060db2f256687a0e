package io.lambdadr.functions.common;

import java.time.Instant;

/**
 * Which source code and configuration one replica held at a baseline (a pushed tag): enough to say later whether a
 * replica still matches the baseline, or what it held then.
 *
 * @param baseline          the tag
 * @param function          the function
 * @param targetRegion      the replica's region
 * @param codeSha256        the source code's CodeSha256 at the baseline
 * @param configFingerprint a digest of the source configuration at the baseline (never the values themselves)
 * @param recordedAt        when it was recorded
 */
public record BaselineRecord(String baseline, String function, String targetRegion, String codeSha256,
                             String configFingerprint, Instant recordedAt) {
}
