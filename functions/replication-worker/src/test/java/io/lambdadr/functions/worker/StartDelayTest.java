package io.lambdadr.functions.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StartDelayTest {

    private static final Instant NOW = Instant.parse("2026-11-22T20:00:00Z");
    private static final Duration BUDGET = Duration.ofMinutes(14);

    @Test
    void before_whenNoStartIsAsked_waitsNothing() {
        assertThat(StartDelay.before(null, NOW, BUDGET)).isZero();
    }

    @Test
    void before_whenTheStartHasPassed_waitsNothing() {
        assertThat(StartDelay.before(NOW.minusSeconds(1), NOW, BUDGET)).isZero();
        assertThat(StartDelay.before(NOW, NOW, BUDGET)).isZero();
    }

    @Test
    void before_whenTheStartIsAhead_waitsUntilThen() {
        assertThat(StartDelay.before(NOW.plusSeconds(30), NOW, BUDGET)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void before_whenTheStartIsBeyondHalfTheBudget_waitsHalfTheBudget() {
        assertThat(StartDelay.before(NOW.plusSeconds(3600), NOW, BUDGET)).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void before_whenNoBudgetIsLeft_waitsNothing() {
        assertThat(StartDelay.before(NOW.plusSeconds(30), NOW, Duration.ZERO)).isZero();
        assertThat(StartDelay.before(NOW.plusSeconds(30), NOW, Duration.ofSeconds(-5))).isZero();
    }
}
