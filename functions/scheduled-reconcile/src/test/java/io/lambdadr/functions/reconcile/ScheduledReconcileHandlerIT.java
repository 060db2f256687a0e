package io.lambdadr.functions.reconcile;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.BaselineRecord;
import io.lambdadr.functions.common.FixedContext;
import io.lambdadr.functions.common.LocalInvoker;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.StoredConfiguration;
import io.lambdadr.functions.common.Wiring;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.functions.worker.LocalWorker;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * The scheduled reconcile over the emulator, sending its work to the worker run in-process (the emulator runs no
 * function code): what it dispatched is read from the invoker, what was written from the emulator's request log,
 * and the replicas are read back.
 */
@ExtendWith(EmulatorExtension.class)
class ScheduledReconcileHandlerIT {

    private static final Map<String, String> PROTECTED = Map.of(SampleFunctions.PROTECT_TAG, "true");

    private final Emulator emulator;
    private final SampleFunctions samples;
    private ApplicationFixture application;
    private final List<String> failureDestination = new ArrayList<>();
    private LocalInvoker worker;
    private ScheduledReconcileHandler reconcile;

    ScheduledReconcileHandlerIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void createTheApplicationsResources() {
        application = new ApplicationFixture(emulator);
        wire(application.wiring());
    }

    /** The reconcile and the worker over one wiring, as one container of each would have. */
    private void wire(Wiring wiring) {
        worker = LocalWorker.invoker(wiring, failureDestination::add);
        reconcile = new ScheduledReconcileHandler(wiring.withDispatcher(worker));
    }

    private Map<String, Object> tick(Map<String, Object> event) {
        return reconcile.handleRequest(event, FixedContext.of(ApplicationFixture.RECONCILE));
    }

    /** The functions sent to the worker since {@code from} (an index into its events). */
    private List<String> dispatchedSince(int from) {
        return worker.events().subList(from, worker.events().size()).stream()
                .map(event -> WorkItem.fromJson(event).function()).sorted().toList();
    }

    private List<Emulator.RecordedRequest> requests(Predicate<Emulator.RecordedRequest> filter) {
        return emulator.requests().stream().filter(filter).toList();
    }

    private static Predicate<Emulator.RecordedRequest> lambdaIn(String... regions) {
        return request -> "lambda".equals(request.service()) && List.of(regions).contains(request.region());
    }

    private void createPlain(String name, Map<String, String> tags) {
        samples.createFunction(SOURCE, name, SampleFunctions.zip(name, 0), Map.of(), tags);
    }

    private List<String> functionsIn(String region) {
        return samples.lambda(region).listFunctions().functions().stream().map(FunctionConfiguration::functionName)
                .sorted().toList();
    }

