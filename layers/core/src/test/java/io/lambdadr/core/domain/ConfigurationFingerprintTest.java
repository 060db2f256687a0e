package io.lambdadr.core.domain;

import static io.lambdadr.core.domain.SnapshotBuilder.code;
import static io.lambdadr.core.domain.SnapshotBuilder.config;
import static io.lambdadr.core.domain.SnapshotBuilder.snapshot;
import static io.lambdadr.core.domain.SnapshotBuilder.threeVersions;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationFingerprintTest {

    private static String fingerprint(SnapshotBuilder snapshot) {
        return ConfigurationFingerprint.of(snapshot.build());
    }

    @Test
    void of_whenSnapshotsHoldTheSameConfiguration_givesTheSameHexDigest() {
        String first = fingerprint(threeVersions().config(config().env("B", "2").env("A", "1").build()));
        String second = fingerprint(threeVersions().config(config().env("A", "1").env("B", "2").build()));

        assertThat(first).isEqualTo(second).matches("[0-9a-f]{64}");
    }

    @Test
    void of_whenOnlyTheCodeOfLatestOrTheRegionDiffers_givesTheSameDigest() {
        assertThat(fingerprint(threeVersions().code(code("other")).region("eu-west-1")))
                .isEqualTo(fingerprint(threeVersions()));
    }

    @Test
    void of_whenAnyReplicatedSettingDiffers_givesAnotherDigest() {
        String base = fingerprint(threeVersions());

        assertThat(List.of(
                fingerprint(threeVersions().config(config().memory(1024).build())),
                fingerprint(threeVersions().config(config().memory(512).env("TOKEN", "x").build())),
                fingerprint(threeVersions().config(config().memory(512)
                        .vpc(List.of("subnet-1"), List.of("sg-1")).build())),
                fingerprint(threeVersions().alias("canary", "2", Map.of())),
                fingerprint(threeVersions().tag("owner", "ops")),
                fingerprint(threeVersions().reservedConcurrency(5)),
                fingerprint(threeVersions().version("4", code("v4"), config().build())),
                fingerprint(threeVersions().config(config().memory(512).build().toBuilder()
                        .newerSettings(Map.of("DurableConfig", Map.of("RetentionPeriodInDays", 7))).build())),
                fingerprint(threeVersions().policy("", new PolicyStatement("s3", "lambda:InvokeFunction",
                        "s3.amazonaws.com", "arn:aws:s3:::uploads", null, null, null))),
                fingerprint(threeVersions().invokeConfig("live", new EventInvokeConfig(0, null, null, null))),
                fingerprint(threeVersions().provisioned("live", 2)),
                fingerprint(threeVersions().eventSourceMapping(new EventSourceMapping("live",
                        "arn:aws:sqs:us-east-1:123456789012:orders", true, Map.of("BatchSize", 10), "u1"))),
                fingerprint(threeVersions().eventSourceMapping(new EventSourceMapping("live",
                        "arn:aws:sqs:us-east-1:123456789012:orders", true, Map.of("BatchSize", 11), "u1"))),
                fingerprint(threeVersions().controls(null, "Allow", null)),
                fingerprint(threeVersions().controls(null, null, new RuntimeManagement("FunctionUpdate", null)))))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    @Test
    void of_whenValuesWouldRunTogether_keepsThemApart() {
        String split = fingerprint(snapshot().tag("ab", "c"));
        String joined = fingerprint(snapshot().tag("a", "bc"));

        assertThat(split).isNotEqualTo(joined);
    }

    @Test
    void of_neverContainsTheEnvironmentValues() {
        String fingerprint = fingerprint(snapshot().config(config().env("API_TOKEN", "s3cr3t").build()));

        assertThat(fingerprint).doesNotContain("s3cr3t").hasSize(64);
    }
}
