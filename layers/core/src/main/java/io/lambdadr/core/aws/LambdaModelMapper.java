package io.lambdadr.core.aws;

import io.lambdadr.core.domain.AliasSpec;
import io.lambdadr.core.domain.CodeIdentity;
import io.lambdadr.core.domain.FunctionConfig;
import io.lambdadr.core.domain.FunctionConfig.FileSystemMount;
import io.lambdadr.core.domain.FunctionConfig.ImageSettings;
import io.lambdadr.core.domain.FunctionConfig.LoggingSettings;
import io.lambdadr.core.domain.FunctionConfig.VpcSettings;
import io.lambdadr.core.domain.PolicyStatement;
import io.lambdadr.core.domain.PublishedVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.DeadLetterConfig;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EphemeralStorage;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ImageConfig;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.SnapStart;
import software.amazon.awssdk.services.lambda.model.TracingConfig;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.VpcConfig;

/** Translates between Lambda's SDK model and the domain's region-neutral values. */
final class LambdaModelMapper {

    /**
     * What a function's configuration has and a function is created with, less what is mapped one by one below or is
     * not a setting at all: the settings carried by name ({@link FunctionConfig#newerSettings}), found from the SDK's
     * model so that a setting Lambda adds later is carried once the SDK knows it.
     */
    static final Set<String> NEWER_SETTINGS;

    static {
        Set<String> names = new TreeSet<>(SdkPojoTrees.memberNames(CreateFunctionRequest.builder()));
        names.retainAll(SdkPojoTrees.memberNames(FunctionConfiguration.builder()));
        names.removeAll(Set.of("FunctionName", "Runtime", "Handler", "Role", "Description", "Timeout", "MemorySize",
                "Environment", "EphemeralStorage", "Architectures", "TracingConfig", "LoggingConfig", "SnapStart",
                "Layers", "VpcConfig", "KMSKeyArn", "DeadLetterConfig", "FileSystemConfigs", "PackageType"));
        NEWER_SETTINGS = Set.copyOf(names);
    }

    private LambdaModelMapper() {
    }


    /**
     * The function configuration inside a write's response. CreateFunction, UpdateFunctionCode,
     * UpdateFunctionConfiguration and PublishVersion answer with the members of FunctionConfiguration under response
     * classes of their own; copying member by member keeps one mapping for all of them.
     */
    static FunctionConfiguration asFunctionConfiguration(SdkPojo response) {
        FunctionConfiguration.Builder builder = FunctionConfiguration.builder();
        Map<String, SdkField<?>> members = builder.sdkFields().stream()
                .collect(Collectors.toMap(SdkField::memberName, field -> field));
        for (SdkField<?> field : response.sdkFields()) {
            SdkField<?> member = members.get(field.memberName());
            if (member != null) {
                member.set(builder, field.getValueOrDefault(response));
            }
        }
        return builder.build();
    }

    /**
     * The qualifier in a function ARN ({@code arn:aws:lambda:region:account:function:name[:qualifier]}):
     * {@link PolicyStatement#UNQUALIFIED} for none or {@code $LATEST}, the function itself.
     */
    static String qualifierOf(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 7 && !"$LATEST".equals(parts[7]) ? parts[7] : PolicyStatement.UNQUALIFIED;
    }

    static CodeIdentity codeOf(FunctionConfiguration configuration) {
        return new CodeIdentity(configuration.codeSha256(),
                configuration.codeSize() == null ? 0 : configuration.codeSize(),
                configuration.packageTypeAsString());
    }

    static PublishedVersion versionOf(FunctionConfiguration configuration) {
        return new PublishedVersion(configuration.version(), codeOf(configuration), configOf(configuration));
    }

