package io.lambdadr.core.aws;

import io.lambdadr.core.config.DrConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.docdb.DocDbClient;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.mq.MqClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds every AWS client lambda-dr uses, once per region, and keeps them: one HTTP connection pool for all, time
 * bounds on every call ({@link NetworkTimeouts}), standard retries (429 and 5xx, with backoff; a stalled
 * attempt only once), messages free of service text that could carry secrets ({@link SafeErrorInterceptor}) and, for
 * Lambda, client-side rate limits per region below the control-plane quotas.
 *
 * <p>With an endpoint URL every call of every region goes there (the local emulator); the region still travels in
 * the request signature. Without one, the standard AWS credential chain and endpoints apply.
 */
public final class AwsClients implements AutoCloseable {

    /** Attempts per call: enough to ride out a burst of throttling, few enough to fail within the call bound. */
    static final int MAX_ATTEMPTS = 8;

    private final Optional<URI> endpoint;
    private final DrConfig.RateLimits rateLimits;
    private final NetworkTimeouts timeouts;
    private final SdkHttpClient httpClient;
    private final boolean ownsHttpClient;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    /** On every replication Lambda client: direct uploads stream from their file. */
    private final StreamedInlineCode inlineCode = new StreamedInlineCode();
    private final Map<String, LambdaClient> lambdaClients = new ConcurrentHashMap<>();
    private final Map<String, LambdaClient> invokeClients = new ConcurrentHashMap<>();
    private final Map<String, S3Client> s3Clients = new ConcurrentHashMap<>();
    private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();
    private final Map<String, DynamoDbClient> dynamoDbClients = new ConcurrentHashMap<>();
    private final Map<String, EcrClient> ecrClients = new ConcurrentHashMap<>();
    private final Map<String, KinesisClient> kinesisClients = new ConcurrentHashMap<>();
    private final Map<String, DocDbClient> docDbClients = new ConcurrentHashMap<>();
    private final Map<String, KafkaClient> kafkaClients = new ConcurrentHashMap<>();
    private final Map<String, MqClient> mqClients = new ConcurrentHashMap<>();
    private final Map<String, SqsClient> sqsClients = new ConcurrentHashMap<>();

