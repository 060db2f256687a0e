package io.lambdadr.core.aws;

import io.lambdadr.core.engine.ApiCallTally;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Runs before every HTTP attempt (retries included) of one region's Lambda client: waits for a permit from the
 * limiter of the operation's quota class and counts the call against the current unit of work. GetFunction has a
 * quota of its own (100/s); all other control-plane calls share one (15/s).
 */
final class RegionPacingInterceptor implements ExecutionInterceptor {

    private final RequestRateLimiter getFunction;
    private final RequestRateLimiter controlPlane;

    RegionPacingInterceptor(RequestRateLimiter getFunction, RequestRateLimiter controlPlane) {
        this.getFunction = getFunction;
        this.controlPlane = controlPlane;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (getFunction != null) {
            ("GetFunction".equals(operation) ? getFunction : controlPlane).acquire();
        }
        ApiCallTally.current().countCall(operation);
    }

    /** Counts calls without pacing, for services whose quotas lambda-dr cannot come near (S3). */
    static RegionPacingInterceptor countingOnly() {
        return new RegionPacingInterceptor(null, null);
    }
}
