package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

    /** A clock that moves only when the limiter waits, and records each wait. */
    private long now;
    private final List<Long> waits = new ArrayList<>();

    private RequestRateLimiter limiter(double perSecond) {
        return new RequestRateLimiter(perSecond, () -> now, nanos -> {
            waits.add(nanos);
            now += nanos;
        });
    }

    @Test
    void acquire_whenCalledInABurst_letsOneSecondsWorthThroughThenPacesTheRest() {
        RequestRateLimiter limiter = limiter(12);

        for (int i = 0; i < 12 + 36; i++) {
            limiter.acquire();
        }

        assertThat(waits).hasSize(36);
        assertThat(now).as("36 permits beyond the burst at 12/s take 3 s")
                .isBetween(TimeUnit.MILLISECONDS.toNanos(2_990), TimeUnit.MILLISECONDS.toNanos(3_010));
    }

    @Test
    void acquire_whenCallersAreSlowerThanTheRate_neverWaits() {
        RequestRateLimiter limiter = limiter(10);

        for (int i = 0; i < 100; i++) {
            limiter.acquire();
            now += TimeUnit.MILLISECONDS.toNanos(150);
        }

        assertThat(waits).isEmpty();
    }

    @Test
    void acquire_afterAnIdlePeriod_allowsNoMoreThanOneSecondsBurst() {
        RequestRateLimiter limiter = limiter(5);
        now += TimeUnit.MINUTES.toNanos(10);

        for (int i = 0; i < 6; i++) {
            limiter.acquire();
        }

        assertThat(waits).hasSize(1);
    }

    @Test
    void constructor_whenRateIsNotPositive_fails() {
        assertThatThrownBy(() -> new RequestRateLimiter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
