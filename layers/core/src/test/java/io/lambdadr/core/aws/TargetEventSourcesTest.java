package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.domain.EventSourceMapping;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a mapping's MSK cluster is found in a target region, through real clients built by {@link AwsClients} over an
 * HTTP client that records each request and answers with one cluster listing ({@link CannedHttpClient}): no network.
 * (The lookup by name against the emulator is in {@code EventSourceMappingReplicationIT}; the emulator cannot hold
 * another account's cluster.)
 */
class TargetEventSourcesTest {

    private static final String REGION = "eu-west-1";
    private static final String SOURCE_ARN = "arn:aws:kafka:eu-west-1:123456789012:cluster/orders/0a1b-1";
    private static final String OWN_CLUSTER = "arn:aws:kafka:eu-west-1:123456789012:cluster/orders/9f8e-1";
    private static final String OTHER_ACCOUNTS = "arn:aws:kafka:eu-west-1:210987654321:cluster/orders/7c6d-1";

    private final CannedHttpClient http = CannedHttpClient.answering(
            "{\"clusterInfoList\": [{\"clusterName\": \"orders\", \"clusterArn\": \"" + OWN_CLUSTER + "\"}]}");

    private String resolve(String arn, List<String> mappedArns) {
        try (AwsClients clients = AwsClients.builder().endpoint(URI.create("http://kafka.test:4566")).httpClient(http)
                .build()) {
            return new TargetEventSources(REGION, clients, mappedArns)
                    .resolve(new EventSourceMapping("", arn, false, Map.of("Topics", List.of("orders")), null));
        }
    }

    @Test
    void resolve_whenTheClusterIsNotMapped_looksItUpByNameInTheRegion() {
        assertThat(resolve(SOURCE_ARN, List.of())).isEqualTo(OWN_CLUSTER);
        assertThat(http.requests).containsExactly("GET /api/v2/clusters");
    }

    @Test
    void resolve_whenTheConfigurationMapsTheCluster_usesItAsMappedWithoutAnyCall() {
        // Another account's cluster, which this account's listing cannot show.
        assertThat(resolve(OTHER_ACCOUNTS, List.of(OTHER_ACCOUNTS))).isEqualTo(OTHER_ACCOUNTS);
        assertThat(http.requests).isEmpty();
    }
}
