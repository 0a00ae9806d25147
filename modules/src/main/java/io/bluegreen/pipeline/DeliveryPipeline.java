package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProject;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectArtifacts;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironment;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectEnvironmentEnvironmentVariable;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfig;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectLogsConfigCloudwatchLogs;
import com.hashicorp.cdktf.providers.aws.codebuild_project.CodebuildProjectSource;
import com.hashicorp.cdktf.providers.aws.codepipeline.Codepipeline;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineArtifactStore;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineArtifactStoreEncryptionKey;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStage;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import com.hashicorp.cdktf.providers.aws.codestarconnections_connection.CodestarconnectionsConnection;
import com.hashicorp.cdktf.providers.aws.codestarnotifications_notification_rule.CodestarnotificationsNotificationRule;
import com.hashicorp.cdktf.providers.aws.codestarnotifications_notification_rule.CodestarnotificationsNotificationRuleTarget;
import com.hashicorp.cdktf.providers.aws.ecr_lifecycle_policy.EcrLifecyclePolicy;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryEncryptionConfiguration;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryImageScanningConfiguration;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
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
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.EncryptionKeys;
import io.bluegreen.codedeploy.BlueGreenDeployment;
import io.bluegreen.ecs.AppSpec;
import io.bluegreen.ecs.FargateService;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery pipeline of one environment: ECR repository, KMS-encrypted artifact bucket, CodeStar source,
 * CodeBuild (the project's buildspec.yml) writing imageDetail.json, taskdef.json and appspec.yaml, an optional
 * manual approval, and the CodeDeployToECS action that starts the blue/green deployment. Roles are least
 * privilege: each names exactly the resources of this pipeline.
 */
public class DeliveryPipeline extends Construct {
    /** Files the build artifact carries and the deploy action reads. */
    public static final String TASK_DEFINITION_FILE = "taskdef.json";
    public static final String APPSPEC_FILE = "appspec.yaml";
    public static final String IMAGE_DETAIL_FILE = "imageDetail.json";
    /** The placeholder name in taskdef.json that CodeDeployToECS fills from imageDetail.json. */
    public static final String IMAGE_CONTAINER_PLACEHOLDER = "IMAGE1_NAME";
    /** CodeBuild image: Ubuntu standard 7.0 (docker, AWS CLI v2). */
    public static final String BUILD_IMAGE = "aws/codebuild/standard:7.0";

    private final EcrRepository repository;
    private final S3Bucket artifactBucket;
    private final KmsKey key;
    private final CodebuildProject buildProject;
    private final CloudwatchLogGroup buildLogGroup;
    private final Codepipeline pipeline;
    private final IamRole pipelineRole;
    private final IamRole buildRole;
    private final String connectionArn;

    public DeliveryPipeline(Construct scope, String id, DeliveryPipelineProps props) {
        super(scope, id);
        Names names = props.names();
        PipelineSettings settings = props.settings();
        BlueGreenDeployment deployment = props.deployment();
        FargateService service = deployment.getService();
        AwsContext aws = AwsContext.of(this);
        String arnPrefix = "arn:" + aws.partition() + ":";
        String regionAccount = aws.region() + ":" + aws.accountId();
        String buildProjectName = names.physical("build", NameLimit.CODEBUILD);
        String buildLogGroupName = "/aws/codebuild/" + buildProjectName;

        key = EncryptionKeys.create(this, names, "pipeline", "Pipeline artifacts and build logs of " + names.base(),
                List.of(PolicyStatement.allow("BuildLogsUseKey", List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                                "kms:GenerateDataKey*", "kms:Describe*"), List.of("*"))
                        .forService("logs." + aws.region() + ".amazonaws.com")
                        .when("ArnEquals", "kms:EncryptionContext:aws:logs:arn",
                                List.of(arnPrefix + "logs:" + regionAccount + ":log-group:" + buildLogGroupName))));
        // Each getter is a round trip to the jsii runtime: read every token once.
        String keyArn = key.getArn();

        repository = EcrRepository.Builder.create(this, "Repository")
                .name(names.base())
                .imageTagMutability("IMMUTABLE")
                .imageScanningConfiguration(EcrRepositoryImageScanningConfiguration.builder().scanOnPush(true).build())
                .encryptionConfiguration(List.of(EcrRepositoryEncryptionConfiguration.builder().encryptionType("KMS").build()))
                .build();
        EcrLifecyclePolicy.Builder.create(this, "RepositoryLifecycle")
                .repository(repository.getName())
                .policy(PolicyDocument.json(ecrLifecycle(settings.keepImages())))
                .build();

        artifactBucket = artifactBucket(names, settings, keyArn);
        String bucketArn = artifactBucket.getArn();

        buildLogGroup = CloudwatchLogGroup.Builder.create(this, "BuildLogGroup")
                .name(buildLogGroupName)
                .retentionInDays(settings.logRetentionDays())
                .kmsKeyId(keyArn)
                .build();

        connectionArn = connection(names, settings.source());
        String buildLogGroupArn = buildLogGroup.getArn();

        buildRole = IamRole.Builder.create(this, "BuildRole")
                .name(names.physical("build", NameLimit.IAM_ROLE))
                .description("CodeBuild of " + names.base() + ": builds and pushes the image")
                .assumeRolePolicy(PolicyDocument.trust("codebuild.amazonaws.com", aws.accountId()))
                .build();
        IamRolePolicy buildRolePolicy = IamRolePolicy.Builder.create(this, "BuildRolePolicy")
                .name("build")
                .role(buildRole.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("WriteBuildLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                List.of(buildLogGroupArn, buildLogGroupArn + ":*")),
                        // ecr:GetAuthorizationToken has no resource-level permissions.
                        PolicyStatement.allow("EcrLogin", List.of("ecr:GetAuthorizationToken"), List.of("*")),
                        PolicyStatement.allow("PushImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                                "ecr:CompleteLayerUpload", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer",
                                "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"), List.of(repository.getArn())),
                        PolicyStatement.allow("Artifacts", List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"),
                                List.of(bucketArn + "/*")),
                        PolicyStatement.allow("ArtifactBucket", List.of("s3:GetBucketLocation", "s3:GetBucketAcl"),
                                List.of(bucketArn)),
                        PolicyStatement.allow("PipelineKey", List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt",
                                "kms:GenerateDataKey*", "kms:ReEncrypt*"), List.of(keyArn)))))
                .build();

        buildProject = CodebuildProject.Builder.create(this, "Build")
                .name(buildProjectName)
                .description("Builds the image of " + names.base() + " and writes the deploy artifacts")
                .serviceRole(buildRole.getArn())
                .buildTimeout(settings.buildTimeoutMinutes())
                .queuedTimeout(60)
                .encryptionKey(keyArn)
                .artifacts(CodebuildProjectArtifacts.builder().type("CODEPIPELINE").build())
                .source(CodebuildProjectSource.builder().type("CODEPIPELINE").buildspec(props.buildspec()).build())
                .environment(CodebuildProjectEnvironment.builder()
                        .type("LINUX_CONTAINER")
                        .image(BUILD_IMAGE)
                        .computeType(settings.computeType().name())
                        .privilegedMode(true)
                        .imagePullCredentialsType("CODEBUILD")
                        .environmentVariable(buildVariables(service, props.hooks()))
                        .build())
                // CodeBuild checks at creation that it can use the role; the role must hold its policy by then.
                .dependsOn(List.of(buildRolePolicy))
                .logsConfig(CodebuildProjectLogsConfig.builder()
                        .cloudwatchLogs(CodebuildProjectLogsConfigCloudwatchLogs.builder()
                                .groupName(buildLogGroup.getName())
                                .status("ENABLED")
                                .build())
                        .build())
                .build();

        pipelineRole = IamRole.Builder.create(this, "PipelineRole")
                .name(names.physical("pipeline", NameLimit.IAM_ROLE))
                .description("CodePipeline of " + names.base())
                .assumeRolePolicy(PolicyDocument.trust("codepipeline.amazonaws.com", aws.accountId()))
                .build();
        String application = deployment.getApplication().getName();
        String codedeployPrefix = arnPrefix + "codedeploy:" + regionAccount + ":";
        IamRolePolicy pipelineRolePolicy = IamRolePolicy.Builder.create(this, "PipelineRolePolicy")
                .name("pipeline")
                .role(pipelineRole.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("UseConnection", List.of("codestar-connections:UseConnection",
                                "codeconnections:UseConnection"), List.of(connectionArn)),
                        PolicyStatement.allow("RunBuild", List.of("codebuild:BatchGetBuilds", "codebuild:StartBuild"),
                                List.of(buildProject.getArn())),
                        PolicyStatement.allow("Artifacts", List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
                                "s3:PutObjectAcl"), List.of(bucketArn + "/*")),
                        PolicyStatement.allow("ArtifactBucket", List.of("s3:GetBucketLocation", "s3:GetBucketVersioning",
                                "s3:ListBucket"), List.of(bucketArn)),
                        PolicyStatement.allow("PipelineKey", List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt",
                                "kms:GenerateDataKey*", "kms:ReEncrypt*"), List.of(keyArn)),
                        PolicyStatement.allow("CreateDeployment", List.of("codedeploy:CreateDeployment",
                                        "codedeploy:GetDeployment"),
                                List.of(codedeployPrefix + "deploymentgroup:" + application + "/"
                                        + deployment.getDeploymentGroup().getDeploymentGroupName())),
                        PolicyStatement.allow("DeploymentRevision", List.of("codedeploy:GetApplication",
                                        "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"),
                                List.of(codedeployPrefix + "application:" + application)),
                        PolicyStatement.allow("DeploymentConfig", List.of("codedeploy:GetDeploymentConfig"),
                                List.of(codedeployPrefix + "deploymentconfig:"
                                        + deployment.getDeploymentConfig().getDeploymentConfigName())),
                        // ecs:RegisterTaskDefinition has no resource-level permissions.
                        PolicyStatement.allow("RegisterTaskDefinition", List.of("ecs:RegisterTaskDefinition"), List.of("*")),
                        PolicyStatement.allow("TagTaskDefinition", List.of("ecs:TagResource"),
                                        List.of(arnPrefix + "ecs:" + regionAccount + ":task-definition/"
                                                + service.getTaskDefinition().getFamily() + ":*"))
                                .when("StringEquals", "ecs:CreateAction", List.of("RegisterTaskDefinition")),
                        PolicyStatement.allowWhen("PassTaskRoles", List.of("iam:PassRole"),
                                List.of(service.getExecutionRole().getArn(), service.getTaskRole().getArn()),
                                "StringEquals", "iam:PassedToService", List.of("ecs-tasks.amazonaws.com")))))
                .build();

        pipeline = Codepipeline.Builder.create(this, "Pipeline")
                .name(names.physical("pipeline", NameLimit.CODEPIPELINE))
                .roleArn(pipelineRole.getArn())
                .artifactStore(List.of(CodepipelineArtifactStore.builder()
                        .type("S3")
                        .location(artifactBucket.getBucket())
                        .encryptionKey(CodepipelineArtifactStoreEncryptionKey.builder().type("KMS").id(keyArn).build())
                        .build()))
                .stage(stages(settings, deployment))
                // A pipeline starts an execution as soon as it exists: its role must already hold its policy, or the
                // first Source action fails with AccessDenied.
                .dependsOn(List.of(pipelineRolePolicy))
                .build();

        if (settings.notifications()) {
            CodestarnotificationsNotificationRule.Builder.create(this, "Notifications")
                    .name(names.physical("pipeline", NameLimit.NOTIFICATION_RULE))
                    .resource(pipeline.getArn())
                    .detailType("FULL")
                    .eventTypeIds(List.of("codepipeline-pipeline-pipeline-execution-failed",
                            "codepipeline-pipeline-pipeline-execution-succeeded",
                            "codepipeline-pipeline-manual-approval-needed"))
                    .target(List.of(CodestarnotificationsNotificationRuleTarget.builder()
                            .type("SNS")
                            .address(props.notifications().getTopicArn())
                            .build()))
                    // AWS checks at creation that the topic's policy lets CodeStar Notifications publish.
                    .dependsOn(List.of(props.notifications().getTopicPolicy()))
                    .build();
        }
    }

    private S3Bucket artifactBucket(Names names, PipelineSettings settings, String keyArn) {
        S3Bucket bucket = S3Bucket.Builder.create(this, "ArtifactBucket")
                .bucketPrefix(names.physical("artifacts", NameLimit.S3_BUCKET_PREFIX) + "-")
                .forceDestroy(settings.forceDestroyArtifacts())
                .build();
        String bucketId = bucket.getId();
        String bucketArn = bucket.getArn();
        S3BucketOwnershipControls.Builder.create(this, "ArtifactBucketOwnership")
                .bucket(bucketId)
                .rule(S3BucketOwnershipControlsRule.builder().objectOwnership("BucketOwnerEnforced").build())
                .build();
        S3BucketPublicAccessBlock.Builder.create(this, "ArtifactBucketPublicAccessBlock")
                .bucket(bucketId)
                .blockPublicAcls(true)
                .blockPublicPolicy(true)
                .ignorePublicAcls(true)
                .restrictPublicBuckets(true)
                .build();
        S3BucketVersioningA.Builder.create(this, "ArtifactBucketVersioning")
                .bucket(bucketId)
                .versioningConfiguration(S3BucketVersioningVersioningConfiguration.builder().status("Enabled").build())
                .build();
        S3BucketServerSideEncryptionConfigurationA.Builder.create(this, "ArtifactBucketEncryption")
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
        S3BucketPolicy.Builder.create(this, "ArtifactBucketPolicy")
                .bucket(bucketId)
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.deny("DenyInsecureTransport", List.of("s3:*"),
                                        List.of(bucketArn, bucketArn + "/*"))
                                .forAnyone()
                                .when("Bool", "aws:SecureTransport", List.of("false")))))
                .build();
        S3BucketLifecycleConfiguration.Builder.create(this, "ArtifactBucketLifecycle")
                .bucket(bucketId)
                .rule(List.of(S3BucketLifecycleConfigurationRule.builder()
                        .id("expire-old-artifacts")
                        .status("Enabled")
                        .filter(S3BucketLifecycleConfigurationRuleFilter.builder().prefix("").build())
                        .expiration(S3BucketLifecycleConfigurationRuleExpiration.builder()
                                .days(settings.artifactRetentionDays()).build())
                        .noncurrentVersionExpiration(S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration.builder()
                                .noncurrentDays(7).build())
                        .abortIncompleteMultipartUpload(S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload.builder()
                                .daysAfterInitiation(1).build())
                        .build()))
                .build();
        return bucket;
    }

    private String connection(Names names, PipelineSource source) {
        if (source instanceof PipelineSource.CodeStarConnection codestar) {
            if (codestar.connection() instanceof PipelineSource.Existing existing) {
                return existing.arn();
            }
            PipelineSource.Create create = (PipelineSource.Create) codestar.connection();
            return CodestarconnectionsConnection.Builder.create(this, "Connection")
                    .name(names.physical("source", NameLimit.CODESTAR_CONNECTION))
                    .providerType(create.provider().awsName())
                    .build()
                    .getArn();
        }
        throw new IllegalStateException("unknown pipeline source " + source);
    }

    private List<CodebuildProjectEnvironmentEnvironmentVariable> buildVariables(FargateService service,
                                                                                List<AppSpec.Hook> hooks) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("REPOSITORY_URI", repository.getRepositoryUrl());
        variables.put("CONTAINER_NAME", service.getContainer().name());
        variables.put("TASKDEF_TEMPLATE", service.taskDefinitionTemplate());
        variables.put("APPSPEC_TEMPLATE", service.appSpecTemplate(hooks));
        List<CodebuildProjectEnvironmentEnvironmentVariable> out = new ArrayList<>();
        variables.forEach((name, value) -> out.add(CodebuildProjectEnvironmentEnvironmentVariable.builder()
                .name(name).value(value).type("PLAINTEXT").build()));
        return out;
    }

    private List<CodepipelineStage> stages(PipelineSettings settings, BlueGreenDeployment deployment) {
        PipelineSource.CodeStarConnection source = (PipelineSource.CodeStarConnection) settings.source();
        String sourceOut = settings.sourceArtifact();
        String buildOut = settings.buildArtifact();
        List<CodepipelineStage> stages = new ArrayList<>();
        stages.add(stage("Source", CodepipelineStageAction.builder()
                .name("Source")
                .category("Source")
                .owner("AWS")
                .provider("CodeStarSourceConnection")
                .version("1")
                .outputArtifacts(List.of(sourceOut))
                .configuration(new java.util.TreeMap<>(Map.of(
                        "ConnectionArn", connectionArn,
                        "FullRepositoryId", source.repositoryId(),
                        "BranchName", source.branch(),
                        "OutputArtifactFormat", "CODE_ZIP",
                        "DetectChanges", "true")))
                .build()));
        stages.add(stage("Build", CodepipelineStageAction.builder()
                .name("BuildImage")
                .category("Build")
                .owner("AWS")
                .provider("CodeBuild")
                .version("1")
                .inputArtifacts(List.of(sourceOut))
                .outputArtifacts(List.of(buildOut))
                .configuration(Map.of("ProjectName", buildProject.getName()))
                .build()));
        if (settings.manualApproval()) {
            stages.add(stage("Approve", CodepipelineStageAction.builder()
                    .name("ApproveDeployment")
                    .category("Approval")
                    .owner("AWS")
                    .provider("Manual")
                    .version("1")
                    .build()));
        }
        Map<String, String> deploy = new LinkedHashMap<>();
        deploy.put("ApplicationName", deployment.getApplication().getName());
        deploy.put("DeploymentGroupName", deployment.getDeploymentGroup().getDeploymentGroupName());
        deploy.put("TaskDefinitionTemplateArtifact", buildOut);
        deploy.put("TaskDefinitionTemplatePath", TASK_DEFINITION_FILE);
        deploy.put("AppSpecTemplateArtifact", buildOut);
        deploy.put("AppSpecTemplatePath", APPSPEC_FILE);
        deploy.put("Image1ArtifactName", buildOut);
        deploy.put("Image1ContainerName", IMAGE_CONTAINER_PLACEHOLDER);
        stages.add(stage("Deploy", CodepipelineStageAction.builder()
                .name("BlueGreenDeploy")
                .category("Deploy")
                .owner("AWS")
                .provider("CodeDeployToECS")
                .version("1")
                .inputArtifacts(List.of(buildOut))
                .configuration(deploy)
                .build()));
        return stages;
    }

    private static CodepipelineStage stage(String name, CodepipelineStageAction action) {
        return CodepipelineStage.builder().name(name).action(List.of(action)).build();
    }

    private static Map<String, Object> ecrLifecycle(int keepImages) {
        Map<String, Object> untagged = Map.of(
                "rulePriority", 1,
                "description", "Expire untagged images after 7 days",
                "selection", Map.of("tagStatus", "untagged", "countType", "sinceImagePushed", "countUnit", "days", "countNumber", 7),
                "action", Map.of("type", "expire"));
        Map<String, Object> tagged = Map.of(
                "rulePriority", 2,
                "description", "Keep the last " + keepImages + " tagged images",
                "selection", Map.of("tagStatus", "tagged", "tagPatternList", List.of("*"), "countType", "imageCountMoreThan",
                        "countNumber", keepImages),
                "action", Map.of("type", "expire"));
        return Map.of("rules", List.of(untagged, tagged));
    }

    public EcrRepository getRepository() {
        return repository;
    }

    public S3Bucket getArtifactBucket() {
        return artifactBucket;
    }

    public KmsKey getKey() {
        return key;
    }

    public CodebuildProject getBuildProject() {
        return buildProject;
    }

    public CloudwatchLogGroup getBuildLogGroup() {
        return buildLogGroup;
    }

    public Codepipeline getPipeline() {
        return pipeline;
    }

    public IamRole getPipelineRole() {
        return pipelineRole;
    }

    public IamRole getBuildRole() {
        return buildRole;
    }

    public String getConnectionArn() {
        return connectionArn;
    }
}
