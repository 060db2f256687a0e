package io.lambdadr.core.aws;

import io.lambdadr.core.config.DrConfig;
import io.lambdadr.core.engine.ApiCallTally;
import io.lambdadr.core.engine.CodePackage;
import io.lambdadr.core.engine.ReplicationException;
import java.util.Base64;
import java.util.HexFormat;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An S3 bucket in a target region through which packages too large for a direct upload reach Lambda (which reads
 * S3 code only from its own region). Uploads stream from the verified file on disk. The bucket is created on first
 * use, with a lifecycle rule that clears objects a crashed run left behind.
 */
final class StagingBucket {

    static final String KEY_PREFIX = "lambda-dr/staging/";

    private final String region;
    private final NetworkTimeouts timeouts;
    private final S3Client s3;
    private final StsClient sts;
    private final DrConfig.Staging settings;
    private volatile String bucket;

    StagingBucket(String region, S3Client s3, StsClient sts, NetworkTimeouts timeouts, DrConfig.Staging settings) {
        this.region = region;
        this.s3 = s3;
        this.sts = sts;
        this.timeouts = timeouts;
        this.settings = settings;
    }

    boolean needed(CodePackage code) {
        return code.identity().sizeBytes() > settings.inlineUploadLimitBytes();
    }

    /** A staged object, removed once Lambda has taken its copy. */
    record StagedObject(String bucket, String key) {
    }

    StagedObject upload(String functionName, CodePackage code) {
        String name = bucket();
        String key = KEY_PREFIX + functionName + "/"
                + HexFormat.of().formatHex(Base64.getDecoder().decode(code.identity().sha256())) + ".zip";
        s3.putObject(request -> request.bucket(name).key(key)
                .overrideConfiguration(timeouts.forTransfer(code.identity().sizeBytes())),
                RequestBody.fromFile(code.file()));
        ApiCallTally.current().addCodeBytes(code.identity().sizeBytes());
        return new StagedObject(name, key);
    }

    /**
     * Removes a staged object once Lambda has its copy. A removal that fails leaves the object to the bucket's
     * lifecycle rule, which expires it within a day, rather than hide the outcome of the upload it served.
     */
    void remove(StagedObject object) {
        try {
            s3.deleteObject(request -> request.bucket(object.bucket()).key(object.key()));
        } catch (SdkException | ReplicationException e) {
            // expired by the lifecycle rule
        }
    }

    private String bucket() {
        String name = bucket;
        if (name != null) {
            return name;
        }
        synchronized (this) {
            if (bucket == null) {
                String account = sts.getCallerIdentity().account();
                String wanted = settings.bucketName(account, region);
                ensureExists(wanted);
                bucket = wanted;
            }
            return bucket;
        }
    }

    private void ensureExists(String name) {
        try {
            s3.headBucket(request -> request.bucket(name));
            return;
        } catch (NoSuchBucketException e) {
            // created below
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        s3.createBucket(request -> {
            request.bucket(name);
            if (!"us-east-1".equals(region)) {
                request.createBucketConfiguration(config -> config.locationConstraint(
                        BucketLocationConstraint.fromValue(region)));
            }
        });
        s3.putBucketLifecycleConfiguration(request -> request.bucket(name).lifecycleConfiguration(
                BucketLifecycleConfiguration.builder().rules(LifecycleRule.builder()
                        .id("expire-staged-code")
                        .filter(LifecycleRuleFilter.builder().prefix(KEY_PREFIX).build())
                        .status(ExpirationStatus.ENABLED)
                        .expiration(LifecycleExpiration.builder().days(1).build())
                        .build()).build()));
    }
}
