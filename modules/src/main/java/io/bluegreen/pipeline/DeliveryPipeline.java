package io.bluegreen.pipeline;

import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.providers.aws.codepipeline.Codepipeline;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineArtifactStore;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineArtifactStoreEncryptionKey;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStage;
import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import com.hashicorp.cdktf.providers.aws.codestarnotifications_notification_rule.CodestarnotificationsNotificationRule;
import com.hashicorp.cdktf.providers.aws.codestarnotifications_notification_rule.CodestarnotificationsNotificationRuleTarget;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CodePipeline of a service: Source (the {@link PipelineSource}: a CodeStar connection, an ECR image push, an S3
 * object or CodeCommit, see {@link SourceStage}) -> Build (the {@link BuildProject}) -> optional manual approval -> the
 * deploy stage the platform supplies ({@link DeployStage}), with its artifacts in the {@link ArtifactStore}, and
 * notifications of failures, successes and pending approvals to the service's topic. The pipeline role may read only
 * this source, start only this build, use only this store, and do what the deploy stage declares. The pipeline is
 * created after its role holds its policy: it starts an execution as soon as it exists.
 */
public class DeliveryPipeline extends Construct {
    /**
     * @param names naming helper
     * @param store artifact bucket and key
     * @param build the build project
     * @param buildActionName the build action's name, e.g. BuildImage
     * @param deploy the platform's deploy stage
     * @param settings source, approval, notifications, artifact names
     * @param notifications topic for pipeline notifications; null = none
     * @param images the service's image repository, read by an ECR image push source; null for other platforms
     */
    public record Props(Names names, ArtifactStore store, BuildProject build, String buildActionName, DeployStage deploy,
                        PipelineSettings settings, NotificationTopic notifications, ImageRepository images) {
        /** A pipeline without an image repository (every source but an ECR image push). */
        public Props(Names names, ArtifactStore store, BuildProject build, String buildActionName, DeployStage deploy,
                     PipelineSettings settings, NotificationTopic notifications) {
            this(names, store, build, buildActionName, deploy, settings, notifications, null);
        }

        public Props {
            Check check = Check.in("DeliveryPipeline.Props");
            check.notNull("names", names, "pass the environment's Names");
            check.notNull("store", store, "pass the ArtifactStore construct");
            check.notNull("build", build, "pass the BuildProject construct");
            check.require(buildActionName != null && buildActionName.matches("^[A-Za-z0-9.@\\-_]{1,100}$"),
                    "buildActionName", buildActionName, "1-100 letters, digits and . @ - _", "e.g. BuildImage");
            check.notNull("deploy", deploy, "pass the platform's DeployStage");
            check.notNull("settings", settings, "e.g. PipelineSettings.of(source)");
            check.require(notifications != null || !settings.notifications(), "notifications", null,
                    "a NotificationTopic when settings.notifications() is on", "pass the topic or turn notifications off");
            check.require(images != null || !settings.source().deliversImage(), "settings.source", settings.source().kind(),
                    "a source this platform can use (an " + settings.source().kind() + " needs an image repository)",
                    "choose a CodeStar connection, an S3 object or CodeCommit");
            check.require(!settings.alarmGate() || !deploy.alarms().isEmpty(), "settings.alarmGate", true,
                    "a service with rollback alarms (the gate holds a release while they fire; this service has none)",
                    "turn the service's alarms on, or the gate off (withAlarmGate(false))");
        }
    }

    private final Codepipeline pipeline;
    private final IamRole role;
    private final SourceStage source;
    private final List<String> gateAlarms;

    public DeliveryPipeline(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        PipelineSettings settings = props.settings();
        AwsContext aws = AwsContext.of(this);
        String keyArn = props.store().getKeyArn();
        String bucketArn = props.store().getBucketArn();
        source = new SourceStage(this, names, settings, props.store(), props.images());

        role = IamRole.Builder.create(this, "PipelineRole")
                .name(names.physical("pipeline", NameLimit.IAM_ROLE))
                .description("CodePipeline of " + names.base())
                .assumeRolePolicy(PolicyDocument.trust("codepipeline.amazonaws.com", aws.accountId()))
                .build();
        List<PolicyStatement> statements = new ArrayList<>(source.statements());
        statements.addAll(List.of(
                PolicyStatement.allow("RunBuild", List.of("codebuild:BatchGetBuilds", "codebuild:StartBuild"),
                        List.of(props.build().getProject().getArn())),
                PolicyStatement.allow("Artifacts", List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject",
                        "s3:PutObjectAcl"), List.of(bucketArn + "/*")),
                PolicyStatement.allow("ArtifactBucket", List.of("s3:GetBucketLocation", "s3:GetBucketVersioning",
                        "s3:ListBucket"), List.of(bucketArn)),
                props.store().useKeyStatement()));
        statements.addAll(props.deploy().statements());
        gateAlarms = settings.alarmGate()
                ? PipelineV2.gateAlarms(props.deploy().alarms(), settings.deployWindow() != null) : List.of();
        if (!gateAlarms.isEmpty()) {
            // The CloudWatchAlarm rules of the deploy stage's entry condition read the alarms as the pipeline.
            // DescribeAlarms is a list action: it takes no resource narrower than "*" (CloudWatch API reference).
            statements.add(PolicyStatement.allow("ReadGateAlarms", List.of("cloudwatch:DescribeAlarms"), List.of("*")));
        }
        IamRolePolicy rolePolicy = IamRolePolicy.Builder.create(this, "PipelineRolePolicy")
                .name("pipeline")
                .role(role.getName())
                .policy(PolicyDocument.of(statements))
                .build();

