package io.lambdadr.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaMarkersTest {

    @Test
    void versionDescription_roundTripsTheSourceVersionAndTheOriginalText() {
        String description = ReplicaMarkers.versionDescription("release 42", "7");

        assertThat(ReplicaMarkers.sourceVersionOf(description)).contains("7");
        assertThat(ReplicaMarkers.withoutMarker(description)).isEqualTo("release 42");
        assertThat(ReplicaMarkers.sourceVersionOf("release 42")).isEmpty();
    }

    @Test
    void versionDescription_whenSourceDescriptionIsLong_staysWithinLambdasLimitAndKeepsTheMarker() {
        String description = ReplicaMarkers.versionDescription("x".repeat(300), "12");

        assertThat(description).hasSizeLessThanOrEqualTo(ReplicaMarkers.MAX_DESCRIPTION);
        assertThat(ReplicaMarkers.sourceVersionOf(description)).contains("12");
    }

    @Test
    void versionMap_recordsOnlyTheVersionsWhoseNumberWasNotKept() {
        Map<String, String> map = Map.of("1", "1", "2", "4", "10", "11");

        String value = ReplicaMarkers.encodeVersionMap(map);

        assertThat(value).isEqualTo("2=4 10=11");
        assertThat(ReplicaMarkers.decodeVersionMap(value)).isEqualTo(Map.of("2", "4", "10", "11"));
    }

    @Test
    void versionMap_whenEveryNumberWasKept_isEmpty() {
        assertThat(ReplicaMarkers.encodeVersionMap(Map.of("1", "1", "7", "7"))).isEmpty();
    }

    @Test
    void placeholderDescription_isRecognisedAndDiffersPerNumber() {
        assertThat(ReplicaMarkers.isPlaceholder(ReplicaMarkers.placeholderDescription(4))).isTrue();
        assertThat(ReplicaMarkers.placeholderDescription(4)).isNotEqualTo(ReplicaMarkers.placeholderDescription(5))
                .hasSizeLessThanOrEqualTo(ReplicaMarkers.MAX_DESCRIPTION);
        assertThat(ReplicaMarkers.sourceVersionOf(ReplicaMarkers.placeholderDescription(4))).isEmpty();
        assertThat(ReplicaMarkers.isPlaceholder(ReplicaMarkers.versionDescription("x", "4"))).isFalse();
        assertThat(ReplicaMarkers.isPlaceholder(null)).isFalse();
    }

    @Test
    void encodeVersionMap_whenTooLongForATag_keepsTheNewestVersionsWithinTheLimit() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 1; i <= 100; i++) {
            map.put(Integer.toString(i), Integer.toString(i + 1000));
        }

        String value = ReplicaMarkers.encodeVersionMap(map);

        assertThat(value).hasSizeLessThanOrEqualTo(ReplicaMarkers.MAX_TAG_VALUE).endsWith("100=1100");
        assertThat(ReplicaMarkers.decodeVersionMap(value)).doesNotContainKey("1");
    }

    @Test
    void decodeVersionMap_ignoresMalformedPairs() {
        assertThat(ReplicaMarkers.decodeVersionMap("1=2 junk 3=x =4 5=6")).containsOnly(
                Map.entry("1", "2"), Map.entry("5", "6"));
    }
}
