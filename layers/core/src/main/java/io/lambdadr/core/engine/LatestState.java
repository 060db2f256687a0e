package io.lambdadr.core.engine;

import io.lambdadr.core.domain.CodeIdentity;

/**
 * What {@code $LATEST} of a replica holds once a write to it has finished applying.
 *
 * @param code       the code Lambda reports
 * @param revisionId the RevisionId the next conditional write must carry, or null where the service keeps none
 */
public record LatestState(CodeIdentity code, String revisionId) {
}
