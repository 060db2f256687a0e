package io.lambdadr.core.engine;

import io.lambdadr.core.domain.CodeIdentity;
import java.nio.file.Path;

/**
 * A deployment package on local disk whose bytes were verified against the source CodeSha256.
 *
 * @param file     the zip
 * @param identity the source code identity it matched
 */
public record CodePackage(Path file, CodeIdentity identity) {
}
