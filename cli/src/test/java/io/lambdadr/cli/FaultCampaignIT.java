package io.lambdadr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.FaultCampaign;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A short seeded fault campaign (the long one is {@code make fault-campaign}): with about a fifth of all Lambda calls
 * and downloads faulted, every function converges within two runs, and no target ever holds code its source never
 * had.
 */
@ExtendWith(EmulatorExtension.class)
class FaultCampaignIT {

    private final Emulator emulator;

    FaultCampaignIT(Emulator emulator) {
        this.emulator = emulator;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = 7)
    void replicate_whenAFifthOfAllCallsAreFaulted_convergesWithinTwoRunsAndNeverHoldsForeignCode(long seed)
            throws Exception {
        FaultCampaign.Result result = FaultCampaign.run(emulator, seed, 3, 0.2);

        System.out.println(result.summary());
        assertThat(result.injected().values().stream().mapToInt(Integer::intValue).sum())
                .as("faults injected").isGreaterThan(result.requestsSeen() / 10);
        assertThat(result.codeProblems()).as(result.summary()).isEmpty();
        assertThat(result.problems()).as(result.summary()).isEmpty();
        assertThat(result.outOfSync()).as(result.summary()).isEmpty();
    }
}
