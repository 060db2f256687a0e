package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.domain.FunctionConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.EnvironmentResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

class LambdaModelMapperTest {

    private static FunctionConfig config(String snapStart, String kmsKey) {
        return FunctionConfig.builder().runtime("java21").handler("app.Handler")
                .role("arn:aws:iam::123456789012:role/app").description("d").timeoutSeconds(10).memorySizeMb(512)
                .environment(Map.of("A", "1")).ephemeralStorageMb(512).architectures(List.of("arm64"))
                .tracingMode("Active").snapStartApplyOn(snapStart).kmsKeyArn(kmsKey).build();
    }

    @Test
    void updateRequest_whenSnapStartIsOffAndUnchanged_leavesItOut() {
        UpdateFunctionConfigurationRequest request = LambdaModelMapper.updateRequest("f", config("None", null),
                List.of("MemorySize"));

        assertThat(request.snapStart()).isNull();
    }

    @Test
    void updateRequest_whenSnapStartIsTurnedOff_sendsNone() {
        UpdateFunctionConfigurationRequest request = LambdaModelMapper.updateRequest("f", config("None", null),
                List.of("SnapStart"));

        assertThat(request.snapStart().applyOnAsString()).isEqualTo("None");
    }

    @Test
    void updateRequest_whenSettingsAreCleared_sendsTheEmptyValuesThatRemoveThem() {
        UpdateFunctionConfigurationRequest request = LambdaModelMapper.updateRequest("f",
                config("PublishedVersions", null), List.of("KMSKeyArn"));

        assertThat(request.kmsKeyArn()).isEmpty();
        assertThat(request.deadLetterConfig().targetArn()).isEmpty();
        assertThat(request.vpcConfig().subnetIds()).isEmpty();
        assertThat(request.snapStart().applyOnAsString()).isEqualTo("PublishedVersions");
        assertThat(request.environment().variables()).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void requests_ofAnImageFunction_carryItsImageSettingsAndNoLayersMember() {
        FunctionConfig image = config("None", null).toBuilder().runtime(null).handler(null)
                .image(new FunctionConfig.ImageSettings(List.of("/entry"), List.of("app.handler"), "/app")).build();

        var create = LambdaModelMapper.createRequest("f", image).build();
        UpdateFunctionConfigurationRequest update = LambdaModelMapper.updateRequest("f", image, List.of("MemorySize"));

        for (var imageConfig : List.of(create.imageConfig(), update.imageConfig())) {
            assertThat(imageConfig.entryPoint()).containsExactly("/entry");
            assertThat(imageConfig.command()).containsExactly("app.handler");
            assertThat(imageConfig.workingDirectory()).isEqualTo("/app");
        }
        assertThat(create.hasLayers()).isFalse();
        assertThat(update.hasLayers()).isFalse();
        assertThat(create.runtime()).isNull();
    }

    @Test
    void updateRequest_whenLayersAreRemoved_sendsAnEmptyListAndAZipFunctionNoImageSettings() {
        UpdateFunctionConfigurationRequest request = LambdaModelMapper.updateRequest("f", config("None", null),
                List.of("Layers"));

        assertThat(request.hasLayers()).isTrue();
        assertThat(request.layers()).isEmpty();
        assertThat(request.imageConfig()).isNull();
    }

    @Test
    void createRequest_whenSnapStartIsOff_leavesItOutAndCarriesArchitectures() {
        var request = LambdaModelMapper.createRequest("f", config("None", "arn:aws:kms:eu-west-1:1:key/k")).build();

        assertThat(request.snapStart()).isNull();
        assertThat(request.architecturesAsStrings()).containsExactly("arm64");
        assertThat(request.kmsKeyArn()).isEqualTo("arn:aws:kms:eu-west-1:1:key/k");
        assertThat(request.publish()).isFalse();
    }

    @Test
    void asFunctionConfiguration_copiesEveryMemberOfAWriteResponse() {
        CreateFunctionResponse response = CreateFunctionResponse.builder()
                .functionName("f").version("$LATEST").codeSha256("abc=").codeSize(42L).memorySize(256)
                .environment(EnvironmentResponse.builder().variables(Map.of("K", "V")).build())
                .loggingConfig(LoggingConfig.builder().logFormat("JSON").logGroup("/aws/lambda/f").build())
                .stateReason("r").build();

        FunctionConfiguration configuration = LambdaModelMapper.asFunctionConfiguration(response);

        assertThat(configuration.codeSha256()).isEqualTo("abc=");
        assertThat(configuration.codeSize()).isEqualTo(42L);
        assertThat(configuration.memorySize()).isEqualTo(256);
        assertThat(configuration.environment().variables()).containsEntry("K", "V");
        assertThat(configuration.stateReason()).isEqualTo("r");
        assertThat(LambdaModelMapper.configOf(configuration).logging().logGroup())
                .as("the default log group is normalised away").isNull();
    }

    private static final FunctionConfiguration WITH_NEWER_SETTINGS = FunctionConfiguration.builder()
            .functionName("orders").runtime("java21").handler("h").role("arn:aws:iam::123456789012:role/r")
            .durableConfig(durable -> durable.retentionPeriodInDays(7).executionTimeout(900))
            .tenancyConfig(tenancy -> tenancy.tenantIsolationMode("PER_TENANT"))
            .capacityProviderConfig(capacity -> capacity.lambdaManagedInstancesCapacityProviderConfig(instances ->
                    instances.capacityProviderArn("arn:aws:lambda:us-east-1:123456789012:capacity-provider:fleet")))
            .build();

    @Test
    void configOf_carriesTheSettingsItDoesNotMapOneByOne_byTheirApiNames() {
        FunctionConfig config = LambdaModelMapper.configOf(WITH_NEWER_SETTINGS);

        assertThat(LambdaModelMapper.NEWER_SETTINGS)
                .contains("DurableConfig", "TenancyConfig", "CapacityProviderConfig")
                .doesNotContain("Environment", "FunctionName", "Timeout");
        assertThat(config.newerSettings()).containsOnlyKeys("DurableConfig", "TenancyConfig", "CapacityProviderConfig");
        assertThat(config.newerSettings().get("DurableConfig"))
                .isEqualTo(Map.of("RetentionPeriodInDays", 7, "ExecutionTimeout", 900));
    }

    @Test
    void createRequest_sendsTheNewerSettings_andUpdateRequestOnlyThoseThatChanged() {
        FunctionConfig config = LambdaModelMapper.configOf(WITH_NEWER_SETTINGS);

        var create = LambdaModelMapper.createRequest("orders", config).build();
        UpdateFunctionConfigurationRequest update = LambdaModelMapper.updateRequest("orders", config,
                List.of("DurableConfig"));

        assertThat(create.durableConfig()).isEqualTo(WITH_NEWER_SETTINGS.durableConfig());
        assertThat(create.tenancyConfig()).isEqualTo(WITH_NEWER_SETTINGS.tenancyConfig());
        assertThat(create.capacityProviderConfig()).isEqualTo(WITH_NEWER_SETTINGS.capacityProviderConfig());
        assertThat(update.durableConfig()).isEqualTo(WITH_NEWER_SETTINGS.durableConfig());
        assertThat(update.capacityProviderConfig()).isNull();
    }

    /**
     * Every setting carried by name can be updated, but the creation-only ones: were a new SDK release to add one
     * that cannot, this fails and {@link FunctionConfig#CREATION_ONLY} must name it.
     */
    @Test
    void everyNewerSettingButTheCreationOnlyOnesCanBeUpdated() {
        var updatable = SdkPojoTrees.memberNames(UpdateFunctionConfigurationRequest.builder());

        assertThat(LambdaModelMapper.NEWER_SETTINGS.stream()
                .filter(name -> !updatable.contains(name) && !FunctionConfig.CREATION_ONLY.contains(name)))
                .isEmpty();
    }
}
