package io.lambdadr.functions.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reconcile's cheap fingerprint of a source function: a SHA-256 digest (lower-case hex) of what the listings give
 * without reading the function itself: the RevisionId, CodeSha256 and LastModified of {@code $LATEST}, every alias
 * (name, version, weights, RevisionId) and the tags; and the identity of the configuration in force, since a new one
 * (its target mappings) can change what a replica should hold. The worker records it with each replica it brings in
 * line; while it stays the same, the source has not changed in any way a replica copies, save reserved concurrency
 * (which no listing shows, and which the daily full check catches).
 */
final class SourceFingerprint {

    private SourceFingerprint() {
    }

    static String of(ProtectedFunction function, List<AliasState> aliases, String configurationIdentity) {
        MessageDigest sha256 = sha256();
        add(sha256, configurationIdentity);
        add(sha256, function.revisionId());
        add(sha256, function.codeSha256());
        add(sha256, function.lastModified());
        List<AliasState> sorted = aliases.stream().sorted(Comparator.comparing(AliasState::name)).toList();
        add(sha256, Integer.toString(sorted.size()));
        for (AliasState alias : sorted) {
            add(sha256, alias.name());
            add(sha256, alias.version());
            add(sha256, alias.revisionId());
            add(sha256, Integer.toString(alias.weights().size()));
            new TreeMap<>(alias.weights()).forEach((version, weight) -> {
                add(sha256, version);
                add(sha256, Double.toString(weight));
            });
        }
        Map<String, String> tags = new TreeMap<>(function.tags());
        add(sha256, Integer.toString(tags.size()));
        tags.forEach((key, value) -> {
            add(sha256, key);
            add(sha256, value);
        });
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Each value with its length first, so that no two different sources run together into the same text. */
    private static void add(MessageDigest sha256, String value) {
        if (value == null) {
            sha256.update("-1:".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sha256.update(bytes);
    }

    /** A new SHA-256 digest; the reconcile's full-check slots are digests too. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
