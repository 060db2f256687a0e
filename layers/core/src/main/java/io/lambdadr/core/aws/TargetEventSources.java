package io.lambdadr.core.aws;

import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.UntranslatableReferenceException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.docdb.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Finds, in a target region, the sources that event source mappings read, before any mapping is created there: a
 * DynamoDB stream from its table (a stream's label is DynamoDB's own for each replica of a table); a Kinesis stream
 * consumer from its stream and name (its ARN ends in the time it was registered there); an MSK cluster and an Amazon
 * MQ broker by name (their ARNs end in an id each region gives its own; one the configuration maps to is used as
 * mapped); an SQS queue by name and owner, a Kinesis stream by its ARN and a DocumentDB cluster by its name, checked
 * to exist. A source missing there fails the function before anything is written, naming what to create or map;
 * Lambda itself would refuse the mapping only after the function had been written.
 */
final class TargetEventSources {

    private static final String DOCUMENT_DB_ENGINE = "docdb";

    private final String region;
    /** The clients of the services sources live in, each built on first use (most functions read none of them). */
    private final AwsClients clients;
    /** The ARNs the configuration maps to in this region ({@code targets.<region>.arns}'s values). */
    private final Set<String> mappedArns;

    TargetEventSources(String region, AwsClients clients, Collection<String> mappedArns) {
        this.region = region;
        this.clients = clients;
        this.mappedArns = Set.copyOf(mappedArns);
    }

