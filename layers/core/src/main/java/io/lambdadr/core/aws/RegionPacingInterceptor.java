package io.lambdadr.core.aws;

import io.lambdadr.core.engine.ApiCallTally;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Runs before every HTTP attempt (retries included) of one region's Lambda client: waits for a permit from the
 * limiter of the operation's quota class and counts the call against the current unit of work. GetFunction (100/s)
 * and GetPolicy (15/s) have quotas of their own; all other control-plane calls share one (15/s).
 */
final class RegionPacingInterceptor implements ExecutionInterceptor {

    /** Lambda's request quotas per account and region, each a budget of its own. */
    enum Quota { GET_FUNCTION, GET_POLICY, CONTROL_PLANE }

    private final RequestRateLimiter getFunction;
    private final RequestRateLimiter getPolicy;
    private final RequestRateLimiter controlPlane;

    RegionPacingInterceptor(RequestRateLimiter getFunction, RequestRateLimiter getPolicy,
                            RequestRateLimiter controlPlane) {
        this.getFunction = getFunction;
        this.getPolicy = getPolicy;
        this.controlPlane = controlPlane;
    }

    /** The quota an operation's requests count against. */
    static Quota quotaOf(String operation) {
        return switch (operation) {
            case "GetFunction" -> Quota.GET_FUNCTION;
            case "GetPolicy" -> Quota.GET_POLICY;
            default -> Quota.CONTROL_PLANE;
        };
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (getFunction != null) {
            switch (quotaOf(operation)) {
                case GET_FUNCTION -> getFunction.acquire();
                case GET_POLICY -> getPolicy.acquire();
                case CONTROL_PLANE -> controlPlane.acquire();
            }
        }
        ApiCallTally.current().countCall(operation);
    }

    /** Counts calls without pacing, for services whose quotas lambda-dr cannot come near (S3). */
    static RegionPacingInterceptor countingOnly() {
        return new RegionPacingInterceptor(null, null, null);
    }
}
