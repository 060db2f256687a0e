package io.lambdadr.functions.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One reference of a repository that a push created, moved or deleted: a branch or a tag at a commit. Read from
 * either event CodeCommit sends: a repository trigger ({@code Records[].codecommit.references[]}, the repository in
 * {@code eventSourceARN}) or the EventBridge {@code CodeCommit Repository State Change} event.
 *
 * @param region     the repository's region
 * @param repository the repository's name
 * @param kind       branch, tag, or another kind of reference
 * @param name       the branch or tag name, without {@code refs/heads/} or {@code refs/tags/}
 * @param commit     the commit the reference points at now; for a deleted one, the commit it pointed at, if known
 * @param deleted    whether the push deleted the reference
 */
record ReferenceChange(String region, String repository, Kind kind, String name, String commit, boolean deleted) {

    /** What a reference names. */
    enum Kind { BRANCH, TAG, OTHER }

    static final String STATE_CHANGE = "CodeCommit Repository State Change";

    /**
     * The references an event changed, in the order the event lists them (a trigger may carry several).
     *
     * @throws UnrecognizedRepositoryEventException naming what the event lacks
     */
    static List<ReferenceChange> allIn(JsonNode event) {
        if (event.has("Records")) {
            return fromTrigger(event.get("Records"));
        }
        if (STATE_CHANGE.equals(event.path("detail-type").asText())) {
            return List.of(fromStateChange(event));
        }
        throw new UnrecognizedRepositoryEventException("the event is neither a repository trigger (Records) nor an "
                + "EventBridge " + STATE_CHANGE + " event (detail-type is "
                + (event.has("detail-type") ? "'" + event.path("detail-type").asText() + "'" : "missing") + ")");
    }

    private static List<ReferenceChange> fromTrigger(JsonNode records) {
        List<ReferenceChange> changes = new ArrayList<>();
        for (JsonNode record : records) {
            // arn:aws:codecommit:<region>:<account>:<repository>
            String[] arn = required(record, "eventSourceARN", "Records[].eventSourceARN").split(":", 6);
            if (arn.length != 6 || !"codecommit".equals(arn[2]) || arn[5].isEmpty()) {
                throw new UnrecognizedRepositoryEventException("Records[].eventSourceARN is not a repository ARN");
            }
            for (JsonNode reference : record.path("codecommit").path("references")) {
                String ref = required(reference, "ref", "Records[].codecommit.references[].ref");
                changes.add(new ReferenceChange(arn[3], arn[5], kindOf(ref), ref.replaceFirst("^refs/(heads|tags)/",
                        ""), reference.path("commit").asText(null), reference.path("deleted").asBoolean(false)));
            }
        }
        return changes;
    }

    private static ReferenceChange fromStateChange(JsonNode event) {
        JsonNode detail = event.path("detail");
        String kind = required(detail, "referenceType", "detail.referenceType");
        return new ReferenceChange(required(event, "region", "region"),
                required(detail, "repositoryName", "detail.repositoryName"),
                switch (kind) {
                    case "branch" -> Kind.BRANCH;
                    case "tag" -> Kind.TAG;
                    default -> Kind.OTHER;
                },
                required(detail, "referenceName", "detail.referenceName"),
                detail.path("commitId").asText(detail.path("oldCommitId").asText(null)),
                "referenceDeleted".equals(detail.path("event").asText()));
    }

    private static Kind kindOf(String ref) {
        return ref.startsWith("refs/heads/") ? Kind.BRANCH : ref.startsWith("refs/tags/") ? Kind.TAG : Kind.OTHER;
    }

    private static String required(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UnrecognizedRepositoryEventException("the event has no " + path);
        }
        return value.asText();
    }
}
