package io.lambdadr.cli;

import static io.lambdadr.testsupport.EmulatorExtension.DR1;
import static io.lambdadr.testsupport.EmulatorExtension.DR2;
import static io.lambdadr.testsupport.EmulatorExtension.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import io.lambdadr.testsupport.SampleFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;

/**
 * Event source mappings end to end: the command line against the emulator, each replica's mappings read back with
 * the test's own SDK clients (ListEventSourceMappings, DescribeTable), queues and tables created in every region as
 * an operator would.
 */
@ExtendWith(EmulatorExtension.class)
class EventSourceMappingReplicationIT {

    private static final String FILTER = "{\"body\":{\"kind\":[\"order\"]}}";

    private final Emulator emulator;
    private final SampleFunctions samples;
    @TempDir
    Path dir;
    private Path config;

    EventSourceMappingReplicationIT(Emulator emulator, SampleFunctions samples) {
        this.emulator = emulator;
        this.samples = samples;
    }

    @BeforeEach
    void enableMappingsInTheSecondRegionOnly() throws Exception {
        config = Files.writeString(dir.resolve("dr.yaml"), """
                targets:
                  us-west-2:
                    eventSourceMappings: enabled
                """);
    }

    private CliRun run(String command, String function) {
        return CliRun.onBothTargets(emulator.endpoint().toString(), command, function, "--config", config.toString());
    }

    /** The mappings of {@code region}, by the kind of source they read. */
    private Map<String, EventSourceMappingConfiguration> mappings(String region) {
        return samples.lambda(region).listEventSourceMappings().eventSourceMappings().stream()
                .collect(Collectors.toMap(mapping -> mapping.eventSourceArn().split(":")[2], mapping -> mapping));
    }

    /**
     * {@code run} failed {@code function} in {@code region} as permanent (a retry cannot help), with an error naming
     * each of {@code named}, and wrote nothing there: checked in the emulator's request log, cleared before the run.
     */
    private void assertFailedBeforeWriting(CliRun run, String function, String region, String... named) {
        JsonNode failed = run.result(function, region);
        assertThat(failed.get("failureKind").asText()).as(region + ": " + failed).isEqualTo("permanent");
        assertThat(failed.get("error").asText()).as(region).contains(named);
        assertThat(emulator.requests()).as("writes to " + region)
                .filteredOn(request -> region.equals(request.region()) && request.isWrite()).isEmpty();
    }

    private String queueMapping(String region) {
        return mappings(region).get("sqs").uuid();
    }

    @Test
    void replicate_createsEachMappingOnItsQualifier_readingTheTargetsOwnQueueAndStream_enabledOnlyWhereConfigured() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        for (String region : List.of(SOURCE, DR1, DR2)) {
            samples.createQueue(region, "orders-queue");
        }
        String sourceStream = samples.createTableWithStream(SOURCE, "orders");
        Map<String, String> streams = Map.of(DR1, samples.createTableWithStream(DR1, "orders"),
                DR2, samples.createTableWithStream(DR2, "orders"));
        LambdaClient source = samples.lambda(SOURCE);
        source.createEventSourceMapping(request -> request.functionName("orders:live")
                .eventSourceArn("arn:aws:sqs:us-east-1:123456789012:orders-queue").batchSize(5)
                .maximumBatchingWindowInSeconds(2).filterCriteria(f -> f.filters(p -> p.pattern(FILTER)))
                .scalingConfig(s -> s.maximumConcurrency(5)));
        source.createEventSourceMapping(request -> request.functionName("orders").eventSourceArn(sourceStream)
                .startingPosition("LATEST").batchSize(50).maximumRetryAttempts(3).bisectBatchOnFunctionError(true)
                .destinationConfig(d -> d.onFailure(f -> f.destination(
                        "arn:aws:sqs:us-east-1:123456789012:orders-stream-failures"))));

