package io.lambdadr.functions.worker;

import io.lambdadr.functions.common.BaselineRecord;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.StateStore;
import io.lambdadr.functions.common.StoredConfiguration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The state table in memory, for unit tests; tells a listener when a claim is given up. */
final class InMemoryStateStore implements StateStore {

    private final Map<String, Map<String, ReplicaRecord>> replicas = new LinkedHashMap<>();
    private final List<BaselineRecord> baselines = new ArrayList<>();
    private final Map<String, String> claims = new LinkedHashMap<>();
    private BiConsumer<String, String> onRelease = (function, token) -> { };
    private StoredConfiguration configuration;

    /** Runs {@code listener} with the function and token of every claim given up. */
    InMemoryStateStore onRelease(BiConsumer<String, String> listener) {
        onRelease = listener;
        return this;
    }

    @Override
    public synchronized Map<String, ReplicaRecord> replicas(String function) {
        return Map.copyOf(replicas.getOrDefault(function, Map.of()));
    }

    @Override
    public synchronized void recordReplica(ReplicaRecord record) {
        replicas.computeIfAbsent(record.function(), name -> new LinkedHashMap<>()).put(record.targetRegion(), record);
    }

    @Override
    public synchronized void recordBaseline(BaselineRecord record) {
        baselines.add(record);
    }

    @Override
    public synchronized List<BaselineRecord> baselines(String function) {
        return baselines.stream().filter(record -> record.function().equals(function)).toList();
    }

    @Override
    public synchronized Optional<StoredConfiguration> configuration() {
        return Optional.ofNullable(configuration);
    }

    @Override
    public synchronized void storeConfiguration(StoredConfiguration stored) {
        configuration = stored;
    }

    @Override
    public synchronized boolean claimChange(String function, String token, Instant until) {
        return claims.putIfAbsent(function, token) == null;
    }

    @Override
    public synchronized void releaseChange(String function, String token) {
        onRelease.accept(function, token);
        claims.remove(function, token);
    }
}
