package io.lambdadr.functions.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.domain.FunctionNames;
import java.time.Instant;
import java.util.Objects;

/**
 * One unit of work for the replication worker: one function, into every target region. The event every other flow
 * sends the worker (asynchronously, so that Lambda's retries and OnFailure destination apply).
 *
 * @param function          the function's name
 * @param reason            why: schedule, change, command, baseline, redrive
 * @param sourceFingerprint the source fingerprint the sender saw, recorded once replicated; null when unknown
 * @param baseline          the baseline tag to record, or null
 * @param requestedAt       when the source changed or the work was asked for: the lag is measured from it
 * @param changeClaim       the token of a change claim to give up before reading the source, or null
 * @param startAfter        the worker waits until then before it reads the source (so that the rest of a burst of
 *                          changes lands first and one run copies them all), or null to start at once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkItem(String function, String reason, String sourceFingerprint, String baseline,
                       Instant requestedAt, String changeClaim, Instant startAfter) {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public WorkItem {
        Objects.requireNonNull(function, "function");
        if (!FunctionNames.isName(function)) {
            throw new IllegalArgumentException("work item function " + function + " is not a function name");
        }
        reason = reason == null ? "unspecified" : reason;
    }

    /** Work for {@code function}, sent now for {@code reason}. */
    public static WorkItem of(String function, String reason, Instant now) {
        return new WorkItem(function, reason, null, null, now, null, null);
    }

    public WorkItem withSourceFingerprint(String fingerprint) {
        return new WorkItem(function, reason, fingerprint, baseline, requestedAt, changeClaim, startAfter);
    }

    public WorkItem withBaseline(String tag) {
        return new WorkItem(function, reason, sourceFingerprint, tag, requestedAt, changeClaim, startAfter);
    }

    /** Work that gives up the claim {@code token} once the worker, waiting until {@code after}, starts reading. */
    public WorkItem withChangeClaim(String token, Instant after) {
        return new WorkItem(function, reason, sourceFingerprint, baseline, requestedAt, token, after);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a work item always serializes", e);
        }
    }

    /**
     * Reads a work item from the worker's event.
     *
     * @throws IllegalArgumentException naming what is wrong with the event
     */
    public static WorkItem fromJson(String json) {
        try {
            return JSON.readValue(json, WorkItem.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a work item: " + e.getOriginalMessage(), e);
        }
    }
}
