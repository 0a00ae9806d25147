package io.bluegreen.aws;

import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfiguration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleFilterTag;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleFilter;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControls;
import com.hashicorp.cdktf.providers.aws.s3_bucket_ownership_controls.S3BucketOwnershipControlsRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_policy.S3BucketPolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket_public_access_block.S3BucketPublicAccessBlock;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_server_side_encryption_configuration.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningA;
import com.hashicorp.cdktf.providers.aws.s3_bucket_versioning.S3BucketVersioningVersioningConfiguration;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A bucket hardened the same way wherever it is used (artifact store, S3 source, access logs): owner-enforced
 * objects, every public access block, versioning, default encryption (a customer-managed key with the bucket key on,
 * or SSE-S3 where the writers accept nothing else), TLS only, and a lifecycle that expires old versions and
 * abandoned uploads. The resources' ids are {@code <id>}, {@code <id>Ownership}, {@code <id>PublicAccessBlock},
 * {@code <id>Versioning}, {@code <id>Encryption}, {@code <id>Policy} and {@code <id>Lifecycle}: their Terraform
 * addresses.
 */
public final class SecureBucket {
    private SecureBucket() {
    }

    /**
     * What differs between the buckets.
     *
     * @param namePrefix the bucket name's prefix (AWS appends a unique suffix)
     * @param forceDestroy let `destroy` delete a non-empty bucket
     * @param key the customer-managed key objects are encrypted with; null = SSE-S3. The bucket depends on it, so a
     *            destroy deletes the bucket first and leaves the key in place when the bucket cannot go (not empty):
     *            a surviving bucket's objects stay readable
     * @param lifecycleRule the lifecycle rule's id, e.g. expire-old-artifacts
     * @param expireCurrentDays current objects expire after this many days; 0 = never (a source object must stay)
     * @param noncurrentDays older versions expire after this many days
     * @param policy the bucket policy's statements besides TLS-only, given the bucket's ARN
     * @param expireWhenTagged null, or a tag (key=value) whose objects expire at the next daily lifecycle run once
     *                         tagged (expiry counts from creation, and a tagged object is nearly always a day old):
     *                         what a process that knows an object is no longer needed marks
     */
    public record Spec(String namePrefix, boolean forceDestroy, KmsKey key, String lifecycleRule, int expireCurrentDays,
                       int noncurrentDays, Function<String, List<PolicyStatement>> policy, Map.Entry<String, String> expireWhenTagged) {
        /** A bucket without tag-driven expiry. */
        public Spec(String namePrefix, boolean forceDestroy, KmsKey key, String lifecycleRule, int expireCurrentDays,
                    int noncurrentDays, Function<String, List<PolicyStatement>> policy) {
            this(namePrefix, forceDestroy, key, lifecycleRule, expireCurrentDays, noncurrentDays, policy, null);
        }
    }

    public static S3Bucket create(Construct scope, String id, Spec spec) {
        S3Bucket bucket = S3Bucket.Builder.create(scope, id)
                .bucketPrefix(spec.namePrefix() + "-")
                .forceDestroy(spec.forceDestroy())
                .dependsOn(spec.key() == null ? null : List.of(spec.key()))
                .build();
        String bucketId = bucket.getId();
        String bucketArn = bucket.getArn();
        S3BucketOwnershipControls.Builder.create(scope, id + "Ownership")
                .bucket(bucketId)
                .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
                .build();
        S3BucketPublicAccessBlock.Builder.create(scope, id + "PublicAccessBlock")
                .bucket(bucketId)
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build();
        S3BucketVersioningA.Builder.create(scope, id + "Versioning")
                .bucket(bucketId)
                .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
                .build();
        S3BucketServerSideEncryptionConfigurationRuleA.Builder encryption = S3BucketServerSideEncryptionConfigurationRuleA.builder();
        if (spec.key() != null) {
            encryption.applyServerSideEncryptionByDefault(
                            S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                                    .sseAlgorithm("aws:kms").kmsMasterKeyId(spec.key().getArn()).build())
                    .bucketKeyEnabled(true);
        } else {
            encryption.applyServerSideEncryptionByDefault(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                            .sseAlgorithm("AES256").build());
        }
        S3BucketServerSideEncryptionConfigurationA.Builder.create(scope, id + "Encryption")
                .bucket(bucketId)
                .rule(List.of(encryption.build()))
                .build();
        List<PolicyStatement> policy = new ArrayList<>(List.of(
                PolicyStatement.deny("DenyInsecureTransport", List.of("s3:*"), List.of(bucketArn, bucketArn + "/*"))
                        .forAnyone()
                        .when("Bool", "aws:SecureTransport", List.of("false"))));
        policy.addAll(spec.policy().apply(bucketArn));
        S3BucketPolicy.Builder.create(scope, id + "Policy")
                .bucket(bucketId)
                .policy(PolicyDocument.of(policy))
                .build();
        S3BucketLifecycleConfigurationRule.Builder rule = S3BucketLifecycleConfigurationRule.builder()
                .id(spec.lifecycleRule())
                .status("Enabled")
                .filter(S3BucketLifecycleConfigurationRuleFilter.builder().prefix("").build())
                .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                        .noncurrentDays(spec.noncurrentDays()).build())
                .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                        .daysAfterInitiation(1).build());
        if (spec.expireCurrentDays() > 0) {
            rule.expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(spec.expireCurrentDays()).build());
        } else {
            // Nothing expires by age here, but what another rule (or a delete) removed leaves a delete marker behind
            // once its older versions are gone: clean those up.
            rule.expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().expiredObjectDeleteMarker(true).build());
        }
        List<S3BucketLifecycleConfigurationRule> rules = new ArrayList<>(List.of(rule.build()));
        if (spec.expireWhenTagged() != null) {
            // Objects age from their creation, and a tag does not change that: a tagged object is almost always older
            // than a day already and goes at the next daily lifecycle run (its older version stays 7 days).
            rules.add(S3BucketLifecycleConfigurationRule.builder()
                    .id("expire-when-tagged-" + spec.expireWhenTagged().getValue())
                    .status("Enabled")
                    .filter(S3BucketLifecycleConfigurationRuleFilter.builder()
                            .tag(S3BucketLifecycleConfigurationRuleFilterTag.builder()
                                    .key(spec.expireWhenTagged().getKey()).value(spec.expireWhenTagged().getValue()).build())
                            .build())
                    .expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(1).build())
                    .build());
        }
        S3BucketLifecycleConfiguration.Builder.create(scope, id + "Lifecycle")
                .bucket(bucketId)
                .rule(rules)
                .build();
        return bucket;
    }

    /** Uploads that ask for another encryption than {@code keyArn} are refused (for a bucket others write to). */
    public static List<PolicyStatement> onlyKey(String bucketArn, String keyArn) {
        // Uploads without encryption headers get the default (this key); explicit headers must name it too.
        return List.of(
                PolicyStatement.deny("DenyOtherEncryption", List.of("s3:PutObject"), List.of(bucketArn + "/*"))
                        .forAnyone()
                        .when("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", List.of("aws:kms")),
                PolicyStatement.deny("DenyOtherKeys", List.of("s3:PutObject"), List.of(bucketArn + "/*"))
                        .forAnyone()
                        .when("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption-aws-kms-key-id", List.of(keyArn)));
    }
}
