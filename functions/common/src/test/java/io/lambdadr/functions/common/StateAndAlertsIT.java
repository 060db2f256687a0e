package io.lambdadr.functions.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.engine.FailureKind;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The state table and the alerts topic, as every handler uses them, over the emulator. */
@ExtendWith(EmulatorExtension.class)
class StateAndAlertsIT {

    private final Emulator emulator;
    private ApplicationFixture application;
    private Wiring wiring;

    StateAndAlertsIT(Emulator emulator) {
        this.emulator = emulator;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        application = new ApplicationFixture(emulator);
        wiring = application.wiring();
    }

    @Test
    void recordReplica_thenReplicas_readsBackEveryTargetOfTheFunction() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        wiring.state().recordReplica(new ReplicaRecord("orders", "eu-west-1", "fp-1", now, Duration.ofSeconds(42),
                "updated", null, null, null));
        wiring.state().recordReplica(new ReplicaRecord("orders", "us-west-2", null, now, Duration.ZERO, "failed",
                "CreateFunction failed: AccessDeniedException", FailureKind.PERMANENT, "baseline-7"));
        wiring.state().recordReplica(new ReplicaRecord("billing", "eu-west-1", "fp-9", now, Duration.ZERO,
                "unchanged", null, null, null));

        Map<String, ReplicaRecord> replicas = wiring.state().replicas("orders");

        assertThat(replicas).containsOnlyKeys("eu-west-1", "us-west-2");
        assertThat(replicas.get("eu-west-1")).isEqualTo(new ReplicaRecord("orders", "eu-west-1", "fp-1", now,
                Duration.ofSeconds(42), "updated", null, null, null));
        assertThat(replicas.get("us-west-2").lastErrorKind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(replicas.get("us-west-2").lastBaseline()).isEqualTo("baseline-7");
    }

    @Test
    void claimChange_whenAClaimIsHeld_refusesASecondUntilItIsReleasedOrLapses() {
        Instant later = Instant.now().plusSeconds(60);

        assertThat(wiring.state().claimChange("orders", "first", later)).isTrue();
        assertThat(wiring.state().claimChange("orders", "second", later)).isFalse();
        wiring.state().releaseChange("orders", "second");
        assertThat(wiring.state().claimChange("orders", "third", later)).as("not released by another's token")
                .isFalse();
        wiring.state().releaseChange("orders", "first");
        assertThat(wiring.state().claimChange("orders", "fourth", later)).isTrue();
        assertThat(wiring.state().claimChange("billing", "other", Instant.now().minusSeconds(1))).isTrue();
        assertThat(wiring.state().claimChange("billing", "after-lapse", later)).as("a lapsed claim").isTrue();
    }

    @Test
    void storeConfiguration_thenConfiguration_readsItBack() {
        StoredConfiguration stored = new StoredConfiguration("parallelism: 2\n", "repo main lambda-dr.yaml @abc",
                Instant.now().truncatedTo(ChronoUnit.SECONDS));

        wiring.state().storeConfiguration(stored);

        assertThat(wiring.state().configuration()).contains(stored);
        assertThat(wiring.configuration().current().parallelism()).isEqualTo(2);
    }

    @Test
    void configurationIdentity_changesWithTheStoredFileAndNotWithoutIt() {
        String underDefaults = wiring.configuration().identity();
        assertThat(wiring.configuration().identity()).isEqualTo(underDefaults);

        wiring.state().storeConfiguration(new StoredConfiguration("parallelism: 2\n", "push 1", Instant.now()));
        wiring.configuration().refresh();
        String first = wiring.configuration().identity();
        wiring.state().storeConfiguration(new StoredConfiguration("parallelism: 3\n", "push 2", Instant.now()));
        wiring.configuration().refresh();
        String second = wiring.configuration().identity();
        wiring.state().storeConfiguration(new StoredConfiguration("parallelism: 3\n", "push 3", Instant.now()));
        wiring.configuration().refresh();

        assertThat(first).isNotEqualTo(underDefaults).doesNotContain("parallelism");
        assertThat(second).isNotEqualTo(first);
        assertThat(wiring.configuration().identity()).as("the same text pushed again").isEqualTo(second);
    }

    @Test
    void publish_whenTheAlertCarriesAFailureRecord_reachesPeopleReadableAndTheArchiveRaw() {
        String record = "{\"requestPayload\":{\"function\":\"orders\"},\"responsePayload\":{\"errorMessage\":\"x\"}}";
        wiring.alerts().publish(new Alert("lambda-dr: orders failed in eu-west-1", "orders", "eu-west-1",
                "CreateFunction failed: AccessDeniedException", FailureKind.PERMANENT,
                "Give the stack's role lambda:CreateFunction in eu-west-1.", record));
        wiring.alerts().publish(new Alert("lambda-dr: configuration rejected", null, null, "line 3: not YAML",
                null, "Push a corrected file.", null));

        var alerts = application.alerts();
        var archived = application.archived();

        assertThat(alerts).hasSize(2);
        assertThat(alerts.getFirst().body()).contains("Function: orders", "Region: eu-west-1",
                "Will retrying help: no", "What to do: Give the stack's role");
        assertThat(archived).singleElement().satisfies(message -> assertThat(
                message.messageAttributes().get("record").stringValue()).isEqualTo(record));
    }
}
