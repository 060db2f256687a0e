package io.lambdadr.functions.reconcile;

import java.util.Map;
import java.util.TreeMap;

/**
 * A protected function of the source region as the region-wide listings show it: what its {@code $LATEST} is now
 * (ListFunctions) and its tags (the Resource Groups Tagging API).
 *
 * @param name         the function's name
 * @param revisionId   the RevisionId of {@code $LATEST}: new on every code or configuration change
 * @param codeSha256   the CodeSha256 of {@code $LATEST}
 * @param lastModified when {@code $LATEST} last changed, as Lambda writes it
 * @param tags         every tag of the function
 */
record ProtectedFunction(String name, String revisionId, String codeSha256, String lastModified,
                         Map<String, String> tags) {

    ProtectedFunction {
        tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
    }
}
