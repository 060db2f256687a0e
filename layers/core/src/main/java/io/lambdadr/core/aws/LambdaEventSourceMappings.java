package io.lambdadr.core.aws;

import io.lambdadr.core.domain.EventSourceMapping;
import io.lambdadr.core.domain.FunctionNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingRequest;

/**
 * The event source mappings of one region through the Lambda API, for the source and the target regions alike.
 *
 * <p>They are listed once for the whole region ({@code ListEventSourceMappings} without a function name, which
 * returns the mappings of every qualifier) and the listing is kept until this process changes a mapping there: one
 * paginated call per region and run, instead of one per function.
 */
final class LambdaEventSourceMappings {

    /** Members of a mapping that are not settings: what it invokes, whether it polls, and what Lambda reports. */
    private static final Set<String> NOT_SETTINGS = Set.of("FunctionName", "EventSourceArn", "Enabled", "Tags");
    /** The settings a mapping is created with, as the SDK's model names them: what a listing's answer is read for. */
    private static final Set<String> CREATE_SETTINGS = SdkPojoTrees.memberNames(CreateEventSourceMappingRequest.builder());

    private final LambdaClient lambda;
    private List<EventSourceMappingConfiguration> listing;

    LambdaEventSourceMappings(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /** Every mapping invoking the function or one of its qualifiers. */
    synchronized List<EventSourceMapping> of(String functionName) {
        if (listing == null) {
            listing = lambda.listEventSourceMappingsPaginator(request -> { }).eventSourceMappings().stream().toList();
        }
        return listing.stream().filter(mapping -> FunctionNames.nameIn(mapping.functionArn()).filter(functionName::equals).isPresent())
                .map(LambdaEventSourceMappings::of).toList();
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

    void update(String uuid, EventSourceMapping mapping, List<String> changed) {
        UpdateEventSourceMappingRequest.Builder request = UpdateEventSourceMappingRequest.builder().uuid(uuid);
        for (String name : changed) {
            if ("Enabled".equals(name)) {
                request.enabled(Boolean.TRUE.equals(mapping.enabled()));
            } else {
                SdkPojoTrees.set((SdkPojo) request, name, mapping.settings().get(name));
            }
        }
        try {
            lambda.updateEventSourceMapping(request.build());
        } finally {
            forgetListing();
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
