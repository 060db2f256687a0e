package io.lambdadr.functions.common;

import java.time.Instant;

/**
 * The DR configuration in force for every handler, as loaded from the configuration repository.
 *
 * @param yaml     the file's text, validated when stored
 * @param source   where it came from, for messages: repository, branch, path and commit
 * @param loadedAt when it was stored
 */
public record StoredConfiguration(String yaml, String source, Instant loadedAt) {
}