    String resolve(EventSourceMapping mapping) {
        String arn = mapping.eventSourceArn();
        // arn:<partition>:<service>:<region>:<account>:<resource>
        String[] parts = arn.split(":", 6);
        String field = mapping.field("EventSourceArn");
        if (mapping.readsDynamoDbStream()) {
            return latestStream(field, arn, parts[5].substring("table/".length(), parts[5].indexOf("/stream/")));
        }
        if (mapping.streamConsumer().isPresent()) {
            List<String> streamAndName = mapping.streamConsumer().get();
            return registeredConsumer(field, arn, String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4],
                    "stream/" + streamAndName.get(0)), streamAndName.get(1));
        }
        // A cluster or broker the configuration maps to is used as mapped: it may be another account's (Lambda reads
        // an MSK cluster of another account), which this account's listing does not show.
        if (mapping.mskCluster().isPresent() && !mappedArns.contains(arn)) {
            return kafkaCluster(field, arn, mapping.mskCluster().get());
        }
        if (mapping.mqBroker().isPresent() && !mappedArns.contains(arn)) {
            return mqBroker(field, arn, mapping.mqBroker().get());
        }
        if ("sqs".equals(parts[2])) {
            requireQueue(field, arn, parts[4], parts[5]);
        }
        if ("kinesis".equals(parts[2]) && parts[5].startsWith("stream/") && !parts[5].contains("/consumer/")) {
            requireStream(field, arn, parts[5].substring("stream/".length()));
        }
        if ("rds".equals(parts[2]) && parts[5].startsWith("cluster:")) {
            requireCluster(field, arn, parts[5].substring("cluster:".length()));
        }
        return arn;
    }

    /** MSK lists clusters by a prefix of their names; the one of exactly this name is the source. */
    private String kafkaCluster(String field, String arn, String name) {
        return clients.kafka(region).listClustersV2Paginator(request -> request.clusterNameFilter(name))
                .clusterInfoList().stream().filter(cluster -> name.equals(cluster.clusterName())).findFirst()
                .map(cluster -> cluster.clusterArn())
                .orElseThrow(() -> new UntranslatableReferenceException(field, arn, "MSK cluster " + name
                        + " does not exist in " + region + "; create it there (MSK Replicator copies its topics), or "
                        + "map the cluster's ARN under targets." + region + ".arns in the configuration file"));
    }

    /** Amazon MQ finds a broker by its id only, which each region gives its own: it is listed, and found by name. */
    private String mqBroker(String field, String arn, String name) {
        return clients.mq(region).listBrokersPaginator(request -> request.maxResults(100)).brokerSummaries().stream()
                .filter(broker -> name.equals(broker.brokerName())).findFirst()
                .map(broker -> broker.brokerArn())
                .orElseThrow(() -> new UntranslatableReferenceException(field, arn, "Amazon MQ broker " + name
                        + " does not exist in " + region + "; create it there (with the queue and the credentials' "
                        + "secret), or map the broker's ARN under targets." + region
                        + ".arns in the configuration file"));
    }

    private String registeredConsumer(String field, String arn, String streamArn, String consumer) {
        try {
            return clients.kinesis(region).describeStreamConsumer(request -> request.streamARN(streamArn)
                    .consumerName(consumer)).consumerDescription().consumerARN();
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            throw new UntranslatableReferenceException(field, arn, "Kinesis stream " + streamArn.substring(
                    streamArn.indexOf("stream/") + "stream/".length()) + " has no consumer " + consumer + " in "
                    + region + " (or the stream does not exist there); register it there (RegisterStreamConsumer), "
                    + "or map the consumer's ARN under targets." + region + ".arns in the configuration file");
        }
    }

    /**
     * A DocumentDB cluster: the only cluster of the RDS family whose change stream Lambda reads. DocumentDB's API is
     * RDS's, which answers for an Aurora or Neptune cluster of the same name too, so its engine is checked.
     */
    private void requireCluster(String field, String arn, String cluster) {
        String engine;
        try {
            engine = clients.docDb(region).describeDBClusters(request -> request.dbClusterIdentifier(cluster))
                    .dbClusters().stream().findFirst().map(found -> found.engine()).orElse(null);
        } catch (DbClusterNotFoundException e) {
            engine = null;
        }
        if (engine == null) {
            throw new UntranslatableReferenceException(field, arn, "DocumentDB cluster " + cluster + " does not exist "
                    + "in " + region + "; create it there (a secondary cluster of a global cluster keeps the data in "
                    + "step), or map the cluster's ARN under targets." + region + ".arns in the configuration file");
        }
        if (!DOCUMENT_DB_ENGINE.equals(engine)) {
            throw new UntranslatableReferenceException(field, arn, "cluster " + cluster + " in " + region + " is an "
                    + engine + " cluster, not a DocumentDB one; map the DocumentDB cluster's ARN under targets."
                    + region + ".arns in the configuration file");
        }
    }

    private void requireStream(String field, String arn, String stream) {
        try {
            clients.kinesis(region).describeStreamSummary(request -> request.streamARN(arn));
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            throw new UntranslatableReferenceException(field, arn, "Kinesis stream " + stream + " does not exist in "
                    + region + "; create it there, or map the stream's ARN under targets." + region
                    + ".arns in the configuration file");
        }
    }

    private String latestStream(String field, String arn, String table) {
        String stream;
        try {
            stream = clients.dynamoDb(region).describeTable(request -> request.tableName(table)).table()
                    .latestStreamArn();
        } catch (ResourceNotFoundException e) {
            throw new UntranslatableReferenceException(field, arn, "DynamoDB table " + table + " does not exist in "
                    + region + "; add a replica of it there (a global table), or map the stream's ARN under targets."
                    + region + ".arns in the configuration file");
        }
        if (stream == null) {
            throw new UntranslatableReferenceException(field, arn, "DynamoDB table " + table + " in " + region
                    + " has no stream; enable its stream (with the source table's view type)");
        }
        return stream;
    }

    private void requireQueue(String field, String arn, String account, String queue) {
        try {
            clients.sqs(region).getQueueUrl(request -> request.queueName(queue).queueOwnerAWSAccountId(account));
        } catch (SqsException e) {
            if (!isMissingQueue(e)) {
                throw e;
            }
            throw new UntranslatableReferenceException(field, arn, "SQS queue " + queue + " does not exist in "
                    + region + "; create it there, or map the queue's ARN under targets." + region
                    + ".arns in the configuration file");
        }
    }

    /**
     * SQS names a missing queue {@code QueueDoesNotExist} in its JSON protocol and
     * {@code AWS.SimpleQueueService.NonExistentQueue} in its older query protocol, which some endpoints still answer
     * with; the SDK maps only the first to its exception type.
     */
    private static boolean isMissingQueue(SqsException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e instanceof QueueDoesNotExistException || "QueueDoesNotExist".equals(code)
                || "AWS.SimpleQueueService.NonExistentQueue".equals(code);
    }
}
