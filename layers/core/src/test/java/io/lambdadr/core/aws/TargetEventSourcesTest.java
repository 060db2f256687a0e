package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.domain.EventSourceMapping;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * How a mapping's MSK cluster is found in a target region, through real clients built by {@link AwsClients} over an
 * HTTP client that records each request's path and answers with one cluster listing: no network. (The lookup by name
 * against the emulator is in {@code EventSourceMappingReplicationIT}; the emulator cannot hold another account's
 * cluster.)
 */
class TargetEventSourcesTest {

    private static final String REGION = "eu-west-1";
    private static final String SOURCE_ARN = "arn:aws:kafka:eu-west-1:123456789012:cluster/orders/0a1b-1";
    private static final String OWN_CLUSTER = "arn:aws:kafka:eu-west-1:123456789012:cluster/orders/9f8e-1";
    private static final String OTHER_ACCOUNTS = "arn:aws:kafka:eu-west-1:210987654321:cluster/orders/7c6d-1";

    /** Records the path of each request and answers every one with a listing of this account's cluster. */
    private static final class ListingHttpClient implements SdkHttpClient {
        final List<String> paths = new ArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    paths.add(request.httpRequest().encodedPath());
                    String listing = "{\"clusterInfoList\": [{\"clusterName\": \"orders\", \"clusterArn\": \""
                            + OWN_CLUSTER + "\"}]}";
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200).build())
                            .responseBody(AbortableInputStream.create(
                                    new ByteArrayInputStream(listing.getBytes(StandardCharsets.UTF_8))))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private final ListingHttpClient http = new ListingHttpClient();

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
        assertThat(http.paths).containsExactly("/api/v2/clusters");
    }

    @Test
    void resolve_whenTheConfigurationMapsTheCluster_usesItAsMappedWithoutAnyCall() {
        // Another account's cluster, which this account's listing cannot show.
        assertThat(resolve(OTHER_ACCOUNTS, List.of(OTHER_ACCOUNTS))).isEqualTo(OTHER_ACCOUNTS);
        assertThat(http.paths).isEmpty();
    }
}
