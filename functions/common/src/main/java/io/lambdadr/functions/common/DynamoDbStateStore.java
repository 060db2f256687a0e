package io.lambdadr.functions.common;

import io.lambdadr.core.engine.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The state table in DynamoDB, one table for everything: partition key {@code pk}, sort key {@code sk}.
 * <ul>
 *   <li>{@code function#<name>} / {@code target#<region>}: a {@link ReplicaRecord};</li>
 *   <li>{@code function#<name>} / {@code baseline#<tag>#<region>}: a {@link BaselineRecord};</li>
 *   <li>{@code function#<name>} / {@code pending}: a claim on a burst of changes, expiring through the table's TTL
 *       attribute {@code expiresAt} and, to the second, through the condition that reads it;</li>
 *   <li>{@code config} / {@code current}: the {@link StoredConfiguration}.</li>
 * </ul>
 */
public final class DynamoDbStateStore implements StateStore {

    private static final String PK = "pk";
    private static final String SK = "sk";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static String functionKey(String function) {
        return "function#" + function;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    @Override
    public Map<String, ReplicaRecord> replicas(String function) {
        Map<String, ReplicaRecord> records = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : query(functionKey(function), "target#")) {
            String region = text(item, "targetRegion");
            String kind = text(item, "lastErrorKind");
            records.put(region, new ReplicaRecord(function, region, text(item, "sourceFingerprint"),
                    Instant.ofEpochMilli(number(item, "replicatedAtMillis")),
                    Duration.ofMillis(number(item, "lagMillis")), text(item, "outcome"), text(item, "lastError"),
                    kind == null ? null : FailureKind.valueOf(kind), text(item, "lastBaseline")));
        }
        return records;
    }

    @Override
    public void recordReplica(ReplicaRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(functionKey(record.function())));
        item.put(SK, s("target#" + record.targetRegion()));
        item.put("function", s(record.function()));
        item.put("targetRegion", s(record.targetRegion()));
        item.put("replicatedAtMillis", n(record.replicatedAt().toEpochMilli()));
        item.put("replicatedAt", s(record.replicatedAt().toString()));
        item.put("lagMillis", n(record.lag() == null ? 0 : record.lag().toMillis()));
        item.put("outcome", s(record.outcome()));
        if (record.sourceFingerprint() != null) {
            item.put("sourceFingerprint", s(record.sourceFingerprint()));
        }
        if (record.lastError() != null) {
            item.put("lastError", s(record.lastError()));
            item.put("lastErrorKind", s(record.lastErrorKind() == null ? FailureKind.TRANSIENT.name()
                    : record.lastErrorKind().name()));
        }
        if (record.lastBaseline() != null) {
            item.put("lastBaseline", s(record.lastBaseline()));
        }
        dynamo.putItem(request -> request.tableName(table).item(item));
    }

    @Override
    public void recordBaseline(BaselineRecord record) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(functionKey(record.function())));
        item.put(SK, s("baseline#" + record.baseline() + "#" + record.targetRegion()));
        item.put("baseline", s(record.baseline()));
        item.put("function", s(record.function()));
        item.put("targetRegion", s(record.targetRegion()));
        item.put("codeSha256", s(record.codeSha256()));
        item.put("configFingerprint", s(record.configFingerprint()));
        item.put("recordedAt", s(record.recordedAt().toString()));
        dynamo.putItem(request -> request.tableName(table).item(item));
    }

    @Override
    public List<BaselineRecord> baselines(String function) {
        return query(functionKey(function), "baseline#").stream()
                .map(item -> new BaselineRecord(text(item, "baseline"), function, text(item, "targetRegion"),
                        text(item, "codeSha256"), text(item, "configFingerprint"),
                        Instant.parse(text(item, "recordedAt"))))
                .toList();
    }

    @Override
    public Optional<StoredConfiguration> configuration() {
        Map<String, AttributeValue> item = dynamo.getItem(request -> request.tableName(table).consistentRead(true)
                .key(Map.of(PK, s("config"), SK, s("current")))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredConfiguration(text(item, "yaml"), text(item, "source"),
                Instant.parse(text(item, "loadedAt"))));
    }

    @Override
    public void storeConfiguration(StoredConfiguration configuration) {
        dynamo.putItem(request -> request.tableName(table).item(Map.of(
                PK, s("config"), SK, s("current"),
                "yaml", s(configuration.yaml()),
                "source", s(configuration.source()),
                "loadedAt", s(configuration.loadedAt().toString()))));
    }

    @Override
    public boolean claimChange(String function, String token, Instant until) {
        long now = Instant.now().getEpochSecond();
        try {
            dynamo.putItem(request -> request.tableName(table)
                    .item(Map.of(PK, s(functionKey(function)), SK, s("pending"), "token", s(token),
                            "expiresAt", n(until.getEpochSecond())))
                    // TTL deletes lazily (within days): an expired claim is one whose expiresAt has passed.
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void releaseChange(String function, String token) {
        try {
            dynamo.deleteItem(request -> request.tableName(table)
                    .key(Map.of(PK, s(functionKey(function)), SK, s("pending")))
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", "token"))
                    .expressionAttributeValues(Map.of(":token", s(token))));
        } catch (ConditionalCheckFailedException e) {
            // Another claim replaced ours after it lapsed: that one is not ours to give up.
        }
    }

    private List<Map<String, AttributeValue>> query(String pk, String skPrefix) {
        List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(request -> request.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(skPrefix)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
