package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The messages a failed call leaves, through a real Lambda client built by {@link AwsClients} over an HTTP client
 * that answers what each test needs: no network.
 */
class SafeErrorInterceptorTest {

    private static final String SECRET = "hunter2-in-the-environment";

    private static LambdaClient lambdaOver(SdkHttpClient http) {
        return lambdaOver(http, Duration.ofSeconds(1));
    }

    private static LambdaClient lambdaOver(SdkHttpClient http, Duration stall) {
        return AwsClients.builder().endpoint(URI.create("http://lambda.test:4566")).httpClient(http)
                .timeouts(new NetworkTimeouts(stall)).build().lambda("eu-west-1");
    }

    private static Map<String, String> lambdaError(String type) {
        return Map.of("x-amzn-ErrorType", type, "x-amzn-RequestId", "req-1", "Content-Type", "application/json");
    }

    @Test
    void modifyException_whenAReadFailsWithTextEchoingAValue_keepsTheCallAndCodeButNotTheText() {
        CannedHttpClient http = new CannedHttpClient(404, lambdaError("ResourceNotFoundException"),
                "{\"Type\":\"User\",\"message\":\"Function not found; its variable was " + SECRET + "\"}");

        Throwable failure = catchThrowable(() -> lambdaOver(http).getFunction(r -> r.functionName("orders")));

        assertThat(failure).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("GetFunction failed: ResourceNotFoundException")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void modifyException_whenAWriteFails_keepsTheServicesTextAfterTheCallAndCode() {
        CannedHttpClient http = new CannedHttpClient(400, lambdaError("InvalidParameterValueException"),
                "{\"Type\":\"User\",\"message\":\"The role defined for the function cannot be assumed by Lambda.\"}");

        Throwable failure = catchThrowable(() -> lambdaOver(http).publishVersion(r -> r.functionName("orders")));

        assertThat(failure).isInstanceOf(LambdaException.class).hasMessageStartingWith(
                "PublishVersion failed: InvalidParameterValueException: The role defined for the function cannot be "
                        + "assumed by Lambda.");
    }

    @Test
    void modifyException_whenTheAnswerCannotBeParsed_neverQuotesIt() {
        CannedHttpClient http = new CannedHttpClient(200, Map.of("Content-Type", "application/json"),
                "{\"Configuration\":{\"Environment\":{\"Variables\":{\"TOKEN\":\"" + SECRET + "\"}}, oops");

        // The SDK retries an unreadable answer until the call's time is up; a short stall keeps that short.
        Throwable failure = catchThrowable(() -> lambdaOver(http, Duration.ofMillis(250))
                .getFunction(r -> r.functionName("orders")));

        assertThat(failure).isInstanceOf(SdkClientException.class)
                .hasMessageStartingWith("GetFunction to lambda.test:4566 (Lambda eu-west-1)")
                .hasMessageNotContaining(SECRET)
                .hasNoCause();
        assertThat(http.requests).hasSizeGreaterThan(1);
    }

    @Test
    void modifyException_whenTheEndpointStalls_retriesOnceAndNamesTheEndpointAndWhatStalled() {
        CannedHttpClient http = new CannedHttpClient(new SocketTimeoutException("Read timed out"));

        Throwable failure = catchThrowable(() -> lambdaOver(http).getFunction(r -> r.functionName("orders")));

        assertThat(failure).isInstanceOf(SdkClientException.class)
                .hasMessageStartingWith("GetFunction to lambda.test:4566 (Lambda eu-west-1) stalled: nothing received "
                        + "for 1 s, and again when retried; the next run tries again")
                .hasNoCause();
        assertThat(http.requests).as("one attempt and one retry").hasSize(2);
    }
}