    private AwsClients(Builder builder) {
        this.endpoint = Optional.ofNullable(builder.endpoint);
        this.rateLimits = builder.rateLimits;
        this.timeouts = builder.timeouts;
        this.ownsHttpClient = builder.httpClient == null;
        this.httpClient = ownsHttpClient
                ? ApacheHttpClient.builder()
                        .maxConnections(64)
                        .connectionTimeout(timeouts.connect())
                        // A read that waits longer than this for a byte is a stall, not a slow answer.
                        .socketTimeout(timeouts.stall())
                        .connectionAcquisitionTimeout(timeouts.attempt())
                        .build()
                : builder.httpClient;
        // Emulators accept any credentials; fall back to dummy ones so that a laptop without AWS settings works.
        this.credentials = builder.credentials != null ? builder.credentials
                : endpoint.isPresent()
                        ? AwsCredentialsProviderChain.of(DefaultCredentialsProvider.builder().build(),
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        : DefaultCredentialsProvider.builder().build();
        this.interceptors = List.copyOf(builder.interceptors);
    }

    /** A builder with lambda-dr's defaults: AWS's own endpoints, the default credential chain, default rates. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures {@link AwsClients}. */
    public static final class Builder {
        private URI endpoint;
        private AwsCredentialsProvider credentials;
        private SdkHttpClient httpClient;
        private DrConfig.RateLimits rateLimits = DrConfig.RateLimits.DEFAULT;
        private NetworkTimeouts timeouts = NetworkTimeouts.DEFAULT;
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** Sends every call of every region to this endpoint (an emulator); none means AWS's own endpoints. */
        public Builder endpoint(URI value) {
            endpoint = value;
            return this;
        }

        /** Credentials for every call; by default the standard chain (with dummy ones behind it for an endpoint). */
        public Builder credentials(AwsCredentialsProvider value) {
            credentials = value;
            return this;
        }

        /**
         * An HTTP client to share instead of the one the clients would build; its caller keeps it and closes it, and
         * its own timeouts then apply to reads.
         */
        public Builder httpClient(SdkHttpClient value) {
            httpClient = value;
            return this;
        }

        /** Client-side request rates per region. */
        public Builder rateLimits(DrConfig.RateLimits value) {
            rateLimits = Objects.requireNonNull(value, "rateLimits");
            return this;
        }

        /** Time bounds of calls and downloads. */
        public Builder timeouts(NetworkTimeouts value) {
            timeouts = Objects.requireNonNull(value, "timeouts");
            return this;
        }

        /** An interceptor every client runs (tracing, for one), after lambda-dr's own. */
        public Builder addInterceptor(ExecutionInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    /** The time bounds the clients apply. */
    public NetworkTimeouts timeouts() {
        return timeouts;
    }

    /** The HTTP client the SDK clients share; code downloads use it too, with the same timeouts. */
    SdkHttpClient httpClient() {
        return httpClient;
    }

    public LambdaClient lambda(String region) {
        return lambdaClients.computeIfAbsent(region, r -> configured(LambdaClient.builder(), r,
                overrides(new RegionPacingInterceptor(new RequestRateLimiter(rateLimits.getFunctionPerSecond()),
                        // GetPolicy's quota equals the other control-plane calls' (15/s), apart from theirs.
                        new RequestRateLimiter(rateLimits.controlPlanePerSecond()),
                        new RequestRateLimiter(rateLimits.controlPlanePerSecond())), inlineCode)).build());
    }

    /** What sends the direct uploads of {@link #lambda(String)}'s clients from their files. */
    StreamedInlineCode inlineCode() {
        return inlineCode;
    }

    /**
     * A Lambda client for Invoke: a data-plane call with quotas of its own, so it is counted but not paced against
     * the control-plane budget that replication shares with the rest of the account.
     */
    public LambdaClient lambdaForInvoke(String region) {
        return invokeClients.computeIfAbsent(region, r -> configured(LambdaClient.builder(), r,
                overrides(RegionPacingInterceptor.countingOnly())).build());
    }

    /**
     * A Lambda client that tries once and never retries, for the reachability check: an unreachable endpoint must
     * fail in milliseconds, not after a full retry schedule.
     */
    LambdaClient lambdaProbe(String region) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(timeouts.attempt())
                .addExecutionInterceptor(new SafeErrorInterceptor(timeouts));
        interceptors.forEach(overrides::addExecutionInterceptor);
        return configured(LambdaClient.builder(), region, overrides.build()).build();
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

    /** DynamoDB, where event source mappings' streams are looked up from their tables. */
    public DynamoDbClient dynamoDb(String region) {
        return dynamoDbClients.computeIfAbsent(region, r -> configure(DynamoDbClient.builder(), r).build());
    }

    /** ECR, where container images are checked to exist before a function is made to run them. */
    public EcrClient ecr(String region) {
        return ecrClients.computeIfAbsent(region, r -> configure(EcrClient.builder(), r).build());
    }

    /** Kinesis, where event source mappings' streams are checked to exist. */
    public KinesisClient kinesis(String region) {
        if (endpoint.isPresent()) {
            // Emulators (moto) answer Kinesis in JSON only, not in the CBOR the SDK sends AWS by default. The SDK
            // takes this from a process-wide setting, read when a request is marshalled.
            System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), "false");
        }
        return kinesisClients.computeIfAbsent(region, r -> configure(KinesisClient.builder(), r).build());
    }

    /** DocumentDB, where the clusters event source mappings read are checked to exist. */
    public DocDbClient docDb(String region) {
        return docDbClients.computeIfAbsent(region, r -> configure(DocDbClient.builder(), r).build());
    }

    /** MSK, where the clusters event source mappings read are looked up by name. */
    public KafkaClient kafka(String region) {
        return kafkaClients.computeIfAbsent(region, r -> configure(KafkaClient.builder(), r).build());
    }

    /** Amazon MQ, where the brokers event source mappings read are looked up by name. */
    public MqClient mq(String region) {
        return mqClients.computeIfAbsent(region, r -> configure(MqClient.builder(), r).build());
    }

    /** SQS, where event source mappings' queues are checked to exist. */
    public SqsClient sqs(String region) {
        return sqsClients.computeIfAbsent(region, r -> configure(SqsClient.builder(), r).build());
    }

    /**
     * Configures a client of any other service the same way as lambda-dr's own (the one HTTP client, credentials,
     * endpoint, timeouts, retries, safe error messages, the extra interceptors), counted but not paced: the
     * handlers' state table, topics and queues. The caller builds it once and keeps it.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String region) {
        return configured(builder, region, overrides(RegionPacingInterceptor.countingOnly()));
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

    private ClientOverrideConfiguration overrides(RegionPacingInterceptor pacing, ExecutionInterceptor... own) {
        // Standard, not adaptive: lambda-dr paces its own calls at the quotas (RegionPacingInterceptor), and the
        // adaptive strategy's own rate limiter, once a 429 has been seen, held later runs of the same clients far
        // below the quota (measured with ReplicationBenchmark --quotas).
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build();
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(new StallAwareRetryStrategy(retries))
                .apiCallAttemptTimeout(timeouts.attempt())
                .apiCallTimeout(timeouts.call())
                .addExecutionInterceptor(pacing)
                .addExecutionInterceptor(new SafeErrorInterceptor(timeouts));
        List.of(own).forEach(overrides::addExecutionInterceptor);
        interceptors.forEach(overrides::addExecutionInterceptor);
        return overrides.build();
    }

    @Override
    public void close() {
        lambdaClients.values().forEach(LambdaClient::close);
        invokeClients.values().forEach(LambdaClient::close);
        s3Clients.values().forEach(S3Client::close);
        stsClients.values().forEach(StsClient::close);
        dynamoDbClients.values().forEach(DynamoDbClient::close);
        ecrClients.values().forEach(EcrClient::close);
        kinesisClients.values().forEach(KinesisClient::close);
        docDbClients.values().forEach(DocDbClient::close);
        kafkaClients.values().forEach(KafkaClient::close);
        mqClients.values().forEach(MqClient::close);
        sqsClients.values().forEach(SqsClient::close);
        if (ownsHttpClient) {
            httpClient.close();
        }
    }
}
