package io.lambdadr.functions.common;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: the state table. Per function and target region the last replication ({@link ReplicaRecord}); baselines;
 * the configuration in force; and claims that coalesce a burst of change events into one replication. A cache of
 * what the replicas say of themselves: losing it loses nothing but a little speed.
 */
public interface StateStore {

    /** What the table holds of each replica of {@code function}, by target region; empty when nothing. */
    Map<String, ReplicaRecord> replicas(String function);

    void recordReplica(ReplicaRecord record);

    void recordBaseline(BaselineRecord record);

    /** Every baseline recorded for {@code function}. */
    List<BaselineRecord> baselines(String function);

    /** The configuration in force, if one was ever loaded. */
    Optional<StoredConfiguration> configuration();

    void storeConfiguration(StoredConfiguration configuration);

    /**
     * Claims the replication of a change to {@code function}: true when no other claim is held, false when one is
     * (another change of the same burst already sent the worker). The claim lapses at {@code until} on its own.
     */
    boolean claimChange(String function, String token, Instant until);

    /**
     * Gives up a claim, just before the worker reads the source: changes after that moment claim anew, so none is
     * missed.
     */
    void releaseChange(String function, String token);
}
