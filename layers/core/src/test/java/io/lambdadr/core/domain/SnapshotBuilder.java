package io.lambdadr.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data: snapshots and configurations with sensible defaults, changed one field at a time. */
public final class SnapshotBuilder {

    public static final String ACCOUNT = "123456789012";
    public static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/app";

    private String name = "orders";
    private String region = "us-east-1";
    private CodeIdentity code = code("latest");
    private FunctionConfig config = config().build();
    private final List<PublishedVersion> versions = new ArrayList<>();
    private final List<AliasSpec> aliases = new ArrayList<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private Integer reserved;
    private final Map<String, List<PolicyStatement>> policies = new LinkedHashMap<>();
    private final Map<String, EventInvokeConfig> invokeConfigs = new LinkedHashMap<>();
    private final Map<String, FunctionUrl> urls = new LinkedHashMap<>();
    private final Map<String, Integer> provisioned = new LinkedHashMap<>();
    private final List<EventSourceMapping> eventSourceMappings = new ArrayList<>();
    private String codeSigningConfigArn;
    private String recursiveLoop;
    private RuntimeManagement runtimeManagement;

    public static SnapshotBuilder snapshot() {
        return new SnapshotBuilder();
    }

    /**
     * The sample most tests share: three versions with distinct code (the second and third with more memory), alias
     * {@code live} on 3 routing 10% to 2, alias {@code stable} on 1, a team tag.
     */
    public static SnapshotBuilder threeVersions() {
        return snapshot()
                .code(code("v3"))
                .config(config().memory(512).build())
                .version("1", code("v1"), config().description("first").build())
                .version("2", code("v2"), config().description("second").memory(512).build())
                .version("3", code("v3"), config().description("third").memory(512).build())
                .alias("live", "3", Map.of("2", 0.1))
                .alias("stable", "1", Map.of())
                .tag("team", "payments");
    }

    public static CodeIdentity code(String seed) {
        return new CodeIdentity("sha-" + seed + "=", 1000, "Zip");
    }

    public static ConfigBuilder config() {
        return new ConfigBuilder();
    }

    public SnapshotBuilder name(String value) {
        name = value;
        return this;
    }

    public SnapshotBuilder region(String value) {
        region = value;
        return this;
    }

    public SnapshotBuilder code(CodeIdentity value) {
        code = value;
        return this;
    }

    public SnapshotBuilder config(FunctionConfig value) {
        config = value;
        return this;
    }

    public SnapshotBuilder version(String number, CodeIdentity versionCode, FunctionConfig versionConfig) {
        versions.add(new PublishedVersion(number, versionCode, versionConfig));
        return this;
    }

    public SnapshotBuilder alias(String aliasName, String version, Map<String, Double> weights) {
        aliases.add(new AliasSpec(aliasName, version, "", weights));
        return this;
    }

    public SnapshotBuilder tag(String key, String value) {
        tags.put(key, value);
        return this;
    }

    /** A statement of the policy of {@code qualifier} ({@code ""}: the function's own). */
    public SnapshotBuilder policy(String qualifier, PolicyStatement statement) {
        policies.computeIfAbsent(qualifier, q -> new java.util.ArrayList<>()).add(statement);
        return this;
    }

    /** The event invoke configuration of {@code qualifier} ({@code ""}: the function's own). */
    public SnapshotBuilder invokeConfig(String qualifier, EventInvokeConfig config) {
        invokeConfigs.put(qualifier, config);
        return this;
    }

    /** The function URL of {@code qualifier} ({@code ""}: the function's own). */
    public SnapshotBuilder url(String qualifier, FunctionUrl url) {
        urls.put(qualifier, url);
        return this;
    }

    /** Provisioned concurrency requested for an alias or a version. */
    public SnapshotBuilder provisioned(String qualifier, int executions) {
        provisioned.put(qualifier, executions);
        return this;
    }

    /** An event source mapping of the function or one of its qualifiers. */
    public SnapshotBuilder eventSourceMapping(EventSourceMapping mapping) {
        eventSourceMappings.add(mapping);
        return this;
    }

    /** Code signing, recursive loop detection and runtime updates; null leaves Lambda's default. */
    public SnapshotBuilder controls(String codeSigning, String recursion, RuntimeManagement runtime) {
        codeSigningConfigArn = codeSigning;
        recursiveLoop = recursion;
        runtimeManagement = runtime;
        return this;
    }

    public SnapshotBuilder reservedConcurrency(Integer value) {
        reserved = value;
        return this;
    }

    public FunctionSnapshot build() {
        return new FunctionSnapshot(name, region, "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + name,
                code, config, versions, aliases, tags, reserved,
                new Attachments(policies, invokeConfigs, urls, provisioned, eventSourceMappings, codeSigningConfigArn,
                        recursiveLoop, runtimeManagement));
    }

    /** Builds configurations; defaults match what Lambda reports for a plain function. */
    public static final class ConfigBuilder {
        private String description = "";
        private int memory = 256;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<String> architectures = List.of("x86_64");
        private List<String> layers = List.of();
        private FunctionConfig.VpcSettings vpc;
        private String kmsKey;
        private String deadLetter;
        private List<FunctionConfig.FileSystemMount> fileSystems = List.of();

        public ConfigBuilder description(String value) {
            description = value;
            return this;
        }

        public ConfigBuilder memory(int value) {
            memory = value;
            return this;
        }

        public ConfigBuilder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public ConfigBuilder architectures(String... values) {
            architectures = List.of(values);
            return this;
        }

        public ConfigBuilder layers(String... arns) {
            layers = List.of(arns);
            return this;
        }

        public ConfigBuilder vpc(List<String> subnets, List<String> groups) {
            vpc = new FunctionConfig.VpcSettings(subnets, groups, false);
            return this;
        }

        public ConfigBuilder kmsKey(String arn) {
            kmsKey = arn;
            return this;
        }

        public ConfigBuilder deadLetter(String arn) {
            deadLetter = arn;
            return this;
        }

        public ConfigBuilder fileSystem(String arn) {
            fileSystems = List.of(new FunctionConfig.FileSystemMount(arn, "/mnt/data"));
            return this;
        }

        public FunctionConfig build() {
            return FunctionConfig.builder().runtime("python3.12").handler("index.handler").role(ROLE)
                    .description(description).timeoutSeconds(10).memorySizeMb(memory).environment(environment)
                    .ephemeralStorageMb(512).architectures(architectures).tracingMode("PassThrough").layerArns(layers)
                    .vpc(vpc).kmsKeyArn(kmsKey).deadLetterTargetArn(deadLetter).fileSystems(fileSystems).build();
        }
    }
}
