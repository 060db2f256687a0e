package io.lambdadr.localapp;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Instant;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * The real event fixtures under events/ (on the classpath), read as the Lambda runtime reads events, and pointed at
 * the functions of a run: a fixture names the functions it was recorded for, and only those fields are changed.
 */
public final class EventFixtures {

    private EventFixtures() {
    }

    /** An EventBridge Scheduler input, such as {@code schedule/scheduler-tick.json}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> schedule(String path) {
        return EventLoader.loadEvent(path, Map.class);
    }

    /**
     * A CloudTrail record of a Lambda call, such as {@code cloudtrail/update-function-code.json}, for
     * {@code function}.
     *
     * @param madeAt when the call was made, or null to keep the fixture's time
     */
    public static ScheduledEvent cloudTrail(String path, String function, Instant madeAt) {
        ScheduledEvent event = EventLoader.loadScheduledEvent(path);
        Map<String, Object> detail = event.getDetail();
        if (!(detail.get("requestParameters") instanceof Map<?, ?> parameters)
                || !parameters.containsKey("functionName")) {
            throw new IllegalArgumentException(path + " names no function in detail.requestParameters.functionName");
        }
        // The fixtures' maps are Jackson's own, mutable and of String keys.
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) parameters;
        request.put("functionName", function);
        if (detail.get("responseElements") instanceof Map<?, ?> response && response.containsKey("functionName")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = (Map<String, Object>) response;
            answer.put("functionName", function);
            answer.put("functionArn", "arn:aws:lambda:" + event.getRegion() + ":" + event.getAccount()
                    + ":function:" + function);
        }
        if (madeAt != null) {
            detail.put("eventTime", madeAt.toString());
            event.setTime(new DateTime(madeAt.toEpochMilli(), DateTimeZone.UTC));
        }
        return event;
    }

    /** A message of the commands topic, such as {@code commands/sns-status.json}, as recorded. */
    public static SNSEvent sns(String path) {
        return EventLoader.loadSNSEvent(path);
    }

    /** A message of the commands topic, with the command in its body replaced by {@code message}. */
    public static SNSEvent sns(String path, String message) {
        SNSEvent event = EventLoader.loadSNSEvent(path);
        event.getRecords().forEach(record -> record.getSNS().setMessage(message));
        return event;
    }
}
