package io.lambdadr.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.domain.VersionHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
                values:
                  orders.cluster-x1.us-east-1.rds.amazonaws.com: orders.cluster-z9.us-west-2.rds.amazonaws.com
                keep:
                  environment: [PRIMARY_API]
                  tags: [primary-zone]
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
                Map.of("arn:aws:iam::123456789012:role/app", "arn:aws:iam::123456789012:role/app-dr"),
                Map.of("orders.cluster-x1.us-east-1.rds.amazonaws.com", "orders.cluster-z9.us-west-2.rds.amazonaws.com"),
                Set.of("PRIMARY_API"), Set.of("primary-zone")));
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
                2, DrConfig.DEFAULT_STALL_TIMEOUT));
    }

    @Test
    void parse_whenGivenDefaults_keepsThemForEverySettingTheFileLeavesOut() {
        DrConfig stack = new DrConfig("dr-team:protect", "yes", Map.of(), DrConfig.Staging.DEFAULT,
                new DrConfig.RateLimits(40, 6), 3, java.time.Duration.ofSeconds(20));

        DrConfig config = new DrConfigLoader(stack).parse(FILE, "parallelism: 5\n");

        assertThat(config.protectTagKey()).isEqualTo("dr-team:protect");
        assertThat(config.protectTagValue()).isEqualTo("yes");
        assertThat(config.rateLimits()).isEqualTo(new DrConfig.RateLimits(40, 6));
        assertThat(config.parallelism()).isEqualTo(5);
        assertThat(new DrConfigLoader(stack).parse(FILE, "# nothing set\n")).isEqualTo(stack);
    }

    @Test
    void parse_whenStallTimeoutIsSet_usesIt() {
        assertThat(loader.parse(FILE, "timeouts:\n  stallSeconds: 3\n").stallTimeout()).hasSeconds(3);
    }

    @Test
    void parse_whenStallTimeoutIsOutOfRange_failsNamingTheSettingAndTheRange() {
        assertThatThrownBy(() -> loader.parse(FILE, "timeouts:\n  stallSeconds: 0\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("timeouts.stallSeconds = 0")
                .hasMessageContaining("between 1 and 300");
    }

    @Test
    void parse_eventSourceMappingsAreDisabledUnlessTheTargetEnablesThem() {
        DrConfig config = loader.parse(FILE, """
                targets:
                  eu-west-1:
                    eventSourceMappings: enabled
                  us-west-2:
                    eventSourceMappings: disabled
                  ap-southeast-2:
                    arns: {}
                """);

        assertThat(config.targets().get("eu-west-1").eventSourceMappingsEnabled()).isTrue();
        assertThat(config.targets().get("us-west-2").eventSourceMappingsEnabled()).isFalse();
        assertThat(config.targets().get("ap-southeast-2").eventSourceMappingsEnabled()).isFalse();
    }

    @Test
    void parse_whenEventSourceMappingsIsNotAChoice_failsNamingTheSettingAndTheChoices() {
        assertThatThrownBy(() -> loader.parse(FILE, "targets:\n  eu-west-1:\n    eventSourceMappings: on\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("targets.eu-west-1.eventSourceMappings")
                .hasMessageContaining("use enabled")
                .hasMessageContaining("disabled");
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
    void parse_whenVersionsNewestIsSet_limitsTheVersionHistory() {
        assertThat(loader.parse(FILE, "versions:\n  newest: 20\n").versions()).isEqualTo(new VersionHistory(20));
        assertThat(loader.parse(FILE, "parallelism: 4\n").versions()).isEqualTo(VersionHistory.ALL);
    }

    @Test
    void parse_whenVersionsNewestIsZero_failsSayingWhatItMeans() {
        assertThatThrownBy(() -> loader.parse(FILE, "versions:\n  newest: 0\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(FILE + ": versions.newest = 0: must be at least 1 (the versions that aliases and other "
                        + "settings use are replicated whatever it says); leave it out to replicate every published "
                        + "version");
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
                .hasMessageContaining("staging.bucket = 'DR_Stage_{acount}'")
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
                .hasMessage(FILE + ": invalid value at parallelism: expected a whole number, found the string 'many'");
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

    // --- Reading the file -------------------------------------------------------------------------------------

    @Test
    void load_whenPathIsADirectory_saysItIsNotAFile(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("--config: " + dir + " is a directory, not a file");
    }

    @Test
    void load_whenFileIsLargerThanTheLimit_failsNamingTheFileAndTheLimit(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve(FILE), comments(ConfigFileReader.MAX_BYTES + 1));

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("--config: file " + file + " is larger than 1048576 bytes (1 MiB)");
    }

    @Test
    void load_whenFileIsExactlyAtTheLimit_readsIt(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve(FILE), comments(ConfigFileReader.MAX_BYTES));

        assertThat(loader.load(file)).isEqualTo(DrConfig.DEFAULTS);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void load_whenFileNeverEnds_failsOnTheSizeLimitInsteadOfRunningOutOfMemory() {
        // Files.size says 0 for /dev/zero: only reading can tell that it is too large.
        Path endless = Path.of("/dev/zero");

        assertThatThrownBy(() -> loader.load(endless))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("--config: file /dev/zero is larger than 1048576 bytes (1 MiB)");
    }

    @Test
    void describe_whenFileDoesNotExist_saysSo() {
        Path path = Path.of("conf", "dr.yaml");

        assertThat(ConfigFileReader.describe(path, new NoSuchFileException(path.toString())))
                .isEqualTo("--config: file " + path + " does not exist");
    }

    @Test
    void describe_whenPermissionIsDenied_saysSoWithoutRepeatingThePath() {
        // The tests run as root, for whom a chmod 000 file is still readable: the wording is tested here instead.
        Path path = Path.of("conf", "dr.yaml");

        String message = ConfigFileReader.describe(path, new AccessDeniedException(path.toString()));

        assertThat(message).isEqualTo("--config: cannot read " + path
                + ": permission denied (check the file's permissions)");
    }

    @Test
    void describe_whenAnotherFileSystemErrorOccurs_namesItInWordsWithItsReason() {
        Path path = Path.of("conf", "dr.yaml");

        assertThat(ConfigFileReader.describe(path, new FileSystemException(path.toString(), null, "Not a directory")))
                .isEqualTo("--config: cannot read " + path + ": file system error: Not a directory");
        assertThat(ConfigFileReader.describe(path, new FileSystemLoopException(path.toString())))
                .isEqualTo("--config: cannot read " + path + ": file system loop");
        assertThat(ConfigFileReader.describe(path, new IOException("Stale file handle")))
                .isEqualTo("--config: cannot read " + path + ": input/output error: Stale file handle");
        assertThat(ConfigFileReader.describe(path, new IOException(path.toString())))
                .isEqualTo("--config: cannot read " + path + ": input/output error");
    }

    @Test
    void load_whenFileIsNotUtf8_namesTheLineColumnOffsetAndByte(@TempDir Path dir) throws Exception {
        // "café" saved as Latin-1: é is the single byte 0xE9.
        byte[] latin1 = "parallelism: 4\nstaging:\n  bucket: café\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve(FILE), latin1);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(file + ": not UTF-8: invalid byte 0xE9 at line 3, column 14 (byte offset 37); "
                        + "save the file as UTF-8");
    }

    @Test
    void load_whenInvalidByteFollowsMultiByteCharactersAndCrLf_countsColumnsInCharacters(@TempDir Path dir)
            throws Exception {
        byte[] bytes = concat("a: 1\r\nb: \"ü".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF, '"'});
        Path file = Files.write(dir.resolve(FILE), bytes);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("invalid byte 0xFF at line 2, column 6 (byte offset 12)");
    }

    @Test
    void load_whenFileStartsWithAUtf8ByteOrderMark_skipsIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(FILE), "\ufeffparallelism: 4\n", StandardCharsets.UTF_8);

        assertThat(loader.load(file).parallelism()).isEqualTo(4);
    }

    @Test
    void load_whenInvalidByteFollowsAUtf8ByteOrderMark_countsColumnsWithoutIt(@TempDir Path dir) throws Exception {
        byte[] bytes = concat("\ufeffab".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, '(', '\n'});
        Path file = Files.write(dir.resolve(FILE), bytes);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("invalid byte 0xC3 at line 1, column 3 (byte offset 5)");
    }

    @ParameterizedTest
    @MethodSource("utf16")
    void load_whenFileIsUtf16_saysToSaveItAsUtf8(byte[] bytes, @TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve(FILE), bytes);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(file + ": this file is UTF-16; save it as UTF-8");
    }

    static Stream<byte[]> utf16() {
        String text = "parallelism: 4\n";
        // Java's UTF-16 writes big-endian after a byte-order mark; Windows tools write little-endian.
        return Stream.of(text.getBytes(StandardCharsets.UTF_16),
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)));
    }

    @Test
    void load_whenFileIsBinary_saysItIsNotYaml(@TempDir Path dir) throws Exception {
        // The start of a PNG image: its first byte is not UTF-8 either, but "binary" is the useful diagnosis.
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
        Path file = Files.write(dir.resolve(FILE), png);

        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(file + ": this is a binary file, not YAML (a NUL byte at byte offset 8)");
    }

    @Test
    void load_whenFileIsEmpty_returnsTheDefaults(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve(FILE), new byte[0]);

        assertThat(loader.load(file)).isEqualTo(DrConfig.DEFAULTS);
    }

    // --- Values of the wrong shape ------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("wrongShapes")
    void parse_whenValueHasTheWrongShape_saysWhatWasExpectedAndFoundInYamlTerms(String text, String problem) {
        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(FILE + ": invalid value at " + problem);
    }

    static Stream<Arguments> wrongShapes() {
        return Stream.of(
                Arguments.of("targets: [eu-west-1]\n",
                        "targets: expected a mapping of target region (such as eu-west-1) to its settings, "
                                + "found a list"),
                Arguments.of("targets:\n  eu-west-1: [subnets]\n",
                        "targets.eu-west-1: expected a mapping with the settings subnets, securityGroups, kmsKeys, "
                                + "arns, values, keep, eventSourceMappings, found a list"),
                Arguments.of("targets:\n  eu-west-1:\n    subnets: [subnet-0a1b2c3d, subnet-0e0e0e0e]\n",
                        "targets.eu-west-1.subnets: expected a mapping of source subnet id to target subnet id, "
                                + "found a list"),
                Arguments.of("targets:\n  eu-west-1:\n    subnets: subnet-0a1b2c3d\n",
                        "targets.eu-west-1.subnets: expected a mapping of source subnet id to target subnet id, "
                                + "found the string 'subnet-0a1b2c3d'"),
                Arguments.of("targets:\n  eu-west-1:\n    securityGroups:\n      sg-0a1b2c3d: {id: sg-0e0e0e0e}\n",
                        "targets.eu-west-1.securityGroups.sg-0a1b2c3d: expected a string, found a mapping"),
                Arguments.of("parallelism: eight\n",
                        "parallelism: expected a whole number, found the string 'eight'"),
                Arguments.of("parallelism: 2.5\n", "parallelism: expected a whole number, found the number 2.5"),
                Arguments.of("parallelism: true\n",
                        "parallelism: expected a whole number, found true (a true/false value)"),
                Arguments.of("parallelism: 99999999999\n",
                        "parallelism: expected a whole number, found the number 99999999999, which is out of range"),
                Arguments.of("staging: 5\n",
                        "staging: expected a mapping with the settings bucket, inlineUploadLimitBytes, "
                                + "found the number 5"),
                Arguments.of("staging:\n  inlineUploadLimitBytes: [1]\n",
                        "staging.inlineUploadLimitBytes: expected a whole number, found a list"),
                Arguments.of("protectTag: dr\n",
                        "protectTag: expected a mapping with the settings key, value, found the string 'dr'"),
                Arguments.of("protectTag:\n  key: [dr, protect]\n  value: \"true\"\n",
                        "protectTag.key: expected a string, found a list"),
                Arguments.of("rateLimits:\n  getFunctionPerSecond: fast\n",
                        "rateLimits.getFunctionPerSecond: expected a number, found the string 'fast'"),
                Arguments.of("rateLimits:\n  controlPlanePerSecond: {max: 10}\n",
                        "rateLimits.controlPlanePerSecond: expected a number, found a mapping"),
                Arguments.of("- parallelism: 4\n",
                        "the top level: expected a mapping with the settings protectTag, targets, staging, "
                                + "rateLimits, parallelism, timeouts, versions, found a list"),
                Arguments.of("versions: 20\n",
                        "versions: expected a mapping with the settings newest, found the number 20"),
                Arguments.of("versions:\n  newest: all\n",
                        "versions.newest: expected a whole number, found the string 'all'"));
    }

    @Test
    void parse_whenValueOfTheWrongShapeIsLong_showsItShortened() {
        String text = "protectTag: \"" + "x".repeat(10_000) + "\"\n";

        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageEndingWith("found the string '" + "x".repeat(60) + "…' (10000 characters)");
    }

    @ParameterizedTest
    @MethodSource("wrongInputs")
    void parse_whenInputIsWrong_namesNoJavaType(String text) {
        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .message()
                .doesNotContainPattern("java\\.|com\\.fasterxml|org\\.yaml|io\\.lambdadr|`")
                .doesNotContainPattern("\\b(LinkedHashMap|Map|Integer|Long|Double|String|Boolean|Object)\\b")
                .doesNotContainPattern("\\b(File|Target|ProtectTag|StagingSettings|RateLimitSettings)\\b")
                .doesNotContain("Exception");
    }

    static Stream<String> wrongInputs() {
        Stream<String> shapes = wrongShapes().map(arguments -> (String) arguments.get()[0]);
        Stream<String> others = Stream.of(
                "parallelism: 1" + "0".repeat(30) + "\n",
                "staging:\n  inlineUploadLimitBytes: 1e3\n",
                "staging:\n  bucket: [a]\n",
                "staging:\n  bucket: {a: b}\n",
                "targets:\n  eu-west-1:\n    kmsKeys: true\n",
                "targets:\n  eu-west-1:\n    arns: 12\n",
                "targets:\n  eu-west-1:\n    arns:\n      \"arn:aws:sns:us-east-1:123456789012:t\": [a]\n",
                "rateLimits: [1, 2]\n",
                "rateLimits:\n  getFunctionPerSecond: true\n",
                "parallelism: !!binary aGVsbG8=\n",
                "? [a, b]\n: c\n",
                "[".repeat(1_100) + "\n",
                "parallelism: 1\nparallelism: 2\n",
                "replicate everything to Ireland please\n");
        return Stream.concat(shapes, others);
    }

    // --- Values from the file in messages --------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("hugeValues")
    void parse_whenMessageShowsAHugeValueFromTheFile_showsItShortenedOnOneLine(String text) {
        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .message()
                .contains("…' (10000 characters)")
                .doesNotContain("\n")
                .hasSizeLessThan(400);
    }

    static Stream<String> hugeValues() {
        // 10,000 characters with newlines in them, as a YAML double-quoted scalar; a key this long must be an
        // explicit one ("? key" then ": value"), YAML caps implicit keys at 1024 characters.
        String huge = "\"" + "ab\\n".repeat(3_333) + "c\"";
        return Stream.of(
                "staging:\n  bucket: " + huge + "\n",
                "targets:\n  eu-west-1:\n    subnets:\n      subnet-0a1b2c3d: " + huge + "\n",
                "targets:\n  eu-west-1:\n    arns:\n      ? " + huge
                        + "\n      : arn:aws:sns:eu-west-1:123456789012:t\n",
                "targets:\n  ? " + huge + "\n  : {arns: {}}\n",
                "? " + huge + "\n: 4\n",
                "protectTag:\n  ? " + huge + "\n  : x\n",
                "? " + huge + "\n: 1\n? " + huge + "\n: 2\n",
                "parallelism: " + huge + "\n");
    }

    @Test
    void parse_whenMappingValueHasControlCharacters_showsThemEscaped() {
        String text = "targets:\n  eu-west-1:\n    subnets:\n      subnet-0a1b2c3d: \"subnet-0e0e\\u001b[2J\"\n";

        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(FILE + ": targets.eu-west-1.subnets: 'subnet-0a1b2c3d' -> 'subnet-0e0e\\u001b[2J' is not "
                        + "an id mapping; both sides must look like subnet-0123abcd");
    }

    @Test
    void parse_whenUnknownRegionKeyNeedsQuoting_showsItQuotedInThePath() {
        assertThatThrownBy(() -> loader.parse(FILE, "targets:\n  \"eu west 1\": {}\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(FILE + ": targets.'eu west 1': unknown AWS region 'eu west 1'; use a region code such as "
                        + "us-east-1 or eu-west-1");
    }

    @Test
    void parse_whenSettingIsRepeated_namesTheKeyAndItsLine() {
        assertThatThrownBy(() -> loader.parse(FILE, "parallelism: 2\nparallelism: 4\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(FILE + ": not valid YAML: the key 'parallelism' appears twice in the same "
                        + "mapping (line 2");
    }

    @Test
    void parse_whenKeyIsUnknown_listsTheSectionsSettingsInOrder() {
        assertThatThrownBy(() -> loader.parse(FILE, "staging:\n  buckets: x\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(FILE + ": unknown setting 'buckets' at staging; known settings there: bucket, "
                        + "inlineUploadLimitBytes");
    }

    /** YAML comment lines, {@code size} bytes in all. */
    private static byte[] comments(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) '#');
        for (int i = 79; i < size; i += 80) {
            bytes[i] = '\n';
        }
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void parse_whenAKeptNameIsEmptyOrAValueMappingHasNoSource_namesTheSetting() {
        assertThatThrownBy(() -> loader.parse(FILE, "targets:\n  eu-west-1:\n    keep:\n      environment: [\"\"]\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("targets.eu-west-1.keep.environment: an empty name");
        assertThatThrownBy(() -> loader.parse(FILE, "targets:\n  eu-west-1:\n    values:\n      \"\": x\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("targets.eu-west-1.values");
        assertThatThrownBy(() -> loader.parse(FILE, "targets:\n  eu-west-1:\n    keep:\n      variables: [A]\n"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("variables");
    }
}
