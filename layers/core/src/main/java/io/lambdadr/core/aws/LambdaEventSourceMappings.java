package io.lambdadr.core.aws;

import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.FunctionNames;
import io.lambdadr.core.domain.TagRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.GetEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingResponse;

/**
 * The event source mappings of one region through the Lambda API, for the source and the target regions alike.
 *
 * <p>They are listed once for the whole region ({@code ListEventSourceMappings} without a function name, which
 * returns the mappings of every qualifier) and the listing is kept until this process changes a mapping there: one
 * paginated call per region and run, instead of one per function. A listing does not say a mapping's tags: they are
 * read with one {@code ListTags} per mapping, where they are wanted, and carried as its {@code Tags} setting (the name
 * CreateEventSourceMapping takes them by), without the {@code aws:} tags AWS sets.
 */
final class LambdaEventSourceMappings {

    /**
     * Members of a mapping that are not settings read from a listing: what it invokes, whether it polls, and its tags
     * (which a listing does not carry: they are read apart).
     */
    private static final Set<String> NOT_SETTINGS = Set.of("FunctionName", "EventSourceArn", "Enabled",
            EventSourceMapping.TAGS);

    /** The settings a mapping is created with, as the SDK's model names them: what a listing's answer is read for. */
    private static final Set<String> CREATE_SETTINGS = SdkPojoTrees.memberNames(CreateEventSourceMappingRequest.builder());

    private final LambdaClient lambda;
    private List<EventSourceMappingConfiguration> listing;
    /**
     * The ARN of every mapping read, by its UUID: kept when the listing is forgotten after a write, so that a change
     * of tags alone needs no GetEventSourceMapping to name the mapping.
     */
    private final Map<String, String> arnsRead = new ConcurrentHashMap<>();

    LambdaEventSourceMappings(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** Every mapping invoking the function or one of its qualifiers, with its tags when {@code withTags}. */
    List<EventSourceMapping> of(String functionName, boolean withTags) {
        return listed(functionName).stream()
                .map(mapping -> withTags ? withTags(of(mapping), tagsOf(arnOf(mapping.eventSourceMappingArn(),
                        mapping.functionArn(), mapping.uuid()))) : of(mapping))
                .toList();
    }

    private synchronized List<EventSourceMappingConfiguration> listed(String functionName) {
        if (listing == null) {
            listing = lambda.listEventSourceMappingsPaginator(request -> { }).eventSourceMappings().stream().toList();
        }
        List<EventSourceMappingConfiguration> mappings = listing.stream()
                .filter(mapping -> FunctionNames.nameIn(mapping.functionArn()).filter(functionName::equals).isPresent())
                .toList();
        mappings.forEach(mapping -> arnsRead.put(mapping.uuid(), arnOf(mapping.eventSourceMappingArn(),
                mapping.functionArn(), mapping.uuid())));
        return mappings;
    }

    /** The mapping's tags that are replicated: all but the {@code aws:} ones. */
    private Map<String, String> tagsOf(String mappingArn) {
        Map<String, String> tags = new TreeMap<>();
        lambda.listTags(request -> request.resource(mappingArn)).tags().forEach((key, value) -> {
            if (TagRules.isReplicated(key)) {
                tags.put(key, value);
            }
        });
        return tags;
    }

    /** {@code mapping} with {@code tags} as its {@code Tags} setting; none when it has none. */
    private static EventSourceMapping withTags(EventSourceMapping mapping, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return mapping;
        }
        Map<String, Object> settings = new TreeMap<>(mapping.settings());
        settings.put(EventSourceMapping.TAGS, tags);
        return new EventSourceMapping(mapping.qualifier(), mapping.eventSourceArn(), mapping.enabled(), settings,
                mapping.uuid());
    }

