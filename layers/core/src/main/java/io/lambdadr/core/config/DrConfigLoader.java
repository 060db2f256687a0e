package io.lambdadr.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.domain.TargetMappings;
import io.lambdadr.core.domain.VersionHistory;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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
    // Keys that read unambiguously in a dotted path without quotes: regions, ids, ARNs.
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_:/@+*=-]+");
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
    private static final int MAX_PROBLEM_LENGTH = 200;

    // What each mapping holds, for messages about a value of the wrong shape.
    private static final Map<String, String> MAPPING_MEANINGS = Map.of(
            "targets", "a mapping of target region (such as eu-west-1) to its settings",
            "subnets", "a mapping of source subnet id to target subnet id",
            "securityGroups", "a mapping of source security group id to target security group id",
            "kmsKeys", "a mapping of source KMS key ARN to target KMS key ARN",
            "arns", "a mapping of source ARN to target ARN",
            "values", "a mapping of text in the source region (a host name, an endpoint) to its counterpart",
            "keep", "a mapping with the lists environment and tags");

    // Strict on purpose: a repeated key or a fractional count is a mistake to report, not a value to guess.
    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private final DrConfig defaults;

    /** A loader whose absent settings take lambda-dr's defaults. */
    public DrConfigLoader() {
        this(DrConfig.DEFAULTS);
    }

    /**
     * A loader whose absent settings take {@code defaults}: a deployed stack's protect tag, for one, stays in force
     * when a pushed file does not name one.
     */
    public DrConfigLoader(DrConfig defaults) {
        this.defaults = defaults;
    }

    // The file's shape; validated into DrConfig.
    record File(ProtectTag protectTag, Map<String, Target> targets, StagingSettings staging,
                RateLimitSettings rateLimits, Integer parallelism, TimeoutSettings timeouts,
                VersionSettings versions) {
    }

    record VersionSettings(Integer newest) {
    }

    record ProtectTag(String key, String value) {
    }

    record Target(Map<String, String> subnets, @JsonProperty("securityGroups") Map<String, String> securityGroups,
                  @JsonProperty("kmsKeys") Map<String, String> kmsKeys, Map<String, String> arns,
                  Map<String, String> values, Keep keep,
                  @JsonProperty("eventSourceMappings") String eventSourceMappings) {
    }

    record Keep(List<String> environment, List<String> tags) {
    }

    record StagingSettings(String bucket, Long inlineUploadLimitBytes) {
    }

    record RateLimitSettings(Double getFunctionPerSecond, Double controlPlanePerSecond) {
    }

    record TimeoutSettings(Integer stallSeconds) {
    }

    /**
     * Loads and validates a configuration file: UTF-8 text (a byte-order mark is allowed) of at most 1 MiB.
     *
     * @throws InvalidConfigException naming the file and what is wrong: it cannot be read, is too large, is not
     *         UTF-8 text, or holds an invalid configuration
     */
    public DrConfig load(Path path) {
        return parse(path.toString(), ConfigFileReader.read(path));
    }

    /** Parses and validates configuration text; {@code source} names it in messages. */
    public DrConfig parse(String source, String text) {
        // Syntax first, then shape: a syntax error inside a section would otherwise surface as a mapping error
        // at that section, without its line and column.
        if (text.isBlank()) {
            return defaults;
        }
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (IOException e) {
            throw new InvalidConfigException(source + ": not valid YAML: " + yamlProblem(e) + location(e), e);
        }
        File file;
        try {
            file = isEmptyDocument(tree) ? null : yaml.treeToValue(tree, File.class);
        } catch (UnrecognizedPropertyException e) {
            // The path ends with the unknown key itself; the section it is in is the useful place to name.
            List<JsonMappingException.Reference> section = e.getPath().subList(0, Math.max(0, e.getPath().size() - 1));
            throw new InvalidConfigException(source + ": unknown setting " + DisplayText.quoted(e.getPropertyName())
                    + " at " + settingPath(section) + "; known settings there: " + knownSettings(section, e), e);
        } catch (JsonMappingException e) {
            // Jackson's own text names Java types (LinkedHashMap, Integer): say it in the file's terms instead.
            throw new InvalidConfigException(source + ": invalid value at " + settingPath(e.getPath()) + ": "
                    + mismatch(e.getPath(), tree), e);
        } catch (IOException e) {
            throw new InvalidConfigException(source + ": cannot read: " + yamlProblem(e) + location(e), e);
        }
        return file == null ? defaults : validate(source, file);
    }

    /** A file of comments or a bare {@code ---} reads as an empty document: every setting takes its default. */
    private static boolean isEmptyDocument(JsonNode tree) {
        return tree == null || tree.isMissingNode() || tree.isNull() || (tree.isTextual() && tree.asText().isEmpty());
    }

    /**
     * The first line of the parser's message, without what would leak from it: a repeated key from the file (shown
     * quoted and shortened), the parser's Java names; bounded, since a parser may quote the file.
     */
    private static String yamlProblem(IOException e) {
        // The original message, without Jackson's location: a repeated key may span lines.
        String message = e instanceof JsonProcessingException jackson ? jackson.getOriginalMessage() : e.getMessage();
        message = message == null ? "" : message;
        Matcher duplicate = DUPLICATE_KEY.matcher(message);
        if (duplicate.matches()) {
            return "the key " + DisplayText.quoted(duplicate.group(1)) + " appears twice in the same mapping";
        }
        String problem = message.lines().findFirst().orElse("");
        if (problem.startsWith("Expected a field name")) {
            return "a mapping key must be a single value, not a list or a mapping";
        }
        // Jackson's limits end with the constant that sets them: "(1000, from `StreamReadConstraints...`)".
        problem = problem.replaceAll(", from `[^`]*`", "");
        return problem.length() <= MAX_PROBLEM_LENGTH ? problem : problem.substring(0, MAX_PROBLEM_LENGTH) + "…";
    }

    private static String location(IOException e) {
        if (e instanceof JacksonException jackson && jackson.getLocation() != null
                && jackson.getLocation().getLineNr() > 0) {
            return " (line " + jackson.getLocation().getLineNr() + ", column " + jackson.getLocation().getColumnNr()
                    + ")";
        }
        return "";
    }

    /** A path such as {@code targets.eu-west-1.subnets}; keys from the file show quoted when they need it. */
    private static String settingPath(List<JsonMappingException.Reference> path) {
        StringBuilder text = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() == null) {
                text.append('[').append(ref.getIndex()).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(pathKey(ref.getFieldName()));
            }
        }
        return text.isEmpty() ? "the top level" : text.toString();
    }

    /** A key as is when it reads unambiguously in a dotted path, otherwise quoted (and shortened if long). */
    private static String pathKey(String key) {
        String quoted = DisplayText.quoted(key);
        boolean plain = quoted.equals("'" + key + "'") && PLAIN_KEY.matcher(key).matches();
        return plain ? key : quoted;
    }

    /**
     * What was expected at {@code path} and what the file holds there, in YAML terms: {@code expected a list,
     * found the string 'x'}. The expectation comes from the file's shape (the records above), what was found from
     * the parsed tree.
     */
    private static String mismatch(List<JsonMappingException.Reference> path, JsonNode tree) {
        Type type = typeAt(path);
        String setting = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
        String expected = expected(type, setting);
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : path) {
            node = node == null ? null : ref.getFieldName() != null ? node.get(ref.getFieldName())
                    : node.get(ref.getIndex());
        }
        String found = found(node);
        if (expected == null || found == null) {
            // Only when Jackson's path strays from the file's shape or from the tree, which it should not.
            return expected != null ? "expected " + expected : found != null ? "unexpected " + found
                    : "not a value this setting accepts";
        }
        if (node.isIntegralNumber() && (type == Integer.class || type == Long.class)) {
            // A whole number that still failed is beyond what the setting can hold.
            return "expected " + expected + ", found " + found + ", which is out of range";
        }
        return "expected " + expected + ", found " + found;
    }

    /** The settings of the section at {@code section}, in the order of the README. */
    private static String knownSettings(List<JsonMappingException.Reference> section,
                                        UnrecognizedPropertyException e) {
        if (typeAt(section) instanceof Class<?> record && record.isRecord()) {
            return settingNames(record);
        }
        return e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String settingNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(DrConfigLoader::settingName)
                .collect(Collectors.joining(", "));
    }

    /** The type the file's shape has at {@code path}, or null when the path leaves the shape. */
    private static Type typeAt(List<JsonMappingException.Reference> path) {
        Type type = File.class;
        for (JsonMappingException.Reference ref : path) {
            if (type instanceof Class<?> record && record.isRecord() && ref.getFieldName() != null) {
                RecordComponent component = component(record, ref.getFieldName());
                type = component == null ? null : component.getGenericType();
            } else if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
                type = generic.getActualTypeArguments()[1];
            } else {
                return null;
            }
        }
        return type;
    }

    private static RecordComponent component(Class<?> record, String name) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (settingName(component).equals(name)) {
                return component;
            }
        }
        return null;
    }

    private static String settingName(RecordComponent component) {
        // @JsonProperty on a record component lands on its accessor (the annotation cannot target components).
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property == null || property.value().isEmpty() ? component.getName() : property.value();
    }

    /** The shape a setting of this type takes in YAML; {@code setting} names the mappings that have a meaning. */
    private static String expected(Type type, String setting) {
        if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
            return MAPPING_MEANINGS.getOrDefault(setting, "a mapping (key: value pairs)");
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Double.class) {
            return "a number";
        }
        if (type instanceof Class<?> record && record.isRecord()) {
            return "a mapping with the settings " + settingNames(record);
        }
        return null;
    }

    /** What a node of the file is, in YAML terms; a string shows its value, quoted and shortened. */
    private static String found(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "an empty value (null)";
        }
        if (node.isBoolean()) {
            return node.asText() + " (a true/false value)";
        }
        if (node.isNumber()) {
            String digits = node.asText();
            return digits.length() <= DisplayText.MAX_CHARACTERS ? "the number " + digits
                    : "a number of " + digits.length() + " digits";
        }
        if (node.isTextual()) {
            return "the string " + DisplayText.quoted(node.asText());
        }
        if (node.isBinary()) {
            return "binary data";
        }
        return null;
    }

    private DrConfig validate(String source, File file) {
        String tagKey = defaults.protectTagKey();
        String tagValue = defaults.protectTagValue();
        if (file.protectTag() != null) {
            tagKey = required(source, "protectTag.key", file.protectTag().key());
            tagValue = required(source, "protectTag.value", file.protectTag().value());
        }
        Map<String, TargetMappings> targets = new LinkedHashMap<>();
        if (file.targets() != null) {
            file.targets().forEach((region, target) -> {
                AwsRegions.require(source + ": targets." + pathKey(region), region);
                targets.put(region, validateTarget(source, region, target));
            });
        }
        DrConfig.Staging staging = defaults.staging();
        if (file.staging() != null) {
            String bucket = file.staging().bucket() == null ? defaults.staging().bucketPattern()
                    : file.staging().bucket();
            long limit = file.staging().inlineUploadLimitBytes() == null
                    ? defaults.staging().inlineUploadLimitBytes() : file.staging().inlineUploadLimitBytes();
            if (limit < 0 || limit > DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES) {
                throw new InvalidConfigException(source + ": staging.inlineUploadLimitBytes = " + limit
                        + ": must be between 0 and " + DrConfig.Staging.DIRECT_UPLOAD_LIMIT_BYTES
                        + " (Lambda's 50 MB limit on direct uploads)");
            }
            String sample = bucket.replace("{account}", "123456789012").replace("{region}", "ap-southeast-2");
            if (!BUCKET.matcher(sample).matches()) {
                throw new InvalidConfigException(source + ": staging.bucket = " + DisplayText.quoted(bucket)
                        + ": not a valid S3 bucket name (lower-case letters, digits, dots and hyphens; "
                        + "{account} and {region} are substituted)");
            }
            staging = new DrConfig.Staging(bucket, limit);
        }
        DrConfig.RateLimits rates = defaults.rateLimits();
        if (file.rateLimits() != null) {
            double getFunction = rate(source, "rateLimits.getFunctionPerSecond",
                    file.rateLimits().getFunctionPerSecond(), rates.getFunctionPerSecond(),
                    DrConfig.RateLimits.GET_FUNCTION_QUOTA);
            double controlPlane = rate(source, "rateLimits.controlPlanePerSecond",
                    file.rateLimits().controlPlanePerSecond(), rates.controlPlanePerSecond(),
                    DrConfig.RateLimits.CONTROL_PLANE_QUOTA);
            rates = new DrConfig.RateLimits(getFunction, controlPlane);
        }
        int parallelism = file.parallelism() == null ? defaults.parallelism() : file.parallelism();
        if (parallelism < 1 || parallelism > 64) {
            throw new InvalidConfigException(source + ": parallelism = " + parallelism + ": must be between 1 and 64");
        }
        Duration stall = defaults.stallTimeout();
        if (file.timeouts() != null && file.timeouts().stallSeconds() != null) {
            int seconds = file.timeouts().stallSeconds();
            if (seconds < 1 || seconds > DrConfig.MAX_STALL_TIMEOUT.toSeconds()) {
                throw new InvalidConfigException(source + ": timeouts.stallSeconds = " + seconds
                        + ": must be between 1 and " + DrConfig.MAX_STALL_TIMEOUT.toSeconds());
            }
            stall = Duration.ofSeconds(seconds);
        }
        VersionHistory versions = defaults.versions();
        if (file.versions() != null && file.versions().newest() != null) {
            int newest = file.versions().newest();
            if (newest < 1) {
                throw new InvalidConfigException(source + ": versions.newest = " + newest + ": must be at least 1 "
                        + "(the versions that aliases and other settings use are replicated whatever it says); "
                        + "leave it out to replicate every published version");
            }
            versions = new VersionHistory(newest);
        }
        return new DrConfig(tagKey, tagValue, targets, staging, rates, parallelism, stall, versions);
    }

    private static TargetMappings validateTarget(String source, String region, Target target) {
        if (target == null) {
            return TargetMappings.NONE;
        }
        String prefix = source + ": targets." + region + ".";
        Keep keep = target.keep() == null ? new Keep(null, null) : target.keep();
        return new TargetMappings(
                ids(prefix + "subnets", target.subnets(), SUBNET, "subnet-0123abcd"),
                ids(prefix + "securityGroups", target.securityGroups(), SECURITY_GROUP, "sg-0123abcd"),
                arns(prefix + "kmsKeys", target.kmsKeys(), region),
                arns(prefix + "arns", target.arns(), region),
                texts(prefix + "values", target.values()),
                names(prefix + "keep.environment", keep.environment()),
                names(prefix + "keep.tags", keep.tags()),
                eventSourceMappingsEnabled(prefix + "eventSourceMappings", target.eventSourceMappings()));
    }

    /** {@code enabled}: mappings poll in the region as in the source; {@code disabled} (the default): they wait. */
    private static boolean eventSourceMappingsEnabled(String setting, String value) {
        if (value == null || value.equals("disabled")) {
            return false;
        }
        if (value.equals("enabled")) {
            return true;
        }
        throw new InvalidConfigException(setting + ": " + DisplayText.quoted(value) + " is not a choice; use enabled "
                + "(the mappings poll in this region, as in the source) or disabled (the default: created, not "
                + "polling, until failover)");
    }

    private static Map<String, String> texts(String setting, Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((from, to) -> {
            if (from == null || from.isEmpty() || to == null) {
                throw new InvalidConfigException(setting + ": " + DisplayText.quoted(from) + " -> "
                        + DisplayText.quoted(to) + " is not a text mapping; both sides must be text, the first "
                        + "not empty");
            }
        });
        return map;
    }

    private static Set<String> names(String setting, List<String> names) {
        if (names == null) {
            return Set.of();
        }
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new InvalidConfigException(setting + ": an empty name; list environment variable names "
                        + "or tag keys");
            }
        }
        return Set.copyOf(names);
    }

    private static Map<String, String> ids(String setting, Map<String, String> map, Pattern shape, String example) {
        if (map == null) {
            return Map.of();
        }
        map.forEach((from, to) -> {
            if (from == null || to == null || !shape.matcher(from).matches() || !shape.matcher(to).matches()) {
                throw new InvalidConfigException(setting + ": " + DisplayText.quoted(from) + " -> "
                        + DisplayText.quoted(to) + " is not an id mapping; both sides must look like " + example);
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
                throw new InvalidConfigException(setting + ": " + DisplayText.quoted(from) + " -> "
                        + DisplayText.quoted(to)
                        + " is not an ARN mapping; both sides must be full ARNs (arn:aws:...)");
            }
            String targetRegion = to.split(":", -1)[3];
            if (!targetRegion.isEmpty() && !targetRegion.equals(region)) {
                throw new InvalidConfigException(setting + ": " + DisplayText.quoted(from) + " maps to an ARN in "
                        + DisplayText.quoted(targetRegion) + ", not in the target region " + region);
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
