package io.lambdadr.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration of one function or published version, as a region-neutral value.
 *
 * <p>Fields that Lambda defaults are normalised to their defaults when absent, so that a configuration read back from
 * a replica compares equal to the one it was created from. The runtime is kept as a string so that runtimes newer than
 * this build pass through unchanged.
 *
 * <p>Settings are mapped one by one where lambda-dr knows what they mean (a subnet, a KMS key); the others, newer
 * ones above all (capacity provider, durable execution, tenancy) and any Lambda adds later, are carried as
 * {@code newerSettings}: a tree of maps, lists, text, numbers and booleans by API name, compared and translated as a
 * whole.
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
        ImageSettings image,
        Map<String, Object> newerSettings) {

    /** Settings Lambda takes only when a function is created: a replica that differs in one must be re-created. */
    public static final Set<String> CREATION_ONLY = Set.of("TenancyConfig");

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
        newerSettings = newerSettings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(newerSettings));
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

    /** A configuration built setting by setting; settings left unset take Lambda's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change a few settings of it. */
    public Builder toBuilder() {
        return new Builder().runtime(runtime).handler(handler).role(role).description(description)
                .timeoutSeconds(timeoutSeconds).memorySizeMb(memorySizeMb).environment(environment)
                .ephemeralStorageMb(ephemeralStorageMb).architectures(architectures).tracingMode(tracingMode)
                .logging(logging).snapStartApplyOn(snapStartApplyOn).layerArns(layerArns).vpc(vpc)
                .kmsKeyArn(kmsKeyArn).deadLetterTargetArn(deadLetterTargetArn).fileSystems(fileSystems).image(image)
                .newerSettings(newerSettings);
    }

    /**
     * Builds a {@link FunctionConfig}. A new Lambda setting is added here, to the record, to
     * {@link #differingFields} and to the AWS mapping; nowhere else constructs a configuration.
     */
    public static final class Builder {
        private String runtime;
        private String handler;
        private String role;
        private String description;
        private int timeoutSeconds;
        private int memorySizeMb;
        private Map<String, String> environment;
        private int ephemeralStorageMb;
        private List<String> architectures;
        private String tracingMode;
        private LoggingSettings logging;
        private String snapStartApplyOn;
        private List<String> layerArns;
        private VpcSettings vpc;
        private String kmsKeyArn;
        private String deadLetterTargetArn;
        private List<FileSystemMount> fileSystems;
        private ImageSettings image;
        private Map<String, Object> newerSettings;

        private Builder() {
        }

        public Builder runtime(String value) {
            runtime = value;
            return this;
        }

        public Builder handler(String value) {
            handler = value;
            return this;
        }

        public Builder role(String value) {
            role = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder timeoutSeconds(int value) {
            timeoutSeconds = value;
            return this;
        }

        public Builder memorySizeMb(int value) {
            memorySizeMb = value;
            return this;
        }

        public Builder environment(Map<String, String> value) {
            environment = value;
            return this;
        }

        public Builder ephemeralStorageMb(int value) {
            ephemeralStorageMb = value;
            return this;
        }

        public Builder architectures(List<String> value) {
            architectures = value;
            return this;
        }

        public Builder tracingMode(String value) {
            tracingMode = value;
            return this;
        }

        public Builder logging(LoggingSettings value) {
            logging = value;
            return this;
        }

        public Builder snapStartApplyOn(String value) {
            snapStartApplyOn = value;
            return this;
        }

        public Builder layerArns(List<String> value) {
            layerArns = value;
            return this;
        }

        public Builder vpc(VpcSettings value) {
            vpc = value;
            return this;
        }

        public Builder kmsKeyArn(String value) {
            kmsKeyArn = value;
            return this;
        }

        public Builder deadLetterTargetArn(String value) {
            deadLetterTargetArn = value;
            return this;
        }

        public Builder fileSystems(List<FileSystemMount> value) {
            fileSystems = value;
            return this;
        }

        public Builder image(ImageSettings value) {
            image = value;
            return this;
        }

        /** Settings carried by API name ({@code DurableConfig}, ...), as trees. */
        public Builder newerSettings(Map<String, Object> value) {
            newerSettings = value;
            return this;
        }

        public FunctionConfig build() {
            return new FunctionConfig(runtime, handler, role, description, timeoutSeconds, memorySizeMb, environment,
                    ephemeralStorageMb, architectures, tracingMode, logging, snapStartApplyOn, layerArns, vpc,
                    kmsKeyArn, deadLetterTargetArn, fileSystems, image, newerSettings);
        }
    }

    /** A copy with another description (versions carry their own). */
    public FunctionConfig withDescription(String newDescription) {
        return toBuilder().description(newDescription).build();
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
        Map<String, Object> newer = new TreeMap<>();
        newerSettings.forEach((name, value) -> newer.put(name, Trees.mapTexts(name, value, translate::apply)));
        return toBuilder().role(translate.apply("Role", role)).environment(env).layerArns(layers).vpc(translatedVpc)
                .kmsKeyArn(translate.apply("KMSKeyArn", kmsKeyArn))
                .deadLetterTargetArn(translate.apply("DeadLetterConfig.TargetArn", deadLetterTargetArn))
                .fileSystems(mounts).newerSettings(newer).build();
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
        Trees.differingNames(newerSettings, other.newerSettings).stream().filter(name -> !CREATION_ONLY.contains(name))
                .forEach(fields::add);
        return fields;
    }

    /**
     * The {@link #CREATION_ONLY} settings whose values differ from {@code other}'s: no update changes them, so
     * {@link #differingFields} leaves them out.
     */
    public List<String> differingCreationOnlyFields(FunctionConfig other) {
        return Trees.differingNames(newerSettings, other.newerSettings).stream().filter(CREATION_ONLY::contains)
                .toList();
    }

    private static void addIfDifferent(List<String> fields, String name, Object mine, Object theirs) {
        if (!Objects.equals(mine, theirs)) {
            fields.add(name);
        }
    }

    /** A copy with other architectures (they change together with the code). */
    public FunctionConfig withArchitectures(List<String> newArchitectures) {
        return toBuilder().architectures(newArchitectures).build();
    }

    @Override
    public String toString() {
        return "FunctionConfig[runtime=" + runtime + ", handler=" + handler + ", role=" + role + ", timeout="
                + timeoutSeconds + ", memory=" + memorySizeMb + ", environment=" + environment.keySet()
                + " (values redacted), architectures=" + architectures + ", layers=" + layerArns + ", vpc=" + vpc + "]";
    }
}
