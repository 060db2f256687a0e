package io.lambdadr.core.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a function's configuration as a replica copies it: the configuration of {@code $LATEST}, the published
 * versions aliases use (number, code and configuration), the aliases, the tags, the reserved concurrency and what is
 * attached to the function ({@link Attachments}: policies, invoke configurations, URLs, provisioned concurrency, event
 * source mappings, code signing, recursion, runtime updates); not the code of {@code $LATEST}, which {@link CodeIdentity} identifies, nor the region or ARN. Two snapshots with the same
 * fingerprint need the same replica.
 *
 * <p>The digest is SHA-256, written as lower-case hex. It is what lambda-dr records of a configuration (baselines),
 * never the values themselves: environment variables hold secrets. Every value is written with its length before
 * the digest, so that no two different configurations run together into the same text.
 */
public final class ConfigurationFingerprint {

    private ConfigurationFingerprint() {
    }

    /** The fingerprint of {@code snapshot}'s configuration: 64 lower-case hex digits. */
    public static String of(FunctionSnapshot snapshot) {
        Canonical text = new Canonical();
        config(text, "latest", snapshot.config());
        for (PublishedVersion version : snapshot.versions()) {
            text.value("version", version.version());
            text.value("version.code", version.code().sha256());
            text.value("version.packageType", version.code().packageType());
            config(text, "version." + version.version(), version.config());
        }
        for (AliasSpec alias : snapshot.aliases()) {
            text.value("alias", alias.name());
            text.value("alias.version", alias.functionVersion());
            text.value("alias.description", alias.description());
            new TreeMap<>(alias.routingWeights()).forEach((version, weight) ->
                    text.value("alias.weight." + version, Double.toString(weight)));
        }
        text.map("tag", snapshot.tags());
        text.value("reservedConcurrency", snapshot.reservedConcurrency() == null ? null
                : snapshot.reservedConcurrency().toString());
        attachments(text, snapshot.attachments());
        return text.digest();
    }

    private static void attachments(Canonical text, Attachments attached) {
        // The parts are records of text, numbers and lists, whose printed form is their content; URLs lose their
        // address, which is each region's own.
        attached.policies().forEach((qualifier, statements) ->
                statements.forEach(statement -> text.value("policy." + qualifier, statement.toString())));
        new TreeMap<>(attached.invokeConfigs()).forEach((qualifier, config) ->
                text.value("invokeConfig." + qualifier, config.toString()));
        new TreeMap<>(attached.urls()).forEach((qualifier, url) -> text.value("url." + qualifier,
                new FunctionUrl(null, url.authType(), url.cors(), url.invokeMode()).toString()));
        new TreeMap<>(attached.provisioned()).forEach((qualifier, executions) ->
                text.value("provisioned." + qualifier, executions.toString()));
        for (EventSourceMapping mapping : attached.eventSourceMappings()) {
            text.value("eventSourceMapping", mapping.key());
            text.value("eventSourceMapping.source", mapping.eventSourceArn());
            text.value("eventSourceMapping.enabled", String.valueOf(mapping.enabled()));
            text.tree("eventSourceMapping.settings", mapping.settings());
        }
        text.value("codeSigning", attached.codeSigningConfigArn());
        text.value("recursion", attached.recursiveLoop());
        text.value("runtime", attached.runtimeManagement().describe());
    }

    private static void config(Canonical text, String prefix, FunctionConfig config) {
        text.value(prefix + ".runtime", config.runtime());
        text.value(prefix + ".handler", config.handler());
        text.value(prefix + ".role", config.role());
        text.value(prefix + ".description", config.description());
        text.value(prefix + ".timeout", Integer.toString(config.timeoutSeconds()));
        text.value(prefix + ".memory", Integer.toString(config.memorySizeMb()));
        text.map(prefix + ".environment", config.environment());
        text.value(prefix + ".ephemeralStorage", Integer.toString(config.ephemeralStorageMb()));
        text.list(prefix + ".architectures", config.architectures());
        text.value(prefix + ".tracing", config.tracingMode());
        FunctionConfig.LoggingSettings logging = config.logging();
        text.value(prefix + ".logging.format", logging.logFormat());
        text.value(prefix + ".logging.applicationLevel", logging.applicationLogLevel());
        text.value(prefix + ".logging.systemLevel", logging.systemLogLevel());
        text.value(prefix + ".logging.group", logging.logGroup());
        text.value(prefix + ".snapStart", config.snapStartApplyOn());
        text.list(prefix + ".layers", config.layerArns());
        if (config.vpc() != null) {
            text.list(prefix + ".vpc.subnets", config.vpc().subnetIds());
            text.list(prefix + ".vpc.securityGroups", config.vpc().securityGroupIds());
            text.value(prefix + ".vpc.ipv6", Boolean.toString(config.vpc().ipv6AllowedForDualStack()));
        }
        text.value(prefix + ".kmsKey", config.kmsKeyArn());
        text.value(prefix + ".deadLetter", config.deadLetterTargetArn());
        for (FunctionConfig.FileSystemMount mount : config.fileSystems()) {
            text.value(prefix + ".fileSystem", mount.arn());
            text.value(prefix + ".fileSystem.path", mount.localMountPath());
        }
        if (config.image() != null) {
            text.list(prefix + ".image.entryPoint", config.image().entryPoint());
            text.list(prefix + ".image.command", config.image().command());
            text.value(prefix + ".image.workingDirectory", config.image().workingDirectory());
        }
        text.tree(prefix + ".newer", config.newerSettings());
    }

    /** Named values, each written with its length, fed to SHA-256. */
    private static final class Canonical {
        private final MessageDigest sha256;

        Canonical() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime provides SHA-256", e);
            }
        }

        void value(String name, String value) {
            write(name);
            // Absent and empty differ: an absent value is written as a length of -1.
            if (value == null) {
                sha256.update("-1:".getBytes(StandardCharsets.UTF_8));
            } else {
                write(value);
            }
        }

        void list(String name, List<String> values) {
            value(name + ".count", Integer.toString(values.size()));
            values.forEach(value -> value(name, value));
        }

        void map(String name, Map<String, String> entries) {
            value(name + ".count", Integer.toString(entries.size()));
            // Maps in snapshots are immutable copies whose iteration order changes from one JVM to the next.
            new TreeMap<>(entries).forEach((key, value) -> {
                value(name + ".key", key);
                value(name + ".value", value);
            });
        }

        /** A tree of settings (maps by name, lists, scalars), maps in key order whatever their own order. */
        void tree(String name, Object value) {
            switch (value) {
                case Map<?, ?> map -> {
                    value(name + ".count", Integer.toString(map.size()));
                    new TreeMap<Object, Object>(map).forEach((key, inner) -> tree(name + "." + key, inner));
                }
                case List<?> list -> {
                    value(name + ".count", Integer.toString(list.size()));
                    list.forEach(inner -> tree(name + "[]", inner));
                }
                case null -> value(name, null);
                default -> value(name, value.getClass().getSimpleName() + ":" + value);
            }
        }

        private void write(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            sha256.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
            sha256.update(bytes);
        }

        String digest() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
