package io.lambdadr.core.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * An event source mapping: Lambda polling a queue, stream or broker and invoking a qualifier of the function with
 * batches of its records.
 *
 * <p>Its settings are kept as Lambda's API names them ({@code BatchSize}, {@code FilterCriteria},
 * {@code DestinationConfig}, ...), as a tree of maps, lists, text, numbers and booleans, so that every setting of
 * every source kind is carried and compared, including ones added to Lambda after this code was written.
 *
 * @param qualifier      the qualifier it invokes: {@code ""} for the function, an alias, or a published version
 * @param eventSourceArn the ARN of the queue, stream, cluster or broker; null for a self-managed Kafka cluster
 * @param enabled        whether Lambda polls it; null while it is between states (creating, updating, deleting)
 * @param settings       every other setting it was created with, by API name; never {@code FunctionName} or
 *                       {@code Enabled}
 * @param uuid           its id in the region it was read from; null in a desired state
 */
public record EventSourceMapping(String qualifier, String eventSourceArn, Boolean enabled, Map<String, Object> settings,
                                 String uuid) {

    /** Settings Lambda takes only when a mapping is created: a different value on the replica is drift to report. */
    public static final Set<String> CREATION_ONLY = Set.of("StartingPosition", "StartingPositionTimestamp",
            "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig");
    /** The setting a mapping's own tags are carried as (CreateEventSourceMapping's name for them). */
    public static final String TAGS = "Tags";
    /** Settings that say which source a mapping reads, besides its ARN: a mapping with others is another mapping. */
    public static final List<String> SOURCE_SETTINGS = List.of("SelfManagedEventSource", "Topics", "Queues");

    private static final Pattern DYNAMODB_STREAM = Pattern.compile("(arn:[^:]+:dynamodb:[^:]*:\\d*:table/[^/]+)/stream/.+");
    /** A Kinesis stream consumer: its ARN ends in the time it was registered, its own in each region. */
    private static final Pattern STREAM_CONSUMER = Pattern.compile(
            "(arn:[^:]+:kinesis:[^:]*:\\d*:stream/([^/]+)/consumer/([^:]+)):\\d+");
    /** An MSK cluster: its ARN ends in an id MSK gives it, its own in each region. */
    private static final Pattern MSK_CLUSTER = Pattern.compile("(arn:[^:]+:kafka:[^:]*:\\d*:cluster/([^/]+))/[^/]+");
    /** An Amazon MQ broker: its ARN ends in an id MQ gives it, its own in each region. */
    private static final Pattern MQ_BROKER = Pattern.compile("(arn:[^:]+:mq:[^:]*:\\d*:broker:([^:]+)):[^:]+");
    /** Sources named across regions by their ARN without the id that ends it (group 1). */
    private static final List<Pattern> SOURCES_WITH_IDS_PER_REGION = List.of(STREAM_CONSUMER, MSK_CLUSTER, MQ_BROKER);

    public EventSourceMapping {
        Objects.requireNonNull(qualifier, "qualifier");
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * What identifies it across regions: the qualifier and the source it reads. A DynamoDB stream is named by its
     * table, since a stream's label is given by DynamoDB and differs between a table's replicas; a Kinesis stream
     * consumer by its stream and name, since its ARN ends in the time it was registered; an MSK cluster and an MQ
     * broker by their names, since their ARNs end in an id each region gives its own.
     */
    public String key() {
        StringBuilder key = new StringBuilder(qualifier).append('|').append(sourceName());
        SOURCE_SETTINGS.forEach(name -> key.append('|').append(settings.getOrDefault(name, "")));
        return key.toString();
    }

    /** The source as a person would name it: the ARN (a DynamoDB stream's table), or a Kafka cluster's servers. */
    public String sourceName() {
        if (eventSourceArn == null) {
            return String.valueOf(settings.getOrDefault("SelfManagedEventSource", "self-managed source"));
        }
        var stream = DYNAMODB_STREAM.matcher(eventSourceArn);
        if (stream.matches()) {
            return stream.group(1) + " (stream)";
        }
        for (Pattern withId : SOURCES_WITH_IDS_PER_REGION) {
            var source = withId.matcher(eventSourceArn);
            if (source.matches()) {
                return source.group(1);
            }
        }
        return eventSourceArn;
    }

    /**
     * The stream and the name of the Kinesis stream consumer it reads (enhanced fan-out), whose ARN in another region
     * must be looked up; empty for other sources.
     */
    public Optional<List<String>> streamConsumer() {
        var consumer = eventSourceArn == null ? null : STREAM_CONSUMER.matcher(eventSourceArn);
        return consumer != null && consumer.matches() ? Optional.of(List.of(consumer.group(2), consumer.group(3)))
                : Optional.empty();
    }

    /** The name of the MSK cluster it reads, whose ARN in another region must be looked up; empty for others. */
    public Optional<String> mskCluster() {
        return nameIn(MSK_CLUSTER);
    }

    /** The name of the Amazon MQ broker it reads, whose ARN in another region must be looked up; empty for others. */
    public Optional<String> mqBroker() {
        return nameIn(MQ_BROKER);
    }

    private Optional<String> nameIn(Pattern source) {
        var matcher = eventSourceArn == null ? null : source.matcher(eventSourceArn);
        return matcher != null && matcher.matches() ? Optional.of(matcher.group(2)) : Optional.empty();
    }

    /** Whether its source is a DynamoDB stream, whose ARN in another region must be looked up from the table. */
    public boolean readsDynamoDbStream() {
        return eventSourceArn != null && DYNAMODB_STREAM.matcher(eventSourceArn).matches();
    }

    /** How an error names one of its settings: {@code EventSourceMapping(<source>).<setting>}. */
    public String field(String setting) {
        return "EventSourceMapping(" + sourceName() + ")." + setting;
    }

    /** The same mapping with every text value of its ARN and settings passed through {@code translate(field, text)}. */
    public EventSourceMapping mapTexts(BiFunction<String, String, String> translate) {
        String arn = eventSourceArn == null ? null : translate.apply(field("EventSourceArn"), eventSourceArn);
        Map<String, Object> translated = new TreeMap<>();
        settings.forEach((name, value) -> translated.put(name, Trees.mapTexts(field(name), value, translate)));
        return new EventSourceMapping(qualifier, arn, enabled, translated, uuid);
    }

    public EventSourceMapping withEventSourceArn(String arn) {
        return new EventSourceMapping(qualifier, arn, enabled, settings, uuid);
    }

    public EventSourceMapping withEnabled(Boolean value) {
        return new EventSourceMapping(qualifier, eventSourceArn, value, settings, uuid);
    }

    /**
     * The settings in which {@code replica} differs from this desired mapping, by API name: {@code Enabled} when its
     * state is known and not the wanted one, and every setting but the creation-only ones, which
     * {@link #differingCreationSettings} lists.
     */
    public List<String> differingSettings(EventSourceMapping replica) {
        List<String> differing = new ArrayList<>();
        if (replica.enabled != null && !Objects.equals(enabled, replica.enabled)) {
            differing.add("Enabled");
        }
        Trees.differingNames(settings, replica.settings).stream().filter(name -> !CREATION_ONLY.contains(name))
                .forEach(differing::add);
        return differing;
    }

    /** The creation-only settings in which {@code replica} differs: only re-creating the mapping changes them. */
    public List<String> differingCreationSettings(EventSourceMapping replica) {
        return Trees.differingNames(settings, replica.settings).stream().filter(CREATION_ONLY::contains).toList();
    }

    /** How it reads in a report: its source, the qualifier it invokes and whether it is enabled. */
    public String describe() {
        return sourceName() + " -> " + (qualifier.isEmpty() ? "the function" : qualifier)
                + (enabled == null ? "" : enabled ? " (enabled)" : " (disabled)");
    }
}
