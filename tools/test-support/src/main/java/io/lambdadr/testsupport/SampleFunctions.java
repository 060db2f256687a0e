package io.lambdadr.testsupport;

import io.lambdadr.core.aws.AwsClients;
import io.lambdadr.core.config.DrConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.docdb.DocDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds sample functions in an emulated source region: the role they run as, deterministic zips, functions with
 * versions, weighted aliases, tags and reserved concurrency. Used by the integration tests, the demo and the
 * benchmark, so that all three exercise the same shapes.
 */
public final class SampleFunctions implements AutoCloseable {

    public static final String ROLE_NAME = "lambda-dr-sample";
    public static final String PROTECT_TAG = "lambda-dr:protect";

    private final AwsClients clients;
    private final IamClient iam;
    private String roleArn;

    /** Sample functions in the emulator at {@code endpoint}; set-up calls are not rate limited. */
    public SampleFunctions(URI endpoint) {
        this.clients = AwsClients.builder().endpoint(endpoint).rateLimits(new DrConfig.RateLimits(10_000, 10_000)).build();
        this.iam = IamClient.builder()
                .region(Region.AWS_GLOBAL)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** A Lambda client for inspecting or changing a region directly, bypassing lambda-dr. */
    public LambdaClient lambda(String region) {
        return clients.lambda(region);
    }

    public DynamoDbClient dynamoDb(String region) {
        return clients.dynamoDb(region);
    }

    public SqsClient sqs(String region) {
        return clients.sqs(region);
    }

    public DocDbClient docDb(String region) {
        return clients.docDb(region);
    }

    /** Creates a DocumentDB cluster named {@code name} in {@code region}; returns its ARN. */
    public String createDocumentDbCluster(String region, String name) {
        return docDb(region).createDBCluster(request -> request.dbClusterIdentifier(name).engine("docdb")
                .masterUsername("sample").masterUserPassword("sample-password")).dbCluster().dbClusterArn();
    }

    /** Creates an MSK cluster named {@code name} in {@code region}; returns its ARN, which ends in MSK's own id. */
    public String createKafkaCluster(String region, String name) {
        return clients.kafka(region).createClusterV2(request -> request.clusterName(name).provisioned(cluster -> cluster
                .kafkaVersion("3.6.0").numberOfBrokerNodes(2).brokerNodeGroupInfo(nodes -> nodes
                        .instanceType("kafka.m5.large").clientSubnets("subnet-sample-1", "subnet-sample-2"))))
                .clusterArn();
    }

    /** Creates an Amazon MQ broker named {@code name} in {@code region}; returns its ARN, which ends in MQ's own id. */
    public String createMqBroker(String region, String name) {
        return clients.mq(region).createBroker(request -> request.brokerName(name).deploymentMode("SINGLE_INSTANCE")
                .engineType("ACTIVEMQ").engineVersion("5.17.6").hostInstanceType("mq.t3.micro")
                .publiclyAccessible(false).autoMinorVersionUpgrade(true)
                .users(user -> user.username("sample").password("sample-password"))).brokerArn();
    }

    public KinesisClient kinesis(String region) {
        return clients.kinesis(region);
    }

    public EcrClient ecr(String region) {
        return clients.ecr(region);
    }

    /**
     * Pushes an image manifest (a stand-in for an image: ECR names it by the manifest's digest) under {@code tag},
     * creating the repository if need be; returns the image's URI pinned by digest. The same {@code marker} gives
     * the same digest in every region.
     */
    public String pushImage(String region, String repository, String marker, String tag) {
        EcrClient ecr = ecr(region);
        String repositoryUri;
        try {
            repositoryUri = ecr.createRepository(r -> r.repositoryName(repository)).repository().repositoryUri();
        } catch (RepositoryAlreadyExistsException e) {
            repositoryUri = ecr.describeRepositories(r -> r.repositoryNames(repository)).repositories().getFirst()
                    .repositoryUri();
        }
        String configDigest = "sha256:" + HexFormat.of().formatHex(sha256(marker));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + marker.length() + ",\"digest\":\"" + configDigest + "\"},\"layers\":[]}";
        String digest = ecr.putImage(r -> r.repositoryName(repository).imageManifest(manifest).imageTag(tag))
                .image().imageId().imageDigest();
        return repositoryUri + "@" + digest;
    }

    /** Creates a container-image function running {@code imageUri} with {@code command}, tagged as protected. */
    public void createImageFunction(String region, String name, String imageUri, String command) {
        lambda(region).createFunction(r -> r.functionName(name).role(roleArn()).packageType("Image")
                .code(c -> c.imageUri(imageUri)).imageConfig(i -> i.command(command))
                .tags(Map.of(PROTECT_TAG, "true")));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates an SQS queue; returns its ARN. */
    public String createQueue(String region, String name) {
        String url = sqs(region).createQueue(r -> r.queueName(name)).queueUrl();
        return sqs(region).getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
    }

    /** Creates a DynamoDB table keyed by {@code id} with a stream of new images; returns the stream's ARN. */
    public String createTableWithStream(String region, String name) {
        return dynamoDb(region).createTable(r -> r.tableName(name)
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .billingMode("PAY_PER_REQUEST")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE")))
                .tableDescription().latestStreamArn();
    }

    /** The ARN of the role sample functions run as, created on first use. */
    public synchronized String roleArn() {
        if (roleArn == null) {
            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
            try {
                roleArn = iam.createRole(r -> r.roleName(ROLE_NAME).assumeRolePolicyDocument(trust)).role().arn();
            } catch (EntityAlreadyExistsException e) {
                roleArn = iam.getRole(r -> r.roleName(ROLE_NAME)).role().arn();
            }
        }
        return roleArn;
    }

    /**
     * A deterministic zip holding a small Python handler that returns {@code marker}, plus {@code paddingBytes} of
     * incompressible data (seeded by the marker) to reach a wanted package size.
     */
    public static byte[] zip(String marker, int paddingBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeZip(marker, paddingBytes, bytes);
        return bytes.toByteArray();
    }

    /**
     * Writes the same zip as {@link #zip} to a file, streaming, so that packages of any size can be made without
     * holding them in memory.
     */
    public static Path writeZip(String marker, long paddingBytes, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeZip(marker, paddingBytes, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void writeZip(String marker, long paddingBytes, OutputStream out) {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry handler = new ZipEntry("index.py");
            handler.setTime(0);
            zip.putNextEntry(handler);
            zip.write(("def handler(event, context):\n    return {'marker': '" + marker + "'}\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            if (paddingBytes > 0) {
                ZipEntry padding = new ZipEntry("padding.bin");
                padding.setTime(0);
                zip.putNextEntry(padding);
                Random random = new Random(marker.hashCode());
                byte[] chunk = new byte[64 * 1024];
                for (long left = paddingBytes; left > 0; left -= chunk.length) {
                    random.nextBytes(chunk);
                    zip.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a function from a zip on disk through an S3 bucket in its region, as packages over Lambda's 50 MB
     * direct-upload limit must be.
     */
    public void createFunctionFromFile(String region, String name, Path zipFile) {
        String bucket = "lambda-dr-samples-" + region;
        S3Client s3 = clients.s3(region);
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(r -> {
                r.bucket(bucket);
                if (!"us-east-1".equals(region)) {
                    r.createBucketConfiguration(c -> c.locationConstraint(region));
                }
            });
        }
        s3.putObject(r -> r.bucket(bucket).key(name + ".zip"), RequestBody.fromFile(zipFile));
        lambda(region).createFunction(r -> r.functionName(name)
                .runtime("python3.12")
                .handler("index.handler")
                .role(roleArn())
                .tags(Map.of(PROTECT_TAG, "true"))
                .code(c -> c.s3Bucket(bucket).s3Key(name + ".zip")));
    }

    /** Creates a plain function: python3.12, the sample role, the given environment and tags. */
    public void createFunction(String region, String name, byte[] zip, Map<String, String> environment,
                               Map<String, String> tags) {
        lambda(region).createFunction(r -> r.functionName(name)
                .runtime("python3.12")
                .handler("index.handler")
                .role(roleArn())
                .description("sample function " + name)
                .timeout(10)
                .memorySize(256)
                .environment(Environment.builder().variables(environment).build())
                .tags(tags)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    /** Replaces the code of $LATEST and publishes it; returns the new version number. */
    public String publishCode(String region, String name, byte[] zip, String description) {
        lambda(region).updateFunctionCode(r -> r.functionName(name).zipFile(SdkBytes.fromByteArray(zip)));
        return lambda(region).publishVersion(r -> r.functionName(name).description(description)).version();
    }

    public void createAlias(String region, String name, String alias, String version, Map<String, Double> weights) {
        lambda(region).createAlias(r -> r.functionName(name).name(alias).functionVersion(version)
                .routingConfig(c -> c.additionalVersionWeights(weights)));
    }

    /**
     * The standard sample: three published versions with distinct code, alias {@code live} on version 3 routing 10%
     * to version 2, alias {@code stable} on version 1, the protect tag, an environment naming a source-region topic
     * and reserved concurrency 5. Returns the version numbers.
     */
    public List<String> createVersionedSample(String region, String name, int paddingBytes) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TOPIC_ARN", "arn:aws:sns:" + region + ":123456789012:orders-" + name);
        environment.put("API_TOKEN", "s3cr3t-" + name);
        Map<String, String> tags = Map.of(PROTECT_TAG, "true", "team", "payments");
        createFunction(region, name, zip(name + "-v1", paddingBytes), environment, tags);
        String v1 = lambda(region).publishVersion(r -> r.functionName(name).description("first")).version();
        String v2 = publishCode(region, name, zip(name + "-v2", paddingBytes), "second");
        String v3 = publishCode(region, name, zip(name + "-v3", paddingBytes), "third");
        createAlias(region, name, "live", v3, Map.of(v2, 0.1));
        createAlias(region, name, "stable", v1, Map.of());
        lambda(region).putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(5));
        return List.of(v1, v2, v3);
    }

    /**
     * Connects the standard sample {@code name} of {@code region} to its callers with one of each part lambda-dr
     * replicates besides versions and aliases: an SNS permission on {@code live}, an event invoke configuration on
     * {@code live} (one retry, failures to queue {@code <name>-failures}), an IAM-authenticated URL on {@code live},
     * provisioned concurrency 2 on {@code stable}, a mapping from queue {@code <name>-queue} to {@code live} (batch
     * size 5, tagged {@code team=payments}), and recursive loops allowed. The queue is created in {@code region} and
     * in each of {@code otherRegions}, where the replicas' mappings read it.
     */
    public void connectToCallers(String region, String name, List<String> otherRegions) {
        LambdaClient lambda = lambda(region);
        String account = ":123456789012:";
        String sourceQueue = createQueue(region, name + "-queue");
        otherRegions.forEach(other -> createQueue(other, name + "-queue"));
        lambda.addPermission(r -> r.functionName(name).qualifier("live").statementId("sns")
                .action("lambda:InvokeFunction").principal("sns.amazonaws.com")
                .sourceArn("arn:aws:sns:" + region + account + name + "-topic"));
        lambda.putFunctionEventInvokeConfig(r -> r.functionName(name).qualifier("live").maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:sqs:" + region + account + name
                        + "-failures"))));
        lambda.createFunctionUrlConfig(r -> r.functionName(name).qualifier("live").authType("AWS_IAM"));
        lambda.putProvisionedConcurrencyConfig(r -> r.functionName(name).qualifier("stable")
                .provisionedConcurrentExecutions(2));
        lambda.createEventSourceMapping(r -> r.functionName(name + ":live").eventSourceArn(sourceQueue).batchSize(5)
                .tags(Map.of("team", "payments")));
        lambda.putFunctionRecursionConfig(r -> r.functionName(name).recursiveLoop("Allow"));
    }

    @Override
    public void close() {
        iam.close();
        clients.close();
    }
}
