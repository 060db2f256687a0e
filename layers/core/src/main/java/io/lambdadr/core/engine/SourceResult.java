package io.lambdadr.core.engine;

/**
 * The cost of reading one function from the source region, shared by all its target regions.
 *
 * @param functionName        the function
 * @param error               why it could not be read, or null
 * @param failureKind         whether trying again can help, when it could not be read
 * @param reads               read API calls made against the source region
 * @param codeBytesDownloaded code bytes downloaded (each source version at most once)
 */
public record SourceResult(String functionName, String error, FailureKind failureKind, long reads,
                           long codeBytesDownloaded) {
}
