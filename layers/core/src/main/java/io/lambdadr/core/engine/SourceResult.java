package io.lambdadr.core.engine;

/**
 * The cost of reading one function from the source region, shared by all its target regions, and what was read.
 *
 * @param functionName        the function
 * @param error               why it could not be read, or null
 * @param failureKind         whether trying again can help, when it could not be read
 * @param reads               read API calls made against the source region
 * @param codeBytesDownloaded code bytes downloaded (each source version at most once)
 * @param codeSha256          the CodeSha256 of the source's {@code $LATEST} as the run first read it; null when it
 *                            could not be read or the run stopped first
 * @param configFingerprint   a digest of the source's configuration as the run first read it
 *                            ({@link io.lambdadr.core.domain.ConfigurationFingerprint}), never the values themselves;
 *                            null when {@code codeSha256} is
 */
public record SourceResult(String functionName, String error, FailureKind failureKind, long reads,
                           long codeBytesDownloaded, String codeSha256, String configFingerprint) {
}
