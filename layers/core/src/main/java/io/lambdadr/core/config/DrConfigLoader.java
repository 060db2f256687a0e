package io.lambdadr.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lambdadr.core.domain.TargetMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the DR configuration file (YAML; the format is documented in the README) into a validated {@link DrConfig}.
 * Unknown settings are errors, not silently ignored: a misspelt mapping would otherwise replicate a function with the
 * wrong network.
 */
public final class DrConfigLoader {

    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]+");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\\d{0,12}:.+");

    // Strict on purpose: a repeated key or a fractional count is a mistake to report, not a value to guess.
    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    // The file's shape; validated into DrConfig.
    record File(ProtectTag protectTag, Map<String, Target> targets, StagingSettings staging,
                RateLimitSettings rateLimits, Integer parallelism) {
    }

    record ProtectTag(String key, String value) {
    }

    record Target(Map<String, String> subnets, @JsonProperty("securityGroups") Map<String, String> securityGroups,
                  @JsonProperty("kmsKeys") Map<String, String> kmsKeys, Map<String, String> arns) {
    }

    record StagingSettings(String bucket, Long inlineUploadLimitBytes) {
    }

    record RateLimitSettings(Double getFunctionPerSecond, Double controlPlanePerSecond) {
    }

    /** Loads and validates a configuration file. */
    public DrConfig load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("--config: file " + path + " does not exist");
        } catch (IOException e) {
            throw new InvalidConfigException("--config: cannot read " + path + ": " + e.getMessage(), e);
        }
        return parse(path.toString(), text);
    }

    /** Parses and validates configuration text; {@code source} names it in messages. */
    public DrConfig parse(String source, String text) {
        // Syntax first, then shape: a syntax error inside a section would otherwise surface as a mapping error
        // at that section, without its line and column.
        if (text.isBlank()) {
            return DrConfig.DEFAULTS;
        }
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (IOException e) {
            throw new InvalidConfigException(source + ": not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse("") + location(e), e);
        }
        File file;
        try {
            file = isEmptyDocument(tree) ? null : yaml.treeToValue(tree, File.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidConfigException(source + ": unknown setting '" + e.getPropertyName() + "' at "
                    + location(e) + "; known settings there: " + e.getKnownPropertyIds(), e);
        } catch (JsonMappingException e) {
            throw new InvalidConfigException(source + ": invalid value at " + location(e) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new InvalidConfigException(source + ": cannot read: " + e.getMessage(), e);
        }
        return file == null ? DrConfig.DEFAULTS : validate(source, file);
    }

    /** A file of comments or a bare {@code ---} reads as an empty document: every setting takes its default. */
    private static boolean isEmptyDocument(JsonNode tree) {
        return tree == null || tree.isMissingNode() || tree.isNull() || (tree.isTextual() && tree.asText().isEmpty());
    }

    private static String location(IOException e) {
        if (e instanceof JacksonException jackson && jackson.getLocation() != null
                && jackson.getLocation().getLineNr() > 0) {
            return " (line " + jackson.getLocation().getLineNr() + ", column " + jackson.getLocation().getColumnNr()
                    + ")";
        }
        return "";
    }

    private static String location(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "the top level" : path;
    }

    private DrConfig validate(String source, File file) {
        String tagKey = DrConfig.DEFAULT_PROTECT_TAG_KEY;
        String tagValue = DrConfig.DEFAULT_PROTECT_TAG_VALUE;
        if (file.protectTag() != null) {
            tagKey = required(source, "protectTag.key", file.protectTag().key());
            tagValue = required(source, "protectTag.value", file.protectTag().value());
        }
        Map<String, TargetMappings> targets = new LinkedHashMap<>();
        if (file.targets() != null) {
            file.targets().forEach((region, target) -> {
                AwsRegions.require(source + ": targets." + region, region);
                targets.put(region, validateTarget(source, region, target));
            });
        }
        DrConfig.Staging staging = DrConfig.Staging.DEFAULT;
        if (file.staging() != null) {
            String bucket = file.staging().bucket() == null ? DrConfig.Staging.DEFAULT_BUCKET_PATTERN
                    : file.staging().bucket();
            long limit = file.staging().inlineUploadLimitBytes() == null
                    ? DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES : file.staging().inlineUploadLimitBytes();
            if (limit < 0 || limit > DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES) {
                throw new InvalidConfigException(source + ": staging.inlineUploadLimitBytes = " + limit
                        + ": must be between 0 and " + DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES
                        + " (Lambda's 50 MB limit on direct uploads)");
            }
            String sample = bucket.replace("{account}", "123456789012").replace("{region}", "ap-southeast-2");
            if (!BUCKET.matcher(sample).matches()) {
                throw new InvalidConfigException(source + ": staging.bucket = " + bucket
                        + ": not a valid S3 bucket name (lower-case letters, digits, dots and hyphens; "
                        + "{account} and {region} are substituted)");
            }
            staging = new DrConfig.Staging(bucket, limit);
        }
        DrConfig.RateLimits rates = DrConfig.RateLimits.DEFAULT;
        if (file.rateLimits() != null) {
            double getFunction = rate(source, "rateLimits.getFunctionPerSecond", file.rateLimits().getFunctionPerSecond(),
                    rates.getFunctionPerSecond(), DrConfig.RateLimits.GET_FUNCTION_QUOTA);
            double controlPlane = rate(source, "rateLimits.controlPlanePerSecond",
                    file.rateLimits().controlPlanePerSecond(), rates.controlPlanePerSecond(),
                    DrConfig.RateLimits.CONTROL_PLANE_QUOTA);
            rates = new DrConfig.RateLimits(getFunction, controlPlane);
        }
        int parallelism = file.parallelism() == null ? DrConfig.DEFAULT_PARALLELISM : file.parallelism();
        if (parallelism < 1 || parallelism > 64) {
            throw new InvalidConfigException(source + ": parallelism = " + parallelism + ": must be between 1 and 64");
        }
        return new DrConfig(tagKey, tagValue, targets, staging, rates, parallelism);
    }

    private static TargetMappings validateTarget(String source, String region, Target target) {
        if (target == null) {
            return TargetMappings.NONE;
        }
        String prefix = source + ": targets." + region + ".";
        return new TargetMappings(
                ids(prefix + "subnets", target.subnets(), SUBNET, "subnet-0123abcd"),
                ids(prefix + "securityGroups", target.securityGroups(), SECURITY_GROUP, "sg-0123abcd"),
                arns(prefix + "kmsKeys", target.kmsKeys(), region),
                arns(prefix + "arns", target.arns(), region));
    }

    private static Map<String, String> ids(String setting, Map<String, String> map, Pattern shape, String example) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((from, to) -> {
            if (from == null || to == null || !shape.matcher(from).matches() || !shape.matcher(to).matches()) {
                throw new InvalidConfigException(setting + ": '" + from + "' -> '" + to
                        + "' is not an id mapping; both sides must look like " + example);
            }
        });
        return map;
    }

    private static Map<String, String> arns(String setting, Map<String, String> map, String region) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((from, to) -> {
            if (from == null || to == null || !ARN.matcher(from).matches() || !ARN.matcher(to).matches()) {
                throw new InvalidConfigException(setting + ": '" + from + "' -> '" + to
                        + "' is not an ARN mapping; both sides must be full ARNs (arn:aws:...)");
            }
            String targetRegion = to.split(":", -1)[3];
            if (!targetRegion.isEmpty() && !targetRegion.equals(region)) {
                throw new InvalidConfigException(setting + ": '" + from + "' maps to an ARN in " + targetRegion
                        + ", not in the target region " + region);
            }
        });
        return map;
    }

    private static String required(String source, String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(source + ": " + setting + " is required when its section is present");
        }
        return value;
    }

    private static double rate(String source, String setting, Double value, double fallback, double quota) {
        double rate = value == null ? fallback : value;
        if (!(rate > 0) || rate > quota) {
            throw new InvalidConfigException(source + ": " + setting + " = " + rate + ": must be above 0 and at most "
                    + quota + " (Lambda's quota per account and region)");
        }
        return rate;
    }
}
