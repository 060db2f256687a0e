package io.lambdadr.functions.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;

class ReconcileRequestTest {

    @ParameterizedTest
    @Event(value = "schedule/scheduler-tick.json", type = Map.class)
    void from_whenTheScheduleTicks_asksForARoutinePass(Map<String, Object> event) {
        assertThat(ReconcileRequest.from(event)).isEqualTo(new ReconcileRequest("schedule", null));
        assertThat(ReconcileRequest.from(event).everyFunction()).isFalse();
    }

    @ParameterizedTest
    @Event(value = "schedule/command-reconcile.json", type = Map.class)
    void from_whenACommandAsks_asksForARoutinePassForTheCommand(Map<String, Object> event) {
        assertThat(ReconcileRequest.from(event)).isEqualTo(new ReconcileRequest("command", null));
    }

    @ParameterizedTest
    @Event(value = "schedule/baseline.json", type = Map.class)
    void from_whenABaselineIsAsked_sendsEveryFunctionUnderTheTag(Map<String, Object> event) {
        ReconcileRequest request = ReconcileRequest.from(event);

        assertThat(request).isEqualTo(new ReconcileRequest("baseline", "baseline-2026-11-22"));
        assertThat(request.everyFunction()).isTrue();
    }

    @ParameterizedTest
    @Event(value = "schedule/unknown-trigger.json", type = Map.class)
    void from_whenTheTriggerIsUnknown_saysWhichAndWhatIsExpected(Map<String, Object> event) {
        assertThatThrownBy(() -> ReconcileRequest.from(event)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trigger 'hourly' is unknown")
                .hasMessageContaining("{\"trigger\": \"schedule\"}");
    }

    @ParameterizedTest
    @Event(value = "worker/work-item.json", type = Map.class)
    void from_whenTheEventIsSomethingElse_saysItNamesNoTrigger(Map<String, Object> event) {
        assertThatThrownBy(() -> ReconcileRequest.from(event)).hasMessageStartingWith("the event names no trigger");
    }

    @ParameterizedTest
    @Event(value = "schedule/baseline.json", type = Map.class)
    void from_whenTheBaselineTagCouldNotBeAKeyPart_refusesIt(Map<String, Object> baseline) {
        Map<String, Object> withHash = new java.util.HashMap<>(baseline);
        withHash.put("baseline", "baseline#eu-west-1");
        Map<String, Object> notText = new java.util.HashMap<>(baseline);
        notText.put("baseline", 42);

        assertThatThrownBy(() -> ReconcileRequest.from(withHash)).hasMessageContaining("is not a tag");
        assertThatThrownBy(() -> ReconcileRequest.from(notText)).hasMessageContaining("'42' is not a tag");
    }
}
