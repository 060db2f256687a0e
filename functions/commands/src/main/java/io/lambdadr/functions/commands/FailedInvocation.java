package io.lambdadr.functions.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.core.domain.DisplayText;
import io.lambdadr.core.domain.FunctionNames;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failure record says must run again: the function that failed and the event it failed on.
 *
 * @param function           the failed function's ARN, with its alias if it was invoked through one, without a
 *                           version: the event invoke configuration (retries, the failure destination) lives on the
 *                           function or the alias, and a version would re-run code that may have been fixed since
 * @param payload            the event, as the function first received it
 * @param replicatedFunction the function a work item was about, when the event is one
 */
record FailedInvocation(String function, String payload, Optional<String> replicatedFunction) {

    private static final ObjectMapper JSON = new ObjectMapper();
    // A version qualifier ($LATEST or a number) is dropped; an alias is kept.
    private static final Pattern FUNCTION_ARN = Pattern.compile(
            "(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]{1,64})(?::([a-zA-Z0-9$_-]+))?");

    /**
     * Reads a failure record (Lambda's invocation record for a destination).
     *
     * @throws IllegalArgumentException saying why the record cannot be run again
     */
    static FailedInvocation from(String rawRecord) {
        JsonNode record;
        try {
            record = JSON.readTree(rawRecord);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the record is not JSON");
        }
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("the record is not a JSON object");
        }
        String arn = record.path("requestContext").path("functionArn").asText("");
        Matcher matcher = FUNCTION_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("requestContext.functionArn " + DisplayText.quoted(arn)
                    + " is not a function ARN");
        }
        JsonNode payload = record.get("requestPayload");
        if (payload == null || payload.isNull()) {
            throw new IllegalArgumentException("the record has no requestPayload");
        }
        String qualifier = matcher.group(2);
        boolean version = qualifier == null || qualifier.equals("$LATEST")
                || qualifier.chars().allMatch(Character::isDigit);
        String function = version ? matcher.group(1) : matcher.group(0);
        Optional<String> replicated = Optional.of(payload.path("function").asText("")).filter(FunctionNames::isName);
        return new FailedInvocation(function, payload.toString(), replicated);
    }
}
