package io.lambdadr.functions.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceFingerprintTest {

    private static final ProtectedFunction ORDERS = new ProtectedFunction("orders", "rev-1", "sha-1=",
            "2026-11-22T20:34:25.348+0000", Map.of("lambda-dr:protect", "true", "team", "payments"));
    private static final List<AliasState> ALIASES = List.of(
            new AliasState("live", "3", Map.of("2", 0.1), "alias-rev-1"),
            new AliasState("stable", "1", Map.of(), "alias-rev-2"));
    private static final String CONFIG = "defaults";

    private static ProtectedFunction orders(String revisionId, String sha, String lastModified,
                                            Map<String, String> tags) {
        return new ProtectedFunction("orders", revisionId, sha, lastModified, tags);
    }

    @Test
    void of_whenNothingChanged_givesTheSameHexDigestWhateverTheOrder() {
        String first = SourceFingerprint.of(ORDERS, ALIASES, CONFIG);
        String second = SourceFingerprint.of(ORDERS, List.of(ALIASES.get(1), ALIASES.getFirst()), CONFIG);

        assertThat(first).isEqualTo(second).matches("[0-9a-f]{64}");
    }

    @Test
    void of_whenAnythingAReplicaCopiesOrTheConfigurationChanged_givesAnotherDigest() {
        String base = SourceFingerprint.of(ORDERS, ALIASES, CONFIG);
        Map<String, String> tags = ORDERS.tags();

        assertThat(List.of(
                SourceFingerprint.of(orders("rev-2", "sha-1=", ORDERS.lastModified(), tags), ALIASES, CONFIG),
                SourceFingerprint.of(orders("rev-1", "sha-2=", ORDERS.lastModified(), tags), ALIASES, CONFIG),
                SourceFingerprint.of(orders("rev-1", "sha-1=", "2026-11-22T21:00:00.000+0000", tags), ALIASES,
                        CONFIG),
                SourceFingerprint.of(orders("rev-1", "sha-1=", ORDERS.lastModified(),
                        Map.of("lambda-dr:protect", "true", "team", "billing")), ALIASES, CONFIG),
                SourceFingerprint.of(ORDERS, List.of(new AliasState("live", "3", Map.of("2", 0.2), "alias-rev-1"),
                        ALIASES.get(1)), CONFIG),
                SourceFingerprint.of(ORDERS, List.of(new AliasState("live", "3", Map.of("2", 0.1), "alias-rev-9"),
                        ALIASES.get(1)), CONFIG),
                SourceFingerprint.of(ORDERS, ALIASES.subList(0, 1), CONFIG),
                SourceFingerprint.of(ORDERS, List.of(), CONFIG),
                SourceFingerprint.of(ORDERS, ALIASES, "file:another")))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    @Test
    void of_whenValuesWouldRunTogether_keepsThemApart() {
        ProtectedFunction split = orders("rev-1", "sha", null, Map.of("ab", "c"));
        ProtectedFunction joined = orders("rev-1", "sha", null, Map.of("a", "bc"));

        assertThat(SourceFingerprint.of(split, List.of(), CONFIG))
                .isNotEqualTo(SourceFingerprint.of(joined, List.of(), CONFIG));
    }
}
