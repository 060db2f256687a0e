package io.lambdadr.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The configuration of one function or published version, as a region-neutral value.
 *
 * <p>Fields that Lambda defaults are normalised to their defaults when absent, so that a configuration read back from
 * a replica compares equal to the one it was created from. The runtime is kept as a string so that runtimes newer than
 * this build pass through unchanged.
 *
 * <p>{@link #toString()} never prints environment variable values: they hold secrets.
 */
public record FunctionConfig(
        String runtime,
        String handler,
        String role,
        String description,
        int timeoutSeconds,
        int memorySizeMb,
        Map<String, String> environment,
        int ephemeralStorageMb,
        List<String> architectures,
        String tracingMode,
        LoggingSettings logging,
        String snapStartApplyOn,
        List<String> layerArns,
        VpcSettings vpc,
        String kmsKeyArn,
        String deadLetterTargetArn,
        List<FileSystemMount> fileSystems,
        ImageSettings image) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 3;
    public static final int DEFAULT_MEMORY_MB = 128;
    public static final int DEFAULT_EPHEMERAL_STORAGE_MB = 512;
    /** Lambda's limit on a function's environment, measured as the compact JSON of its variables. */
    public static final int ENVIRONMENT_LIMIT_BYTES = 4096;

    public FunctionConfig {
        description = description == null ? "" : description;
        timeoutSeconds = timeoutSeconds <= 0 ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
        memorySizeMb = memorySizeMb <= 0 ? DEFAULT_MEMORY_MB : memorySizeMb;
        environment = environment == null ? Map.of() : Map.copyOf(new TreeMap<>(environment));
        ephemeralStorageMb = ephemeralStorageMb <= 0 ? DEFAULT_EPHEMERAL_STORAGE_MB : ephemeralStorageMb;
        architectures = architectures == null || architectures.isEmpty() ? List.of("x86_64") : List.copyOf(architectures);
        tracingMode = tracingMode == null || tracingMode.isBlank() ? "PassThrough" : tracingMode;
        logging = logging == null ? LoggingSettings.DEFAULT : logging;
        snapStartApplyOn = snapStartApplyOn == null || snapStartApplyOn.isBlank() ? "None" : snapStartApplyOn;
        layerArns = layerArns == null ? List.of() : List.copyOf(layerArns);
        vpc = vpc == null || vpc.isEmpty() ? null : vpc;
        kmsKeyArn = kmsKeyArn == null || kmsKeyArn.isBlank() ? null : kmsKeyArn;
        deadLetterTargetArn = deadLetterTargetArn == null || deadLetterTargetArn.isBlank() ? null : deadLetterTargetArn;
        fileSystems = fileSystems == null ? List.of() : List.copyOf(fileSystems);
    }

    /** Logging configuration; a null log group means Lambda's default {@code /aws/lambda/<function>}. */
    public record LoggingSettings(String logFormat, String applicationLogLevel, String systemLogLevel, String logGroup) {
        public static final LoggingSettings DEFAULT = new LoggingSettings("Text", null, null, null);

        public LoggingSettings {
            logFormat = logFormat == null || logFormat.isBlank() ? "Text" : logFormat;
        }
    }

    /** VPC attachment. Subnet and security group ids are regional and always need an explicit mapping. */
    public record VpcSettings(List<String> subnetIds, List<String> securityGroupIds, boolean ipv6AllowedForDualStack) {
        public VpcSettings {
            subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
            securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
        }

        public boolean isEmpty() {
            return subnetIds.isEmpty() && securityGroupIds.isEmpty();
        }
    }

    /** One EFS access point mounted into the function. */
    public record FileSystemMount(String arn, String localMountPath) {
    }

    /** Image overrides for container-image functions. */
    public record ImageSettings(List<String> entryPoint, List<String> command, String workingDirectory) {
        public ImageSettings {
            entryPoint = entryPoint == null ? List.of() : List.copyOf(entryPoint);
            command = command == null ? List.of() : List.copyOf(command);
        }
    }

    /** The size Lambda holds against {@link #ENVIRONMENT_LIMIT_BYTES}: the variables as compact JSON, in UTF-8. */
    public int environmentSizeBytes() {
        return environment.isEmpty() ? 0 : JsonText.object(environment).getBytes(StandardCharsets.UTF_8).length;
    }

    /** A copy with another description (versions carry their own). */
    public FunctionConfig withDescription(String newDescription) {
        return new FunctionConfig(runtime, handler, role, newDescription, timeoutSeconds, memorySizeMb, environment,
                ephemeralStorageMb, architectures, tracingMode, logging, snapStartApplyOn, layerArns, vpc, kmsKeyArn,
                deadLetterTargetArn, fileSystems, image);
    }

    /**
     * A copy whose every reference has been passed through {@code translate}, field by field, so that a translator can
     * name the field of a value it cannot translate.
     */
    public FunctionConfig mapReferences(ReferenceTranslation translate) {
        Map<String, String> env = new TreeMap<>();
        environment.forEach((key, value) -> env.put(key, translate.apply("Environment.Variables." + key, value)));
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < layerArns.size(); i++) {
            layers.add(translate.apply("Layers[" + i + "]", layerArns.get(i)));
        }
        VpcSettings translatedVpc = vpc == null ? null : new VpcSettings(
                mapEach("VpcConfig.SubnetIds", vpc.subnetIds(), translate),
                mapEach("VpcConfig.SecurityGroupIds", vpc.securityGroupIds(), translate),
                vpc.ipv6AllowedForDualStack());
        List<FileSystemMount> mounts = new ArrayList<>();
        for (int i = 0; i < fileSystems.size(); i++) {
            FileSystemMount mount = fileSystems.get(i);
            mounts.add(new FileSystemMount(translate.apply("FileSystemConfigs[" + i + "].Arn", mount.arn()),
                    mount.localMountPath()));
        }
        return new FunctionConfig(runtime, handler, translate.apply("Role", role), description, timeoutSeconds,
                memorySizeMb, env, ephemeralStorageMb, architectures, tracingMode, logging, snapStartApplyOn, layers,
                translatedVpc, translate.apply("KMSKeyArn", kmsKeyArn),
                translate.apply("DeadLetterConfig.TargetArn", deadLetterTargetArn), mounts, image);
    }

    private static List<String> mapEach(String field, List<String> values, ReferenceTranslation translate) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            out.add(translate.apply(field + "[" + i + "]", values.get(i)));
        }
        return out;
    }

    /** Translates one field value; null values pass through untouched. */
    @FunctionalInterface
    public interface ReferenceTranslation {
        String translate(String field, String value);

        default String apply(String field, String value) {
            return value == null ? null : translate(field, value);
        }
    }

    /**
     * Names the configuration fields whose values differ from {@code other}, in Lambda API spelling. The description
     * is compared only when {@code compareDescription} is set: published versions carry replica markers in theirs.
     */
    public List<String> differingFields(FunctionConfig other, boolean compareDescription) {
        List<String> fields = new ArrayList<>();
        addIfDifferent(fields, "Runtime", runtime, other.runtime);
        addIfDifferent(fields, "Handler", handler, other.handler);
        addIfDifferent(fields, "Role", role, other.role);
        if (compareDescription) {
            addIfDifferent(fields, "Description", description, other.description);
        }
        addIfDifferent(fields, "Timeout", timeoutSeconds, other.timeoutSeconds);
        addIfDifferent(fields, "MemorySize", memorySizeMb, other.memorySizeMb);
        addIfDifferent(fields, "Environment", environment, other.environment);
        addIfDifferent(fields, "EphemeralStorage", ephemeralStorageMb, other.ephemeralStorageMb);
        addIfDifferent(fields, "Architectures", architectures, other.architectures);
        addIfDifferent(fields, "TracingConfig", tracingMode, other.tracingMode);
        addIfDifferent(fields, "LoggingConfig", logging, other.logging);
        addIfDifferent(fields, "SnapStart", snapStartApplyOn, other.snapStartApplyOn);
        addIfDifferent(fields, "Layers", layerArns, other.layerArns);
        addIfDifferent(fields, "VpcConfig", vpc, other.vpc);
        addIfDifferent(fields, "KMSKeyArn", kmsKeyArn, other.kmsKeyArn);
        addIfDifferent(fields, "DeadLetterConfig", deadLetterTargetArn, other.deadLetterTargetArn);
        addIfDifferent(fields, "FileSystemConfigs", fileSystems, other.fileSystems);
        addIfDifferent(fields, "ImageConfig", image, other.image);
        return fields;
    }

    private static void addIfDifferent(List<String> fields, String name, Object mine, Object theirs) {
        if (!Objects.equals(mine, theirs)) {
            fields.add(name);
        }
    }

    /** A copy with other architectures (they change together with the code). */
    public FunctionConfig withArchitectures(List<String> newArchitectures) {
        return new FunctionConfig(runtime, handler, role, description, timeoutSeconds, memorySizeMb, environment,
                ephemeralStorageMb, newArchitectures, tracingMode, logging, snapStartApplyOn, layerArns, vpc, kmsKeyArn,
                deadLetterTargetArn, fileSystems, image);
    }

    @Override
    public String toString() {
        return "FunctionConfig[runtime=" + runtime + ", handler=" + handler + ", role=" + role + ", timeout="
                + timeoutSeconds + ", memory=" + memorySizeMb + ", environment=" + environment.keySet()
                + " (values redacted), architectures=" + architectures + ", layers=" + layerArns + ", vpc=" + vpc + "]";
    }
}
