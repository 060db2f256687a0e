package io.lambdadr.core.engine;

import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.LayerVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source region held in memory: snapshots by function name, and code "downloads" that write a small file and are
 * recorded. Counts its calls against the current {@link ApiCallTally}, as the Lambda adapter's interceptor does.
 */
public final class FakeSourceRegion implements SourceRegion {

    public static final String REGION = "us-east-1";

    private final Map<String, FunctionSnapshot> functions = new ConcurrentHashMap<>();
    private final List<String> downloads = new ArrayList<>();
    private final AtomicInteger snapshots = new AtomicInteger();
    private final AtomicInteger snapshotsUnderWay = new AtomicInteger();
    private final AtomicInteger mostSnapshotsAtOnce = new AtomicInteger();
    private volatile Duration snapshotPause = Duration.ZERO;

    private final Map<String, LayerVersion> layers = new ConcurrentHashMap<>();
    private final Map<String, List<LayerVersion.Permission>> layerPermissions = new ConcurrentHashMap<>();

    /** A layer version the region holds (readable by this account), with its policy's statements. */
    public FakeSourceRegion addLayer(LayerVersion layer, LayerVersion.Permission... permissions) {
        layers.put(layer.arn(), layer);
        layerPermissions.put(layer.arn(), List.of(permissions));
        return this;
    }

    public FakeSourceRegion add(FunctionSnapshot snapshot) {
        functions.put(snapshot.functionName(), snapshot);
        return this;
    }

    /** How many snapshots were taken so far. */
    public int snapshotCount() {
        return snapshots.get();
    }

    /** Every download so far, as {@code function qualifier sha256}. */
    public synchronized List<String> downloads() {
        return List.copyOf(downloads);
    }

    @Override
    public String name() {
        return REGION;
    }

    @Override
    public List<String> listFunctionsTagged(String tagKey, String tagValue) {
        ApiCallTally.current().countCall("GetResources");
        return functions.values().stream()
                .filter(snapshot -> tagValue.equals(snapshot.tags().get(tagKey)))
                .map(FunctionSnapshot::functionName)
                .sorted()
                .toList();
    }

    @Override
    public FunctionSnapshot snapshot(String functionName) {
        ApiCallTally.current().countCall("GetFunction");
        snapshots.incrementAndGet();
        int reading = snapshotsUnderWay.incrementAndGet();
        mostSnapshotsAtOnce.accumulateAndGet(reading, Math::max);
        try {
            if (snapshotPause.toNanos() > 0) {
                Thread.sleep(snapshotPause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            snapshotsUnderWay.decrementAndGet();
        }
        FunctionSnapshot snapshot = functions.get(functionName);
        if (snapshot == null) {
            throw new FunctionNotFoundException(functionName, REGION);
        }
        return snapshot;
    }

    /** Makes each snapshot take {@code pause}, as a chain of paced calls does. */
    public FakeSourceRegion snapshotsTake(Duration pause) {
        snapshotPause = pause;
        return this;
    }

    /** The most snapshots that were under way at one time. */
    public int mostSnapshotsAtOnce() {
        return mostSnapshotsAtOnce.get();
    }

    @Override
    public CodePackage downloadCode(String functionName, String qualifier, CodeIdentity expected, Path destination) {
        ApiCallTally.current().countCall("GetFunction");
        synchronized (this) {
            downloads.add(functionName + " " + qualifier + " " + expected.sha256());
        }
        try {
            Files.writeString(destination, expected.sha256(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ApiCallTally.current().addCodeBytes(expected.sizeBytes());
        return new CodePackage(destination, expected);
    }

    @Override
    public Optional<LayerVersion> layerVersion(String layerVersionArn) {
        ApiCallTally.current().countCall("GetLayerVersionByArn");
        return Optional.ofNullable(layers.get(layerVersionArn));
    }

    @Override
    public List<LayerVersion.Permission> layerPermissions(String layerVersionArn) {
        ApiCallTally.current().countCall("GetLayerVersionPolicy");
        return layerPermissions.getOrDefault(layerVersionArn, List.of());
    }

    @Override
    public CodePackage downloadLayer(String layerVersionArn, CodeIdentity expected, Path destination) {
        return downloadCode(LayerVersion.layerNameOf(layerVersionArn), "layer-" + LayerVersion.versionOf(layerVersionArn),
                expected, destination);
    }
}
