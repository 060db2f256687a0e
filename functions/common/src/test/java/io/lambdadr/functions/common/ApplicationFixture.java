package io.lambdadr.functions.common;

import io.lambdadr.testsupport.Emulator;
import io.lambdadr.testsupport.EmulatorExtension;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The application's own resources in the emulator, as template.yaml declares them, for handler tests: the state
 * table, the alerts topic with the archive queue (failure records only, raw) and an inbox queue that sees every alert
 * as a person would; and the environment the functions get.
 */
public final class ApplicationFixture {

    public static final String HOME = EmulatorExtension.SOURCE;
    public static final String TABLE = "lambda-dr-state";
    public static final String WORKER = "lambda-dr-worker";
    public static final String RECONCILE = "lambda-dr-reconcile";

    private final URI endpoint;
    private final SqsClient sqs;
    private final String alertsTopicArn;
    private final String archiveQueueUrl;
    private final String inboxQueueUrl;

    /** Creates the resources in the (freshly reset) emulator. */
    public ApplicationFixture(Emulator emulator) {
        this(emulator.endpoint());
    }

    /**
     * Creates the resources in the emulator at {@code endpoint}, for a caller that has its address and not its
     * process (the local application, run against the demo's emulator).
     */
    public ApplicationFixture(URI endpoint) {
        this.endpoint = endpoint;
        DynamoDbClient dynamo = client(DynamoDbClient.builder()).build();
        dynamo.createTable(request -> request.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        SnsClient sns = client(SnsClient.builder()).build();
        sqs = client(SqsClient.builder()).build();
        alertsTopicArn = sns.createTopic(request -> request.name("lambda-dr-alerts")).topicArn();
        archiveQueueUrl = subscribedQueue(sns, "lambda-dr-failure-archive", "{\"kind\": [\"failure\"]}");
        inboxQueueUrl = subscribedQueue(sns, "alerts-inbox", null);
    }

    private String subscribedQueue(SnsClient sns, String name, String filterPolicy) {
        String url = sqs.createQueue(request -> request.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("RawMessageDelivery", "true");
        if (filterPolicy != null) {
            attributes.put("FilterPolicy", filterPolicy);
        }
        sns.subscribe(request -> request.topicArn(alertsTopicArn).protocol("sqs").endpoint(arn)
                .attributes(attributes));
        return url;
    }

    private <B extends AwsClientBuilder<B, ?>> B client(B builder) {
        return builder.region(Region.of(HOME)).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    /** The functions' environment, as template.yaml sets it, pointed at the emulator; {@code extra} overrides. */
    public Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", HOME);
        env.put("SOURCE_REGION", HOME);
        env.put("TARGET_REGIONS", EmulatorExtension.DR1 + "," + EmulatorExtension.DR2);
        env.put("STATE_TABLE", TABLE);
        env.put("ALERTS_TOPIC_ARN", alertsTopicArn);
        env.put("ARCHIVE_QUEUE_URL", archiveQueueUrl);
        env.put("WORKER_FUNCTION", WORKER);
        env.put("RECONCILE_FUNCTION", RECONCILE);
        env.put("WORKER_CONCURRENCY", "4");
        env.put("FLOW_CONCURRENCY", "6");
        env.put("LAMBDA_DR_ENDPOINT_URL", endpoint.toString());
        env.putAll(extra);
        return env;
    }

    public HandlerSettings settings(Map<String, String> extra) {
        return HandlerSettings.from(environment(extra));
    }

    /** The wiring a function gets, over the emulator. */
    public Wiring wiring(Map<String, String> extra) {
        return Wiring.over(settings(extra), Map.of(), Clock.systemUTC());
    }

    public Wiring wiring() {
        return wiring(Map.of());
    }

    public String alertsTopicArn() {
        return alertsTopicArn;
    }

    public String archiveQueueUrl() {
        return archiveQueueUrl;
    }

    /** Every alert published so far, as a person's subscription receives them (and removes them from the queue). */
    public List<Message> alerts() {
        return drain(inboxQueueUrl);
    }

    /** Every failure record archived so far (removes them from the queue). */
    public List<Message> archived() {
        return drain(archiveQueueUrl);
    }

    /**
     * The failure records archived so far (up to 10), left in the archive for {@code redrive}: received with a
     * visibility timeout of 0, so that they are visible again at once.
     */
    public List<Message> archivedLeftInPlace() {
        return sqs.receiveMessage(request -> request.queueUrl(archiveQueueUrl).maxNumberOfMessages(10)
                .messageAttributeNames("All").visibilityTimeout(0).waitTimeSeconds(0)).messages();
    }

    private List<Message> drain(String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(message -> sqs.deleteMessage(request -> request.queueUrl(url)
                    .receiptHandle(message.receiptHandle())));
        }
    }
}
