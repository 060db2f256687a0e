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
 *       inside environment variable values alike.</li>
 * </ol>
 * Afterwards the desired state is checked once more: a source-region ARN left anywhere is an error, never copied.
 */
public final class RegionTranslator {

    /** An ARN: partition, service, region, account, resource. Stops at characters that cannot appear in one. */
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):([a-z0-9-]+):([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12})?:([^\\s\"',;]+)");

    private final String sourceRegion;
    private final String targetRegion;
    private final TargetMappings mappings;

    public RegionTranslator(String sourceRegion, String targetRegion, TargetMappings mappings) {
        this.sourceRegion = sourceRegion;
        this.targetRegion = targetRegion;
        this.mappings = mappings == null ? TargetMappings.NONE : mappings;
    }

    /**
     * The desired replica: same function, every reference translated for the target region.
     *
     * @throws UntranslatableReferenceException when a reference has no translation
     */
    public FunctionSnapshot translate(FunctionSnapshot source) {
        if (!source.code().isZip()) {
            throw new UntranslatableReferenceException("PackageType", source.code().packageType(),
                    "only zip-packaged functions are replicated so far; container images need ECR replication");
        }
        FunctionConfig latest = translateConfig(source.config(), "");
        List<PublishedVersion> versions = new ArrayList<>();
        for (PublishedVersion version : source.versions()) {
            versions.add(new PublishedVersion(version.version(), version.code(),
                    translateConfig(version.config(), "Version " + version.version() + ": ")));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        source.tags().forEach((key, value) -> tags.put(key, translateValue("Tags." + key, value)));
        tags.put(ReplicaMarkers.REPLICA_OF_TAG, source.functionArn());
        String targetArn = rewriteRegion(source.functionArn());
        return new FunctionSnapshot(source.functionName(), targetRegion, targetArn, source.code(), latest, versions,
                source.aliases(), tags, source.reservedConcurrency());
    }

    private FunctionConfig translateConfig(FunctionConfig config, String fieldPrefix) {
        FunctionConfig translated = config.mapReferences((field, value) -> translateField(fieldPrefix + field, value));
        translated.mapReferences((field, value) -> {
            requireNoSourceRegionArn(fieldPrefix + field, value);
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

    private String translateField(String field, String value) {
        String bareField = field.replaceFirst("^Version \\d+: ", "");
        if (bareField.startsWith("VpcConfig.SubnetIds")) {
            return mapped(field, value, mappings.subnets(), "subnets");
        }
        if (bareField.startsWith("VpcConfig.SecurityGroupIds")) {
            return mapped(field, value, mappings.securityGroups(), "securityGroups");
        }
        if (bareField.equals("KMSKeyArn")) {
            if (mappings.kmsKeys().containsKey(value)) {
                return mappings.kmsKeys().get(value);
            }
            if (!isMultiRegionKey(value) && namesSourceRegion(value)) {
                throw new UntranslatableReferenceException(field, value, "a single-region KMS key has no copy in "
                        + targetRegion + "; add targets." + targetRegion + ".kmsKeys: {\"" + value
                        + "\": <key ARN in " + targetRegion + ">} to the configuration file");
            }
        }
        if (bareField.startsWith("FileSystemConfigs") && !mappings.arns().containsKey(value) && namesSourceRegion(value)) {
            throw new UntranslatableReferenceException(field, value, "EFS access points are regional; add targets."
                    + targetRegion + ".arns: {\"" + value + "\": <access point ARN in " + targetRegion
                    + ">} to the configuration file");
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
