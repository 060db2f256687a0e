package io.lambdadr.core.aws;

import io.lambdadr.core.config.DrConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds every AWS client lambda-dr uses, once per region, and keeps them: one HTTP connection pool for all, explicit
 * timeouts, adaptive retries (429 and 5xx, with client-side backoff) and, for Lambda, client-side rate limits per
 * region below the control-plane quotas.
 *
 * <p>With an endpoint URL every call of every region goes there (the local emulator); the region still travels in
 * the request signature. Without one, the standard AWS credential chain and endpoints apply.
 */
public final class AwsClients implements AutoCloseable {

    /** Retries per call: enough to ride out a burst of throttling, few enough to fail in well under a minute. */
    static final int MAX_ATTEMPTS = 8;

    private final Optional<URI> endpoint;
    private final DrConfig.RateLimits rateLimits;
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final Map<String, LambdaClient> lambdaClients = new ConcurrentHashMap<>();
    private final Map<String, S3Client> s3Clients = new ConcurrentHashMap<>();
    private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();

    public AwsClients(Optional<URI> endpoint, DrConfig.RateLimits rateLimits) {
        this.endpoint = endpoint;
        this.rateLimits = rateLimits;
        this.httpClient = ApacheHttpClient.builder()
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        // Emulators accept any credentials; fall back to dummy ones so that a laptop without AWS settings works.
        this.credentials = endpoint.isPresent()
                ? AwsCredentialsProviderChain.of(DefaultCredentialsProvider.builder().build(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                : DefaultCredentialsProvider.builder().build();
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    public LambdaClient lambda(String region) {
        return lambdaClients.computeIfAbsent(region, r -> configured(LambdaClient.builder(), r,
                overrides(new RegionPacingInterceptor(new RequestRateLimiter(rateLimits.getFunctionPerSecond()),
                        new RequestRateLimiter(rateLimits.controlPlanePerSecond())))).build());
    }

    /**
     * A Lambda client that tries once and never retries, for the reachability check: an unreachable endpoint must
     * fail in milliseconds, not after a full retry schedule.
     */
    LambdaClient lambdaProbe(String region) {
        return configured(LambdaClient.builder(), region, ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(15))
                .build()).build();
    }

    public S3Client s3(String region) {
        return s3Clients.computeIfAbsent(region, r -> {
            var builder = configured(S3Client.builder(), r, overrides(RegionPacingInterceptor.countingOnly()));
            if (endpoint.isPresent()) {
                // Emulators serve buckets by path, and need no request checksums.
                builder.forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            }
            return builder.build();
        });
    }

    public StsClient sts(String region) {
        return stsClients.computeIfAbsent(region, r -> configured(StsClient.builder(), r,
                overrides(RegionPacingInterceptor.countingOnly())).build());
    }

    /** What every client shares: its region, the one HTTP client, the credentials and the endpoint. */
    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configured(
            B builder, String region, ClientOverrideConfiguration overrides) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides);
        builder.httpClient(httpClient);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static ClientOverrideConfiguration overrides(RegionPacingInterceptor interceptor) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                .apiCallAttemptTimeout(Duration.ofMinutes(2))
                .addExecutionInterceptor(interceptor)
                .build();
    }

    @Override
    public void close() {
        lambdaClients.values().forEach(LambdaClient::close);
        s3Clients.values().forEach(S3Client::close);
        stsClients.values().forEach(StsClient::close);
        httpClient.close();
    }
}
