package io.lambdadr.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdadr.core.domain.ImageReplicationRules.Destination;
import io.lambdadr.core.domain.ImageReplicationRules.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReplicationRulesTest {

    private static final String ACCOUNT = "123456789012";
    private static final Destination DR1 = new Destination("eu-west-1", ACCOUNT);
    private static final Destination DR2 = new Destination("us-west-2", ACCOUNT);

    @Test
    void covering_whenNoRuleExists_addsOneForTheRepositoriesAndRegions() {
        ImageReplicationRules rules = new ImageReplicationRules(List.of())
                .covering(List.of("orders", "team/billing"), List.of("eu-west-1", "us-west-2"), ACCOUNT);

        assertThat(rules.rules()).containsExactly(new Rule(List.of(DR1, DR2), List.of("orders", "team/billing")));
        assertThat(rules.covers("team/billing", DR2)).isTrue();
    }

    @Test
    void covering_whenARuleCoversSomePairs_addsARuleForTheOthersOnlyAndKeepsTheExisting() {
        Rule existing = new Rule(List.of(DR1), List.of("orders"));
        ImageReplicationRules rules = new ImageReplicationRules(List.of(existing))
                .covering(List.of("orders", "billing"), List.of("eu-west-1"), ACCOUNT);

        assertThat(rules.rules()).containsExactly(existing, new Rule(List.of(DR1), List.of("billing")));
    }

    @Test
    void covering_whenEverythingIsCovered_byAPrefixOrARuleForEveryRepository_changesNothing() {
        ImageReplicationRules prefix = new ImageReplicationRules(List.of(new Rule(List.of(DR1), List.of("team/"))));
        ImageReplicationRules all = new ImageReplicationRules(List.of(new Rule(List.of(DR1, DR2), List.of())));

        assertThat(prefix.covering(List.of("team/orders"), List.of("eu-west-1"), ACCOUNT)).isSameAs(prefix);
        assertThat(all.covering(List.of("anything"), List.of("eu-west-1", "us-west-2"), ACCOUNT)).isSameAs(all);
    }

    @Test
    void covering_aDestinationOfAnotherAccount_doesNotCount() {
        ImageReplicationRules rules = new ImageReplicationRules(List.of(new Rule(
                List.of(new Destination("eu-west-1", "999999999999")), List.of())));

        assertThat(rules.covering(List.of("orders"), List.of("eu-west-1"), ACCOUNT).rules()).hasSize(2);
    }

    @Test
    void covering_pastEcrsLimitOfTenRules_failsSayingSo() {
        List<Rule> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(new Rule(List.of(DR2), List.of("repo" + i)));
        }

        assertThatThrownBy(() -> new ImageReplicationRules(ten).covering(List.of("orders"), List.of("eu-west-1"),
                ACCOUNT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 replication rules");
    }
}
