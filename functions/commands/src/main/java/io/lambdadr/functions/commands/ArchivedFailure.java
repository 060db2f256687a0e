package io.lambdadr.functions.commands;

/**
 * One failure record taken from the archive.
 *
 * @param handle    what the archive needs to remove it
 * @param rawRecord the failure record, as the failed function's OnFailure destination received it
 */
record ArchivedFailure(String handle, String rawRecord) {
}