    /** A mapping's ARN: the one Lambda reports, else built from its function's ARN and its id. */
    private static String arnOf(String reported, String functionArn, String uuid) {
        if (reported != null) {
            return reported;
        }
        // arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]
        String[] parts = functionArn.split(":");
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "event-source-mapping", uuid);
    }

    void create(String functionName, String qualifier, EventSourceMapping mapping) {
        CreateEventSourceMappingRequest.Builder request = CreateEventSourceMappingRequest.builder()
                .functionName(qualifier.isEmpty() ? functionName : functionName + ":" + qualifier)
                .eventSourceArn(mapping.eventSourceArn())
                .enabled(Boolean.TRUE.equals(mapping.enabled()));
        mapping.settings().forEach((name, value) -> SdkPojoTrees.set((SdkPojo) request, name, value));
        try {
            lambda.createEventSourceMapping(request.build());
        } finally {
            forgetListing();
        }
    }

    /**
     * Changes the settings {@code changed} of the mapping {@code uuid}; its tags, which UpdateEventSourceMapping does
     * not take, through TagResource and UntagResource.
     */
    void update(String uuid, EventSourceMapping mapping, List<String> changed) {
        UpdateEventSourceMappingRequest.Builder request = UpdateEventSourceMappingRequest.builder().uuid(uuid);
        List<String> settings = changed.stream().filter(name -> !EventSourceMapping.TAGS.equals(name)).toList();
        for (String name : settings) {
            if ("Enabled".equals(name)) {
                request.enabled(Boolean.TRUE.equals(mapping.enabled()));
            } else {
                SdkPojoTrees.set((SdkPojo) request, name, mapping.settings().get(name));
            }
        }
        try {
            String arn;
            if (settings.isEmpty()) {
                arn = arnsRead.computeIfAbsent(uuid, unread -> {
                    GetEventSourceMappingResponse found = lambda.getEventSourceMapping(r -> r.uuid(unread));
                    return arnOf(found.eventSourceMappingArn(), found.functionArn(), unread);
                });
            } else {
                UpdateEventSourceMappingResponse updated = lambda.updateEventSourceMapping(request.build());
                arn = arnOf(updated.eventSourceMappingArn(), updated.functionArn(), uuid);
            }
            if (changed.contains(EventSourceMapping.TAGS)) {
                Object wanted = mapping.settings().get(EventSourceMapping.TAGS);
                retag(arn, wanted instanceof Map<?, ?> tags ? tags : Map.of());
            }
        } finally {
            forgetListing();
        }
    }

    /** Gives the mapping {@code wanted} as its tags (the {@code aws:} ones aside). */
    private void retag(String arn, Map<?, ?> wanted) {
        Map<String, String> set = new TreeMap<>();
        wanted.forEach((key, value) -> set.put(String.valueOf(key), String.valueOf(value)));
        Map<String, String> present = tagsOf(arn);
        List<String> remove = present.keySet().stream().filter(key -> !set.containsKey(key)).toList();
        Map<String, String> changedTags = new TreeMap<>();
        set.forEach((key, value) -> {
            if (!value.equals(present.get(key))) {
                changedTags.put(key, value);
            }
        });
        if (!remove.isEmpty()) {
            lambda.untagResource(request -> request.resource(arn).tagKeys(remove));
        }
        if (!changedTags.isEmpty()) {
            lambda.tagResource(request -> request.resource(arn).tags(changedTags));
        }
    }

    private synchronized void forgetListing() {
        listing = null;
    }

    private static EventSourceMapping of(EventSourceMappingConfiguration mapping) {
        Map<String, Object> settings = new TreeMap<>(SdkPojoTrees.toTree(mapping));
        settings.keySet().removeIf(name -> NOT_SETTINGS.contains(name) || !CREATE_SETTINGS.contains(name));
        return new EventSourceMapping(LambdaModelMapper.qualifierOf(mapping.functionArn()), mapping.eventSourceArn(),
                enabledIn(mapping.state()), settings, mapping.uuid());
    }

    /** Whether a mapping in {@code state} polls; null while it moves between states. */
    private static Boolean enabledIn(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "Enabled", "Enabling" -> true;
            case "Disabled", "Disabling" -> false;
            default -> null;
        };
    }
}
