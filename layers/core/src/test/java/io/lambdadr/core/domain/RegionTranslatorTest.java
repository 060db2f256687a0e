package io.lambdadr.core.domain;

import static io.lambdadr.core.domain.SnapshotBuilder.config;
import static io.lambdadr.core.domain.SnapshotBuilder.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionTranslatorTest {

    private static final String SOURCE = "us-east-1";
    private static final String TARGET = "eu-west-1";

    private static FunctionSnapshot translate(FunctionConfig config, TargetMappings mappings) {
        return new RegionTranslator(SOURCE, TARGET, mappings).translate(snapshot().config(config).build());
    }

    @Test
    void translate_whenConfigurationNamesSourceRegionArns_rewritesThemToTheTargetRegion() {
        FunctionConfig source = config()
                .deadLetter("arn:aws:sqs:us-east-1:123456789012:dlq")
                .layers("arn:aws:lambda:us-east-1:123456789012:layer:shared:4")
                .build();

        FunctionConfig translated = translate(source, TargetMappings.NONE).config();

        assertThat(translated.deadLetterTargetArn()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:dlq");
        assertThat(translated.layerArns()).containsExactly("arn:aws:lambda:eu-west-1:123456789012:layer:shared:4");
        assertThat(translated.role()).isEqualTo(SnapshotBuilder.ROLE);
    }

    @Test
    void translate_whenEnvironmentValueEmbedsArns_rewritesEachArnInsideTheText() {
        FunctionConfig source = config()
                .env("TARGETS", "arn:aws:sns:us-east-1:123456789012:a,arn:aws:sqs:us-east-1:123456789012:b")
                .env("OTHER_REGION", "arn:aws:sns:ap-south-1:123456789012:c")
                .env("PLAIN", "hello")
                .build();

        Map<String, String> env = translate(source, TargetMappings.NONE).config().environment();

        assertThat(env).containsEntry("TARGETS",
                "arn:aws:sns:eu-west-1:123456789012:a,arn:aws:sqs:eu-west-1:123456789012:b");
        assertThat(env).containsEntry("OTHER_REGION", "arn:aws:sns:ap-south-1:123456789012:c");
        assertThat(env).containsEntry("PLAIN", "hello");
    }

    @Test
    void translate_whenAnExplicitArnMappingExists_usesItInsteadOfTheRegionRewrite() {
        String sourceTopic = "arn:aws:sns:us-east-1:123456789012:orders";
        String mappedTopic = "arn:aws:sns:eu-west-1:999999999999:orders-dr";
        FunctionConfig source = config().env("TOPIC", sourceTopic).deadLetter(sourceTopic).build();

        FunctionConfig translated = translate(source,
                new TargetMappings(Map.of(), Map.of(), Map.of(), Map.of(sourceTopic, mappedTopic))).config();

        assertThat(translated.environment()).containsEntry("TOPIC", mappedTopic);
        assertThat(translated.deadLetterTargetArn()).isEqualTo(mappedTopic);
    }

    @Test
    void translate_whenVpcSubnetHasNoMapping_failsNamingTheFieldTheValueAndTheFix() {
        FunctionConfig source = config().vpc(List.of("subnet-0aaa"), List.of("sg-0bbb")).build();

        assertThatThrownBy(() -> translate(source, TargetMappings.NONE))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("VpcConfig.SubnetIds[0]")
                .hasMessageContaining("subnet-0aaa")
                .hasMessageContaining("targets.eu-west-1.subnets");
    }

    @Test
    void translate_whenVpcIsMapped_usesTheTargetIds() {
        FunctionConfig source = config().vpc(List.of("subnet-0aaa"), List.of("sg-0bbb")).build();
        TargetMappings mappings = new TargetMappings(Map.of("subnet-0aaa", "subnet-0ccc"),
                Map.of("sg-0bbb", "sg-0ddd"), Map.of(), Map.of());

        FunctionConfig.VpcSettings vpc = translate(source, mappings).config().vpc();

        assertThat(vpc.subnetIds()).containsExactly("subnet-0ccc");
        assertThat(vpc.securityGroupIds()).containsExactly("sg-0ddd");
    }

    @Test
    void translate_whenKmsKeyIsSingleRegion_requiresAMapping() {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        assertThatThrownBy(() -> translate(config().kmsKey(key).build(), TargetMappings.NONE))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("KMSKeyArn")
                .hasMessageContaining("targets.eu-west-1.kmsKeys");
    }

    @Test
    void translate_whenKmsKeyIsMultiRegion_rewritesTheRegion() {
        String key = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd";

        assertThat(translate(config().kmsKey(key).build(), TargetMappings.NONE).config().kmsKeyArn())
                .isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd");
    }

    @Test
    void translate_whenEfsAccessPointIsNotMapped_fails() {
        String accessPoint = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123";

        assertThatThrownBy(() -> translate(config().fileSystem(accessPoint).build(), TargetMappings.NONE))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("FileSystemConfigs[0].Arn");
    }

    @Test
    void translate_whenTheEnvironmentOutgrowsLambdasLimitAfterTranslation_failsWithoutShowingValues() {
        // Forty variables of about a hundred bytes, each naming a queue: us-east-1 becomes the longer ap-southeast-2.
        SnapshotBuilder.ConfigBuilder builder = config();
        for (int i = 0; i < 40; i++) {
            builder.env(String.format("QUEUE_%02d", i), "arn:aws:sqs:us-east-1:123456789012:queue-" + "x".repeat(43) + i);
        }
        FunctionConfig source = builder.build();
        assertThat(source.environmentSizeBytes()).isBetween(3900, FunctionConfig.ENVIRONMENT_LIMIT_BYTES);

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, "ap-southeast-2", TargetMappings.NONE)
                .translate(snapshot().config(source).build()))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("Environment")
                .hasMessageContaining("after translation for ap-southeast-2")
                .hasMessageContaining("(" + source.environmentSizeBytes() + " in the source)")
                .hasMessageContaining("4096")
                .hasMessageNotContaining("queue-");
    }

    @Test
    void translate_whenTheTranslatedEnvironmentStillFits_keepsIt() {
        FunctionConfig source = config().env("QUEUE", "arn:aws:sqs:us-east-1:123456789012:orders").build();

        FunctionConfig translated = new RegionTranslator(SOURCE, "ap-southeast-2", TargetMappings.NONE)
                .translate(snapshot().config(source).build()).config();

        assertThat(translated.environmentSizeBytes()).isEqualTo(source.environmentSizeBytes() + 5);
    }

    @Test
    void translate_whenTranslationFailsInAnEnvironmentVariable_neverShowsItsValue() {
        String secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password-AbCdEf";
        // A mapping that maps the ARN to itself leaves a source-region ARN behind, which must be refused.
        TargetMappings selfMapping = new TargetMappings(Map.of(), Map.of(), Map.of(), Map.of(secretArn, secretArn));

        assertThatThrownBy(() -> translate(config().env("DB_SECRET", secretArn).build(), selfMapping))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("Environment.Variables.DB_SECRET")
                .hasMessageNotContaining("db-password");
    }

    @Test
    void translate_whenFunctionHasVersions_translatesEachVersionsConfigurationAndMarksTheReplica() {
        FunctionSnapshot source = snapshot()
                .version("1", SnapshotBuilder.code("v1"),
                        config().deadLetter("arn:aws:sqs:us-east-1:123456789012:dlq").build())
                .alias("live", "1", Map.of())
                .tag("team", "arn:aws:sns:us-east-1:123456789012:owners")
                .build();

        FunctionSnapshot desired = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source);

        assertThat(desired.region()).isEqualTo(TARGET);
        assertThat(desired.versions().getFirst().config().deadLetterTargetArn())
                .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:dlq");
        assertThat(desired.tags())
                .containsEntry("team", "arn:aws:sns:eu-west-1:123456789012:owners")
                .containsEntry(ReplicaMarkers.REPLICA_OF_TAG, source.functionArn());
    }

    @Test
    void translate_whenPackageIsAnImage_failsWithAClearReason() {
        FunctionSnapshot image = snapshot().code(new CodeIdentity("sha=", 0, "Image")).build();

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(image))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("PackageType");
    }
}
