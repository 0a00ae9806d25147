package io.bluegreen.platform.server;

import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lambda_permission.LambdaPermission;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.LambdaPackage;
import io.bluegreen.codedeploy.DeploymentStateEvents;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every revision CodeDeploy could still install, and only those. CodeDeploy installs a deployment group's last
 * successful revision on every instance its Auto Scaling group launches (scale-out, replacement of an unhealthy
 * instance, rebalancing), and rolls back to it; it reads the revision's S3 object each time. So the artifact bucket of
 * an EC2 service expires nothing by age ({@code ArtifactStore.Props.keepRevisions}); after each successful deployment
 * of the group, a small function ({@code revision_retention.py}) tags {@link ArtifactStore#SUPERSEDED} every object of
 * the pipeline's folder older than the oldest revision kept, and the bucket's lifecycle deletes them at its next daily
 * run (their older versions stay 7 days).
 *
 * <p>The rule: the revisions of the {@link #KEEP} newest successful deployments (the live one and its predecessor,
 * for a rollback after the next release) and everything newer than them (releases in flight) stay, however old; what
 * can never be redeployed goes.
 */
public class RevisionRetention extends Construct {
    public static final String RUNTIME = "python3.13";
    static final String SOURCE = "revision_retention.py";
    /** Revisions kept: the live one and its predecessor. */
    public static final int KEEP = 2;

    /**
     * @param names naming helper
     * @param application the CodeDeploy application's name
     * @param deploymentGroup the deployment group's name
     * @param store the service's artifact store (its bucket must keep revisions)
     * @param logRetentionDays retention of the function's log group
     */
    public record Props(Names names, String application, String deploymentGroup, ArtifactStore store, int logRetentionDays) {
        public Props {
            Check check = Check.in("RevisionRetention.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("application", application, "pass the CodeDeploy application's name");
            check.notNull("deploymentGroup", deploymentGroup, "pass the deployment group's name");
            check.notNull("store", store, "pass the service's ArtifactStore (with keepRevisions)");
        }
    }

    private final LambdaFunction function;
    private final CloudwatchEventRule rule;
    private final IamRolePolicy policy;

    public RevisionRetention(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        AwsContext aws = AwsContext.of(this);
        String functionName = names.physical("revision-retention", NameLimit.LAMBDA_FUNCTION);
        String deploymentGroupArn = aws.deploymentGroupArn(props.application(), props.deploymentGroup());
        String bucketArn = props.store().getBucketArn();

        CloudwatchLogGroup logs = CloudwatchLogGroup.Builder.create(this, "LogGroup")
                .name("/aws/lambda/" + functionName)
                .retentionInDays(props.logRetentionDays())
                .build();
        IamRole role = IamRole.Builder.create(this, "Role")
                .name(names.physical("revision-retention", NameLimit.IAM_ROLE))
                .description("Retires the revisions of " + names.base() + " that CodeDeploy can never install again")
                .assumeRolePolicy(PolicyDocument.trust("lambda.amazonaws.com", aws.accountId()))
                .build();
        policy = IamRolePolicy.Builder.create(this, "Policy")
                .name("revision-retention")
                .role(role.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                List.of(logs.getArn() + ":*")),
                        PolicyStatement.allow("ReadDeployments", List.of("codedeploy:ListDeployments",
                                "codedeploy:BatchGetDeployments"), List.of(deploymentGroupArn)),
                        PolicyStatement.allow("ListArtifacts", List.of("s3:ListBucket"), List.of(bucketArn)),
                        // Reading an object's metadata (HeadObject), never its content (no kms:Decrypt), never a delete.
                        PolicyStatement.allow("ReadArtifacts", List.of("s3:GetObject"), List.of(bucketArn + "/*")),
                        // Tagging with the one tag that retires an object, and no other.
                        PolicyStatement.allow("RetireArtifacts", List.of("s3:PutObjectTagging"), List.of(bucketArn + "/*"))
                                .when("ForAllValues:StringEquals", "s3:RequestObjectTagKeys",
                                        List.of(ArtifactStore.SUPERSEDED.getKey()))
                                .when("StringEquals", "s3:RequestObjectTag/" + ArtifactStore.SUPERSEDED.getKey(),
                                        List.of(ArtifactStore.SUPERSEDED.getValue())))))
                .build();
        TerraformAsset code = TerraformAsset.Builder.create(this, "Code")
                .path(LambdaPackage.of(RevisionRetention.class, SOURCE).toString())
                .type(AssetType.FILE)
                .build();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("APPLICATION", props.application());
        environment.put("DEPLOYMENT_GROUP", props.deploymentGroup());
        environment.put("BUCKET", props.store().getBucket().getBucket());
        environment.put("KEEP", String.valueOf(KEEP));
        environment.put("TAG_KEY", ArtifactStore.SUPERSEDED.getKey());
        environment.put("TAG_VALUE", ArtifactStore.SUPERSEDED.getValue());
        function = LambdaFunction.Builder.create(this, "Function")
                .functionName(functionName)
                .description("Retires revisions of " + names.base() + " older than the live one and its predecessor")
                .role(role.getArn())
                .runtime(RUNTIME)
                .handler("revision_retention.handler")
                .filename(code.getPath())
                .sourceCodeHash(Fn.filebase64sha256(code.getPath()))
                .timeout(120)
                .memorySize(128)
                .environment(LambdaFunctionEnvironment.builder().variables(environment).build())
                .dependsOn(List.of(logs, policy))
                .build();
        rule = CloudwatchEventRule.Builder.create(this, "Rule")
                .name(names.physical("revision-retention", NameLimit.EVENT_RULE))
                .description("Successful deployments of " + names.base() + " -> revision retention")
                .eventPattern(PolicyDocument.json(DeploymentStateEvents.pattern(props.application(), props.deploymentGroup(), List.of("SUCCESS"))))
                .build();
        LambdaPermission permission = LambdaPermission.Builder.create(this, "Permission")
                .statementId("RetentionOnSuccess")
                .action("lambda:InvokeFunction")
                .functionName(function.getFunctionName())
                .principal("events.amazonaws.com")
                .sourceArn(rule.getArn())
                .build();
        CloudwatchEventTarget.Builder.create(this, "Target")
                .rule(rule.getName())
                .arn(function.getArn())
                .dependsOn(List.of(permission))
                .build();
    }

    public LambdaFunction getFunction() {
        return function;
    }

    public CloudwatchEventRule getRule() {
        return rule;
    }
}
