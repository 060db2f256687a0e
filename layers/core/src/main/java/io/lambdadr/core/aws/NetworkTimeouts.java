package io.lambdadr.core.aws;

import io.lambdadr.core.config.DrConfig;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * The time bounds of every call and download lambda-dr makes, all derived from one setting: how long a connection may
 * stay silent before it counts as stalled. A stalled attempt is retried once; throttling and server errors are
 * retried within the whole-call bound.
 *
 * @param stall how long a connection may send nothing (no response byte, no download byte) before it counts as stalled
 */
public record NetworkTimeouts(Duration stall) {

    public static final NetworkTimeouts DEFAULT = new NetworkTimeouts(DrConfig.DEFAULT_STALL_TIMEOUT);

    /** Code is expected to move at least this fast; a slower transfer counts as stalled. */
    static final long MIN_TRANSFER_BYTES_PER_SECOND = 256 * 1024;

    public NetworkTimeouts {
        if (stall == null || stall.isNegative() || stall.isZero()) {
            throw new IllegalArgumentException("the stall timeout must be positive, was " + stall);
        }
    }

    /** Establishing a connection. */
    public Duration connect() {
        return stall.compareTo(Duration.ofSeconds(5)) < 0 ? stall : Duration.ofSeconds(5);
    }

    /** One attempt of an API call, from sending the request to the end of the answer. */
    public Duration attempt() {
        return stall.multipliedBy(4);
    }

    /** One API call, all its attempts and the pauses between them included. */
    public Duration call() {
        return stall.multipliedBy(8);
    }

    /** One attempt of a call or download that moves {@code bytes} of code. */
    public Duration transferAttempt(long bytes) {
        return attempt().plusSeconds(Math.max(0, bytes) / MIN_TRANSFER_BYTES_PER_SECOND);
    }

    /** Time bounds for one call that carries {@code bytes} of code, which may rightly take longer than others. */
    AwsRequestOverrideConfiguration forTransfer(long bytes) {
        return AwsRequestOverrideConfiguration.builder()
                .apiCallAttemptTimeout(transferAttempt(bytes))
                .apiCallTimeout(transferAttempt(bytes).multipliedBy(2).plus(call()))
                .build();
    }
}
