package io.lambdadr.core.domain;

/**
 * How Lambda handles asynchronous invocations of a function, version or alias: how often it retries, how long an event
 * may wait, and where records of successes and failures go.
 *
 * @param maximumRetryAttempts     0 to 2, or null for Lambda's default (2)
 * @param maximumEventAgeInSeconds 60 to 21600, or null for Lambda's default (6 hours)
 * @param onSuccess                the ARN of the OnSuccess destination, or null
 * @param onFailure                the ARN of the OnFailure destination, or null
 */
public record EventInvokeConfig(Integer maximumRetryAttempts, Integer maximumEventAgeInSeconds, String onSuccess,
                                String onFailure) {

    public EventInvokeConfig withDestinations(String success, String failure) {
        return new EventInvokeConfig(maximumRetryAttempts, maximumEventAgeInSeconds, success, failure);
    }

    /** How it reads in a report. */
    public String describe() {
        return "retries " + (maximumRetryAttempts == null ? "default" : maximumRetryAttempts) + ", maximum event age "
                + (maximumEventAgeInSeconds == null ? "default" : maximumEventAgeInSeconds + " s")
                + (onSuccess == null ? "" : ", on success " + onSuccess)
                + (onFailure == null ? "" : ", on failure " + onFailure);
    }
}
