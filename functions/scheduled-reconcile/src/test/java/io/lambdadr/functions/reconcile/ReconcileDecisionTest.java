package io.lambdadr.functions.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.ReplicaRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReconcileDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T20:00:00Z");
    private static final List<String> TARGETS = List.of("eu-west-1", "us-west-2");

    private static ReplicaRecord inLine(String region, String fingerprint, Instant at) {
        return new ReplicaRecord("orders", region, fingerprint, at, Duration.ZERO, "unchanged", null, null, null);
    }

    private static Map<String, ReplicaRecord> bothInLine(String fingerprint, Instant at) {
        return Map.of("eu-west-1", inLine("eu-west-1", fingerprint, at), "us-west-2",
                inLine("us-west-2", fingerprint, at));
    }

    @Test
    void of_whenEveryRegionHoldsTheFingerprintRecently_skipsTheFunction() {
        ReconcileDecision decision = ReconcileDecision.of("orders", "fp", TARGETS, bothInLine("fp", NOW.minusSeconds(3600)),
                NOW);

        assertThat(decision.dispatch()).isFalse();
    }

    @Test
    void of_whenARegionHasNoRecord_dispatchesNamingIt() {
        ReconcileDecision decision = ReconcileDecision.of("orders", "fp", TARGETS,
                Map.of("eu-west-1", inLine("eu-west-1", "fp", NOW)), NOW);

        assertThat(decision.dispatch()).isTrue();
        assertThat(decision.reason()).contains("us-west-2");
    }

    @Test
    void of_whenTheSourceChanged_dispatches() {
        assertThat(ReconcileDecision.of("orders", "fp-new", TARGETS, bothInLine("fp", NOW), NOW).dispatch()).isTrue();
    }

    @Test
    void of_whenTheFingerprintIsUnknown_dispatches() {
        assertThat(ReconcileDecision.of("orders", "fp", TARGETS, bothInLine(null, NOW), NOW).dispatch()).isTrue();
    }

    @Test
    void of_whenTheLastRunFailed_dispatchesEvenWithTheSameFingerprint() {
        Map<String, ReplicaRecord> records = Map.of(
                "eu-west-1", inLine("eu-west-1", "fp", NOW),
                "us-west-2", new ReplicaRecord("orders", "us-west-2", "fp", NOW, Duration.ZERO, "failed",
                        "Rate exceeded", FailureKind.TRANSIENT, null));

        assertThat(ReconcileDecision.of("orders", "fp", TARGETS, records, NOW).dispatch()).isTrue();
    }

    @Test
    void of_whenAReplicaWasLastVerifiedBeforeItsFullCheckSlot_dispatchesToCatchDrift() {
        Instant slot = ReconcileDecision.lastFullCheckSlot("orders", NOW);

        ReconcileDecision decision = ReconcileDecision.of("orders", "fp", TARGETS,
                bothInLine("fp", slot.minusMillis(1)), NOW);

        assertThat(decision.dispatch()).isTrue();
        assertThat(decision.reason()).contains("24 hours").contains(slot.toString());
        assertThat(ReconcileDecision.of("orders", "fp", TARGETS, bothInLine("fp", slot), NOW).dispatch()).isFalse();
    }

    @Test
    void of_whenADayHasPassedSinceTheLastVerification_alwaysDispatches() {
        for (String function : List.of("orders", "payments", "plain-0001", "plain-0002")) {
            Instant aDayAgo = NOW.minus(ReconcileDecision.FULL_CHECK_INTERVAL);

            assertThat(ReconcileDecision.of(function, "fp", TARGETS, bothInLine("fp", aDayAgo), NOW).dispatch())
                    .as(function).isTrue();
        }
    }

    @Test
    void lastFullCheckSlot_isWithinTheIntervalBeforeNow_andTheSameForEveryTickUntilTheNextSlot() {
        Instant slot = ReconcileDecision.lastFullCheckSlot("orders", NOW);

        assertThat(slot).isBeforeOrEqualTo(NOW).isAfter(NOW.minus(ReconcileDecision.FULL_CHECK_INTERVAL));
        assertThat(ReconcileDecision.lastFullCheckSlot("orders", slot)).isEqualTo(slot);
        assertThat(ReconcileDecision.lastFullCheckSlot("orders", slot.plus(ReconcileDecision.FULL_CHECK_INTERVAL)
                .minusMillis(1))).isEqualTo(slot);
        assertThat(ReconcileDecision.lastFullCheckSlot("orders", slot.plus(ReconcileDecision.FULL_CHECK_INTERVAL)))
                .isEqualTo(slot.plus(ReconcileDecision.FULL_CHECK_INTERVAL));
    }

    /**
     * A fleet replicated in one go (a first deployment) and never changed, under hourly ticks for three days: each
     * replica is verified once a day, never more than a day and a tick apart, and the ticks share the checks instead
     * of one tick taking them all.
     */
    @Test
    void of_overThreeDaysOfHourlyTicks_checksEveryFunctionDaily_spreadOverTheDay() {
        List<String> fleet = IntStream.rangeClosed(1, 240).mapToObj(i -> String.format("plain-%04d", i)).toList();
        Map<String, Instant> verified = new HashMap<>();
        fleet.forEach(function -> verified.put(function, NOW));
        Map<String, List<Instant>> checks = new HashMap<>();
        List<Integer> checksPerTick = new ArrayList<>();
        Duration tick = Duration.ofHours(1);
        for (int hour = 1; hour <= 72; hour++) {
            Instant at = NOW.plus(tick.multipliedBy(hour));
            int dispatched = 0;
            for (String function : fleet) {
                if (ReconcileDecision.of(function, "fp", TARGETS, bothInLine("fp", verified.get(function)), at)
                        .dispatch()) {
                    verified.put(function, at);
                    checks.computeIfAbsent(function, f -> new ArrayList<>()).add(at);
                    dispatched++;
                }
            }
            checksPerTick.add(dispatched);
        }

        for (String function : fleet) {
            List<Instant> times = new ArrayList<>(checks.getOrDefault(function, List.of()));
            assertThat(times).as(function).hasSize(3);
            times.addFirst(NOW);
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i)))
                        .as(function).isLessThanOrEqualTo(ReconcileDecision.FULL_CHECK_INTERVAL.plus(tick));
            }
        }
        // 240 checks a day over 24 ticks: 10 a tick on average, where a shared deadline would put all 240 in one.
        assertThat(checksPerTick).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(20));
    }

    @Test
    void requestedAt_whenLatestChangedAfterEveryReplication_isWhenItChanged() {
        Instant replicated = NOW.minusSeconds(600);

        assertThat(ReconcileDecision.requestedAt("2026-11-22T19:55:00.123+0000", bothInLine("fp", replicated), NOW))
                .isEqualTo(Instant.parse("2026-11-22T19:55:00.123Z"));
    }

    @Test
    void requestedAt_whenLatestChangedBeforeTheLastReplication_isNow() {
        assertThat(ReconcileDecision.requestedAt("2026-11-22T19:00:00.000+0000",
                bothInLine("fp", NOW.minusSeconds(600)), NOW)).isEqualTo(NOW);
    }

    @Test
    void requestedAt_whenNeverReplicated_isNow() {
        assertThat(ReconcileDecision.requestedAt("2026-01-01T00:00:00.000+0000", Map.of(), NOW)).isEqualTo(NOW);
    }

    @Test
    void requestedAt_whenLastModifiedIsUnreadable_isNow() {
        assertThat(ReconcileDecision.requestedAt("yesterday", bothInLine("fp", NOW.minusSeconds(600)), NOW))
                .isEqualTo(NOW);
    }

    @Test
    void parse_readsLambdasAndTheEmulatorsLastModified() {
        assertThat(ReconcileDecision.parse("2026-11-22T20:34:25.348+0000"))
                .contains(Instant.parse("2026-11-22T20:34:25.348Z"));
        assertThat(ReconcileDecision.parse("2026-11-22T20:34:25.348553000Z"))
                .contains(Instant.parse("2026-11-22T20:34:25.348553Z"));
        assertThat(ReconcileDecision.parse("2026-11-22T20:34:25.348+01:00"))
                .contains(Instant.parse("2026-11-22T19:34:25.348Z"));
    }
}
