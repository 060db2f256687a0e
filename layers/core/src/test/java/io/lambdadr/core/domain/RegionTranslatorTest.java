package io.lambdadr.core.domain;

import static io.lambdadr.core.domain.SnapshotBuilder.config;
import static io.lambdadr.core.domain.SnapshotBuilder.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

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

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static CodeIdentity image(String region, String repository) {
        return new CodeIdentity(DIGEST.substring(7), 0, "Image",
                "123456789012.dkr.ecr." + region + ".amazonaws.com/" + repository + "@" + DIGEST);
    }

    @Test
    void translate_whenPackageIsAnImage_pinsTheSameDigestInTheTargetRegionsRepository() {
        FunctionSnapshot source = snapshot().code(image(SOURCE, "team/orders"))
                .version("1", image(SOURCE, "team/orders-old"), config().build()).build();

        FunctionSnapshot desired = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source);

        assertThat(desired.code().imageUri())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/orders@" + DIGEST);
        assertThat(desired.code().sameCodeAs(source.code())).isTrue();
        assertThat(desired.versions().getFirst().code().imageUri())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/orders-old@" + DIGEST);
    }

    @Test
    void translate_whenTheRepositoryIsMappedUnderValues_usesTheMappedOne() {
        FunctionSnapshot source = snapshot().code(image(SOURCE, "orders")).build();
        TargetMappings mappings = values(Map.of("123456789012.dkr.ecr.us-east-1.amazonaws.com/orders",
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-dr"), Set.of(), Set.of());

        FunctionSnapshot desired = new RegionTranslator(SOURCE, TARGET, mappings).translate(source);

        assertThat(desired.code().imageUri())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-dr@" + DIGEST);
    }

    @Test
    void translate_whenAMappingLeavesTheImageInAnotherRegion_failsNamingTheFieldAndWhatToMap() {
        FunctionSnapshot source = snapshot().code(image(SOURCE, "orders")).build();
        TargetMappings elsewhere = values(Map.of("ecr.us-east-1", "ecr.us-west-2"), Set.of(), Set.of());

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, TARGET, elsewhere).translate(source))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("Code.ImageUri")
                .hasMessageContaining("targets.eu-west-1.values");
    }

    @Test
    void translate_whenAnImageIsNotPinnedByDigest_failsNamingTheField() {
        FunctionSnapshot source = snapshot().code(new CodeIdentity("x", 0, "Image",
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:latest")).build();

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("Code.ImageUri")
                .hasMessageContaining("pinned by digest");
    }

    private static TargetMappings values(Map<String, String> values, Set<String> keptVariables, Set<String> keptTags) {
        return new TargetMappings(Map.of(), Map.of(), Map.of(), Map.of(), values, keptVariables, keptTags);
    }

    @Test
    void translate_rewritesQueueUrlsAndServiceEndpointsInEnvironmentAndTagValues() {
        FunctionSnapshot source = snapshot().config(config()
                        .env("QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/orders")
                        .env("DDB_ENDPOINT", "https://dynamodb.us-east-1.amazonaws.com")
                        .env("HOME_REGION", "us-east-1")
                        .build())
                .tag("endpoint", "https://sns.us-east-1.amazonaws.com").build();

        FunctionSnapshot translated = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source);

        assertThat(translated.config().environment())
                .containsEntry("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders")
                .containsEntry("DDB_ENDPOINT", "https://dynamodb.eu-west-1.amazonaws.com")
                .containsEntry("HOME_REGION", "eu-west-1");
        assertThat(translated.tags()).containsEntry("endpoint", "https://sns.eu-west-1.amazonaws.com");
    }

    @Test
    void translate_whenAnEnvironmentValueNamesTheSourceRegionUnderivably_failsNamingTheVariableNotItsValue() {
        String secretUrl = "postgres://app:s3cr3t@orders.cluster-x1.us-east-1.rds.amazonaws.com:5432/orders";
        FunctionConfig source = config().env("DATABASE_URL", secretUrl).build();

        assertThatThrownBy(() -> translate(source, TargetMappings.NONE))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("Environment.Variables.DATABASE_URL")
                .hasMessageContaining("targets.eu-west-1.values")
                .hasMessageContaining("targets.eu-west-1.keep.environment")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("cluster-x1");
    }

    @Test
    void translate_inAVersionsConfiguration_alsoRefusesAnUnderivableReference() {
        FunctionSnapshot source = snapshot().config(config().build())
                .version("3", SnapshotBuilder.code("v3"),
                        config().env("API", "https://a1b2c3.execute-api.us-east-1.amazonaws.com/prod").build())
                .build();

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("Version 3: Environment.Variables.API");
    }

    @Test
    void translate_withAValuesMapping_replacesTheMappedTextInsideTheValue() {
        FunctionConfig source = config().env("DATABASE_URL",
                "postgres://app:s3cr3t@orders.cluster-x1.us-east-1.rds.amazonaws.com:5432/orders").build();

        Map<String, String> env = translate(source, values(Map.of(
                "orders.cluster-x1.us-east-1.rds.amazonaws.com", "orders.cluster-z9.eu-west-1.rds.amazonaws.com"),
                Set.of(), Set.of())).config().environment();

        assertThat(env).containsEntry("DATABASE_URL",
                "postgres://app:s3cr3t@orders.cluster-z9.eu-west-1.rds.amazonaws.com:5432/orders");
    }

    @Test
    void translate_whenAVariableOrTagIsKept_copiesItUnchanged() {
        String primary = "https://a1b2c3.execute-api.us-east-1.amazonaws.com/prod";
        FunctionSnapshot source = snapshot().config(config().env("PRIMARY_API", primary)
                        .env("PRIMARY_TOPIC", "arn:aws:sns:us-east-1:123456789012:primary").build())
                .tag("primary-zone", "us-east-1a").build();

        FunctionSnapshot translated = new RegionTranslator(SOURCE, TARGET,
                values(Map.of(), Set.of("PRIMARY_API", "PRIMARY_TOPIC"), Set.of("primary-zone"))).translate(source);

        assertThat(translated.config().environment()).containsEntry("PRIMARY_API", primary)
                .containsEntry("PRIMARY_TOPIC", "arn:aws:sns:us-east-1:123456789012:primary");
        assertThat(translated.tags()).containsEntry("primary-zone", "us-east-1a");
    }

    @Test
    void translate_whenATagValueNamesTheSourceRegionUnderivably_failsNamingTheTag() {
        FunctionSnapshot source = snapshot().config(config().build()).tag("zone", "us-east-1b").build();

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("Tags.zone")
                .hasMessageContaining("targets.eu-west-1.keep.tags");
    }

    @Test
    void translate_whenTheSourceTagsLeaveNoRoomForTheMarkers_failsSayingHowManyToRemove() {
        SnapshotBuilder full = snapshot().config(config().build()).tag("aws:cloudformation:stack-name", "s");
        for (int i = 0; i < 49; i++) {
            full.tag("t" + i, "v");
        }

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(full.build()))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("51, over Lambda's limit of 50")
                .hasMessageContaining("remove 1 tag(s)");
    }

    @Test
    void translate_whenTheSourceTagsLeaveRoomForTheMarkers_keepsThemAll() {
        SnapshotBuilder full = snapshot().config(config().build());
        for (int i = 0; i < 48; i++) {
            full.tag("t" + i, "v");
        }

        FunctionSnapshot translated = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(full.build());

        assertThat(translated.tags()).hasSize(49).containsKey(ReplicaMarkers.REPLICA_OF_TAG);
    }

    @Test
    void translate_recognisesArnsOfEveryPartitionsRegions() {
        FunctionConfig source = config().env("TOPIC", "arn:aws-eusc:sns:eusc-de-east-1:123456789012:orders").build();

        Map<String, String> env = new RegionTranslator("eusc-de-east-1", "eusc-de-west-1", TargetMappings.NONE)
                .translate(snapshot().config(source).build()).config().environment();

        assertThat(env).containsEntry("TOPIC", "arn:aws-eusc:sns:eusc-de-west-1:123456789012:orders");
    }

    @Test
    void translate_rewritesPolicySourceArnsAndLeavesAccountsAndOrganizationsAsTheyAre() {
        PolicyStatement topic = new PolicyStatement("sns", "lambda:InvokeFunction", "sns.amazonaws.com",
                "arn:aws:sns:us-east-1:123456789012:orders", "123456789012", null, null);
        PolicyStatement org = new PolicyStatement("org", "lambda:InvokeFunction", "*", null, null, "o-abc123", null);
        FunctionSnapshot source = snapshot().config(config().build()).policy("", topic).policy("live", org).build();

        FunctionSnapshot translated = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source);

        assertThat(translated.policies().get("")).containsExactly(
                topic.withSourceArn("arn:aws:sns:eu-west-1:123456789012:orders"));
        assertThat(translated.policies().get("live")).containsExactly(org);
    }

    @Test
    void translate_withAnArnMapping_usesItForAPolicysSourceArn() {
        PolicyStatement bucket = new PolicyStatement("s3", "lambda:InvokeFunction", "s3.amazonaws.com",
                "arn:aws:s3:::orders-uploads", null, null, null);
        FunctionSnapshot source = snapshot().config(config().build()).policy("", bucket).build();

        FunctionSnapshot translated = new RegionTranslator(SOURCE, TARGET, new TargetMappings(Map.of(), Map.of(),
                Map.of(), Map.of("arn:aws:s3:::orders-uploads", "arn:aws:s3:::orders-uploads-dr"))).translate(source);

        assertThat(translated.policies().get("")).containsExactly(bucket.withSourceArn("arn:aws:s3:::orders-uploads-dr"));
    }

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static EventSourceMapping queueMapping(boolean enabled, Map<String, Object> settings) {
        return new EventSourceMapping("live", "arn:aws:sqs:us-east-1:123456789012:orders", enabled, settings, "src-1");
    }

    @Test
    void translate_eventSourceMappings_rewriteEveryArnInTheirSettings_andAreDisabledByDefault() {
        EventSourceMapping source = queueMapping(true, Map.of("BatchSize", 10, "DestinationConfig",
                Map.of("OnFailure", Map.of("Destination", "arn:aws:sns:us-east-1:123456789012:orders-failed")),
                "SourceAccessConfigurations", List.of(Map.of("Type", "BASIC_AUTH",
                        "URI", "arn:aws:secretsmanager:us-east-1:123456789012:secret:broker"))));

        EventSourceMapping translated = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE)
                .translate(snapshot().eventSourceMapping(source).build()).eventSourceMappings().getFirst();

        assertThat(translated.eventSourceArn()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:orders");
        assertThat(translated.enabled()).isFalse();
        assertThat(translated.uuid()).isNull();
        assertThat(translated.settings()).containsEntry("BatchSize", 10)
                .containsEntry("DestinationConfig", Map.of("OnFailure",
                        Map.of("Destination", "arn:aws:sns:eu-west-1:123456789012:orders-failed")))
                .containsEntry("SourceAccessConfigurations", List.of(Map.of("Type", "BASIC_AUTH",
                        "URI", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:broker")));
    }

    @Test
    void translate_whenTheTargetEnablesMappings_theyPollAsTheSourcesDo() {
        TargetMappings enabling = new TargetMappings(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(),
                Set.of(), true);
        FunctionSnapshot source = snapshot().eventSourceMapping(queueMapping(true, Map.of()))
                .eventSourceMapping(queueMapping(false, Map.of()).withEventSourceArn(
                        "arn:aws:sqs:us-east-1:123456789012:paused")).build();

        List<EventSourceMapping> translated = new RegionTranslator(SOURCE, TARGET, enabling).translate(source)
                .eventSourceMappings();

        assertThat(translated).extracting(EventSourceMapping::eventSourceArn, EventSourceMapping::enabled)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("arn:aws:sqs:eu-west-1:123456789012:orders", true),
                        org.assertj.core.groups.Tuple.tuple("arn:aws:sqs:eu-west-1:123456789012:paused", false));
    }

    @Test
    void translate_aStreamConsumer_keepsItsStreamAndNameInTheTargetRegion_forTheTargetToLookUp() {
        String consumer = "arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/lambda-efo:1700000000";
        FunctionSnapshot source = snapshot().eventSourceMapping(new EventSourceMapping("", consumer, true, Map.of(),
                "src-1")).build();

        EventSourceMapping translated = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source)
                .eventSourceMappings().getFirst();

        assertThat(translated.streamConsumer()).contains(List.of("orders", "lambda-efo"));
        assertThat(translated.eventSourceArn()).startsWith("arn:aws:kinesis:eu-west-1:123456789012:stream/orders/");
        // Matched with the replica's mapping by stream and name: the registration time is each region's own.
        assertThat(translated.key()).isEqualTo(new EventSourceMapping("",
                "arn:aws:kinesis:eu-west-1:123456789012:stream/orders/consumer/lambda-efo:1800000000", true, Map.of(),
                "dr-1").key());
        assertThat(new EventSourceMapping("", "arn:aws:kinesis:eu-west-1:123456789012:stream/orders", true, Map.of(),
                null).streamConsumer()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6789-abcd-ef0123456789-1",
        "arn:aws:mq:us-east-1:123456789012:broker:orders:b-0a1b2c3d-4e5f-6789-abcd-ef0123456789"})
    void translate_whenAMappingReadsAClusterOrBroker_namesItInTheTargetForLookupAndMatchesItByName(String sourceArn) {
        FunctionSnapshot source = snapshot().eventSourceMapping(new EventSourceMapping("", sourceArn, true, Map.of(),
                "src-1")).build();
        String replicaArn = sourceArn.replace("us-east-1", TARGET).replace("0a1b2c3d", "9f8e7d6c");

        EventSourceMapping translated = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source)
                .eventSourceMappings().getFirst();

        // The id is the source region's: the ARN names the target region and the cluster or broker to look up there.
        assertThat(translated.eventSourceArn()).isEqualTo(sourceArn.replace("us-east-1", TARGET));
        assertThat(translated.mskCluster().or(translated::mqBroker)).contains("orders");
        // Matched with the replica's mapping by name: the id is each region's own.
        assertThat(translated.key()).isEqualTo(new EventSourceMapping("", replicaArn, true, Map.of(), "dr-1").key());
        assertThat(translated.key()).isNotEqualTo(new EventSourceMapping("", replicaArn.replace(":orders", ":other")
                .replace("/orders/", "/other/"), true, Map.of(), "dr-1").key());
        // A mapping under targets.<region>.arns still wins: it names the cluster or broker to look up.
        FunctionSnapshot desired = new RegionTranslator(SOURCE, TARGET, new TargetMappings(Map.of(), Map.of(),
                Map.of(), Map.of(sourceArn, replicaArn))).translate(source);
        assertThat(desired.eventSourceMappings()).singleElement()
                .extracting(EventSourceMapping::eventSourceArn).isEqualTo(replicaArn);
    }

    @Test
    void translate_whenAMappingUsesASingleRegionKey_failsNamingTheMappingAndTheSetting() {
        FunctionSnapshot source = snapshot().eventSourceMapping(queueMapping(true, Map.of("KMSKeyArn", KEY))).build();

        assertThatThrownBy(() -> new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE).translate(source))
                .isInstanceOf(UntranslatableReferenceException.class)
                .hasMessageContaining("EventSourceMapping(arn:aws:sqs:us-east-1:123456789012:orders).KMSKeyArn")
                .hasMessageContaining("targets.eu-west-1.kmsKeys");
    }

    @Test
    void translate_aDynamoDbStreamIsKeyedByItsTable_soThatItsReplicaInAnotherRegionMatches() {
        EventSourceMapping source = new EventSourceMapping("", "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
                + "/stream/2026-01-01T00:00:00.000", true, Map.of("StartingPosition", "LATEST"), "src-2");
        EventSourceMapping replica = new EventSourceMapping("", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
                + "/stream/2026-02-02T00:00:00.000", false, Map.of("StartingPosition", "LATEST"), "dr-2");

        EventSourceMapping translated = new RegionTranslator(SOURCE, TARGET, TargetMappings.NONE)
                .translate(snapshot().eventSourceMapping(source).build()).eventSourceMappings().getFirst();

        assertThat(translated.readsDynamoDbStream()).isTrue();
        assertThat(translated.key()).isEqualTo(replica.key());
        assertThat(translated.differingSettings(replica)).isEmpty();
    }
}