    private void assertReplicated(String... functions) {
        for (String region : List.of(DR1, DR2)) {
            for (String function : functions) {
                assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(region), function))
                        .as(function + " in " + region).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @Event(value = "schedule/scheduler-tick.json", type = Map.class)
    void handleRequest_onEachTick_replicatesNewAndChangedProtectedFunctionsOnlyAndThenNothing(
            Map<String, Object> tick) {
        samples.createVersionedSample(SOURCE, "orders", 0);
        createPlain("billing", PROTECTED);
        createPlain("scratch", Map.of("team", "experiments"));

        Map<String, Object> first = tick(tick);

        assertThat(first).containsEntry("protectedFunctions", 2).containsEntry("dispatched", 2);
        assertThat(dispatchedSince(0)).containsExactly("billing", "orders");
        assertReplicated("orders", "billing");
        assertThat(functionsIn(DR1)).containsExactly("billing", "orders");
        assertThat(functionsIn(DR2)).containsExactly("billing", "orders");

        samples.publishCode(SOURCE, "billing", SampleFunctions.zip("billing-v2", 0), "second");
        createPlain("invoices", PROTECTED);
        int sent = worker.events().size();
        emulator.clearRequests();

        Map<String, Object> second = tick(tick);

        assertThat(second).containsEntry("dispatched", 2).containsEntry("skipped", 1);
        assertThat(dispatchedSince(sent)).containsExactly("billing", "invoices");
        assertReplicated("orders", "billing", "invoices");
        List<Emulator.RecordedRequest> writes = requests(lambdaIn(DR1, DR2).and(Emulator.RecordedRequest::isWrite));
        assertThat(writes).isNotEmpty().noneMatch(request -> request.path().contains("orders"));
        assertThat(functionsIn(DR1)).doesNotContain("scratch");
        assertThat(requests(lambdaIn(SOURCE))).noneMatch(request -> request.path().contains("scratch"));
        sent = worker.events().size();
        emulator.clearRequests();

        Map<String, Object> third = tick(tick);

        assertThat(third).containsEntry("dispatched", 0).containsEntry("skipped", 3);
        assertThat(dispatchedSince(sent)).isEmpty();
        assertThat(requests(lambdaIn(SOURCE, DR1, DR2).and(Emulator.RecordedRequest::isWrite))).isEmpty();
        assertThat(failureDestination).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "schedule/scheduler-tick.json", type = Map.class)
    void handleRequest_whenEveryFunctionIsInLine_costsOneLambdaCallPerFunctionPlusTheListingPages(
            Map<String, Object> tick) {
        int functions = 5;
        for (int i = 1; i <= functions; i++) {
            createPlain("app-" + i, PROTECTED);
        }
        createPlain("scratch-1", Map.of());
        createPlain("scratch-2", Map.of("team", "experiments"));
        tick(tick);
        emulator.clearRequests();

        tick(tick);

        Map<String, Long> lambdaCalls = requests(lambdaIn(SOURCE, DR1, DR2)).stream()
                .collect(Collectors.groupingBy(Emulator.RecordedRequest::operation, Collectors.counting()));
        // Per function in line: one ListAliases, plus a 50th of a ListFunctions page: 1.02 calls with a full page,
        // (1 + 5) / 5 = 1.2 here.
        assertThat(lambdaCalls).isEqualTo(Map.of("ListFunctions", 1L, "ListAliases", (long) functions));
        assertThat(requests(lambdaIn(SOURCE))).filteredOn(request -> "ListAliases".equals(request.operation()))
                .noneMatch(request -> request.path().contains("scratch"));
        assertThat(requests(request -> "tagging".equals(request.service())))
                .extracting(Emulator.RecordedRequest::operation).containsExactly("GetResources");
        assertThat(requests(request -> "dynamodb".equals(request.service())))
                .extracting(Emulator.RecordedRequest::operation).containsOnly("Query").hasSize(functions);
        assertThat(requests(Emulator.RecordedRequest::isWrite)).as("no writes").isEmpty();
    }

    @ParameterizedTest
    @Event(value = "schedule/baseline.json", type = Map.class)
    void handleRequest_forABaseline_sendsEveryProtectedFunctionAndRecordsTheBaselinePerRegion(
            Map<String, Object> baseline) {
        createPlain("orders", PROTECTED);
        createPlain("billing", PROTECTED);
        createPlain("scratch", Map.of());
        tick(EventLoader.loadEvent("schedule/scheduler-tick.json", Map.class));
        int sent = worker.events().size();
        emulator.clearRequests();

        Map<String, Object> answer = tick(baseline);

        assertThat(answer).containsEntry("dispatched", 2).containsEntry("skipped", 0);
        assertThat(dispatchedSince(sent)).as("in line, and sent all the same").containsExactly("billing", "orders");
        assertThat(worker.events().subList(sent, worker.events().size())).allSatisfy(event ->
                assertThat(WorkItem.fromJson(event).baseline()).isEqualTo("baseline-2026-11-22"));
        assertThat(requests(lambdaIn(DR1, DR2).and(Emulator.RecordedRequest::isWrite))).isEmpty();
        String ordersSha = samples.lambda(SOURCE).getFunction(r -> r.functionName("orders")).configuration()
                .codeSha256();
        assertThat(application.wiring().state().baselines("orders"))
                .extracting(BaselineRecord::baseline, BaselineRecord::targetRegion, BaselineRecord::codeSha256)
                .containsOnly(
                        org.assertj.core.groups.Tuple.tuple("baseline-2026-11-22", DR1, ordersSha),
                        org.assertj.core.groups.Tuple.tuple("baseline-2026-11-22", DR2, ordersSha));
        assertThat(application.wiring().state().baselines("scratch")).isEmpty();
        assertThat(application.wiring().state().replicas("billing").get(DR1).lastBaseline())
                .isEqualTo("baseline-2026-11-22");
    }

    @ParameterizedTest
    @Event(value = "schedule/scheduler-tick.json", type = Map.class)
    void handleRequest_whenTheReplicasWereLastVerifiedADayAgo_sendsThemAllAgainAndWritesNothing(
            Map<String, Object> tick) {
        createPlain("orders", PROTECTED);
        createPlain("billing", PROTECTED);
        tick(tick);
        wire(application.wiring().withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(25))));
        int sent = worker.events().size();
        emulator.clearRequests();

