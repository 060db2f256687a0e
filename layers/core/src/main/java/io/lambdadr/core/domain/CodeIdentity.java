package io.lambdadr.core.domain;

import java.util.Objects;

/**
 * What identifies a function's code independently of region: the base64 SHA-256 of the deployment package
 * (Lambda's CodeSha256), its size and its package type.
 *
 * @param sha256      base64-encoded SHA-256 of the zip, exactly as Lambda reports it
 * @param sizeBytes   size of the zip in bytes
 * @param packageType {@code Zip} or {@code Image}
 */
public record CodeIdentity(String sha256, long sizeBytes, String packageType) {

    public CodeIdentity {
        Objects.requireNonNull(sha256, "sha256");
        packageType = packageType == null ? "Zip" : packageType;
    }

    public boolean isZip() {
        return "Zip".equals(packageType);
    }

    /** Same code, whatever the reported size (Lambda and its emulators round sizes differently for images). */
    public boolean sameCodeAs(CodeIdentity other) {
        return other != null && sha256.equals(other.sha256) && packageType.equals(other.packageType);
    }
}
