package io.lambdadr.core.aws;

import io.lambdadr.core.engine.ApiCallTally;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Turns what a failed SDK call throws into a message fit for an operator, built by lambda-dr rather than echoed, so
 * that no environment variable value can ride along:
 * <ul>
 *   <li>a call that stalled says so, naming the operation, the endpoint and what went silent;</li>
 *   <li>a failed Lambda call names the operation and its error code; a read keeps nothing of the service's text: the
 *       answer of a read is a function's configuration, so its text is the one place a stored value could surface
 *       before lambda-dr has read the values it would mask (a write keeps its text, which the engine masks);</li>
 *   <li>a failure with no service answer (refused connection, unreadable response) keeps only its kind: parser
 *       messages quote the response they could not read.</li>
 * </ul>
 * Runs after the SDK's retries, on the exception the caller gets; the SDK requires that it keep the exception's
 * class, so only the message changes.
 */
final class SafeErrorInterceptor implements ExecutionInterceptor {

    private final NetworkTimeouts timeouts;

    SafeErrorInterceptor(NetworkTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        String where = operation + " to " + context.httpRequest().map(SafeErrorInterceptor::endpoint).orElse(service)
                + " (" + service + (region == null ? "" : " " + region.id()) + ")";
        if (failure instanceof AwsServiceException serviceError) {
            return "Lambda".equals(service) ? namingTheCall(operation, serviceError) : failure;
        }
        if (!(failure instanceof SdkClientException clientError)) {
            return failure;
        }
        String message;
        if (failure instanceof ApiCallTimeoutException) {
            message = where + " did not complete within " + timeouts.call().toSeconds()
                    + " s, retries included; the next run tries again";
        } else if (StallAwareRetryStrategy.isStall(failure)) {
            message = where + " stalled: " + whatStalled(failure) + ", and again when retried; the next run tries again";
        } else {
            message = where + " failed: " + kindOf(failure);
        }
        // Without the cause: its text may quote the response.
        return clientError.toBuilder().message(message).cause(null).build();
    }

    private String whatStalled(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            String kind = cause.getClass().getSimpleName();
            if (kind.equals("ConnectTimeoutException")) {
                return "no connection within " + timeouts.connect().toSeconds() + " s";
            }
            if (kind.equals("SocketTimeoutException")) {
                return "nothing received for " + timeouts.stall().toSeconds() + " s";
            }
        }
        return "no complete answer within " + timeouts.attempt().toSeconds() + " s";
    }

    /**
     * A Lambda error that names the call and its error code first; a read's keeps nothing of the service's text, a
     * write's keeps it after them, for the engine to mask.
     */
    private static AwsServiceException namingTheCall(String operation, AwsServiceException error) {
        AwsErrorDetails details = error.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "HTTP " + error.statusCode()
                : details.errorCode();
        String text = details == null ? null : details.errorMessage();
        String message = operation + " failed: " + code
                + (ApiCallTally.isRead(operation) || text == null || text.isBlank() ? "" : ": " + text);
        AwsServiceException.Builder builder = error.toBuilder().message(message);
        if (details != null) {
            builder.awsErrorDetails(details.toBuilder().errorMessage(message).build());
        }
        return builder.cause(null).build();
    }

    /** The kind of a failure without a service answer, in words; messages only where they cannot quote a response. */
    private static String kindOf(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return "connection refused or unreachable (" + cause.getMessage() + ")";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof SSLException) {
                return "TLS handshake failed (" + cause.getClass().getSimpleName() + ")";
            }
            if (cause instanceof IOException && !isParserFailure(cause)) {
                return "the connection failed (" + cause.getClass().getSimpleName() + ")";
            }
        }
        if (failure.getCause() == null) {
            String message = failure.getMessage() == null ? "" : failure.getMessage();
            if (!message.toLowerCase(Locale.ROOT).contains("unmarshall")) {
                // The SDK's own complaint about the request (a missing parameter): no response text in it.
                return message;
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "the answer could not be read as an AWS API response (" + root.getClass().getSimpleName() + ")";
    }

    /** JSON and XML parsers report through IOException subclasses too; those are about the answer, not the wire. */
    private static boolean isParserFailure(Throwable cause) {
        String kind = cause.getClass().getSimpleName();
        return kind.contains("Json") || kind.contains("Xml") || kind.contains("Parse");
    }

    private static String endpoint(SdkHttpRequest request) {
        int port = request.port();
        boolean defaultPort = port < 0 || ("https".equals(request.protocol()) && port == 443)
                || ("http".equals(request.protocol()) && port == 80);
        return request.host() + (defaultPort ? "" : ":" + port);
    }
}
