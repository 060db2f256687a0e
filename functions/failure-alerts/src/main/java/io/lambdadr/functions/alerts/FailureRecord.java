package io.lambdadr.functions.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.core.config.AwsRegions;
import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.domain.FunctionNames;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Lambda's invocation record for an OnFailure destination says: which of the stack's functions failed, where,
 * on which event, why Lambda gave up, and the error of the last attempt.
 *
 * @param function           the stack's function that failed, by name
 * @param region             the region it runs in
 * @param condition          why Lambda gave up: {@code RetriesExhausted}, {@code EventAgeExceeded}, or what the
 *                           record says
 * @param attempts           how many times Lambda ran the event (about; 0 when unknown)
 * @param replicatedFunction the function a work item was about, when the event is one
 * @param errorMessage       the last attempt's error message, when there was one
 * @param errorType          the last attempt's error type, when there was one
 */
record FailureRecord(String function, String region, String condition, int attempts,
                     Optional<String> replicatedFunction, Optional<String> errorMessage, Optional<String> errorType) {

    static final String RETRIES_EXHAUSTED = "RetriesExhausted";
    static final String EVENT_AGE_EXCEEDED = "EventAgeExceeded";

    private static final Pattern REGION = Pattern.compile("\\b[a-z]{2}(?:-[a-z]+)+-\\d+\\b");

    /**
     * Reads a record.
     *
     * @throws IllegalArgumentException when it does not name the function that failed: then it cannot be told apart
     *                                  from any other JSON
     */
    static FailureRecord read(JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("the record is not a JSON object");
        }
        JsonNode context = record.path("requestContext");
        String arn = context.path("functionArn").asText("");
        Optional<String> function = FunctionNames.nameIn(arn);
        Optional<String> region = FunctionNames.regionIn(arn);
        if (function.isEmpty() || region.isEmpty()) {
            throw new IllegalArgumentException("requestContext.functionArn " + DisplayText.quoted(arn)
                    + " is not a function ARN");
        }
        JsonNode payload = record.path("requestPayload");
        Optional<String> replicated = Optional.of(payload.path("function").asText(""))
                .filter(FunctionNames::isName);
        JsonNode response = record.path("responsePayload");
        return new FailureRecord(function.get(), region.get(), context.path("condition").asText("unknown"),
                context.path("approximateInvokeCount").asInt(0), replicated, text(response, "errorMessage"),
                text(response, "errorType"));
    }

    /** The regions other than the function's own that the error message names, in order: the targets it was at. */
    List<String> regionsInError() {
        Set<String> regions = new LinkedHashSet<>();
        Matcher matcher = REGION.matcher(errorMessage.orElse(""));
        while (matcher.find()) {
            if (AwsRegions.isKnown(matcher.group()) && !matcher.group().equals(region)) {
                regions.add(matcher.group());
            }
        }
        return List.copyOf(regions);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