    static FunctionConfig configOf(FunctionConfiguration c) {
        LoggingSettings logging = null;
        if (c.loggingConfig() != null) {
            String group = c.loggingConfig().logGroup();
            // Lambda's default group is named after the function; the replica's default is the same name.
            if (("/aws/lambda/" + c.functionName()).equals(group)) {
                group = null;
            }
            logging = new LoggingSettings(c.loggingConfig().logFormatAsString(),
                    c.loggingConfig().applicationLogLevelAsString(), c.loggingConfig().systemLogLevelAsString(), group);
        }
        VpcSettings vpc = c.vpcConfig() == null ? null : new VpcSettings(c.vpcConfig().subnetIds(),
                c.vpcConfig().securityGroupIds(), Boolean.TRUE.equals(c.vpcConfig().ipv6AllowedForDualStack()));
        ImageSettings image = c.imageConfigResponse() == null || c.imageConfigResponse().imageConfig() == null ? null
                : new ImageSettings(c.imageConfigResponse().imageConfig().entryPoint(),
                        c.imageConfigResponse().imageConfig().command(),
                        c.imageConfigResponse().imageConfig().workingDirectory());
        return FunctionConfig.builder()
                .runtime(c.runtimeAsString())
                .handler(c.handler())
                .role(c.role())
                .description(c.description())
                .timeoutSeconds(c.timeout() == null ? 0 : c.timeout())
                .memorySizeMb(c.memorySize() == null ? 0 : c.memorySize())
                .environment(c.environment() == null ? Map.of() : c.environment().variables())
                .ephemeralStorageMb(c.ephemeralStorage() == null || c.ephemeralStorage().size() == null ? 0
                        : c.ephemeralStorage().size())
                .architectures(c.hasArchitectures() ? c.architecturesAsStrings() : List.of())
                .tracingMode(c.tracingConfig() == null ? null : c.tracingConfig().modeAsString())
                .logging(logging)
                .snapStartApplyOn(c.snapStart() == null ? null : c.snapStart().applyOnAsString())
                .layerArns(c.hasLayers() ? c.layers().stream().map(Layer::arn).toList() : List.of())
                .vpc(vpc)
                .kmsKeyArn(c.kmsKeyArn())
                .deadLetterTargetArn(c.deadLetterConfig() == null ? null : c.deadLetterConfig().targetArn())
                .fileSystems(c.hasFileSystemConfigs() ? c.fileSystemConfigs().stream()
                        .map(fs -> new FileSystemMount(fs.arn(), fs.localMountPath())).toList() : List.of())
                .image(image)
                .newerSettings(newerSettingsOf(c))
                .build();
    }

    private static Map<String, Object> newerSettingsOf(FunctionConfiguration c) {
        Map<String, Object> settings = new TreeMap<>(SdkPojoTrees.toTree(c));
        settings.keySet().retainAll(NEWER_SETTINGS);
        return settings;
    }

    static AliasSpec aliasOf(AliasConfiguration alias) {
        AliasRoutingConfiguration routing = alias.routingConfig();
        return new AliasSpec(alias.name(), alias.functionVersion(), alias.description(),
                routing == null || !routing.hasAdditionalVersionWeights() ? Map.of()
                        : routing.additionalVersionWeights());
    }

    /** A create request carrying every configuration field; the caller adds code and tags. */
    static CreateFunctionRequest.Builder createRequest(String functionName, FunctionConfig config) {
        CreateFunctionRequest.Builder request = CreateFunctionRequest.builder()
                .functionName(functionName)
                .packageType("Zip")
                .publish(false)
                .runtime(config.runtime())
                .handler(config.handler())
                .role(config.role())
                .description(config.description())
                .timeout(config.timeoutSeconds())
                .memorySize(config.memorySizeMb())
                .environment(Environment.builder().variables(config.environment()).build())
                .ephemeralStorage(EphemeralStorage.builder().size(config.ephemeralStorageMb()).build())
                .architecturesWithStrings(config.architectures())
                .tracingConfig(TracingConfig.builder().mode(config.tracingMode()).build())
                .loggingConfig(logging(config.logging()))
                .fileSystemConfigs(fileSystems(config));
        // Sent only when there are some: an image function takes no Layers member at all.
        if (!config.layerArns().isEmpty()) {
            request.layers(config.layerArns());
        }
        if (usesSnapStart(config)) {
            request.snapStart(SnapStart.builder().applyOn(config.snapStartApplyOn()).build());
        }
        if (config.vpc() != null) {
            request.vpcConfig(vpc(config.vpc()));
        }
        if (config.kmsKeyArn() != null) {
            request.kmsKeyArn(config.kmsKeyArn());
        }
        if (config.deadLetterTargetArn() != null) {
            request.deadLetterConfig(DeadLetterConfig.builder().targetArn(config.deadLetterTargetArn()).build());
        }
        if (config.image() != null) {
            request.imageConfig(imageConfig(config.image()));
        }
        config.newerSettings().forEach((name, value) -> SdkPojoTrees.set((SdkPojo) request, name, value));
        return request;
    }