        Map<String, Object> dayLater = tick(tick);

        assertThat(dayLater).containsEntry("dispatched", 2);
        assertThat(dispatchedSince(sent)).containsExactly("billing", "orders");
        assertThat(requests(lambdaIn(DR1, DR2).and(Emulator.RecordedRequest::isWrite))).isEmpty();
        assertThat(application.wiring().state().replicas("orders").values()).extracting(ReplicaRecord::outcome)
                .containsOnly("unchanged");
        assertThat(tick(tick)).as("verified again, so skipped").containsEntry("dispatched", 0);
    }

    @ParameterizedTest
    @Event(value = "schedule/scheduler-tick.json", type = Map.class)
    void handleRequest_whenANewConfigurationIsInForce_sendsEveryFunctionOnceMore(Map<String, Object> tick) {
        createPlain("orders", PROTECTED);
        createPlain("billing", PROTECTED);
        tick(tick);
        assertThat(tick(tick)).as("in line").containsEntry("dispatched", 0);
        application.wiring().state().storeConfiguration(new StoredConfiguration("parallelism: 2\n",
                "configuration push", Instant.now()));
        wire(application.wiring());
        int sent = worker.events().size();

        Map<String, Object> underTheNewConfiguration = tick(tick);

        assertThat(underTheNewConfiguration).containsEntry("dispatched", 2);
        assertThat(dispatchedSince(sent)).containsExactly("billing", "orders");
        assertThat(tick(tick)).as("checked under it, so skipped").containsEntry("dispatched", 0);
    }

    @ParameterizedTest
    @Event(value = "schedule/command-reconcile.json", type = Map.class)
    void handleRequest_whenACommandAsks_sendsWhatDiffersWithTheCommandAsReason(Map<String, Object> command) {
        createPlain("orders", PROTECTED);

        Map<String, Object> answer = tick(command);

        assertThat(answer).containsEntry("dispatched", 1);
        assertThat(WorkItem.fromJson(worker.events().getFirst()).reason()).isEqualTo("command");
        assertThat(WorkItem.fromJson(worker.events().getFirst()).sourceFingerprint()).matches("[0-9a-f]{64}");
        assertThat(application.wiring().state().replicas("orders").get(DR1).sourceFingerprint())
                .isEqualTo(WorkItem.fromJson(worker.events().getFirst()).sourceFingerprint());
    }

    @ParameterizedTest
    @Event(value = "schedule/unknown-trigger.json", type = Map.class)
    void handleRequest_whenTheEventIsNotUnderstood_alertsAndReconcilesNothing(Map<String, Object> event) {
        createPlain("orders", PROTECTED);
        emulator.clearRequests();

        Map<String, Object> answer = tick(event);

        assertThat(answer).containsKey("rejected");
        assertThat(application.alerts()).singleElement().satisfies(alert -> assertThat(alert.body())
                .contains("trigger 'hourly' is unknown", "Will retrying help: no"));
        assertThat(requests(lambdaIn(SOURCE, DR1, DR2))).isEmpty();
        assertThat(worker.events()).isEmpty();
    }
}
