package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfiguration;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRule;
import com.hashicorp.cdktf.providers.aws.s3_bucket_lifecycle_configuration.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload;
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

/**
 * A bucket of the pipeline, hardened the same way wherever it is used (artifact store, S3 source): owner-enforced
 * objects, every public access block, versioning, default encryption with a customer-managed key (bucket key on),
 * TLS only, and a lifecycle that expires old versions and abandoned uploads. The resources' ids are
 * {@code <id>}, {@code <id>Ownership}, {@code <id>PublicAccessBlock}, {@code <id>Versioning}, {@code <id>Encryption},
 * {@code <id>Policy} and {@code <id>Lifecycle}: their Terraform addresses.
 */
final class SecureBucket {
    private SecureBucket() {
    }

    /**
     * @param id the bucket's construct id (and the prefix of its companions')
     * @param namePrefix the bucket name's prefix (AWS appends a unique suffix)
     * @param forceDestroy let `destroy` delete a non-empty bucket
     * @param keyArn the customer-managed key objects are encrypted with
     * @param expireCurrentDays current objects expire after this many days; 0 = never (a source object must stay)
     * @param noncurrentDays older versions expire after this many days
     * @param onlyThisKey deny uploads that ask for another encryption than {@code keyArn} (for a bucket others write to)
     */
    static S3Bucket create(Construct scope, String id, String namePrefix, boolean forceDestroy, String keyArn,
                           int expireCurrentDays, int noncurrentDays, boolean onlyThisKey) {
        S3Bucket bucket = S3Bucket.Builder.create(scope, id)
                .bucketPrefix(namePrefix + "-")
                .forceDestroy(forceDestroy)
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
        S3BucketServerSideEncryptionConfigurationA.Builder.create(scope, id + "Encryption")
                .bucket(bucketId)
                .rule(List.of(S3BucketServerSideEncryptionConfigurationRuleA.builder()
                        .applyServerSideEncryptionByDefault(
                                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA.builder()
                                        .sseAlgorithm("aws:kms")
                                        .kmsMasterKeyId(keyArn)
                                        .build())
                        .bucketKeyEnabled(true)
                        .build()))
                .build();
        List<PolicyStatement> policy = new ArrayList<>(List.of(
                PolicyStatement.deny("DenyInsecureTransport", List.of("s3:*"), List.of(bucketArn, bucketArn + "/*"))
                        .forAnyone()
                        .when("Bool", "aws:SecureTransport", List.of("false"))));
        if (onlyThisKey) {
            // Uploads without encryption headers get the default (this key); explicit headers must name it too.
            policy.add(PolicyStatement.deny("DenyOtherEncryption", List.of("s3:PutObject"), List.of(bucketArn + "/*"))
                    .forAnyone()
                    .when("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption", List.of("aws:kms")));
            policy.add(PolicyStatement.deny("DenyOtherKeys", List.of("s3:PutObject"), List.of(bucketArn + "/*"))
                    .forAnyone()
                    .when("StringNotEqualsIfExists", "s3:x-amz-server-side-encryption-aws-kms-key-id", List.of(keyArn)));
        }
        S3BucketPolicy.Builder.create(scope, id + "Policy")
                .bucket(bucketId)
                .policy(PolicyDocument.of(policy))
                .build();
        S3BucketLifecycleConfigurationRule.Builder rule = S3BucketLifecycleConfigurationRule.builder()
                .id(expireCurrentDays > 0 ? "expire-old-artifacts" : "expire-old-versions")
                .status("Enabled")
                .filter(S3BucketLifecycleConfigurationRuleFilter.builder().prefix("").build())
                .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                        .noncurrentDays(noncurrentDays).build())
                .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                        .daysAfterInitiation(1).build());
        if (expireCurrentDays > 0) {
            rule.expiration(S3BucketLifecycleConfigurationRuleExpiration.builder().days(expireCurrentDays).build());
        }
        S3BucketLifecycleConfiguration.Builder.create(scope, id + "Lifecycle")
                .bucket(bucketId)
                .rule(List.of(rule.build()))
                .build();
        return bucket;
    }
}
