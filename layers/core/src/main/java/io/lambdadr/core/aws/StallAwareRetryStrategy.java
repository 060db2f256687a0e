package io.lambdadr.core.aws;

import java.io.InterruptedIOException;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The SDK's retry strategy, except that an attempt that stalled (no answer within the read or attempt timeout) is
 * retried only {@link #STALL_RETRIES} time(s): throttling deserves patience, a silent endpoint does not, and retrying it
 * as often as a throttle would hold a function for minutes.
 */
final class StallAwareRetryStrategy implements RetryStrategy {

    static final int STALL_RETRIES = 1;

    private final RetryStrategy delegate;

    StallAwareRetryStrategy(RetryStrategy delegate) {
        this.delegate = delegate;
    }

    /** The delegate's token and the stalls seen so far in this call. */
    private record Token(RetryToken delegate, int stalls) implements RetryToken {
    }

    /** Whether an attempt failed because the endpoint went silent (not because it refused or answered an error). */
    static boolean isStall(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiCallAttemptTimeoutException || cause instanceof InterruptedIOException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        AcquireInitialTokenResponse response = delegate.acquireInitialToken(request);
        return AcquireInitialTokenResponse.create(new Token(response.token(), 0), response.delay());
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        Token token = (Token) request.token();
        boolean stalled = isStall(request.failure());
        if (stalled && token.stalls() >= STALL_RETRIES) {
            throw new TokenAcquisitionFailedException("the endpoint stalled " + (token.stalls() + 1) + " times",
                    token, request.failure());
        }
        RefreshRetryTokenResponse response;
        try {
            response = delegate.refreshRetryToken(request.toBuilder().token(token.delegate()).build());
        } catch (TokenAcquisitionFailedException e) {
            throw new TokenAcquisitionFailedException(e.getMessage(), token, e.getCause());
        }
        return RefreshRetryTokenResponse.create(new Token(response.token(), token.stalls() + (stalled ? 1 : 0)),
                response.delay());
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        Token token = (Token) request.token();
        RecordSuccessResponse response = delegate.recordSuccess(RecordSuccessRequest.create(token.delegate()));
        return RecordSuccessResponse.create(new Token(response.token(), token.stalls()));
    }

    @Override
    public int maxAttempts() {
        return delegate.maxAttempts();
    }

    @Override
    public boolean useClientDefaults() {
        return delegate.useClientDefaults();
    }

    @Override
    public Builder toBuilder() {
        return new Builder(delegate.toBuilder());
    }

    /** Configures the wrapped strategy; the SDK uses it to add each client's own retry conditions. */
    static final class Builder implements RetryStrategy.Builder<Builder, StallAwareRetryStrategy> {
        private final RetryStrategy.Builder<?, ?> delegate;

        Builder(RetryStrategy.Builder<?, ?> delegate) {
            this.delegate = delegate;
        }

        @Override
        public Builder retryOnException(Predicate<Throwable> shouldRetry) {
            delegate.retryOnException(shouldRetry);
            return this;
        }

        @Override
        public Builder maxAttempts(int maxAttempts) {
            delegate.maxAttempts(maxAttempts);
            return this;
        }

        @Override
        public Builder backoffStrategy(BackoffStrategy backoffStrategy) {
            delegate.backoffStrategy(backoffStrategy);
            return this;
        }

        @Override
        public Builder throttlingBackoffStrategy(BackoffStrategy backoffStrategy) {
            delegate.throttlingBackoffStrategy(backoffStrategy);
            return this;
        }

        @Override
        public Builder treatAsThrottling(Predicate<Throwable> treatAsThrottling) {
            delegate.treatAsThrottling(treatAsThrottling);
            return this;
        }

        @Override
        public Builder useClientDefaults(boolean useClientDefaults) {
            delegate.useClientDefaults(useClientDefaults);
            return this;
        }

        @Override
        public StallAwareRetryStrategy build() {
            return new StallAwareRetryStrategy((RetryStrategy) delegate.build());
        }
    }
}
