package io.lambdadr.functions.codecommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.CodeCommitEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.functions.codecommit.ReferenceChange.Kind;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading pushed references from both events CodeCommit sends. */
class ReferenceChangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAD = "8c2f4b7e19d05a63c1e8f2a4b6d9e0c3f5a7b1d2";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "codecommit/trigger-branch-push.json, BRANCH, main, " + HEAD + ", false",
            "codecommit/eventbridge-branch-updated.json, BRANCH, main, " + HEAD + ", false",
            "codecommit/trigger-tag-push.json, TAG, baseline-2026-11-22, " + HEAD + ", false",
            "codecommit/eventbridge-tag-created.json, TAG, baseline-2026-11-22, " + HEAD + ", false",
            "codecommit/eventbridge-other-branch.json, BRANCH, feature-subnets, "
                    + "d41f6a2c8e0b3d5f7a9c1e2b4d6f8a0c2e4b6d8f, false",
            "codecommit/trigger-branch-deleted.json, BRANCH, main, " + HEAD + ", true",
            "codecommit/eventbridge-branch-deleted.json, BRANCH, main, " + HEAD + ", true",
    })
    void allIn_whenEitherShape_readsRepositoryReferenceAndCommit(String fixture, Kind kind, String name,
                                                                 String commit, boolean deleted) {
        Map<?, ?> event = EventLoader.loadEvent(fixture, Map.class);

        assertThat(ReferenceChange.allIn(JSON.valueToTree(event))).containsExactly(
                new ReferenceChange("us-east-1", "lambda-dr-config", kind, name, commit, deleted));
    }

    @ParameterizedTest
    @Event(value = "codecommit/trigger-tag-push.json", type = CodeCommitEvent.class)
    void triggerFixture_whenLoadedAsTheRuntimeDoes_isARepositoryTrigger(CodeCommitEvent event) {
        CodeCommitEvent.Record record = event.getRecords().getFirst();

        assertThat(record.getEventSourceArn()).isEqualTo("arn:aws:codecommit:us-east-1:123456789012:lambda-dr-config");
        assertThat(record.getCodeCommit().getReferences()).singleElement().satisfies(reference -> {
            assertThat(reference.getRef()).isEqualTo("refs/tags/baseline-2026-11-22");
            assertThat(reference.getCreated()).isTrue();
        });
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-function-code.json", type = Map.class)
    void allIn_whenTheEventIsOfAnotherSource_saysWhatItIsNot(Map<String, Object> event) {
        assertThatThrownBy(() -> ReferenceChange.allIn(JSON.valueToTree(event)))
                .isInstanceOf(UnrecognizedRepositoryEventException.class)
                .hasMessageContaining("neither a repository trigger")
                .hasMessageContaining("'AWS API Call via CloudTrail'");
    }
}
