package io.lambdadr.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a source snapshot into the desired state of its replica in one target region.
 *
 * <p>Rules, in order, for every region-specific reference:
 * <ol>
 *   <li>an explicit mapping for the exact value wins ({@code arns}, {@code kmsKeys}, {@code subnets},
 *       {@code securityGroups});</li>
 *   <li>subnet and security group ids, single-region KMS keys and EFS access points are unique to their region and
 *       cannot be derived: without a mapping, the function fails with an error naming the field;</li>
 *   <li>any other ARN naming the source region is rewritten to name the target region, in configuration fields and
 *       inside environment variable and tag values alike;</li>
 *   <li>in environment variable and tag values, text mapped under {@code values} is replaced, and the references
 *       {@link RegionReferences} can derive (service endpoints, SQS queue URLs, the region's name) are rewritten;
 *       a variable or tag listed under {@code keep} is copied unchanged.</li>
 * </ol>
 * Afterwards the desired state is checked once more: a source-region ARN left anywhere, or a value that still names
 * the source region in any other form, is an error, never copied.
 */
public final class RegionTranslator {

    /** An ARN: partition, service, region, account, resource. Stops at characters that cannot appear in one. */
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):([a-z0-9-]+):([a-z]{2,4}(?:-[a-z]+)+-\\d+):(\\d{12})?:([^\\s\"',;]+)");
    private static final String ENVIRONMENT_FIELD = "Environment.Variables.";
    private static final String TAGS_FIELD = "Tags.";
    /** Lambda's limit on a function's tags, lambda-dr's markers included. */
    public static final int TAG_LIMIT = 50;

    private final String sourceRegion;
    private final String targetRegion;
    /** {@code <account>.dkr.ecr[-fips].<region>.<domain>/<repository>@sha256:<digest>}, the region in group 2. */
    private static final Pattern ECR_IMAGE = Pattern.compile(
            "(\\d{12}\\.dkr\\.ecr(?:-fips)?\\.)([a-z0-9-]+)(\\.[a-z0-9.-]+/[a-z0-9._/-]+@(sha256:[0-9a-f]{64}))");

    private final TargetMappings mappings;
    private final RegionReferences references;

    public RegionTranslator(String sourceRegion, String targetRegion, TargetMappings mappings) {
        this.sourceRegion = sourceRegion;
        this.targetRegion = targetRegion;
        this.mappings = mappings == null ? TargetMappings.NONE : mappings;
        this.references = new RegionReferences(sourceRegion, targetRegion);
    }

    /**
     * The desired replica: same function, every reference translated for the target region.
     *
     * @throws UntranslatableReferenceException when a reference has no translation
     */
    public FunctionSnapshot translate(FunctionSnapshot source) {
        FunctionConfig latest = translateConfig(source.config(), "");
        CodeIdentity code = translateCode(source.code(), "");
        List<PublishedVersion> versions = new ArrayList<>();
        for (PublishedVersion version : source.versions()) {
            String prefix = "Version " + version.version() + ": ";
            versions.add(new PublishedVersion(version.version(), translateCode(version.code(), prefix),
                    translateConfig(version.config(), prefix)));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        source.tags().forEach((key, value) -> tags.put(key, translateText(TAGS_FIELD + key, value)));
        requireTagsWithinLimit(source.tags());
        tags.put(ReplicaMarkers.REPLICA_OF_TAG, source.functionArn());
        String targetArn = rewriteRegion(source.functionArn());
        Map<String, List<PolicyStatement>> policies = new LinkedHashMap<>();
        source.policies().forEach((qualifier, statements) -> policies.put(qualifier, statements.stream()
                .map(statement -> translateStatement(qualifier, statement)).toList()));
        Map<String, EventInvokeConfig> invokeConfigs = new LinkedHashMap<>();
        source.invokeConfigs().forEach((qualifier, config) -> invokeConfigs.put(qualifier,
                translateInvokeConfig(qualifier, config)));
        List<EventSourceMapping> eventSourceMappings = source.eventSourceMappings().stream()
                .map(this::translateEventSourceMapping).toList();
        Attachments attached = source.attachments();
        RuntimeManagement runtime = attached.runtimeManagement();
        return new FunctionSnapshot(source.functionName(), targetRegion, targetArn, code, latest, versions,
                source.aliases(), tags, source.reservedConcurrency(), new Attachments(policies, invokeConfigs,
                urlsWithoutAddresses(source), source.provisioned(), eventSourceMappings,
                regionalOnly("CodeSigningConfigArn", attached.codeSigningConfigArn(), "code signing configurations "
                        + "are regional; create one in " + targetRegion + " with the same signing profiles and "
                        + "policy"),
                attached.recursiveLoop(),
                new RuntimeManagement(runtime.updateRuntimeOn(), regionalOnly("RuntimeManagementConfig."
                        + "RuntimeVersionArn", runtime.runtimeVersionArn(), "runtime versions are regional; find "
                        + "the same version in " + targetRegion + ", or let the source function update its runtime "
                        + "automatically (Auto)"))));
    }

    /**
     * A container image is run from an ECR repository of the function's own region: the source's image URI, pinned by
     * digest, becomes the same repository in the target region (text mapped under {@code values} first, so that a
     * repository of another name or registry can be named), with the same digest. Whether the image is there is
     * checked before anything is written ({@code ReplicaRegion#missingImages}).
     */
    private CodeIdentity translateCode(CodeIdentity code, String fieldPrefix) {
        if (code.isZip()) {
            return code;
        }
        String field = fieldPrefix + "Code.ImageUri";
        String source = code.imageUri();
        Matcher image = source == null ? null : ECR_IMAGE.matcher(source);
        if (image == null || !image.matches()) {
            throw new UntranslatableReferenceException(field, String.valueOf(source), "a container image must be "
                    + "pinned by digest in an ECR repository (<account>.dkr.ecr.<region>.<domain>/<repository>"
                    + "@sha256:<digest>), and Lambda did not report one");
        }
        String translated = RegionReferences.replaceMapped(source, mappings.values());
        if (translated.equals(source)) {
            translated = image.group(1) + (image.group(2).equals(sourceRegion) ? targetRegion : image.group(2))
                    + image.group(3);
        }
        Matcher result = ECR_IMAGE.matcher(translated);
        if (!result.matches() || !result.group(2).equals(targetRegion)
                || !result.group(4).equals(image.group(4))) {
            throw new UntranslatableReferenceException(field, translated, "Lambda runs an image only from an ECR "
                    + "repository of the function's own region, and the digest must stay " + image.group(4)
                    + "; under targets." + targetRegion + ".values, map the repository to one in " + targetRegion);
        }
        return code.withImageUri(translated);
    }

    private FunctionConfig translateConfig(FunctionConfig config, String fieldPrefix) {
        FunctionConfig translated = config.mapReferences((field, value) -> translateField(fieldPrefix + field, value));
        translated.mapReferences((field, value) -> {
            if (!isKept(field)) {
                requireNoSourceRegionArn(fieldPrefix + field, value);
            }
            return value;
        });
        requireEnvironmentWithinLimit(fieldPrefix, config, translated);
        return translated;
    }

    /** Target-region ARNs can be longer than the source's (us-east-1 to ap-southeast-2): the result must still fit. */
    private void requireEnvironmentWithinLimit(String fieldPrefix, FunctionConfig source, FunctionConfig translated) {
        int size = translated.environmentSizeBytes();
        if (size > FunctionConfig.ENVIRONMENT_LIMIT_BYTES) {
            throw new UntranslatableReferenceException(fieldPrefix + "Environment", "(values hidden)", "the variables "
                    + "take " + size + " bytes after translation for " + targetRegion + " (" + source.environmentSizeBytes()
                    + " in the source), over Lambda's limit of " + FunctionConfig.ENVIRONMENT_LIMIT_BYTES
                    + " bytes; shorten the values, or map long ARNs to shorter ones under targets." + targetRegion
                    + ".arns in the configuration file");
        }
    }

    /**
     * A policy statement's ARNs (the {@code AWS:SourceArn} condition, an IAM principal) follow the ARN rules; the
     * accounts and organizations it names are the same in every region.
     */
    private PolicyStatement translateStatement(String qualifier, PolicyStatement statement) {
        String field = "Policy" + (qualifier.isEmpty() ? "" : "(" + qualifier + ")") + "." + statement.sid();
        String sourceArn = statement.sourceArn() == null ? null
                : translateValue(field + ".SourceArn", statement.sourceArn());
        String principal = statement.principal().startsWith("arn:")
                ? translateValue(field + ".Principal", statement.principal()) : statement.principal();
        if (sourceArn != null) {
            requireNoSourceRegionArn(field + ".SourceArn", sourceArn);
        }
        requireNoSourceRegionArn(field + ".Principal", principal);
        return new PolicyStatement(statement.sid(), statement.action(), principal, sourceArn,
                statement.sourceAccount(), statement.principalOrgId(), statement.functionUrlAuthType());
    }

    /** A URL's address is its region's own: the replica gets its own when its URL is created. */
    private static Map<String, FunctionUrl> urlsWithoutAddresses(FunctionSnapshot source) {
        Map<String, FunctionUrl> urls = new LinkedHashMap<>();
        source.urls().forEach((qualifier, url) -> urls.put(qualifier,
                new FunctionUrl(null, url.authType(), url.cors(), url.invokeMode())));
        return urls;
    }

    /** Destinations are ARNs (queues, topics, functions, event buses, buckets) and follow the ARN rules. */
    private EventInvokeConfig translateInvokeConfig(String qualifier, EventInvokeConfig config) {
        String field = "EventInvokeConfig" + (qualifier.isEmpty() ? "" : "(" + qualifier + ")") + ".DestinationConfig.";
        String success = config.onSuccess() == null ? null : translateValue(field + "OnSuccess", config.onSuccess());
        String failure = config.onFailure() == null ? null : translateValue(field + "OnFailure", config.onFailure());
        if (success != null) {
            requireNoSourceRegionArn(field + "OnSuccess", success);
        }
        if (failure != null) {
            requireNoSourceRegionArn(field + "OnFailure", failure);
        }
        return config.withDestinations(success, failure);
    }

    /**
     * A mapping's ARNs (its source, its OnFailure destination, a KMS key, a secret for the broker's credentials)
     * follow the ARN rules. A source whose ARN carries what its region gives it (a DynamoDB stream's label, the id
     * ending a stream consumer's, an MSK cluster's or an MQ broker's ARN) is looked up in the target region by its
     * table or name before planning ({@code TargetEventSources}).
     * It polls there only where the configuration enables it for the region.
     */
    private EventSourceMapping translateEventSourceMapping(EventSourceMapping mapping) {
        EventSourceMapping translated = mapping.mapTexts((field, value) -> {
            String text = field.endsWith(".KMSKeyArn") ? translateKmsKey(field, value) : translateValue(field, value);
            requireNoSourceRegionArn(field, text);
            return text;
        });
        return new EventSourceMapping(translated.qualifier(), translated.eventSourceArn(),
                mappings.eventSourceMappingsEnabled() && !Boolean.FALSE.equals(mapping.enabled()),
                translated.settings(), null);
    }

    /**
     * An ARN of a resource that exists per region under an id of its own, which therefore cannot be derived: it is
     * mapped under {@code arns}, or the function fails naming what to create and map.
     */
    private String regionalOnly(String field, String arn, String why) {
        if (arn != null && mappings.arns().containsKey(arn)) {
            return mappings.arns().get(arn);
        }
        if (arn != null && namesSourceRegion(arn)) {
            throw new UntranslatableReferenceException(field, arn, why + "; add targets." + targetRegion
                    + ".arns: {\"" + arn + "\": <its counterpart in " + targetRegion + ">} to the configuration file");
        }
        return arn;
    }

    /**
     * Lambda allows 50 tags; a replica carries lambda-dr's markers besides the source's own tags, which must leave
     * room for them. Tags lambda-dr does not copy (AWS-reserved ones, markers) do not count.
     */
    private void requireTagsWithinLimit(Map<String, String> sourceTags) {
        long copied = sourceTags.keySet().stream().filter(TagRules::isReplicated).count();
        int markers = ReplicaMarkers.MARKER_TAGS;
        if (copied + markers > TAG_LIMIT) {
            throw new UntranslatableReferenceException("Tags", copied + " tags", "with lambda-dr's " + markers
                    + " marker tags the replica would carry " + (copied + markers) + ", over Lambda's limit of "
                    + TAG_LIMIT + "; remove " + (copied + markers - TAG_LIMIT) + " tag(s) from the source function");
        }
    }

    private String translateField(String field, String value) {
        String bareField = field.replaceFirst("^Version \\d+: ", "");
        if (bareField.startsWith(ENVIRONMENT_FIELD)) {
            return translateText(field, value);
        }
        if (bareField.startsWith("VpcConfig.SubnetIds")) {
            return mapped(field, value, mappings.subnets(), "subnets");
        }
        if (bareField.startsWith("VpcConfig.SecurityGroupIds")) {
            return mapped(field, value, mappings.securityGroups(), "securityGroups");
        }
        if (bareField.equals("KMSKeyArn")) {
            return translateKmsKey(field, value);
        }
        if (bareField.startsWith("FileSystemConfigs") && !mappings.arns().containsKey(value) && namesSourceRegion(value)) {
            throw new UntranslatableReferenceException(field, value, "EFS access points are regional; add targets."
                    + targetRegion + ".arns: {\"" + value + "\": <access point ARN in " + targetRegion
                    + ">} to the configuration file");
        }
        return translateValue(field, value);
    }

    /** A KMS key: mapped, or a multi-Region key's replica at the same id; a single-region key has no copy. */
    private String translateKmsKey(String field, String value) {
        if (mappings.kmsKeys().containsKey(value)) {
            return mappings.kmsKeys().get(value);
        }
        if (!isMultiRegionKey(value) && namesSourceRegion(value)) {
            throw new UntranslatableReferenceException(field, value, "a single-region KMS key has no copy in "
                    + targetRegion + "; add targets." + targetRegion + ".kmsKeys: {\"" + value
                    + "\": <key ARN in " + targetRegion + ">} to the configuration file");
        }
        return translateValue(field, value);
    }

    private String mapped(String field, String value, Map<String, String> mapping, String mappingName) {
        String target = mapping.get(value);
        if (target == null) {
            throw new UntranslatableReferenceException(field, value, "no mapping for target region " + targetRegion
                    + "; add targets." + targetRegion + "." + mappingName + ": {" + value
                    + ": <id in " + targetRegion + ">} to the configuration file");
        }
        return target;
    }

    /**
     * Rewrites every ARN inside a value: an exact mapping first, else the region. Used for configuration fields and
     * for environment variable values, which embed ARNs in free text.
     */
    private String translateValue(String field, String value) {
        if (mappings.arns().containsKey(value)) {
            return mappings.arns().get(value);
        }
        Matcher matcher = ARN.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String arn = matcher.group();
            String replacement = mappings.arns().getOrDefault(arn,
                    sourceRegion.equals(matcher.group(3)) ? rewriteRegion(arn) : arn);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * An environment variable's or a tag's value: kept as it is if the configuration says so; otherwise mapped text
     * replaced, ARNs translated, derivable references rewritten, and whatever still names the source region refused,
     * naming the variable or tag (never an environment value: those are secrets).
     */
    private String translateText(String field, String value) {
        if (value == null || isKept(field)) {
            return value;
        }
        String translated = references.derive(translateValue(field, RegionReferences.replaceMapped(value,
                mappings.values())));
        if (references.namesSourceRegion(translated) && !namesSourceRegion(translated)) {
            String bare = bareField(field);
            boolean variable = bare.startsWith(ENVIRONMENT_FIELD);
            String name = variable ? bare.substring(ENVIRONMENT_FIELD.length()) : bare.substring(TAGS_FIELD.length());
            throw new UntranslatableReferenceException(field, shown(field, value), "names the source region "
                    + sourceRegion + " in a form lambda-dr cannot derive for " + targetRegion + " (a database host "
                    + "name, an API or bucket endpoint, an availability zone, a resource id); add the part that "
                    + "differs under targets." + targetRegion + ".values: {\"<text in " + sourceRegion
                    + ">\": \"<its counterpart in " + targetRegion + ">\"}, or, to copy it unchanged on purpose, add "
                    + DisplayText.quoted(name) + " to targets." + targetRegion + ".keep."
                    + (variable ? "environment" : "tags") + " in the configuration file");
        }
        return translated;
    }

    private boolean isKept(String field) {
        String bare = bareField(field);
        if (bare.startsWith(ENVIRONMENT_FIELD)) {
            return mappings.keptVariables().contains(bare.substring(ENVIRONMENT_FIELD.length()));
        }
        return bare.startsWith(TAGS_FIELD) && mappings.keptTags().contains(bare.substring(TAGS_FIELD.length()));
    }

    private static String bareField(String field) {
        return field.replaceFirst("^Version \\d+: ", "");
    }

    private String rewriteRegion(String arn) {
        if (arn == null) {
            return null;
        }
        return arn.replaceFirst("^(arn:aws[a-z-]*:[a-z0-9-]+:)" + Pattern.quote(sourceRegion) + ":",
                "$1" + Matcher.quoteReplacement(targetRegion) + ":");
    }

    private void requireNoSourceRegionArn(String field, String value) {
        if (namesSourceRegion(value)) {
            throw new UntranslatableReferenceException(field, shown(field, value),
                    "still names the source region " + sourceRegion + " after translation; map it under targets."
                            + targetRegion + ".arns in the configuration file");
        }
    }

    private boolean namesSourceRegion(String value) {
        Matcher matcher = ARN.matcher(value);
        while (matcher.find()) {
            if (sourceRegion.equals(matcher.group(3))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMultiRegionKey(String keyArn) {
        return keyArn.contains(":key/mrk-");
    }

    /** Environment values are secrets: an error names the variable, never its value. */
    private static String shown(String field, String value) {
        return field.contains("Environment.Variables.") ? "(value hidden)" : value;
    }
}
