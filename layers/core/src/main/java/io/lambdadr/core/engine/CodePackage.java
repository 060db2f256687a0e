package io.lambdadr.core.engine;

import io.lambdadr.core.domain.CodeIdentity;
import java.nio.file.Path;

/**
 * A deployment package on local disk whose bytes were verified against the source CodeSha256, or a container image,
 * which is not downloaded: Lambda takes it from the ECR repository its {@link CodeIdentity#imageUri} names.
 *
 * @param file     the zip; null for an image
 * @param identity the source code identity it matched; for an image, pinned by digest in the target region
 */
public record CodePackage(Path file, CodeIdentity identity) {

    /** An image, for a target region: {@code identity}'s URI names the region's repository and the digest. */
    public static CodePackage image(CodeIdentity identity) {
        return new CodePackage(null, identity);
    }

    public boolean isImage() {
        return !identity.isZip();
    }
}
