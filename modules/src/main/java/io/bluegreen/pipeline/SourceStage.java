package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.codepipeline.Codepipeline;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import com.hashicorp.cdktf.providers.aws.codestarconnections_connection.CodestarconnectionsConnection;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_notification.S3BucketNotification;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.SecureBucket;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each {@link PipelineSource} puts into a pipeline: the Source action, exactly the pipeline role's statements
 * for it (nothing for the sources a service does not use), and what starts the pipeline. A CodeStar connection
 * starts it itself; the other sources start it through an EventBridge rule on exactly their event (this
 * repository's pushes of the tag, this object's new versions, this branch's pushes), whose role may start this
 * pipeline only. Resources are created in the pipeline construct's scope (the connection keeps its address).
 */
final class SourceStage {
    /** The name of the Source action, as the console shows it. */
    static final String ACTION = "Source";

    private final Construct scope;
    private final Names names;
    private final PipelineSource source;
    private final String outputArtifact;
    private final ImageRepository images;
    private final String connectionArn;
    private final S3Bucket bucket;
    private final AwsContext aws;
    private final String keyArn;

    /**
     * Creates what the source needs before the pipeline exists: the connection (when created here) or the source
     * bucket with its EventBridge notifications.
     *
     * @param images the service's image repository: the ECR image push source reads from it (null for others)
     */
    SourceStage(Construct scope, Names names, PipelineSettings settings, ArtifactStore store, ImageRepository images) {
        this.scope = scope;
        this.names = names;
        this.source = settings.source();
        this.outputArtifact = settings.sourceArtifact();
        this.images = images;
        this.aws = AwsContext.of(scope);
        this.keyArn = store.getKeyArn();
        if (source.deliversImage() && images == null) {
            throw new IllegalStateException("the " + source.kind() + " source needs the service's image repository");
        }
        String connection = null;
        S3Bucket sourceBucket = null;
        if (source instanceof PipelineSource.CodeStarConnection codestar) {
            if (codestar.connection() instanceof PipelineSource.Existing existing) {
                connection = existing.arn();
            } else {
                PipelineSource.Create create = (PipelineSource.Create) codestar.connection();
                connection = CodestarconnectionsConnection.Builder.create(scope, "Connection")
                        .name(names.physical("source", NameLimit.CODESTAR_CONNECTION))
                        .providerType(create.provider().awsName())
                        .build()
                        .getArn();
            }
        } else if (source instanceof PipelineSource.S3Object) {
            String key = store.getKeyArn();
            sourceBucket = SecureBucket.create(scope, "SourceBucket", new SecureBucket.Spec(
                    names.physical("source", NameLimit.S3_BUCKET_PREFIX), settings.forceDestroyArtifacts(), store.getKey(),
                    "expire-old-versions", 0, settings.artifactRetentionDays(), arn -> SecureBucket.onlyKey(arn, key)));
            // New versions reach EventBridge, where the trigger rule matches this key only.
            S3BucketNotification.Builder.create(scope, "SourceBucketEvents")
                    .bucket(sourceBucket.getId())
                    .eventbridge(true)
                    .build();
        }
        this.connectionArn = connection;
        this.bucket = sourceBucket;
    }

    /** The Source stage's action. */
    CodepipelineStageAction action() {
        Map<String, String> configuration = new TreeMap<>();
        String provider;
        if (source instanceof PipelineSource.CodeStarConnection codestar) {
            provider = "CodeStarSourceConnection";
            configuration.putAll(Map.of("ConnectionArn", connectionArn, "FullRepositoryId", codestar.repositoryId(),
                    "BranchName", codestar.branch(), "OutputArtifactFormat", "CODE_ZIP", "DetectChanges", "true"));
        } else if (source instanceof PipelineSource.EcrImagePush ecr) {
            provider = "ECR";
            configuration.putAll(Map.of("RepositoryName", images.getRepository().getName(), "ImageTag", ecr.imageTag()));
        } else if (source instanceof PipelineSource.S3Object s3) {
            provider = "S3";
            configuration.putAll(Map.of("S3Bucket", bucket.getBucket(), "S3ObjectKey", s3.key(),
                    "PollForSourceChanges", "false"));
        } else {
            PipelineSource.CodeCommit codecommit = (PipelineSource.CodeCommit) source;
            provider = "CodeCommit";
            configuration.putAll(Map.of("RepositoryName", codecommit.repositoryName(), "BranchName", codecommit.branch(),
                    "OutputArtifactFormat", "CODE_ZIP", "PollForSourceChanges", "false"));
        }
        return CodepipelineStageAction.builder()
                .name(ACTION)
                .category("Source")
                .owner("AWS")
                .provider(provider)
                .version("1")
                .outputArtifacts(List.of(outputArtifact))
                .configuration(configuration)
                .build();
    }

    /** What the pipeline role needs for this source, and nothing for the others. */
    List<PolicyStatement> statements() {
        if (source instanceof PipelineSource.CodeStarConnection) {
            return List.of(PolicyStatement.allow("UseConnection", List.of("codestar-connections:UseConnection",
                    "codeconnections:UseConnection"), List.of(connectionArn)));
        }
        if (source instanceof PipelineSource.EcrImagePush) {
            return List.of(PolicyStatement.allow("ReadPushedImage", List.of("ecr:DescribeImages"),
                    List.of(images.getRepository().getArn())));
        }
        if (source instanceof PipelineSource.S3Object s3) {
            return List.of(
                    PolicyStatement.allow("ReadSourceObject", List.of("s3:GetObject", "s3:GetObjectVersion"),
                            List.of(bucket.getArn() + "/" + s3.key())),
                    // ListBucket: a missing object is then reported as missing (404), not as access denied (403).
                    PolicyStatement.allow("SourceBucket", List.of("s3:GetBucketAcl", "s3:GetBucketLocation",
                            "s3:GetBucketVersioning", "s3:ListBucket"),
                            List.of(bucket.getArn())));
        }
        return List.of(PolicyStatement.allow("ReadRepository", List.of("codecommit:CancelUploadArchive",
                "codecommit:GetBranch", "codecommit:GetCommit", "codecommit:GetUploadArchiveStatus",
                "codecommit:UploadArchive"), List.of(codeCommitArn((PipelineSource.CodeCommit) source))));
    }

    private String codeCommitArn(PipelineSource.CodeCommit codecommit) {
        return "arn:" + aws.partition() + ":codecommit:" + aws.region() + ":" + aws.accountId() + ":"
                + codecommit.repositoryName();
    }

    /**
     * The EventBridge pattern that starts the pipeline, or null for a connection (which starts it itself).
     */
    Map<String, Object> trigger() {
        Map<String, Object> pattern = new LinkedHashMap<>();
        Map<String, Object> detail = new LinkedHashMap<>();
        if (source instanceof PipelineSource.EcrImagePush ecr) {
            pattern.put("source", List.of("aws.ecr"));
            pattern.put("detail-type", List.of("ECR Image Action"));
            detail.put("action-type", List.of("PUSH"));
            detail.put("result", List.of("SUCCESS"));
            detail.put("repository-name", List.of(images.getRepository().getName()));
            detail.put("image-tag", List.of(ecr.imageTag()));
        } else if (source instanceof PipelineSource.S3Object s3) {
            pattern.put("source", List.of("aws.s3"));
            pattern.put("detail-type", List.of("Object Created"));
            detail.put("bucket", Map.of("name", List.of(bucket.getBucket())));
            detail.put("object", Map.of("key", List.of(s3.key())));
        } else if (source instanceof PipelineSource.CodeCommit codecommit) {
            pattern.put("source", List.of("aws.codecommit"));
            pattern.put("detail-type", List.of("CodeCommit Repository State Change"));
            pattern.put("resources", List.of(codeCommitArn(codecommit)));
            detail.put("event", List.of("referenceCreated", "referenceUpdated"));
            detail.put("referenceType", List.of("branch"));
            detail.put("referenceName", List.of(codecommit.branch()));
        } else {
            return null;
        }
        pattern.put("detail", detail);
        return pattern;
    }

    /** After the pipeline exists: the rule and role that start it on the source's event (none for a connection). */
    void startOnChange(Codepipeline pipeline) {
        Map<String, Object> pattern = trigger();
        if (pattern == null) {
            return;
        }
        IamRole role = IamRole.Builder.create(scope, "StartRole")
                .name(names.physical("pipeline-start", NameLimit.IAM_ROLE))
                .description("Starts the pipeline of " + names.base() + " on a new " + source.kind())
                .assumeRolePolicy(PolicyDocument.trust("events.amazonaws.com", aws.accountId()))
                .build();
        IamRolePolicy policy = IamRolePolicy.Builder.create(scope, "StartRolePolicy")
                .name("start-pipeline")
                .role(role.getName())
                .policy(PolicyDocument.of(List.of(PolicyStatement.allow("StartPipeline",
                        List.of("codepipeline:StartPipelineExecution"), List.of(pipeline.getArn())))))
                .build();
        CloudwatchEventRule rule = CloudwatchEventRule.Builder.create(scope, "StartRule")
                .name(names.physical("pipeline-start", NameLimit.EVENT_RULE))
                .description("A new " + source.kind() + " starts the pipeline of " + names.base())
                .eventPattern(PolicyDocument.json(pattern))
                .build();
        CloudwatchEventTarget.Builder.create(scope, "StartTarget")
                .rule(rule.getName())
                .arn(pipeline.getArn())
                .roleArn(role.getArn())
                .dependsOn(List.of(policy))
                .build();
    }

    /** The source this stage reads. */
    PipelineSource chosen() {
        return source;
    }

    /** The connection's ARN, or null for the other sources. */
    String connectionArn() {
        return connectionArn;
    }

    /**
     * The key the source bucket encrypts with (the pipeline's): an uploader needs kms:GenerateDataKey and, for
     * multipart uploads, kms:Decrypt on it.
     */
    String keyArn() {
        return keyArn;
    }

    /** The source bucket, or null for the other sources. */
    S3Bucket bucket() {
        return bucket;
    }
}
