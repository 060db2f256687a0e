package io.lambdadr.functions.reconcile;

import io.lambdadr.core.domain.DisplayText;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a reconcile was asked for, read from its event: a routine pass ({@code {"trigger": "schedule"}} from the
 * schedule, {@code {"trigger": "command"}} from the commands flow), which sends only what differs, or a baseline
 * ({@code {"baseline": "<tag>"}}), which sends every protected function to be recorded under the tag.
 *
 * @param reason   why the work is sent, as work items name it: schedule, command or baseline
 * @param baseline the baseline tag, or null
 */
record ReconcileRequest(String reason, String baseline) {

    /**
     * What a baseline tag may be: no spaces, and no {@code #}, which separates the parts of the state table's keys.
     */
    private static final Pattern BASELINE_TAG = Pattern.compile("[^\\s#]{1,256}");

    /** Whether every protected function is sent, skipping none. */
    boolean everyFunction() {
        return baseline != null;
    }

    /**
     * Reads the event.
     *
     * @throws IllegalArgumentException saying what is wrong with it and what is expected
     */
    static ReconcileRequest from(Map<String, Object> event) {
        if (event == null) {
            throw new IllegalArgumentException("the event is empty" + EXPECTED);
        }
        Object baseline = event.get("baseline");
        if (baseline != null) {
            if (!(baseline instanceof String tag) || !BASELINE_TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("baseline " + DisplayText.quoted(String.valueOf(baseline))
                        + " is not a tag (1 to 256 characters, no spaces, no #)");
            }
            return new ReconcileRequest("baseline", tag);
        }
        Object trigger = event.get("trigger");
        if ("schedule".equals(trigger) || "command".equals(trigger)) {
            return new ReconcileRequest((String) trigger, null);
        }
        throw new IllegalArgumentException((trigger == null ? "the event names no trigger"
                : "trigger " + DisplayText.quoted(String.valueOf(trigger)) + " is unknown") + EXPECTED);
    }

    private static final String EXPECTED = "; expected {\"trigger\": \"schedule\"}, {\"trigger\": \"command\"} or "
            + "{\"baseline\": \"<tag>\"}";
}
