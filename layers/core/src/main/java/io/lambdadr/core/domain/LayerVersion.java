package io.lambdadr.core.domain;

import java.util.List;

/**
 * One published layer version: its ARN ({@code arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>}),
 * its content and what Lambda keeps with it.
 *
 * @param arn                     the layer version ARN
 * @param code                    the content's SHA-256 and size
 * @param description             the description ({@code null} for none)
 * @param compatibleRuntimes      the runtimes it declares
 * @param compatibleArchitectures the architectures it declares
 * @param license                 the license information ({@code null} for none)
 */
public record LayerVersion(String arn, CodeIdentity code, String description, List<String> compatibleRuntimes,
                           List<String> compatibleArchitectures, String license) {

    public LayerVersion {
        compatibleRuntimes = compatibleRuntimes == null ? List.of() : List.copyOf(compatibleRuntimes);
        compatibleArchitectures = compatibleArchitectures == null ? List.of() : List.copyOf(compatibleArchitectures);
    }

    /** The layer's name in a layer version ARN. */
    public static String layerNameOf(String layerVersionArn) {
        return parts(layerVersionArn)[6];
    }

    /** The account that owns a layer version ARN's layer. */
    public static String accountOf(String layerVersionArn) {
        return parts(layerVersionArn)[4];
    }

    /** The version number of a layer version ARN. */
    public static String versionOf(String layerVersionArn) {
        return parts(layerVersionArn)[7];
    }

    /** Whether the text is a layer version ARN. */
    public static boolean isLayerVersionArn(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        return parts.length == 8 && "arn".equals(parts[0]) && "lambda".equals(parts[2]) && "layer".equals(parts[5])
                && parts[7].matches("\\d+");
    }

    private static String[] parts(String layerVersionArn) {
        if (!isLayerVersionArn(layerVersionArn)) {
            throw new IllegalArgumentException(layerVersionArn + " is not a layer version ARN");
        }
        return layerVersionArn.split(":", -1);
    }

    /**
     * A statement of a layer version's resource-based policy, as {@code AddLayerVersionPermission} takes it.
     *
     * @param statementId    the statement's id
     * @param action         {@code lambda:GetLayerVersion}
     * @param principal      an account id or {@code *}
     * @param organizationId with principal {@code *}, the organization it is limited to ({@code null} for none)
     */
    public record Permission(String statementId, String action, String principal, String organizationId) {
    }
}
