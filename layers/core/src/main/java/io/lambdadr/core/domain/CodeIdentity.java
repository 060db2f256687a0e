package io.lambdadr.core.domain;

import java.util.Objects;

/**
 * What identifies a function's code independently of region: Lambda's CodeSha256 (the base64 SHA-256 of a zip, the
 * digest of a container image), its size and its package type; for an image, also where it is.
 *
 * @param sha256      Lambda's CodeSha256, exactly as it reports it
 * @param sizeBytes   size of the zip or image in bytes
 * @param packageType {@code Zip} or {@code Image}
 * @param imageUri    for an image, its URI pinned by digest ({@code <repository URI>@sha256:<digest>}): read in the
 *                    source, the source region's repository; in a translated snapshot, the target region's; null for
 *                    a zip or where not read
 */
public record CodeIdentity(String sha256, long sizeBytes, String packageType, String imageUri) {

    public CodeIdentity {
        Objects.requireNonNull(sha256, "sha256");
        packageType = packageType == null ? "Zip" : packageType;
    }

    /** Code read without where its image is (a zip, or a version listed with the others). */
    public CodeIdentity(String sha256, long sizeBytes, String packageType) {
        this(sha256, sizeBytes, packageType, null);
    }

    public CodeIdentity withImageUri(String value) {
        return new CodeIdentity(sha256, sizeBytes, packageType, value);
    }

    /** The repository URI of an image URI pinned by digest ({@code <repository URI>@sha256:<digest>}). */
    public static String imageRepositoryOf(String imageUri) {
        return imageUri.substring(0, imageUri.indexOf('@'));
    }

    /** The digest ({@code sha256:<hex>}) of an image URI pinned by digest. */
    public static String imageDigestOf(String imageUri) {
        return imageUri.substring(imageUri.indexOf('@') + 1);
    }

    public boolean isZip() {
        return "Zip".equals(packageType);
    }

    /**
     * Same code, whatever the reported size (Lambda and its emulators round sizes differently for images) and
     * wherever the image is kept (each region has its own repository; the digest names the content).
     */
    public boolean sameCodeAs(CodeIdentity other) {
        return other != null && sha256.equals(other.sha256) && packageType.equals(other.packageType);
    }
}
