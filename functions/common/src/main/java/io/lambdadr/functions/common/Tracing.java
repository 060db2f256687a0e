package io.lambdadr.functions.common;

import com.amazonaws.xray.interceptors.TracingInterceptor;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * X-Ray tracing of the SDK calls, the one place that knows the X-Ray SDK. The X-Ray SDKs are in maintenance mode
 * (end of support 2027-02-25, OpenTelemetry is AWS's recommendation): replacing them means replacing this class.
 */
public final class Tracing {

    private Tracing() {
    }

    /**
     * The interceptor that traces every SDK call as a subsegment, when the function runs with active tracing (Lambda
     * then sets the daemon address); none otherwise (tests, the emulator), where it would only complain about a
     * missing segment.
     */
    public static Optional<ExecutionInterceptor> sdkInterceptor(Map<String, String> env) {
        return env.containsKey("AWS_XRAY_DAEMON_ADDRESS") ? Optional.of(new TracingInterceptor()) : Optional.empty();
    }
}