        CliRun replicate = run("replicate", "orders");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            Map<String, EventSourceMappingConfiguration> replica = mappings(region);
            assertThat(replica).containsOnlyKeys("sqs", "dynamodb");
            EventSourceMappingConfiguration queue = replica.get("sqs");
            assertThat(queue.eventSourceArn()).isEqualTo("arn:aws:sqs:" + region + ":123456789012:orders-queue");
            assertThat(queue.functionArn()).isEqualTo("arn:aws:lambda:" + region + ":123456789012:function:orders:live");
            assertThat(queue.batchSize()).isEqualTo(5);
            assertThat(queue.maximumBatchingWindowInSeconds()).isEqualTo(2);
            assertThat(queue.filterCriteria().filters().getFirst().pattern()).isEqualTo(FILTER);
            assertThat(queue.scalingConfig().maximumConcurrency()).isEqualTo(5);
            EventSourceMappingConfiguration stream = replica.get("dynamodb");
            assertThat(stream.eventSourceArn()).isEqualTo(streams.get(region)).isNotEqualTo(sourceStream);
            assertThat(stream.functionArn()).isEqualTo("arn:aws:lambda:" + region + ":123456789012:function:orders");
            assertThat(stream.startingPositionAsString()).isEqualTo("LATEST");
            assertThat(stream.maximumRetryAttempts()).isEqualTo(3);
            assertThat(stream.bisectBatchOnFunctionError()).isTrue();
            assertThat(stream.destinationConfig().onFailure().destination())
                    .isEqualTo("arn:aws:sqs:" + region + ":123456789012:orders-stream-failures");
        }
        assertThat(mappings(DR1).values()).extracting(EventSourceMappingConfiguration::state)
                .containsOnly("Disabled");
        assertThat(mappings(DR2).values()).extracting(EventSourceMappingConfiguration::state)
                .containsOnly("Enabled");

        emulator.clearRequests();
        CliRun again = run("replicate", "orders");
        assertThat(again.exitCode()).isZero();
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite).isEmpty();
        assertThat(again.result("orders", DR1).get("status").asText()).isEqualTo("in-sync");

        // A change in the source reaches both replicas.
        String sourceQueue = queueMapping(SOURCE);
        source.updateEventSourceMapping(request -> request.uuid(sourceQueue).batchSize(8));
        assertThat(run("replicate", "orders").exitCode()).isZero();
        assertThat(mappings(DR1).get("sqs").batchSize()).isEqualTo(8);
        assertThat(mappings(DR2).get("sqs").batchSize()).isEqualTo(8);

        // A change made by hand in one replica is drift, reported by status and repaired by replicate.
        String dr2Queue = queueMapping(DR2);
        samples.lambda(DR2).updateEventSourceMapping(request -> request.uuid(dr2Queue).batchSize(9)
                .filterCriteria(f -> f.filters(List.of())));
        CliRun status = run("status", "orders");
        assertThat(status.result("orders", DR1).get("status").asText()).isEqualTo("in-sync");
        JsonNode drifted = status.result("orders", DR2);
        assertThat(drifted.get("status").asText()).isEqualTo("drifted");
        assertThat(drifted.get("drift").toString())
                .contains("event source mapping arn:aws:sqs:us-west-2:123456789012:orders-queue -> alias live");
        assertThat(run("replicate", "orders").exitCode()).isZero();
        assertThat(mappings(DR2).get("sqs").batchSize()).isEqualTo(8);
        assertThat(mappings(DR2).get("sqs").filterCriteria().filters().getFirst().pattern()).isEqualTo(FILTER);
    }

    @Test
    void replicate_whenAMappingsQueueIsMissingInATarget_failsNamingTheQueueAndWhatToDo_andWritesNothingThere() {
        samples.createVersionedSample(SOURCE, "billing", 0);
        samples.createQueue(SOURCE, "billing-queue");
        samples.createQueue(DR2, "billing-queue");
        samples.lambda(SOURCE).createEventSourceMapping(request -> request.functionName("billing")
                .eventSourceArn("arn:aws:sqs:us-east-1:123456789012:billing-queue"));
        emulator.clearRequests();

        CliRun replicate = run("replicate", "billing");

        assertThat(replicate.exitCode()).isEqualTo(1);
        assertThat(replicate.result("billing", DR1).get("outcome").asText()).isEqualTo("failed");
        assertFailedBeforeWriting(replicate, "billing", DR1,
                "EventSourceMapping(arn:aws:sqs:eu-west-1:123456789012:billing-queue).EventSourceArn",
                "SQS queue billing-queue does not exist in eu-west-1", "targets.eu-west-1.arns");
        assertThat(replicate.result("billing", DR2).get("outcome").asText()).isEqualTo("created");
        assertThat(mappings(DR2).get("sqs").functionArn()).endsWith(":function:billing");
    }

    @Test
    void replicate_whenAMappingsKinesisStreamIsMissingInATarget_failsThereWithNothingWritten_andUsesTheStreamElsewhere() {
        samples.createVersionedSample(SOURCE, "ledger", 0);
        for (String region : List.of(SOURCE, DR2)) {
            samples.kinesis(region).createStream(request -> request.streamName("ledger-stream").shardCount(1));
        }
        String sourceStream = samples.kinesis(SOURCE).describeStreamSummary(request -> request
                .streamName("ledger-stream")).streamDescriptionSummary().streamARN();
        samples.lambda(SOURCE).createEventSourceMapping(request -> request.functionName("ledger")
                .eventSourceArn(sourceStream).startingPosition("LATEST").batchSize(25));
        emulator.clearRequests();

        CliRun replicate = run("replicate", "ledger");

        assertThat(replicate.exitCode()).isEqualTo(1);
        assertFailedBeforeWriting(replicate, "ledger", DR1, "Kinesis stream ledger-stream does not exist in eu-west-1",
                "targets.eu-west-1.arns");
        EventSourceMappingConfiguration replicated = mappings(DR2).get("kinesis");
        assertThat(replicated.eventSourceArn()).isEqualTo(sourceStream.replace(SOURCE, DR2));
        assertThat(replicated.batchSize()).isEqualTo(25);
        assertThat(replicated.startingPositionAsString()).isEqualTo("LATEST");
    }

    @Test
    void replicate_aMappingReadingADocumentDbCluster_failsWhereItIsMissingWithNothingWritten_andUsesItElsewhere() {
        samples.createVersionedSample(SOURCE, "catalog", 0);
        String sourceCluster = samples.createDocumentDbCluster(SOURCE, "catalog-docs");
        String dr2Cluster = samples.createDocumentDbCluster(DR2, "catalog-docs");
        samples.lambda(SOURCE).createEventSourceMapping(request -> request.functionName("catalog:live")
                .eventSourceArn(sourceCluster).startingPosition("LATEST").batchSize(20)
                .documentDBEventSourceConfig(c -> c.databaseName("catalog").collectionName("items")
                        .fullDocument("UpdateLookup")));
        emulator.clearRequests();

        CliRun replicate = run("replicate", "catalog");

        assertThat(replicate.exitCode()).isEqualTo(1);
        assertFailedBeforeWriting(replicate, "catalog", DR1,
                "DocumentDB cluster catalog-docs does not exist in eu-west-1", "targets.eu-west-1.arns");
        EventSourceMappingConfiguration replicated = samples.lambda(DR2).listEventSourceMappings()
                .eventSourceMappings().getFirst();
        assertThat(replicated.eventSourceArn()).isEqualTo(dr2Cluster);
        assertThat(replicated.functionArn()).endsWith(":function:catalog:live");
        assertThat(replicated.batchSize()).isEqualTo(20);
        assertThat(replicated.documentDBEventSourceConfig().collectionName()).isEqualTo("items");
        assertThat(replicated.documentDBEventSourceConfig().fullDocumentAsString()).isEqualTo("UpdateLookup");

        // A cluster of that name in eu-west-1 that is not DocumentDB's (RDS answers for every engine) is refused too.
        samples.docDb(DR1).createDBCluster(request -> request.dbClusterIdentifier("catalog-docs")
                .engine("aurora-mysql").masterUsername("sample").masterUserPassword("sample-password"));
        emulator.clearRequests();
        CliRun again = run("replicate", "catalog");
        assertThat(again.exitCode()).isEqualTo(1);
        assertFailedBeforeWriting(again, "catalog", DR1,
                "cluster catalog-docs in eu-west-1 is an aurora-mysql cluster, not a DocumentDB one");
    }

    @Test
    void replicate_mappingsReadingAnMskClusterAndAnMqBroker_useTheOnesOfTheSameNameInEachRegion_andNameAMissingOne() {
        samples.createVersionedSample(SOURCE, "events", 0);
        String sourceCluster = samples.createKafkaCluster(SOURCE, "orders-kafka");
        String sourceBroker = samples.createMqBroker(SOURCE, "payments-mq");
        // eu-west-1 has the cluster and not the broker; us-west-2 the broker and not the cluster.
        String dr1Cluster = samples.createKafkaCluster(DR1, "orders-kafka");
        String dr2Broker = samples.createMqBroker(DR2, "payments-mq");
        samples.createKafkaCluster(DR1, "orders-kafka-old");
        LambdaClient source = samples.lambda(SOURCE);
        source.createEventSourceMapping(request -> request.functionName("events:live").eventSourceArn(sourceCluster)
                .topics("orders").startingPosition("LATEST").batchSize(50)
                .amazonManagedKafkaEventSourceConfig(c -> c.consumerGroupId("orders-consumers")));
        source.createEventSourceMapping(request -> request.functionName("events").eventSourceArn(sourceBroker)
                .queues("payments").batchSize(10).sourceAccessConfigurations(access -> access.type("BASIC_AUTH")
                        .uri("arn:aws:secretsmanager:us-east-1:123456789012:secret:payments-mq-AbCdEf")));
        emulator.clearRequests();

        CliRun replicate = run("replicate", "events");

        assertThat(replicate.exitCode()).isEqualTo(1);
        assertFailedBeforeWriting(replicate, "events", DR1, "Amazon MQ broker payments-mq does not exist in eu-west-1",
                "targets.eu-west-1.arns");
        assertFailedBeforeWriting(replicate, "events", DR2, "MSK cluster orders-kafka does not exist in us-west-2",
                "targets.us-west-2.arns");

        // Once each region has both, each mapping reads that region's own, under its own id.
        String dr1Broker = samples.createMqBroker(DR1, "payments-mq");
        String dr2Cluster = samples.createKafkaCluster(DR2, "orders-kafka");
        CliRun again = run("replicate", "events");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        for (Map.Entry<String, List<String>> region : Map.of(DR1, List.of(dr1Cluster, dr1Broker),
                DR2, List.of(dr2Cluster, dr2Broker)).entrySet()) {
            Map<String, EventSourceMappingConfiguration> replicas = mappings(region.getKey());
            EventSourceMappingConfiguration kafka = replicas.get("kafka");
            assertThat(kafka.eventSourceArn()).as(region.getKey()).isEqualTo(region.getValue().get(0))
                    .isNotEqualTo(sourceCluster.replace(SOURCE, region.getKey()));
            assertThat(kafka.topics()).containsExactly("orders");
            assertThat(kafka.functionArn()).endsWith(":function:events:live");
            assertThat(kafka.amazonManagedKafkaEventSourceConfig().consumerGroupId()).isEqualTo("orders-consumers");
            assertThat(kafka.batchSize()).isEqualTo(50);
            EventSourceMappingConfiguration mq = replicas.get("mq");
            assertThat(mq.eventSourceArn()).as(region.getKey()).isEqualTo(region.getValue().get(1));
            assertThat(mq.queues()).containsExactly("payments");
            assertThat(mq.sourceAccessConfigurations().getFirst().uri()).isEqualTo("arn:aws:secretsmanager:"
                    + region.getKey() + ":123456789012:secret:payments-mq-AbCdEf");
        }
        // Matched by name, whatever the id: status finds both regions in sync.
        CliRun status = run("status", "events");
        assertThat(status.exitCode()).as(status.stdout() + status.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(status.result("events", region).get("status").asText()).as(region).isEqualTo("in-sync");
        }
    }

    /** Registers consumer {@code name} on stream {@code stream} of {@code region}; returns its ARN. */
    private String registerConsumer(String region, String stream, String name) {
        String streamArn = samples.kinesis(region).describeStreamSummary(request -> request.streamName(stream))
                .streamDescriptionSummary().streamARN();
        return samples.kinesis(region).registerStreamConsumer(request -> request.streamARN(streamArn)
                .consumerName(name)).consumer().consumerARN();
    }

    @Test
    void replicate_aMappingReadingAStreamConsumer_usesTheConsumerOfTheSameNameInEachRegion_andNamesAMissingOne()
            throws Exception {
        samples.createVersionedSample(SOURCE, "ledger", 0);
        for (String region : List.of(SOURCE, DR1, DR2)) {
            samples.kinesis(region).createStream(request -> request.streamName("ledger-stream").shardCount(1));
        }
        String sourceConsumer = registerConsumer(SOURCE, "ledger-stream", "ledger-efo");
        // Registered a second later in eu-west-1: its ARN ends in another registration time than the source's.
        Thread.sleep(1100);
        String dr1Consumer = registerConsumer(DR1, "ledger-stream", "ledger-efo");
        samples.lambda(SOURCE).createEventSourceMapping(request -> request.functionName("ledger")
                .eventSourceArn(sourceConsumer).startingPosition("LATEST").batchSize(25));
        emulator.clearRequests();

        CliRun replicate = run("replicate", "ledger");

        assertThat(replicate.exitCode()).isEqualTo(1);
        assertThat(dr1Consumer).isNotEqualTo(sourceConsumer.replace(SOURCE, DR1));
        EventSourceMappingConfiguration replicated = mappings(DR1).get("kinesis");
        assertThat(replicated.eventSourceArn()).isEqualTo(dr1Consumer);
        assertThat(replicated.batchSize()).isEqualTo(25);
        assertFailedBeforeWriting(replicate, "ledger", DR2, "Kinesis stream ledger-stream has no consumer ledger-efo "
                + "in us-west-2", "RegisterStreamConsumer", "targets.us-west-2.arns");

        // Once it is registered there, that region follows; the other one is in sync without looking it up again.
        String dr2Consumer = registerConsumer(DR2, "ledger-stream", "ledger-efo");
        CliRun again = run("replicate", "ledger");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(mappings(DR2).get("kinesis").eventSourceArn()).isEqualTo(dr2Consumer);
        assertThat(again.result("ledger", DR1).get("status").asText()).isEqualTo("in-sync");
    }

    /** The tags of the one mapping {@code region} has. */
    private Map<String, String> mappingTags(String region) {
        EventSourceMappingConfiguration mapping = samples.lambda(region).listEventSourceMappings()
                .eventSourceMappings().getFirst();
        return samples.lambda(region).listTags(r -> r.resource(mapping.eventSourceMappingArn())).tags();
    }

    @Test
    void replicate_givesEachMappingTheSourceMappingsTags_keepsThemInLine_andStatusReportsADifference() {
        samples.createVersionedSample(SOURCE, "orders", 0);
        for (String region : List.of(SOURCE, DR1, DR2)) {
            samples.createQueue(region, "orders-queue");
        }
        LambdaClient source = samples.lambda(SOURCE);
        String sourceArn = source.createEventSourceMapping(request -> request.functionName("orders:live")
                .eventSourceArn("arn:aws:sqs:us-east-1:123456789012:orders-queue")
                .tags(Map.of("team", "payments", "cost-center", "cc-7"))).eventSourceMappingArn();

        CliRun replicate = run("replicate", "orders");

        assertThat(replicate.exitCode()).as(replicate.stdout() + replicate.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(mappingTags(region)).as(region)
                    .containsExactlyInAnyOrderEntriesOf(Map.of("team", "payments", "cost-center", "cc-7"));
        }

        // A tag changed and one removed in the source: both replicas follow, with no other write and no extra read.
        source.tagResource(r -> r.resource(sourceArn).tags(Map.of("team", "billing")));
        source.untagResource(r -> r.resource(sourceArn).tagKeys("cost-center"));
        emulator.clearRequests();
        CliRun retag = run("replicate", "orders");
        assertThat(retag.exitCode()).as(retag.stdout() + retag.stderr()).isZero();
        for (String region : List.of(DR1, DR2)) {
            assertThat(mappingTags(region)).as(region).isEqualTo(Map.of("team", "billing"));
        }
        assertThat(emulator.requests()).filteredOn(Emulator.RecordedRequest::isWrite)
                .extracting(Emulator.RecordedRequest::operation)
                .containsOnly("TagResource", "UntagResource").hasSize(4);
        // The mapping is named by the ARN its listing gave, not read again.
        assertThat(emulator.requests()).extracting(Emulator.RecordedRequest::operation)
                .doesNotContain("GetEventSourceMapping");

        // A tag changed by hand in one DR region is drift, and the next run puts it back.
        String replicaArn = samples.lambda(DR2).listEventSourceMappings().eventSourceMappings().getFirst()
                .eventSourceMappingArn();
        samples.lambda(DR2).tagResource(r -> r.resource(replicaArn).tags(Map.of("team", "someone-else")));
        CliRun status = run("status", "orders");
        assertThat(status.result("orders", DR1).get("status").asText()).isEqualTo("in-sync");
        assertThat(status.result("orders", DR2).get("status").asText()).isEqualTo("drifted");
        assertThat(status.result("orders", DR2).get("drift").toString())
                .contains("event source mapping arn:aws:sqs:us-west-2:123456789012:orders-queue");
        assertThat(run("replicate", "orders").exitCode()).isZero();
        assertThat(mappingTags(DR2)).isEqualTo(Map.of("team", "billing"));
    }
}
