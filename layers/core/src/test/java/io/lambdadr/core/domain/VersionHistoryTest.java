package io.lambdadr.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionHistoryTest {

    private static final List<String> PUBLISHED = List.of("12", "2", "5", "9", "10");

    @Test
    void select_byDefault_takesEveryVersionInNumericOrder() {
        assertThat(VersionHistory.ALL.select(PUBLISHED, Set.of())).containsExactly("2", "5", "9", "10", "12");
    }

    @Test
    void select_withALimit_takesTheNewestByNumberAndEveryOlderOneInUse() {
        assertThat(new VersionHistory(2).select(PUBLISHED, Set.of("5", "12", "77")))
                .containsExactly("5", "10", "12");
    }

    @Test
    void select_whenTheLimitExceedsTheVersions_takesThemAll() {
        assertThat(new VersionHistory(50).select(PUBLISHED, Set.of())).hasSize(5);
    }

    @Test
    void newest_belowOne_isRefused() {
        assertThatThrownBy(() -> new VersionHistory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