        pipeline = Codepipeline.Builder.create(this, "Pipeline")
                .name(names.physical("pipeline", NameLimit.CODEPIPELINE))
                .roleArn(role.getArn())
                .artifactStore(List.of(CodepipelineArtifactStore.builder()
                        .type("S3")
                        .location(props.store().getBucket().getBucket())
                        .encryptionKey(CodepipelineArtifactStoreEncryptionKey.builder().type("KMS").id(keyArn).build())
                        .build()))
                .stage(stages(props))
                // A pipeline starts an execution as soon as it exists: its role must already hold its policy, or the
                // first Source action fails with AccessDenied.
                .dependsOn(List.of(rolePolicy))
                .build();
        source.startOnChange(pipeline);
        PipelineV2.apply(pipeline, settings, SourceStage.ACTION, stageNames(settings),
                props.deploy().rollbackOnFailure(), gateAlarms);

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

    /** The build action's configuration: its project, and the pipeline variables as its environment. */
    private static Map<String, String> buildConfiguration(Props props) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("ProjectName", props.build().getProject().getName());
        if (!props.settings().variables().isEmpty()) {
            configuration.put("EnvironmentVariables", PipelineV2.environmentVariables(props.settings().variables()));
        }
        return configuration;
    }

    /** The stage names in order, as {@link #stages} builds them. */
    private static List<String> stageNames(PipelineSettings settings) {
        return settings.approvalStage() ? List.of("Source", "Build", "Approve", "Deploy") : List.of("Source", "Build", "Deploy");
    }

    private List<CodepipelineStage> stages(Props props) {
        PipelineSettings settings = props.settings();
        String sourceOut = settings.sourceArtifact();
        String buildOut = settings.buildArtifact();
        List<CodepipelineStage> stages = new ArrayList<>();
        stages.add(stage("Source", source.action()));
        stages.add(stage("Build", CodepipelineStageAction.builder()
                .name(props.buildActionName())
                .category("Build")
                .owner("AWS")
                .provider("CodeBuild")
                .version("1")
                .inputArtifacts(List.of(sourceOut))
                .outputArtifacts(List.of(buildOut))
                .configuration(buildConfiguration(props))
                .build()));
        if (settings.approvalStage()) {
            stages.add(stage("Approve", CodepipelineStageAction.builder()
                    .name("ApproveDeployment")
                    .category("Approval")
                    .owner("AWS")
                    .provider("Manual")
                    .version("1")
                    .build()));
        }
        Map<String, String> deploy = new LinkedHashMap<>();
        List<String> deployInputs = new ArrayList<>(List.of(buildOut));
        props.deploy().configuration().forEach((key, value) -> {
            if (DeployStage.SOURCE_ARTIFACT.equals(value) && !deployInputs.contains(sourceOut)) {
                deployInputs.add(sourceOut);
            }
            deploy.put(key, DeployStage.BUILD_ARTIFACT.equals(value) ? buildOut
                    : DeployStage.SOURCE_ARTIFACT.equals(value) ? sourceOut : value);
        });
        stages.add(stage("Deploy", CodepipelineStageAction.builder()
                .name(props.deploy().actionName())
                .category(props.deploy().category())
                .owner("AWS")
                .provider(props.deploy().provider())
                .version("1")
                .inputArtifacts(deployInputs)
                .configuration(deploy)
                .build()));
        return stages;
    }

    private static CodepipelineStage stage(String name, CodepipelineStageAction action) {
        return CodepipelineStage.builder().name(name).action(List.of(action)).build();
    }

    public Codepipeline getPipeline() {
        return pipeline;
    }

    /** The alarms the deploy stage's entry condition reads (empty without an alarm gate). */
    public List<String> getGateAlarms() {
        return gateAlarms;
    }

    public IamRole getRole() {
        return role;
    }

    /** The CodeStar connection's ARN, or null when the source is not a connection. */
    public String getConnectionArn() {
        return source.connectionArn();
    }

    /** The S3 source's bucket, or null when the source is not an S3 object. */
    public S3Bucket getSourceBucket() {
        return source.bucket();
    }

    /**
     * The outputs of the source a user acts on: the connection (a created one needs its handshake), or the bucket
     * and key to upload to. None for ECR (the platform outputs the repository) or CodeCommit (the user's own).
     */
    public void sourceOutputs(Construct stack) {
        PipelineSource chosen = source.chosen();
        if (chosen instanceof PipelineSource.CodeStarConnection) {
            TerraformOutput.Builder.create(stack, "source_connection_arn").value(source.connectionArn())
                    .description("CodeStar connection (a created one must be completed once in the console)").build();
        } else if (chosen instanceof PipelineSource.S3Object s3) {
            TerraformOutput.Builder.create(stack, "source_bucket").value(source.bucket().getBucket())
                    .description("Bucket to upload releases to, as " + s3.key() + " (versioned; each upload starts the pipeline)")
                    .build();
            TerraformOutput.Builder.create(stack, "source_bucket_key_arn").value(source.keyArn())
                    .description("KMS key of the source bucket: the uploader needs kms:GenerateDataKey and kms:Decrypt"
                            + " (multipart uploads) on it").build();
        }
    }
}
