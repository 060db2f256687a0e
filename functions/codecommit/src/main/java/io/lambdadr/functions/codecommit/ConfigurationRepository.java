package io.lambdadr.functions.codecommit;

import java.util.Optional;

/** Port: the repository that holds the DR configuration, read at a commit. */
interface ConfigurationRepository {

    /** The commit a branch points at now; empty when the branch does not exist (any more). */
    Optional<String> head(String repository, String branch);

    /** A file's bytes at a commit; empty when the file does not exist there. */
    Optional<byte[]> file(String repository, String commit, String path);
}
