package io.lambdadr.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegionReferencesTest {

    private final RegionReferences references = new RegionReferences("us-east-1", "eu-west-1");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://sqs.us-east-1.amazonaws.com/123456789012/orders | https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
            "https://us-east-1.queue.amazonaws.com/123456789012/orders | https://eu-west-1.queue.amazonaws.com/123456789012/orders",
            "dynamodb.us-east-1.amazonaws.com | dynamodb.eu-west-1.amazonaws.com",
            "https://sqs-fips.us-east-1.amazonaws.com/ | https://sqs-fips.eu-west-1.amazonaws.com/",
            "s3.dualstack.us-east-1.amazonaws.com | s3.dualstack.eu-west-1.amazonaws.com",
            "https://lambda.us-east-1.api.aws | https://lambda.eu-west-1.api.aws",
            "events.us-east-1.amazonaws.com:443 | events.eu-west-1.amazonaws.com:443",
            "us-east-1 | eu-west-1",
            "a=https://sns.us-east-1.amazonaws.com;b=https://sts.us-east-1.amazonaws.com | a=https://sns.eu-west-1.amazonaws.com;b=https://sts.eu-west-1.amazonaws.com",
    })
    void derive_rewritesServiceEndpointsQueueUrlsAndTheRegionName(String source, String expected) {
        String derived = references.derive(source);

        assertThat(derived).isEqualTo(expected);
        assertThat(references.namesSourceRegion(derived)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "mydb.cluster-x1y2.us-east-1.rds.amazonaws.com",
            "postgres://app@mydb.cluster-x1y2.us-east-1.rds.amazonaws.com:5432/orders",
            "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod",
            "orders-bucket.s3.us-east-1.amazonaws.com",
            "vpce-0a1b-2c3d.sqs.us-east-1.vpce.amazonaws.com",
            "us-east-1a",
            "us-east-1_AbCdEfGhI",
            "orders-us-east-1",
            "region=us-east-1",
    })
    void derive_leavesResourceSpecificNamesAlone_andTheyStillNameTheSourceRegion(String source) {
        String derived = references.derive(source);

        assertThat(derived).isEqualTo(source);
        assertThat(references.namesSourceRegion(derived)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-10", "xus-east-1", "sqs.eu-west-1.amazonaws.com", "plain text"})
    void namesSourceRegion_isFalseForOtherRegionsAndLookalikes(String value) {
        assertThat(references.namesSourceRegion(value)).isFalse();
    }

    @Test
    void derive_inChina_usesThatPartitionsSuffix() {
        RegionReferences china = new RegionReferences("cn-north-1", "cn-northwest-1");

        assertThat(china.derive("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/orders"))
                .isEqualTo("https://sqs.cn-northwest-1.amazonaws.com.cn/123456789012/orders");
    }

    @Test
    void replaceMapped_replacesTheLongestMatchOnce_andNeverItsOwnResult() {
        Map<String, String> mapped = Map.of(
                "db.us-east-1.example.com", "db.eu-west-1.example.com",
                "replica.db.us-east-1.example.com", "replica-dr.db.eu-west-1.example.com",
                "eu-west-1", "never-applied-to-a-result");

        String replaced = RegionReferences.replaceMapped(
                "primary=db.us-east-1.example.com,read=replica.db.us-east-1.example.com", mapped);

        assertThat(replaced).isEqualTo("primary=db.eu-west-1.example.com,read=replica-dr.db.eu-west-1.example.com");
    }
}
