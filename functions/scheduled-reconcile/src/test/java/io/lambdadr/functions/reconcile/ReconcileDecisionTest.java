package io.lambdadr.functions.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.functions.common.ReplicaRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        ReconcileDecision decision = ReconcileDecision.of("fp", TARGETS, bothInLine("fp", NOW.minusSeconds(3600)),
                NOW);

        assertThat(decision.dispatch()).isFalse();
    }

    @Test
    void of_whenARegionHasNoRecord_dispatchesNamingIt() {
        ReconcileDecision decision = ReconcileDecision.of("fp", TARGETS,
                Map.of("eu-west-1", inLine("eu-west-1", "fp", NOW)), NOW);

        assertThat(decision.dispatch()).isTrue();
        assertThat(decision.reason()).contains("us-west-2");
    }

    @Test
    void of_whenTheSourceChanged_dispatches() {
        assertThat(ReconcileDecision.of("fp-new", TARGETS, bothInLine("fp", NOW), NOW).dispatch()).isTrue();
    }

    @Test
    void of_whenTheFingerprintIsUnknown_dispatches() {
        assertThat(ReconcileDecision.of("fp", TARGETS, bothInLine(null, NOW), NOW).dispatch()).isTrue();
    }

    @Test
    void of_whenTheLastRunFailed_dispatchesEvenWithTheSameFingerprint() {
        Map<String, ReplicaRecord> records = Map.of(
                "eu-west-1", inLine("eu-west-1", "fp", NOW),
                "us-west-2", new ReplicaRecord("orders", "us-west-2", "fp", NOW, Duration.ZERO, "failed",
                        "Rate exceeded", FailureKind.TRANSIENT, null));

        assertThat(ReconcileDecision.of("fp", TARGETS, records, NOW).dispatch()).isTrue();
    }

    @Test
    void of_whenAReplicaWasLastVerifiedADayAgo_dispatchesToCatchDrift() {
        Instant aDayAgo = NOW.minus(ReconcileDecision.FULL_CHECK_INTERVAL);

        ReconcileDecision decision = ReconcileDecision.of("fp", TARGETS, bothInLine("fp", aDayAgo), NOW);

        assertThat(decision.dispatch()).isTrue();
        assertThat(decision.reason()).contains("24 hours");
        assertThat(ReconcileDecision.of("fp", TARGETS, bothInLine("fp", aDayAgo.plusSeconds(1)), NOW).dispatch())
                .isFalse();
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
