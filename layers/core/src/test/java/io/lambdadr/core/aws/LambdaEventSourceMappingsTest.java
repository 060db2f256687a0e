package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.domain.EventSourceMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.UpdateEventSourceMappingRequest;

/** Mappings are carried through the SDK's own model, every setting of it, without a line per setting. */
class LambdaEventSourceMappingsTest {

    private static final EventSourceMappingConfiguration LISTED = EventSourceMappingConfiguration.builder()
            .uuid("a1b2").functionArn("arn:aws:lambda:us-east-1:123456789012:function:orders:live")
            .eventSourceArn("arn:aws:kinesis:us-east-1:123456789012:stream/orders").state("Enabled")
            .batchSize(500).maximumBatchingWindowInSeconds(3).parallelizationFactor(4)
            .startingPosition("AT_TIMESTAMP").startingPositionTimestamp(Instant.parse("2026-01-02T03:04:05Z"))
            .functionResponseTypesWithStrings("ReportBatchItemFailures").tumblingWindowInSeconds(60)
            .filterCriteria(criteria -> criteria.filters(filter -> filter.pattern("{\"data\":{\"kind\":[\"order\"]}}")))
            .destinationConfig(destinations -> destinations.onFailure(failure -> failure.destination(
                    "arn:aws:sqs:us-east-1:123456789012:orders-failed")))
            .metricsConfig(metrics -> metrics.metricsWithStrings("EventCount"))
            .lastProcessingResult("OK").stateTransitionReason("USER_INITIATED")
            .build();

    @Test
    void aListedMappingIsReadWithEverySettingItWasCreatedWith_andNothingLambdaOnlyReports() {
        Map<String, Object> tree = SdkPojoTrees.toTree(LISTED);

        assertThat(tree).containsEntry("BatchSize", 500)
                .containsEntry("StartingPositionTimestamp", "2026-01-02T03:04:05Z")
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                .containsEntry("FilterCriteria", Map.of("Filters",
                        List.of(Map.of("Pattern", "{\"data\":{\"kind\":[\"order\"]}}"))))
                .containsEntry("DestinationConfig", Map.of("OnFailure",
                        Map.of("Destination", "arn:aws:sqs:us-east-1:123456789012:orders-failed")));
        assertThat(tree).doesNotContainKey("Topics");
    }

    @Test
    void aTreeSetOnACreateRequestGivesBackTheSameSettings() {
        Map<String, Object> tree = SdkPojoTrees.toTree(LISTED);
        CreateEventSourceMappingRequest.Builder request = CreateEventSourceMappingRequest.builder();
        tree.forEach((name, value) -> {
            if (SdkPojoTrees.field((SdkPojo) request, name).isPresent()) {
                SdkPojoTrees.set((SdkPojo) request, name, value);
            }
        });
        CreateEventSourceMappingRequest built = request.build();

        assertThat(built.batchSize()).isEqualTo(500);
        assertThat(built.startingPositionTimestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(built.filterCriteria()).isEqualTo(LISTED.filterCriteria());
        assertThat(built.destinationConfig()).isEqualTo(LISTED.destinationConfig());
        assertThat(built.metricsConfig()).isEqualTo(LISTED.metricsConfig());
        assertThat(built.functionResponseTypesAsStrings()).containsExactly("ReportBatchItemFailures");
        assertThat(built.tumblingWindowInSeconds()).isEqualTo(60);
    }

    @Test
    void removingAStructuredSettingSendsItEmpty_whichIsHowLambdaIsToldToDropIt() {
        UpdateEventSourceMappingRequest.Builder request = UpdateEventSourceMappingRequest.builder();

        SdkPojoTrees.set((SdkPojo) request, "FilterCriteria", null);

        assertThat(request.build().filterCriteria()).isNotNull();
        assertThat(request.build().filterCriteria().hasFilters()).isFalse();
    }

    /**
     * Every setting of a mapping that is neither its source nor set only at creation can be updated: were a new SDK
     * release to add a creation-only setting, this fails and {@link EventSourceMapping#CREATION_ONLY} must name it.
     */
    @Test
    void everySettingOutsideTheCreationOnlyOnesCanBeUpdated() {
        Set<String> updatable = SdkPojoTrees.memberNames(UpdateEventSourceMappingRequest.builder());
        List<String> notUpdatable = new ArrayList<>();
        for (String name : SdkPojoTrees.memberNames(CreateEventSourceMappingRequest.builder())) {
            if (!updatable.contains(name) && !EventSourceMapping.CREATION_ONLY.contains(name)
                    && !EventSourceMapping.SOURCE_SETTINGS.contains(name)
                    && !Set.of("EventSourceArn", "Tags").contains(name)) {
                notUpdatable.add(name);
            }
        }
        assertThat(notUpdatable).isEmpty();
    }
}
