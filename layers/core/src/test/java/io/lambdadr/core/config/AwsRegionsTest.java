package io.lambdadr.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.domain.RegionReferences;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.EndpointTag;
import software.amazon.awssdk.regions.PartitionEndpointKey;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

class AwsRegionsTest {

    /** Every partition the SDK knows, from its regions. */
    private static Set<PartitionMetadata> partitions() {
        return Region.regions().stream().map(PartitionMetadata::of).collect(Collectors.toSet());
    }

    @Test
    void everyPartitionsEndpointSuffixes_areOnesRegionReferencesKnows() {
        for (PartitionMetadata partition : partitions()) {
            assertThat(RegionReferences.ENDPOINT_DNS_SUFFIXES).as(partition.id()).contains(partition.dnsSuffix());
            String dualStack = partition.dnsSuffix(PartitionEndpointKey.builder().tags(EndpointTag.DUALSTACK).build());
            if (dualStack != null) {
                assertThat(RegionReferences.ENDPOINT_DNS_SUFFIXES).as(partition.id() + " dual-stack")
                        .contains(dualStack);
            }
        }
    }

    @Test
    void partitionOf_namesEachRegionsPartition() {
        assertThat(AwsRegions.partitionOf("eu-west-1")).isEqualTo("aws");
        assertThat(AwsRegions.partitionOf("cn-northwest-1")).isEqualTo("aws-cn");
        assertThat(AwsRegions.partitionOf("us-gov-east-1")).isEqualTo("aws-us-gov");
        assertThat(AwsRegions.partitionOf("us-isob-east-1")).isEqualTo("aws-iso-b");
        assertThat(partitions().size()).isGreaterThanOrEqualTo(8);
    }
}
