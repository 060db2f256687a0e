package io.lambdadr.localapp;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdadr.functions.common.ApplicationFixture;
import io.lambdadr.functions.common.ReplicaRecord;
import io.lambdadr.functions.common.WorkItem;
import io.lambdadr.functions.worker.LocalWorker;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.ReplicaCheck;
import io.lambdadr.testsupport.SampleFunctions;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The application's handlers wired together in-process over the emulator (a source and two target regions), on the
 * real fixtures under events/: each test follows one piece of work across flows, from its trigger through the worker
 * to the replicas, the state table, the alerts topic and the failure archive, and judges the replicas by reading
 * both sides ({@link ReplicaCheck}) and the writes from the emulator's own request log.
 */
@ExtendWith(EmulatorExtension.class)
class ApplicationFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PROTECTED = Map.of(SampleFunctions.PROTECT_TAG, "true");
    private static final String SECRET = "s3cr3t-orders-token";

    private final Emulator emulator;
    private final SampleFunctions samples;
    private LocalDeployment application;

    ApplicationFlowIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void deployTheApplication() {
        application = new LocalDeployment(new ApplicationFixture(emulator));
    }

    @Test
    void scheduleTick_replicatesNewProtectedFunctionsIntoBothRegions_andTheNextTickWritesNothing() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        createPlain("billing", PROTECTED);
        createPlain("scratch", Map.of("team", "experiments"));
        Map<String, Object> tick = EventFixtures.schedule("schedule/scheduler-tick.json");

        Map<String, Object> first = application.tick(tick);

        assertThat(first).containsEntry("protectedFunctions", 2).containsEntry("dispatched", 2);
        assertThat(workSent(0)).containsExactlyInAnyOrder("orders", "billing");
        assertInLine("orders", "billing");
        assertThat(functionsIn(DR1)).containsExactly("billing", "orders");
        assertThat(functionsIn(DR2)).containsExactly("billing", "orders");
        assertThat(application.wiring().state().replicas("orders").values()).extracting(ReplicaRecord::outcome)
                .containsOnly("created");
        int sent = application.worker().events().size();
        emulator.clearRequests();

        Map<String, Object> second = application.tick(tick);

        assertThat(second).containsEntry("dispatched", 0).containsEntry("skipped", 2);
        assertThat(workSent(sent)).isEmpty();
        assertThat(emulator.requests()).as("the second tick read the source and its records")
                .anyMatch(lambdaIn(SOURCE));
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).as("no writes").isEmpty();
        assertThat(application.worker().failureRecords()).isEmpty();
        assertThat(application.resources().alerts()).isEmpty();
    }

    @Test
    void changeEvent_forAFunctionChangedInTheSource_bringsItsReplicasInLineThroughTheWorker() {
        createPlain("orders", PROTECTED);
        createPlain("billing", PROTECTED);
        application.tick(EventFixtures.schedule("schedule/scheduler-tick.json"));
        assertInLine("orders", "billing");
        samples.lambda(SOURCE).updateFunctionCode(request -> request.functionName("billing")
                .zipFile(SdkBytes.fromByteArray(SampleFunctions.zip("billing-v2", 0))));
        assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(DR1), "billing"))
                .as("behind its source until the change is replicated").isNotEmpty();
        int sent = application.worker().events().size();
        emulator.clearRequests();

        String outcome = application.change(
                EventFixtures.cloudTrail("cloudtrail/update-function-code.json", "billing", null));

        assertThat(outcome).isEqualTo("dispatched");
        List<WorkItem> items = application.worker().events().subList(sent, application.worker().events().size())
                .stream().map(WorkItem::fromJson).toList();
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.function()).isEqualTo("billing");
            assertThat(item.reason()).isEqualTo("change");
        });
        assertInLine("orders", "billing");
        assertThat(application.wiring().state().replicas("billing").values())
                .extracting(ReplicaRecord::outcome).containsOnly("updated");
        assertThat(lambdaWrites()).isNotEmpty().noneMatch(request -> request.path().contains("orders"));
        assertThat(application.worker().failureRecords()).isEmpty();
    }

    @Test
    void snsCommands_reportStatusAsAReadableAlert_andReplicateTheNamedFunctions() {
        createPlain("orders", PROTECTED);
        createPlain("billing", PROTECTED);

        application.command(EventFixtures.sns("commands/sns-status.json"));

        assertThat(onlyAlert().body()).startsWith("lambda-dr status: 4 missing\n")
                .contains("  orders in eu-west-1: missing\n", "  billing in us-west-2: missing\n");

        application.command(EventFixtures.sns("commands/sns-replicate.json"));

        assertThat(workSent(0)).containsExactly("orders", "billing");
        assertThat(application.worker().events()).allSatisfy(event ->
                assertThat(WorkItem.fromJson(event).reason()).isEqualTo("command"));
        assertInLine("orders", "billing");
        assertThat(application.resources().alerts()).as("a replicate that went well is not announced").isEmpty();

        application.command(EventFixtures.sns("commands/sns-status.json"));

        Message report = onlyAlert();
        assertThat(report.body()).startsWith("lambda-dr status: 4 in-sync\n")
                .contains("  orders in eu-west-1: in-sync\n", "  billing in us-west-2: in-sync\n");
        assertThat(report.messageAttributes().get("kind").stringValue()).isEqualTo("notice");
    }

    @Test
    void workerFailure_reachesAPersonReadable_isArchivedRaw_andRedriveBringsTheReplicaInLineOnceFixed()
            throws Exception {
        samples.createFunction(SOURCE, "orders", SampleFunctions.zip("orders", 0), Map.of("API_TOKEN", SECRET),
                PROTECTED);
        emulator.injectFault(Map.of("operation", "CreateFunction", "region", DR2, "functionName", "orders",
                "status", 503, "count", 1000));

        String outcome = application.change(
                EventFixtures.cloudTrail("cloudtrail/update-function-code.json", "orders", null));

        assertThat(outcome).isEqualTo("dispatched");
        assertThat(application.worker().failureRecords()).as("Lambda gave up after its retries").singleElement()
                .satisfies(record -> assertThat(JSON.readTree(record).at("/requestContext/approximateInvokeCount")
                        .asInt()).isEqualTo(1 + LocalWorker.MAXIMUM_RETRY_ATTEMPTS));
        assertThat(emulator.requests()).filteredOn(request -> "CreateFunction".equals(request.operation())
                && DR2.equals(request.region())).hasSizeGreaterThan(3).allMatch(request -> request.status() == 503);
        Message alert = onlyAlert();
        assertThat(alert.messageAttributes().get("kind").stringValue()).isEqualTo("failure");
        assertThat(alert.body())
                .startsWith("lambda-dr: replicating orders failed in us-west-2 (retries exhausted)\n\n")
                .contains("Function: lambda-dr-worker, replicating orders\n",
                        "Region: us-east-1 (where lambda-dr-worker runs); the error names us-west-2\n",
                        "What happened: orders was not replicated into every target region: us-west-2: ",
                        "ServiceUnavailable",
                        "it ran the event 3 time(s) and every attempt failed",
                        "Will retrying help: probably",
                        "What to do: ",
                        "{\"command\": \"redrive\"}")
                .doesNotContain("requestPayload", "\"requestContext\"", SECRET);
        List<Message> archived = application.resources().archivedLeftInPlace();
        assertThat(archived).singleElement().satisfies(message -> {
            assertThat(message.messageAttributes().get("kind").stringValue()).isEqualTo("failure");
            assertThat(JSON.readTree(message.messageAttributes().get("record").stringValue()))
                    .isEqualTo(JSON.readTree(application.worker().failureRecords().getFirst()));
        });
        assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(DR1), "orders")).isEmpty();
        assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(DR2), "orders"))
                .containsExactly("orders: no replica");

        emulator.clearFaults();
        int sent = application.worker().events().size();
        application.command(EventFixtures.sns("commands/sns-redrive.json"));

        assertThat(application.worker().events().subList(sent, application.worker().events().size()))
                .as("the archived work item, sent again").singleElement()
                .satisfies(event -> assertThat(JSON.readTree(event)).isEqualTo(
                        JSON.readTree(application.worker().failureRecords().getFirst()).get("requestPayload")));
        assertInLine("orders");
        assertThat(application.worker().failureRecords()).as("no new failure").hasSize(1);
        assertThat(messagesIn(application.resources().archiveQueueUrl())).as("the archive, emptied").isZero();
        assertThat(onlyAlert().body()).startsWith("lambda-dr: redrive: 1 redriven")
                .contains("redriven: " + LocalWorker.ARN + " (the work item for orders)");
    }

    private void createPlain(String name, Map<String, String> tags) {
        samples.createFunction(SOURCE, name, SampleFunctions.zip(name, 0), Map.of(), tags);
    }

    /** The functions sent to the worker from its {@code from}-th event on, in the order sent. */
    private List<String> workSent(int from) {
        List<String> events = application.worker().events();
        return events.subList(from, events.size()).stream().map(event -> WorkItem.fromJson(event).function())
                .toList();
    }

    private void assertInLine(String... functions) {
        for (String region : List.of(DR1, DR2)) {
            for (String function : functions) {
                assertThat(ReplicaCheck.problems(samples.lambda(SOURCE), samples.lambda(region), function))
                        .as(function + " in " + region).isEmpty();
            }
        }
    }

    private List<String> functionsIn(String region) {
        return samples.lambda(region).listFunctions().functions().stream().map(FunctionConfiguration::functionName)
                .sorted().toList();
    }

    private List<Emulator.RecordedRequest> lambdaWrites() {
        return emulator.requests().stream().filter(lambdaIn(SOURCE, DR1, DR2))
                .filter(Emulator.RecordedRequest::isWrite).toList();
    }

    private static Predicate<Emulator.RecordedRequest> lambdaIn(String... regions) {
        return request -> "lambda".equals(request.service()) && List.of(regions).contains(request.region());
    }

    /** The one alert published since the last look, as the e-mail subscription receives it. */
    private Message onlyAlert() {
        List<Message> alerts = application.resources().alerts();
        assertThat(alerts).hasSize(1);
        return alerts.getFirst();
    }

    private int messagesIn(String queueUrl) {
        try (SqsClient sqs = application.wiring().newSqsClient()) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return attributes.values().stream().mapToInt(Integer::parseInt).sum();
        }
    }
}
