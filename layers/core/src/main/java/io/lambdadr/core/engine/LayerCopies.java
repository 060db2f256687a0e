package io.lambdadr.core.engine;

import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.FunctionSnapshot;
import io.lambdadr.core.domain.LayerVersion;
import io.lambdadr.core.domain.PublishedVersion;
import io.lambdadr.core.domain.ReplicaMarkers;
import io.lambdadr.core.domain.TargetMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.Comparator;

/**
 * The layers a function uses, for one target region: by content, not by number.
 *
 * <ul>
 *   <li>A layer of the function's own account is replicated: its version in the target is one lambda-dr published
 *       from that source version (the marker in its description) holding the same content (CodeSha256), with the
 *       source version's runtimes, architectures, license and permissions; published when there is none. Layer
 *       version numbers differ between regions, so the function's reference is rewritten through this map.</li>
 *   <li>A layer of another account (a vendor's) is used at the ARN the configuration maps it to, else at the same
 *       ARN in the target region; where Lambda lets this account read both, their content is compared and a
 *       difference reported as drift, which lambda-dr cannot repair.</li>
 * </ul>
 * A layer the configuration maps explicitly is used as mapped. Results are kept for the run, not longer: functions
 * sharing a layer publish it once per target region, and the next run looks again.
 */
final class LayerCopies {

    private final SourceRegion source;
    private final Path workDir;
    private final StopSignal stop;
    /**
     * Target region and source layer version ARN to the target's copy, once found or published: its ARN, and what its
     * permissions lacked when it was found, for every function of the run that uses it to report (when not applying,
     * nothing repairs it in between).
     */
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    /** One lock per key of {@link #copies}, held while the copy is found or published. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Source layer version ARN to its permission statements, read once per run for every target region. */
    private final Map<String, List<LayerVersion.Permission>> sourcePermissions = new ConcurrentHashMap<>();

    LayerCopies(SourceRegion source, Path workDir, StopSignal stop) {
        this.source = source;
        this.workDir = workDir;
        this.stop = stop;
    }

    /**
     * Forgets what an earlier run found: a layer copy's permissions, and the source's, may have changed since. Called
     * as a run starts, before any function is worked.
     */
    void startRun() {
        copies.clear();
        locks.clear();
        sourcePermissions.clear();
    }

    /**
     * What the function's layers become in one target region.
     *
     * @param arns  source layer version ARN to the ARN the replica must use, for the layers replicated by content
     * @param notes what was published, for the report
     * @param drift differences lambda-dr found and cannot repair, or (when not applying) layers not yet published
     */
    record Resolution(Map<String, String> arns, List<String> notes, List<String> drift) {

        /** The mappings with the replicated layers' ARNs added (an explicit mapping of the same ARN wins). */
        TargetMappings applyTo(TargetMappings mappings) {
            Map<String, String> merged = new LinkedHashMap<>(arns);
            merged.putAll(mappings.arns());
            return mappings.withArns(merged);
        }
    }

    Resolution resolve(FunctionSnapshot snapshot, ReplicaRegion target, TargetMappings mappings, boolean apply) {
        // arn:<partition>:lambda:<region>:<account>:function:<name>
        String ownAccount = snapshot.functionArn().split(":", -1)[4];
        Map<String, String> arns = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<String> drift = new ArrayList<>();
        for (String layer : layersOf(snapshot)) {
            if (mappings.arns().containsKey(layer) || !LayerVersion.isLayerVersionArn(layer)) {
                continue;
            }
            if (ownAccount.equals(LayerVersion.accountOf(layer))) {
                String known = copyIn(target, layer, apply, notes, drift);
                if (known == null) {
                    drift.add("layer " + LayerVersion.layerNameOf(layer) + ":" + LayerVersion.versionOf(layer)
                            + " (not yet published in " + target.name() + ")");
                    arns.put(layer, "(layer " + LayerVersion.layerNameOf(layer) + ":" + LayerVersion.versionOf(layer)
                            + " to be published in " + target.name() + ")");
                } else {
                    arns.put(layer, known);
                }
            } else {
                compareVendorLayer(layer, target, mappings, drift);
            }
        }
        return new Resolution(arns, notes, drift);
    }

    /**
     * The copy of an own layer version in one target region, found or published once per run: functions worked at
     * the same time that share the layer wait for the first to find or publish it, rather than each publish a copy.
     * What its permissions lacked when it was found is reported for each of them.
     */
    private String copyIn(ReplicaRegion target, String layer, boolean apply, List<String> notes,
                          List<String> drift) {
        String key = target.name() + " " + layer;
        synchronized (locks.computeIfAbsent(key, unused -> new Object())) {
            Copy copy = copies.get(key);
            if (copy != null) {
                drift.addAll(copy.drift());
                return copy.arn();
            }
            List<String> found = new ArrayList<>();
            String arn = replicate(layer, target, apply, notes, found);
            if (arn != null) {
                copies.put(key, new Copy(arn, List.copyOf(found)));
            }
            drift.addAll(found);
            return arn;
        }
    }

