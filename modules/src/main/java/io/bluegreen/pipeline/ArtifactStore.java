package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.EncryptionKeys;
import io.bluegreen.aws.SecureBucket;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The pipeline's artifact store: a customer-managed KMS key (rotation on) and an S3 bucket encrypted with it,
 * versioned, with every public access block, TLS only, old artifacts expiring. The key also encrypts the build's
 * log group ({@link Props#encryptedLogGroupNames()}), so its key policy lets CloudWatch Logs use it for exactly those.
 */
public class ArtifactStore extends Construct {
    /** The tag that retires an object of a store that keeps revisions: it expires a day later. */
    public static final Map.Entry<String, String> SUPERSEDED = Map.entry("bluegreen-revision", "superseded");

    /**
     * @param names naming helper
     * @param retentionDays artifacts expire after this many days (ignored when {@code keepRevisions})
     * @param forceDestroy let `destroy` delete a non-empty bucket (dev only)
     * @param encryptedLogGroupNames log groups CloudWatch Logs may encrypt with the key (e.g. the build's)
     * @param keepRevisions false: every artifact expires after {@code retentionDays}. true (EC2 platforms, whose
     *                      revisions CodeDeploy installs again on every launch and rollback): nothing expires by age;
     *                      an object expires a day after it is tagged {@link #SUPERSEDED} (RevisionRetention tags
     *                      what can never be redeployed)
     */
    public record Props(Names names, int retentionDays, boolean forceDestroy, List<String> encryptedLogGroupNames,
                        boolean keepRevisions) {
        public Props {
            Check check = Check.in("ArtifactStore.Props");
            check.notNull("names", names, "pass the environment's Names");
            check.between("retentionDays", retentionDays, 1, 3650, "use e.g. 30");
            encryptedLogGroupNames = List.copyOf(Check.orDefault(encryptedLogGroupNames, List.of()));
        }

        /** A store whose artifacts expire by age. */
        public Props(Names names, int retentionDays, boolean forceDestroy, List<String> encryptedLogGroupNames) {
            this(names, retentionDays, forceDestroy, encryptedLogGroupNames, false);
        }
    }

    private final KmsKey key;
    private final S3Bucket bucket;
    private final String keyArn;
    private final String bucketArn;

    public ArtifactStore(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        AwsContext aws = AwsContext.of(this);
        String logGroupArnPrefix = "arn:" + aws.partition() + ":logs:" + aws.region() + ":" + aws.accountId() + ":log-group:";
        List<PolicyStatement> logs = props.encryptedLogGroupNames().isEmpty() ? List.of() : List.of(
                PolicyStatement.allow("BuildLogsUseKey", List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                                "kms:GenerateDataKey*", "kms:Describe*"), List.of("*"))
                        .forService("logs." + aws.region() + ".amazonaws.com")
                        .when("ArnEquals", "kms:EncryptionContext:aws:logs:arn",
                                props.encryptedLogGroupNames().stream().map(n -> logGroupArnPrefix + n).toList()));
        key = EncryptionKeys.create(this, names, "pipeline", "Pipeline artifacts and build logs of " + names.base(), logs);
        keyArn = key.getArn();

        bucket = SecureBucket.create(this, "ArtifactBucket", new SecureBucket.Spec(
                names.physical("artifacts", NameLimit.S3_BUCKET_PREFIX), props.forceDestroy(), key,
                props.keepRevisions() ? "keep-revisions" : "expire-old-artifacts",
                props.keepRevisions() ? 0 : props.retentionDays(), 7, arn -> List.of(),
                props.keepRevisions() ? SUPERSEDED : null));
        bucketArn = bucket.getArn();
    }

    /** Use of the key: what every role that reads or writes the artifacts (or the build logs) needs. */
    public PolicyStatement useKeyStatement() {
        return PolicyStatement.allow("PipelineKey", List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt",
                "kms:GenerateDataKey*", "kms:ReEncrypt*"), List.of(keyArn));
    }

    public KmsKey getKey() {
        return key;
    }

    public String getKeyArn() {
        return keyArn;
    }

    public S3Bucket getBucket() {
        return bucket;
    }

    public String getBucketArn() {
        return bucketArn;
    }
}
