package io.lambdadr.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdadr.core.domain.TargetMappings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrConfigLoaderTest {

    private static final String FILE = "dr.yaml";

    private static final String FULL = """
            protectTag:
              key: dr
              value: "yes"
            targets:
              eu-west-1:
                subnets:
                  subnet-0a1b2c3d: subnet-0e0e0e0e
                securityGroups:
                  sg-0a1b2c3d: sg-0f0f0f0f
                kmsKeys:
                  "arn:aws:kms:us-east-1:123456789012:key/1111": "arn:aws:kms:eu-west-1:123456789012:key/2222"
                arns:
                  "arn:aws:sqs:us-east-1:123456789012:orders": "arn:aws:sqs:eu-west-1:123456789012:orders-dr"
              us-west-2:
                arns:
                  "arn:aws:iam::123456789012:role/app": "arn:aws:iam::123456789012:role/app-dr"
            staging:
              bucket: "dr-stage-{account}-{region}"
              inlineUploadLimitBytes: 10485760
            rateLimits:
              getFunctionPerSecond: 50
              controlPlanePerSecond: 10
            parallelism: 4
            """;

    private final DrConfigLoader loader = new DrConfigLoader();

    @Test
    void load_whenFileSetsEverything_returnsTheTypedConfig(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(FILE), FULL);

        DrConfig config = loader.load(file);

        assertThat(config.protectTagKey()).isEqualTo("dr");
        assertThat(config.protectTagValue()).isEqualTo("yes");
        assertThat(config.targets()).containsOnlyKeys("eu-west-1", "us-west-2");
        assertThat(config.mappingsFor("eu-west-1")).isEqualTo(new TargetMappings(
                Map.of("subnet-0a1b2c3d", "subnet-0e0e0e0e"),
                Map.of("sg-0a1b2c3d", "sg-0f0f0f0f"),
                Map.of("arn:aws:kms:us-east-1:123456789012:key/1111", "arn:aws:kms:eu-west-1:123456789012:key/2222"),
                Map.of("arn:aws:sqs:us-east-1:123456789012:orders", "arn:aws:sqs:eu-west-1:123456789012:orders-dr")));
        assertThat(config.mappingsFor("us-west-2")).isEqualTo(new TargetMappings(Map.of(), Map.of(), Map.of(),
                Map.of("arn:aws:iam::123456789012:role/app", "arn:aws:iam::123456789012:role/app-dr")));
        assertThat(config.mappingsFor("ap-south-1")).isEqualTo(TargetMappings.NONE);
        assertThat(config.staging()).isEqualTo(new DrConfig.Staging("dr-stage-{account}-{region}", 10_485_760));
        assertThat(config.staging().bucketName("123456789012", "eu-west-1"))
                .isEqualTo("dr-stage-123456789012-eu-west-1");
        assertThat(config.rateLimits()).isEqualTo(new DrConfig.RateLimits(50, 10));
        assertThat(config.parallelism()).isEqualTo(4);
    }

    @Test
    void parse_whenTextIsEmpty_returnsTheDefaults() {
        assertThat(loader.parse(FILE, "")).isEqualTo(DrConfig.DEFAULTS);
        assertThat(loader.parse(FILE, "  \n\n")).isEqualTo(DrConfig.DEFAULTS);
        assertThat(loader.parse(FILE, "---\n")).isEqualTo(DrConfig.DEFAULTS);
    }

    @Test
    void parse_whenTextHasOnlyComments_returnsTheDefaults() {
        assertThat(loader.parse(FILE, "# every setting left at its default\n# parallelism: 8\n"))
                .isEqualTo(DrConfig.DEFAULTS);
    }

    @Test
    void parse_whenOnlySomeSectionsAreSet_defaultsTheOthers() {
        DrConfig config = loader.parse(FILE, "parallelism: 2\nstaging:\n  inlineUploadLimitBytes: 0\n");

        assertThat(config).isEqualTo(new DrConfig(DrConfig.DEFAULT_PROTECT_TAG_KEY, DrConfig.DEFAULT_PROTECT_TAG_VALUE,
                Map.of(), new DrConfig.Staging(DrConfig.Staging.DEFAULT_BUCKET_PATTERN, 0), DrConfig.RateLimits.DEFAULT,
                2));
    }

    @Test
    void parse_whenTopLevelKeyIsUnknown_failsNamingTheKey() {
        assertThatThrownBy(() -> loader.parse(FILE, "paralelism: 4\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("unknown setting 'paralelism'")
                .hasMessageContaining("parallelism");
    }

    @Test
    void parse_whenKeyUnderTargetIsUnknown_failsNamingTheTargetAndKey() {
        String text = """
                targets:
                  eu-west-1:
                    subnet:
                      subnet-0a1b2c3d: subnet-0e0e0e0e
                """;

        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("unknown setting 'subnet'")
                .hasMessageContaining("targets.eu-west-1")
                .hasMessageContaining("subnets");
    }

    @Test
    void parse_whenTargetRegionIsUnknown_failsNamingTheRegion() {
        assertThatThrownBy(() -> loader.parse(FILE, "targets:\n  eu-wast-1:\n    arns: {}\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("targets.eu-wast-1")
                .hasMessageContaining("unknown AWS region 'eu-wast-1'");
    }

    @Test
    void parse_whenSubnetIdHasWrongShape_failsNamingTheSetting() {
        String text = """
                targets:
                  eu-west-1:
                    subnets:
                      subnet-0a1b2c3d: sg-0e0e0e0e
                """;

        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("targets.eu-west-1.subnets")
                .hasMessageContaining("sg-0e0e0e0e");
    }

    @Test
    void parse_whenArnMappingValueIsNotAnArn_failsNamingTheSetting() {
        String text = """
                targets:
                  eu-west-1:
                    arns:
                      "arn:aws:sqs:us-east-1:123456789012:orders": orders-dr
                """;

        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("targets.eu-west-1.arns")
                .hasMessageContaining("'orders-dr'")
                .hasMessageContaining("not an ARN mapping");
    }

    @Test
    void parse_whenArnMappingPointsIntoAnotherRegion_failsNamingBothRegions() {
        String text = """
                targets:
                  eu-west-1:
                    kmsKeys:
                      "arn:aws:kms:us-east-1:123456789012:key/1111": "arn:aws:kms:eu-central-1:123456789012:key/2222"
                """;

        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("targets.eu-west-1.kmsKeys")
                .hasMessageContaining("eu-central-1")
                .hasMessageContaining("target region eu-west-1");
    }

    @Test
    void parse_whenRateIsAboveLambdaQuota_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "rateLimits:\n  controlPlanePerSecond: 20\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("rateLimits.controlPlanePerSecond = 20.0")
                .hasMessageContaining("at most 15.0");
    }

    @Test
    void parse_whenRateIsZero_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "rateLimits:\n  getFunctionPerSecond: 0\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("rateLimits.getFunctionPerSecond = 0.0")
                .hasMessageContaining("above 0");
    }

    @Test
    void parse_whenParallelismIsZero_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "parallelism: 0\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("parallelism = 0");
    }

    @Test
    void parse_whenInlineUploadLimitIsAbove50Megabytes_failsNamingTheSetting() {
        long tooLarge = DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES + 1;

        assertThatThrownBy(() -> loader.parse(FILE, "staging:\n  inlineUploadLimitBytes: " + tooLarge + "\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("staging.inlineUploadLimitBytes = " + tooLarge);
    }

    @Test
    void parse_whenBucketPatternIsNotABucketName_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "staging:\n  bucket: \"DR_Stage_{acount}\"\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("staging.bucket = DR_Stage_{acount}")
                .hasMessageContaining("not a valid S3 bucket name");
    }

    @Test
    void parse_whenTextIsNotYaml_failsNamingTheFile() {
        assertThatThrownBy(() -> loader.parse(FILE, "@@@ lambda-dr settings\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void parse_whenSyntaxErrorIsInsideASection_failsAsYamlNamingLineAndColumn() {
        assertThatThrownBy(() -> loader.parse(FILE, "parallelism: 4\ntargets: [eu-west-1\nstaging: {bucket: x\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("not valid YAML")
                .hasMessageMatching("(?s).*\\(line \\d+, column \\d+\\).*");
    }

    @Test
    void parse_whenTextIsProseRatherThanSettings_failsNamingTheFile() {
        assertThatThrownBy(() -> loader.parse(FILE, "replicate everything to Ireland please\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("the top level");
    }

    @Test
    void parse_whenSettingHasWrongType_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "parallelism: many\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("invalid value at parallelism");
    }

    @Test
    void parse_whenParallelismIsFractional_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "parallelism: 2.7\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("parallelism");
    }

    @Test
    void parse_whenSettingIsRepeated_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "parallelism: 0\nparallelism: 4\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("parallelism");
    }

    @Test
    void parse_whenProtectTagHasNoValue_failsNamingTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "protectTag:\n  key: dr\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ":")
                .hasMessageContaining("protectTag.value is required");
    }

    @Test
    void load_whenFileDoesNotExist_failsNamingTheFileAndOption(@TempDir Path dir) {
        Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--config")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void load_whenFileIsInvalid_namesThePathInTheMessage(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(FILE), "parallelism: 0\n");

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(file + ":");
    }
}
