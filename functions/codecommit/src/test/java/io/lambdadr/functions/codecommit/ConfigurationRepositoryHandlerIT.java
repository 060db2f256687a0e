package io.lambdadr.functions.codecommit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.lambdadr.core.engine.ReplicationEngine;
import io.lambdadr.core.engine.StopSignal;
import io.lambdadr.core.engine.TargetResult;
import io.lambdadr.core.usecase.ReplicationRequest;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.StoredConfiguration;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The configuration repository handler on both CodeCommit event shapes, over the emulator's repository. The fixtures
 * name a commit of their own; each test points the fixture at the commit it pushed.
 */
@ExtendWith(EmulatorExtension.class)
class ConfigurationRepositoryHandlerIT {

    private static final String HOME = ApplicationFixture.HOME;
    private static final String REPOSITORY = "lambda-dr-config";
    private static final String PATH = "lambda-dr.yaml";
    private static final String PROTECT_TEAM = "protectTag:\n  key: team\n  value: payments\n";

    private final Emulator emulator;
    private final SampleFunctions samples;
    private final List<String> baselinesStarted = new CopyOnWriteArrayList<>();
    private ApplicationFixture application;
    private Wiring wiring;
    private CodeCommitClient codeCommit;

    ConfigurationRepositoryHandlerIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createTheApplicationAndItsRepository() {
        application = new ApplicationFixture(emulator);
        wiring = application.wiring(Map.of("CONFIG_REPOSITORY", REPOSITORY));
        codeCommit = wiring.newCodeCommitClient();
        codeCommit.createRepository(request -> request.repositoryName(REPOSITORY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"codecommit/trigger-branch-push.json", "codecommit/eventbridge-branch-updated.json"})
    void handleRequest_whenAValidConfigurationIsPushed_changesWhatTheNextRunReplicates(String fixture) {
        samples.createFunction(HOME, "orders", SampleFunctions.zip("orders", 0), Map.of(),
                Map.of(SampleFunctions.PROTECT_TAG, "true"));
        samples.createFunction(HOME, "billing", SampleFunctions.zip("billing", 0), Map.of(),
                Map.of("team", "payments"));
        assertThat(protectedInNextRun(wiring)).containsExactly("orders");
        String commit = push("main", PROTECT_TEAM, null);

        List<String> outcomes = handler().handleRequest(pointedAt(fixture, commit), context());

        assertThat(outcomes).containsExactly("configuration-loaded");
        Wiring anotherContainer = application.wiring(Map.of("CONFIG_REPOSITORY", REPOSITORY));
        assertThat(protectedInNextRun(anotherContainer)).containsExactly("billing");
        assertThat(protectedInNextRun(wiring)).as("the handler's own container, at once").containsExactly("billing");
        assertThat(wiring.state().configuration()).get().extracting(StoredConfiguration::source)
                .isEqualTo("lambda-dr-config/lambda-dr.yaml (branch main, commit " + commit + ")");
        assertThat(application.alerts()).singleElement().extracting(Message::body).asString()
                .contains("is in force", commit, "Protect tag team=payments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"codecommit/trigger-branch-push.json", "codecommit/eventbridge-branch-updated.json"})
    void handleRequest_whenThePushedConfigurationIsInvalid_alertsWithCommitAndLineAndKeepsTheLastGood(
            String fixture) {
        String good = push("main", PROTECT_TEAM, null);
        handler().handleRequest(pointedAt(fixture, good), context());
        application.alerts();
        String bad = push("main", "protectTag:\n  key: team\n    value: payments\n", good);

        List<String> outcomes = handler().handleRequest(pointedAt(fixture, bad), context());

        assertThat(outcomes).containsExactly("configuration-rejected");
        assertThat(application.alerts()).singleElement().extracting(Message::body).asString()
                .contains("rejected", "commit " + bad, "not valid YAML", "line 3",
                        "stays in force", "commit " + good);
        assertThat(application.wiring(Map.of()).configuration().current().protectTagKey()).isEqualTo("team");
        assertThat(wiring.state().configuration()).get().extracting(StoredConfiguration::source).asString()
                .contains(good);
    }

    @Test
    void handleRequest_whenTheFileIsMissingOrNotUtf8_rejectsItAndKeepsTheDefaults() {
        String elsewhere = put("main", "README.md", "# configuration\n".getBytes(StandardCharsets.UTF_8), null);

        List<String> missing = handler().handleRequest(pointedAt("codecommit/trigger-branch-push.json", elsewhere),
                context());
        String latin1 = put("main", PATH, "protectTag:\n  key: équipe\n  value: paiements\n"
                .getBytes(StandardCharsets.ISO_8859_1), elsewhere);
        List<String> notUtf8 = handler().handleRequest(pointedAt("codecommit/trigger-branch-push.json", latin1),
                context());

        assertThat(missing).containsExactly("configuration-rejected");
        assertThat(notUtf8).containsExactly("configuration-rejected");
        assertThat(application.alerts()).extracting(Message::body).satisfiesExactly(
                first -> assertThat(first).contains("does not exist at this commit", elsewhere),
                second -> assertThat(second).contains("not UTF-8", "line 2", latin1, "the defaults"));
        assertThat(wiring.state().configuration()).isEmpty();
    }

    @Test
    void handleRequest_whenAPushToAnotherBranchArrives_loadsNothing() {
        String main = push("main", PROTECT_TEAM, null);
        codeCommit.createBranch(request -> request.repositoryName(REPOSITORY).branchName("feature-subnets")
                .commitId(main));
        String feature = push("feature-subnets", "protectTag:\n  key: owner\n  value: me\n", main);
        emulator.clearRequests();

        List<String> outcomes = handler().handleRequest(pointedAt("codecommit/eventbridge-other-branch.json",
                feature), context());

        assertThat(outcomes).containsExactly("ignored");
        assertThat(emulator.requests()).extracting(Emulator.RecordedRequest::service).doesNotContain("codecommit");
        assertThat(wiring.state().configuration()).isEmpty();
        assertThat(application.alerts()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"codecommit/trigger-branch-deleted.json", "codecommit/eventbridge-branch-deleted.json"})
    void handleRequest_whenTheBranchWasDeleted_loadsNothing(String fixture) {
        List<String> outcomes = handler().handleRequest(event(fixture), context());

        assertThat(outcomes).containsExactly("ignored");
        assertThat(wiring.state().configuration()).isEmpty();
        assertThat(application.alerts()).isEmpty();
    }

    @Test
    void handleRequest_whenThePushedCommitIsNoLongerTheHead_leavesItToTheNewerPush() {
        String older = push("main", PROTECT_TEAM, null);
        String newer = push("main", "protectTag:\n  key: owner\n  value: me\n", older);

        List<String> late = handler().handleRequest(pointedAt("codecommit/trigger-branch-push.json", older),
                context());
        List<String> latest = handler().handleRequest(pointedAt("codecommit/eventbridge-branch-updated.json", newer),
                context());

        assertThat(late).containsExactly("superseded");
        assertThat(latest).containsExactly("configuration-loaded");
        assertThat(application.wiring(Map.of()).configuration().current().protectTagKey()).isEqualTo("owner");
    }

    @Test
    void handleRequest_whenBothEventsOfOnePushArrive_loadsItOnceAndTellsPeopleOnce() {
        String commit = push("main", PROTECT_TEAM, null);

        List<String> fromTrigger = handler().handleRequest(pointedAt("codecommit/trigger-branch-push.json", commit),
                context());
        List<String> fromRule = handler().handleRequest(pointedAt("codecommit/eventbridge-branch-updated.json",
                commit), context());

        assertThat(fromTrigger).containsExactly("configuration-loaded");
        assertThat(fromRule).containsExactly("already-in-force");
        assertThat(application.alerts()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"codecommit/trigger-tag-push.json", "codecommit/eventbridge-tag-created.json"})
    void handleRequest_whenABaselineTagIsPushed_startsTheReconcileLabelledWithIt(String fixture) {
        List<String> outcomes = handler().handleRequest(event(fixture), context());

        assertThat(outcomes).containsExactly("baseline-started");
        assertThat(baselinesStarted).containsExactly("baseline-2026-11-22");
        assertThat(wiring.state().configuration()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"codecommit/trigger-tag-push.json", "codecommit/eventbridge-branch-updated.json"})
    void handleRequest_whenTheEventIsOfAnotherRepository_ignoresIt(String fixture) {
        Wiring otherRepository = application.wiring(Map.of("CONFIG_REPOSITORY", "another-repository"));
        ConfigurationRepositoryHandler handler = new ConfigurationRepositoryHandler(otherRepository,
                new CodeCommitConfigurationRepository(codeCommit), baselinesStarted::add);

        List<String> outcomes = handler.handleRequest(event(fixture), context());

        assertThat(outcomes).containsExactly("ignored");
        assertThat(baselinesStarted).isEmpty();
    }

    @Test
    void handleRequest_whenTheTagIsNoBaseline_startsNothing() {
        Wiring releasesOnly = application.wiring(Map.of("CONFIG_REPOSITORY", REPOSITORY,
                "BASELINE_TAG_PATTERN", "release-.*"));
        ConfigurationRepositoryHandler handler = new ConfigurationRepositoryHandler(releasesOnly,
                new CodeCommitConfigurationRepository(codeCommit), baselinesStarted::add);

        assertThat(handler.handleRequest(event("codecommit/trigger-tag-push.json"), context()))
                .containsExactly("ignored");
        assertThat(baselinesStarted).isEmpty();
    }

    @Test
    void handleRequest_whenTheEventIsNotFromCodeCommit_alertsWithoutFailing() {
        List<String> outcomes = handler().handleRequest(event("cloudtrail/update-function-code.json"), context());

        assertThat(outcomes).containsExactly("malformed");
        assertThat(application.alerts()).singleElement().extracting(Message::body).asString()
                .contains("cannot read", "AWS API Call via CloudTrail");
    }

    private ConfigurationRepositoryHandler handler() {
        return new ConfigurationRepositoryHandler(wiring, new CodeCommitConfigurationRepository(codeCommit),
                baselinesStarted::add);
    }

    /** The functions a reconcile under {@code wiring}'s configuration in force would take. */
    private static Set<String> protectedInNextRun(Wiring wiring) {
        ReplicationRequest request = new ReplicationRequest(HOME, wiring.settings().targetRegions(),
                new ReplicationRequest.Selection.AllProtected(), ReplicationEngine.Mode.PLAN,
                wiring.configuration().current(), false);
        return wiring.runner().run(request, StopSignal.untilRequested()).report().targets().stream()
                .map(TargetResult::functionName).collect(Collectors.toSet());
    }

    private String push(String branch, String yaml, String parent) {
        return put(branch, PATH, yaml.getBytes(StandardCharsets.UTF_8), parent);
    }

    private String put(String branch, String path, byte[] content, String parent) {
        return codeCommit.putFile(request -> request.repositoryName(REPOSITORY).branchName(branch).filePath(path)
                .fileContent(SdkBytes.fromByteArray(content)).parentCommitId(parent).commitMessage("change"))
                .commitId();
    }

    /** A fixture as Lambda hands it to the handler: a map of its JSON. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(String fixture) {
        return EventLoader.loadEvent(fixture, Map.class);
    }

    /** The fixture, with the commit this test pushed in place of its own. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> pointedAt(String fixture, String commit) {
        Map<String, Object> event = event(fixture);
        if (event.get("Records") instanceof List<?> records) {
            Map<String, Object> codecommit = (Map<String, Object>) ((Map<String, Object>) records.getFirst())
                    .get("codecommit");
            ((List<Map<String, Object>>) codecommit.get("references")).getFirst().put("commit", commit);
        } else {
            ((Map<String, Object>) event.get("detail")).put("commitId", commit);
        }
        return event;
    }

    private static FixedContext context() {
        return FixedContext.of("lambda-dr-configuration-repository");
    }
}
