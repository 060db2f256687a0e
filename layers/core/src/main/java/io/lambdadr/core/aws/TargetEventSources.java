package io.lambdadr.core.aws;

import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.UntranslatableReferenceException;
import java.util.List;
import software.amazon.awssdk.services.docdb.DocDbClient;
import software.amazon.awssdk.services.docdb.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Finds, in a target region, the sources that event source mappings read, before any mapping is created there: a
 * DynamoDB stream from its table (a stream's label is DynamoDB's own for each replica of a table), a Kinesis stream
 * consumer from its stream and name (its ARN ends in the time it was registered there), an SQS queue by name and
 * owner, a Kinesis stream by its ARN, a DocumentDB cluster by its name. Other kinds (an MSK cluster and an MQ broker,
 * whose ARNs must be mapped) are taken at their translated ARN, and Lambda refuses the mapping if they do not exist.
 */
final class TargetEventSources {

    private final String region;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final KinesisClient kinesis;
    private final DocDbClient docDb;

    TargetEventSources(String region, DynamoDbClient dynamoDb, SqsClient sqs, KinesisClient kinesis,
                       DocDbClient docDb) {
        this.region = region;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.kinesis = kinesis;
        this.docDb = docDb;
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

    private String registeredConsumer(String field, String arn, String streamArn, String consumer) {
        try {
            return kinesis.describeStreamConsumer(request -> request.streamARN(streamArn).consumerName(consumer))
                    .consumerDescription().consumerARN();
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            throw new UntranslatableReferenceException(field, arn, "Kinesis stream " + streamArn.substring(
                    streamArn.indexOf("stream/") + "stream/".length()) + " has no consumer " + consumer + " in "
                    + region + " (or the stream does not exist there); register it there (RegisterStreamConsumer), "
                    + "or map the consumer's ARN under targets." + region + ".arns in the configuration file");
        }
    }

    /** A DocumentDB cluster: the only cluster of the RDS family whose change stream Lambda reads. */
    private void requireCluster(String field, String arn, String cluster) {
        try {
            docDb.describeDBClusters(request -> request.dbClusterIdentifier(cluster));
        } catch (DbClusterNotFoundException e) {
            throw new UntranslatableReferenceException(field, arn, "DocumentDB cluster " + cluster + " does not exist "
                    + "in " + region + "; create it there (a secondary cluster of a global cluster keeps the data in "
                    + "step), or map the cluster's ARN under targets." + region + ".arns in the configuration file");
        }
    }

    private void requireStream(String field, String arn, String stream) {
        try {
            kinesis.describeStreamSummary(request -> request.streamARN(arn));
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            throw new UntranslatableReferenceException(field, arn, "Kinesis stream " + stream + " does not exist in "
                    + region + "; create it there, or map the stream's ARN under targets." + region
                    + ".arns in the configuration file");
        }
    }

    private String latestStream(String field, String arn, String table) {
        String stream;
        try {
            stream = dynamoDb.describeTable(request -> request.tableName(table)).table().latestStreamArn();
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
            sqs.getQueueUrl(request -> request.queueName(queue).queueOwnerAWSAccountId(account));
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
