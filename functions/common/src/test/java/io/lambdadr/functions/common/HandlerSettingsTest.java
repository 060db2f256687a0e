package io.lambdadr.functions.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.config.InvalidConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerSettingsTest {

    private static Map<String, String> environment(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "TARGET_REGIONS",
                "eu-west-1, us-west-2", "STATE_TABLE", "lambda-dr-state", "ALERTS_TOPIC_ARN",
                "arn:aws:sns:us-east-1:123456789012:lambda-dr-alerts"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void from_withTheRequiredVariablesOnly_takesTheDefaults() {
        HandlerSettings settings = HandlerSettings.from(environment());

        assertThat(settings.sourceRegion()).isEqualTo("us-east-1");
        assertThat(settings.targetRegions()).containsExactly("eu-west-1", "us-west-2");
        assertThat(settings.workerConcurrency()).isEqualTo(4);
        assertThat(settings.flowConcurrency()).isEqualTo(6);
        assertThat(settings.configBranch()).isEqualTo("main");
        assertThat(settings.protectTagKey()).isEqualTo(DrConfig.DEFAULT_PROTECT_TAG_KEY);
    }

    @Test
    void from_whenAVariableIsWrong_namesItAndSaysWhatItMustBe() {
        assertThatThrownBy(() -> HandlerSettings.from(environment("FLOW_CONCURRENCY", "0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("FLOW_CONCURRENCY: '0' is not a whole number from 1 to 100");
        assertThatThrownBy(() -> HandlerSettings.from(environment("WORKER_CONCURRENCY", "four")))
                .hasMessage("WORKER_CONCURRENCY: 'four' is not a whole number from 1 to 100");
        assertThatThrownBy(() -> HandlerSettings.from(environment("TARGET_REGIONS", "us-east-1")))
                .hasMessageStartingWith("TARGET_REGIONS: us-east-1 is the source region");
        assertThatThrownBy(() -> HandlerSettings.from(environment("TARGET_REGIONS", "eu-west-1,cn-north-1")))
                .hasMessageStartingWith("TARGET_REGIONS: cn-north-1 is in the aws-cn partition and the source region "
                        + "us-east-1 in aws");
        assertThatThrownBy(() -> HandlerSettings.from(environment("BASELINE_TAG_PATTERN", "baseline-(")))
                .hasMessageStartingWith("BASELINE_TAG_PATTERN: not a regular expression");
        Map<String, String> noTable = environment();
        noTable.remove("STATE_TABLE");
        assertThatThrownBy(() -> HandlerSettings.from(noTable)).hasMessageStartingWith("STATE_TABLE is not set");
    }

    @Test
    void shareOf_dividesTheBudgetAmongEveryInstanceThatMayRunAtOnce() {
        DrConfig.RateLimits share = RateBudget.shareOf(new DrConfig.RateLimits(80, 12), 4, 6);

        assertThat(share.getFunctionPerSecond()).isEqualTo(8.0);
        assertThat(share.controlPlanePerSecond()).isEqualTo(1.2);
        assertThat(share.controlPlanePerSecond() * (4 + 6)).isLessThanOrEqualTo(12.0 + 1e-9);
    }
}
