package io.lambdadr.functions.changes;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.lambdadr.core.domain.FunctionNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Lambda API call as CloudTrail recorded it and EventBridge delivered it ({@code AWS API Call via CloudTrail}):
 * what was called, on which function, where, when, and whether it failed. Read leniently: a field the event lacks is
 * null, and the flow decides what that means.
 *
 * @param eventId           the EventBridge event's id, for messages
 * @param eventName         CloudTrail's {@code eventName}, with its API date ({@code UpdateFunctionCode20150331v2})
 * @param region            the region of the call ({@code detail.awsRegion}, else the event's region)
 * @param eventTime         when the call was made ({@code detail.eventTime}, else the event's time), or null
 * @param errorCode         the call's error, when it failed
 * @param functionReference the function as the caller named it: a name, a partial ARN or an ARN, or null
 * @param functionField     where the function is named in the event, for messages
 */
record LambdaApiCall(String eventId, String eventName, String region, Instant eventTime, String errorCode,
                     String functionReference, String functionField) {

    /**
     * The calls that change what a replica must copy, by operation: CloudTrail appends the API date to each
     * ({@code CreateFunction20150331}, {@code TagResource20170331v2}).
     */
    static final List<String> CHANGES = List.of("UpdateFunctionCode", "UpdateFunctionConfiguration",
            "CreateFunction", "PublishVersion", "CreateAlias", "UpdateAlias", "DeleteAlias", "TagResource",
            "UntagResource", "PutFunctionConcurrency", "DeleteFunctionConcurrency", "AddPermission",
            "RemovePermission", "PutFunctionEventInvokeConfig", "UpdateFunctionEventInvokeConfig",
            "CreateFunctionUrlConfig", "UpdateFunctionUrlConfig", "CreateEventSourceMapping",
            "UpdateEventSourceMapping", "PutFunctionCodeSigningConfig", "DeleteFunctionCodeSigningConfig",
            "PutFunctionRecursionConfig", "PutRuntimeManagementConfig", "PutProvisionedConcurrencyConfig");

    /** The tagging calls name the function by ARN in {@code resource}; every other call in {@code functionName}. */
    private static final List<String> TAGGING = List.of("TagResource", "UntagResource");

    /** Reads the call out of an EventBridge event. */
    static LambdaApiCall from(ScheduledEvent event) {
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        String eventName = text(detail.get("eventName"));
        Map<?, ?> parameters = detail.get("requestParameters") instanceof Map<?, ?> map ? map : Map.of();
        String field = changeNamed(eventName).filter(TAGGING::contains).isPresent() ? "resource" : "functionName";
        Map<?, ?> response = detail.get("responseElements") instanceof Map<?, ?> map ? map : Map.of();
        if (parameters.get(field) == null && response.get("functionArn") != null) {
            // UpdateEventSourceMapping names the mapping, not the function, unless it moves it to another; the
            // answer names the function the mapping invokes.
            return new LambdaApiCall(event.getId(), eventName, regionOf(event, detail), timeOf(event, detail),
                    text(detail.get("errorCode")), text(response.get("functionArn")),
                    "detail.responseElements.functionArn");
        }
        return new LambdaApiCall(event.getId(), eventName, regionOf(event, detail), timeOf(event, detail),
                text(detail.get("errorCode")), text(parameters.get(field)), "detail.requestParameters." + field);
    }

    private static String regionOf(ScheduledEvent event, Map<String, Object> detail) {
        return Optional.ofNullable(text(detail.get("awsRegion"))).orElse(event.getRegion());
    }

    private static Instant timeOf(ScheduledEvent event, Map<String, Object> detail) {
        Instant time = instant(text(detail.get("eventTime")));
        if (time == null && event.getTime() != null) {
            time = Instant.ofEpochMilli(event.getTime().getMillis());
        }
        return time;
    }

    /**
     * The operation an event name stands for, when it is one of {@link #CHANGES}: the operation's name followed by
     * nothing or an API date. So {@code CreateFunction20150331} is CreateFunction, but
     * {@code CreateFunctionUrlConfig20211031}, which also starts with it, is not.
     */
    static Optional<String> changeNamed(String eventName) {
        if (eventName == null) {
            return Optional.empty();
        }
        return CHANGES.stream().filter(operation -> eventName.startsWith(operation)
                && (eventName.length() == operation.length()
                || Character.isDigit(eventName.charAt(operation.length())))).findFirst();
    }

    /** The operation this call stands for, when it changes a function. */
    Optional<String> change() {
        return changeNamed(eventName);
    }

    /** The name of the function the call was about, from whichever form the caller used. */
    Optional<String> function() {
        return FunctionNames.nameIn(functionReference);
    }

    private static String text(Object value) {
        return value instanceof String string && !string.isBlank() ? string : null;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