    /**
     * The target's copy of an own layer version: found (its permissions brought in line with the source's), or
     * published when applying; null when there is none and not applying.
     */
    private String replicate(String layer, ReplicaRegion target, boolean apply, List<String> notes,
                             List<String> drift) {
        LayerVersion sourceVersion = source.layerVersion(layer).orElseThrow(() ->
                new ReplicationException("Layers: " + layer + " does not exist in " + source.name()
                        + " or cannot be read; give the function a layer version that exists", null,
                        FailureKind.PERMANENT));
        String name = LayerVersion.layerNameOf(layer);
        String number = LayerVersion.versionOf(layer);
        Optional<String> existing = target.replicatedLayerVersion(name, number, sourceVersion.code());
        if (existing.isPresent()) {
            keepPermissionsInLine(layer, existing.get(), target, apply, notes, drift);
            return existing.get();
        }
        if (!apply) {
            return null;
        }
        stop.throwIfSet("before publishing layer " + name + ":" + number);
        Path folder = folder();
        try {
            CodePackage content = source.downloadLayer(layer, sourceVersion.code(), folder.resolve("layer.zip"));
            LayerVersion published = target.publishLayerVersion(name, sourceVersion, content,
                    ReplicaMarkers.versionDescription(sourceVersion.description(), number));
            if (!published.code().sameCodeAs(sourceVersion.code())) {
                throw new ReplicationException("layer " + name + ":" + number + " published in " + target.name()
                        + " as " + published.arn() + " holds other content than the source's (CodeSha256 "
                        + published.code().sha256() + ", not " + sourceVersion.code().sha256() + ")", null,
                        FailureKind.TRANSIENT);
            }
            List<LayerVersion.Permission> permissions = permissionsOf(layer);
            target.addLayerPermissions(published.arn(), permissions);
            notes.add("published layer " + name + ":" + number + " in " + target.name() + " as version "
                    + LayerVersion.versionOf(published.arn()) + (permissions.isEmpty() ? ""
                    : " with " + permissions.size() + " permission statement(s)"));
            return published.arn();
        } finally {
            delete(folder);
        }
    }

    /**
     * A layer version's permissions can change after it is published (AddLayerVersionPermission,
     * RemoveLayerVersionPermission), so a copy found from an earlier run is compared with the source's: a statement
     * missing or different in the copy is added (replaced) when applying and drift otherwise; a statement only the
     * copy has is left alone and noted, as with a function's own policy.
     */
    private void keepPermissionsInLine(String layer, String copy, ReplicaRegion target, boolean apply,
                                       List<String> notes, List<String> drift) {
        String label = "layer " + LayerVersion.layerNameOf(layer) + ":" + LayerVersion.versionOf(layer);
        List<LayerVersion.Permission> wanted = permissionsOf(layer);
        Map<String, LayerVersion.Permission> present = new LinkedHashMap<>();
        target.layerPermissions(copy).forEach(permission -> present.put(permission.statementId(), permission));
        List<LayerVersion.Permission> missing = wanted.stream()
                .filter(permission -> !permission.equals(present.get(permission.statementId()))).toList();
        Set<String> wantedIds = new LinkedHashSet<>();
        wanted.forEach(permission -> wantedIds.add(permission.statementId()));
        List<String> copyOnly = present.keySet().stream().filter(id -> !wantedIds.contains(id)).toList();
        if (!copyOnly.isEmpty()) {
            notes.add(label + " in " + target.name() + " has permission statement(s) the source's lacks, left alone: "
                    + copyOnly);
        }
        if (missing.isEmpty()) {
            return;
        }
        List<String> ids = missing.stream().map(LayerVersion.Permission::statementId).toList();
        if (!apply) {
            drift.add(label + " permissions " + ids + " (differ from the source's in " + target.name() + ")");
            return;
        }
        stop.throwIfSet("before changing the permissions of " + label);
        missing.stream().filter(permission -> present.containsKey(permission.statementId()))
                .forEach(permission -> target.removeLayerPermission(copy, permission.statementId()));
        target.addLayerPermissions(copy, missing);
        notes.add(label + " in " + target.name() + ": permission statement(s) " + ids + " brought in line with the "
                + "source's");
    }

    /** A layer version's copy in one target region, and what its permissions lacked when it was found. */
    private record Copy(String arn, List<String> drift) {
    }

    private List<LayerVersion.Permission> permissionsOf(String layer) {
        return sourcePermissions.computeIfAbsent(layer, source::layerPermissions);
    }

    private void compareVendorLayer(String layer, ReplicaRegion target, TargetMappings mappings, List<String> drift) {
        String targetLayer = mappings.arns().getOrDefault(layer, layer.replaceFirst(
                "^(arn:[^:]+:lambda:)" + Pattern.quote(source.name()) + ":", "$1" + target.name() + ":"));
        Optional<LayerVersion> theirs = source.layerVersion(layer);
        Optional<LayerVersion> ours = target.layerVersion(targetLayer);
        if (theirs.isPresent() && ours.isPresent() && !theirs.get().code().sameCodeAs(ours.get().code())) {
            drift.add("layer content " + targetLayer + " (differs from " + layer + "; another account's layer: "
                    + "map a layer version with the same content under targets." + target.name() + ".arns)");
        }
    }

    private static Set<String> layersOf(FunctionSnapshot snapshot) {
        Set<String> layers = new LinkedHashSet<>(snapshot.config().layerArns());
        for (PublishedVersion version : snapshot.versions()) {
            FunctionConfig config = version.config();
            layers.addAll(config.layerArns());
        }
        return layers;
    }

    private Path folder() {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "layer-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage a layer in " + workDir, e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staged layer in " + folder, e);
        }
    }
}