    /**
     * An update request carrying every configuration field that UpdateFunctionConfiguration takes. Cleared settings
     * are sent as empty values, which is how Lambda removes them. Architectures travel with UpdateFunctionCode.
     */
    static UpdateFunctionConfigurationRequest updateRequest(String functionName, FunctionConfig config,
                                                            List<String> changedFields) {
        UpdateFunctionConfigurationRequest.Builder request = UpdateFunctionConfigurationRequest.builder()
                .functionName(functionName)
                .runtime(config.runtime())
                .handler(config.handler())
                .role(config.role())
                .description(config.description())
                .timeout(config.timeoutSeconds())
                .memorySize(config.memorySizeMb())
                .environment(Environment.builder().variables(config.environment()).build())
                .ephemeralStorage(EphemeralStorage.builder().size(config.ephemeralStorageMb()).build())
                .tracingConfig(TracingConfig.builder().mode(config.tracingMode()).build())
                .loggingConfig(logging(config.logging()))
                .vpcConfig(config.vpc() == null ? VpcConfig.builder().subnetIds(List.of()).securityGroupIds(List.of()).build()
                        : vpc(config.vpc()))
                .kmsKeyArn(config.kmsKeyArn() == null ? "" : config.kmsKeyArn())
                .deadLetterConfig(DeadLetterConfig.builder()
                        .targetArn(config.deadLetterTargetArn() == null ? "" : config.deadLetterTargetArn()).build())
                .fileSystemConfigs(fileSystems(config));
        if (usesSnapStart(config) || changedFields.contains("SnapStart")) {
            request.snapStart(SnapStart.builder().applyOn(config.snapStartApplyOn()).build());
        }
        // Layers are cleared with an empty list; an image function, which has none, takes no Layers member at all.
        if (!config.layerArns().isEmpty() || changedFields.contains("Layers")) {
            request.layers(config.layerArns());
        }
        // A zip function takes no image settings at all; an image function's are cleared with empty ones.
        if (config.image() != null || changedFields.contains("ImageConfig")) {
            request.imageConfig(config.image() == null ? ImageConfig.builder().build() : imageConfig(config.image()));
        }
        // Only what changed: an update may refuse a setting the function already has (a capacity provider).
        changedFields.stream().filter(NEWER_SETTINGS::contains)
                .forEach(name -> SdkPojoTrees.set((SdkPojo) request, name, config.newerSettings().get(name)));
        return request.build();
    }

    /**
     * SnapStart is sent only when it is on or being turned off: not every runtime accepts the setting, even when it
     * says None.
     */
    private static boolean usesSnapStart(FunctionConfig config) {
        return !"None".equals(config.snapStartApplyOn());
    }

    private static ImageConfig imageConfig(ImageSettings image) {
        return ImageConfig.builder().entryPoint(image.entryPoint()).command(image.command())
                .workingDirectory(image.workingDirectory()).build();
    }

    private static LoggingConfig logging(LoggingSettings logging) {
        LoggingConfig.Builder builder = LoggingConfig.builder().logFormat(logging.logFormat());
        // Log levels may only be set with the JSON format: Lambda rejects them alongside Text.
        if (logging.applicationLogLevel() != null) {
            builder.applicationLogLevel(logging.applicationLogLevel());
        }
        if (logging.systemLogLevel() != null) {
            builder.systemLogLevel(logging.systemLogLevel());
        }
        if (logging.logGroup() != null) {
            builder.logGroup(logging.logGroup());
        }
        return builder.build();
    }

    private static VpcConfig vpc(VpcSettings vpc) {
        return VpcConfig.builder()
                .subnetIds(vpc.subnetIds())
                .securityGroupIds(vpc.securityGroupIds())
                .ipv6AllowedForDualStack(vpc.ipv6AllowedForDualStack())
                .build();
    }

    private static List<FileSystemConfig> fileSystems(FunctionConfig config) {
        return config.fileSystems().stream()
                .map(fs -> FileSystemConfig.builder().arn(fs.arn()).localMountPath(fs.localMountPath()).build())
                .toList();
    }
}
