package io.lambdadr.functions.commands;

import java.util.List;

/**
 * Port: the archive of failure records (the queue the alerts topic feeds with {@code kind=failure} alerts), which
 * {@code redrive} empties.
 */
interface FailureArchive {

    /**
     * Takes up to {@code max} records out of sight of other readers for a while; those not {@link #remove removed}
     * in that time come back.
     */
    List<ArchivedFailure> take(int max);

    /** Removes a record taken earlier, once it was dealt with. */
    void remove(ArchivedFailure failure);
}
