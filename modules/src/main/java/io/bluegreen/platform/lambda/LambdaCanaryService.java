package io.bluegreen.platform.lambda;

import io.bluegreen.platform.LambdaCanary;
import io.bluegreen.platform.ServiceContext;
import com.hashicorp.cdktf.TerraformOutput;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.pipeline.BuildProject;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeployStage;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda canary platform composed into a service's stack: the function and its alias, notifications, the
 * alias's rollback alarms, the CodeDeploy application and deployment group, the two validation hooks, and the
 * pipeline: a build that packages and publishes a version and writes the appspec, and a deploy step (a second
 * CodeBuild project) that creates the deployment and waits for it.
 *
 * @param artifacts the pipeline's artifact bucket and key
 * @param function the function and its alias
 * @param notifications the service's delivery notifications topic
 * @param alarms the alias's rollback alarms
 * @param deployment the CodeDeploy application, config and deployment group
 * @param hooks the BeforeAllowTraffic and AfterAllowTraffic functions
 * @param build the build stage's project (package, publish, appspec)
 * @param deploy the deploy step's project (create the deployment, wait)
 * @param pipeline the CodePipeline
 */
public record LambdaCanaryService(ArtifactStore artifacts, AliasedFunction function, NotificationTopic notifications,
                                  FunctionAlarms alarms, LambdaDeployment deployment, LambdaHooks hooks,
                                  BuildProject build, BuildProject deploy, DeliveryPipeline pipeline) {
    /** The build action's name in the pipeline. */
    public static final String BUILD_ACTION = "PackageAndPublish";
    /** The deploy project's role (its name, role and logs). */
    public static final String DEPLOY_ROLE = "deploy";

    public static LambdaCanaryService compose(Construct stack, ServiceContext context, LambdaCanary lambda) {
        Names names = context.names();
        ArtifactStore artifacts = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(names,
                lambda.pipeline().artifactRetentionDays(), lambda.pipeline().forceDestroyArtifacts(),
                List.of(BuildProject.logGroupName(names), BuildProject.logGroupName(names, DEPLOY_ROLE))));
        NotificationTopic notifications = new NotificationTopic(stack, "Notifications",
                new NotificationTopic.Props(names, context.notificationEmails()));
        AliasedFunction function = new AliasedFunction(stack, "Function", new AliasedFunction.Props(names,
                context.network(), lambda.function(), lambda.aliasName(), lambda.functionUrl()));
        FunctionAlarms alarms = new FunctionAlarms(stack, "Alarms", new FunctionAlarms.Props(names,
                AliasedFunction.functionName(names), lambda.aliasName(), lambda.function().timeoutSeconds(), lambda.alarms(),
                notifications.getTopicArn()));
        LambdaDeployment deployment = new LambdaDeployment(stack, "Deployment", new LambdaDeployment.Props(names,
                lambda.deploymentConfig(), alarms.getAlarmNames(), notifications));
        String functionArn = function.getFunction().getArn();
        LambdaHooks hooks = new LambdaHooks(stack, "Hooks", new LambdaHooks.Props(names, functionArn,
                deployment.deploymentGroupArn(), lambda.hooks(), lambda.function().logRetentionDays(),
                lambda.function().timeoutSeconds()));

        Map<String, String> buildVariables = new LinkedHashMap<>();
        buildVariables.put("FUNCTION_NAME", function.getFunction().getFunctionName());
        buildVariables.put("ALIAS_NAME", function.getAlias().getName());
        buildVariables.put("BEFORE_HOOK", hooks.getBefore().getFunctionName());
        buildVariables.put("AFTER_HOOK", hooks.getAfter().getFunctionName());
        // The build only packages (no AWS calls): publishing and the alias are the deploy step's, after any approval.
        BuildProject build = new BuildProject(stack, "Build", new BuildProject.Props(names, artifacts, lambda.buildspec(),
                buildVariables, List.of(), false, lambda.pipeline()));
        Map<String, String> deployVariables = new LinkedHashMap<>();
        deployVariables.put("APPLICATION", deployment.getApplication().getName());
        deployVariables.put("DEPLOYMENT_GROUP", deployment.getDeploymentGroup().getDeploymentGroupName());
        // The step stops the deployment (with rollback) this long before CodeBuild's timeout would end it unwatched.
        deployVariables.put("DEPLOY_DEADLINE_MINUTES",
                String.valueOf(lambda.deployTimeoutMinutes() - LambdaCanary.DEPLOY_STOP_MARGIN_MINUTES));
        // What wakes an idle (Inactive) version: the hooks' own test event, harmless by design.
        deployVariables.put("TEST_EVENT", io.bluegreen.terraform.TerraformStrings.literal(lambda.hooks().testEvent()));
        List<PolicyStatement> deployStatements = new ArrayList<>(List.of(
                PolicyStatement.allow("ReadAlias", List.of("lambda:GetAlias", "lambda:GetFunctionConfiguration",
                                "lambda:ListAliases", "lambda:ListVersionsByFunction"),
                        List.of(functionArn, functionArn + ":*")),
                PolicyStatement.allow("PublishVersions", List.of("lambda:UpdateFunctionCode", "lambda:PublishVersion"),
                        List.of(functionArn)),
                // Versions only (qualified ARNs): never the function itself. Invoking one wakes it when it is Inactive.
                PolicyStatement.allow("PruneVersions", List.of("lambda:DeleteFunction"), List.of(functionArn + ":*")),
                PolicyStatement.allow("WakeVersions", List.of("lambda:InvokeFunction"), List.of(functionArn + ":*")),
                PolicyStatement.allow("WatchDeployments", List.of("codedeploy:ListDeployments", "codedeploy:StopDeployment"),
                        List.of(deployment.deploymentGroupArn()))));
        deployStatements.addAll(deployment.deployStatements());
        BuildProject deploy = new BuildProject(stack, "Deploy", new BuildProject.Props(names, artifacts,
                lambda.deployBuildspec(), deployVariables, deployStatements, false,
                lambda.pipeline().withBuildTimeoutMinutes(lambda.deployTimeoutMinutes()), DEPLOY_ROLE));
        DeployStage stage = new DeployStage("CreateDeploymentAndWait", "CodeBuild",
                Map.of("ProjectName", deploy.getProject().getName()),
                List.of(PolicyStatement.allow("RunDeployStep", List.of("codebuild:StartBuild", "codebuild:BatchGetBuilds"),
                        List.of(deploy.getProject().getArn()))), "Build")
                // The deploy step fails only once CodeDeploy's own rollback has finished (buildspec-lambda-deploy.yml),
                // so a stage rollback starts on a quiet group: it deploys the last successful release's package again.
                .withAlarms(alarms.getAlarmNames())
                .rollingBackOnFailure();
        DeliveryPipeline pipeline = new DeliveryPipeline(stack, "Pipeline", new DeliveryPipeline.Props(names, artifacts,
                build, BUILD_ACTION, stage, lambda.pipeline(), notifications));

        output(stack, "alias_arn", function.getAlias().getArn(), "What callers invoke: the alias CodeDeploy shifts");
        output(stack, "function_name", function.getFunction().getFunctionName(), "The function");
        if (function.getUrl() != null) {
            output(stack, "function_url", function.getUrl().getFunctionUrl(), "The alias's function URL (IAM auth)");
        }
        output(stack, "codedeploy_application", deployment.getApplication().getName(), "CodeDeploy application");
        output(stack, "codedeploy_deployment_group", deployment.getDeploymentGroup().getDeploymentGroupName(),
                "CodeDeploy deployment group");
        output(stack, "pipeline_name", pipeline.getPipeline().getName(), "CodePipeline that deploys every push");
        pipeline.sourceOutputs(stack);
        output(stack, "notifications_topic_arn", notifications.getTopicArn(), "SNS topic for pipeline and deployment events");
        return new LambdaCanaryService(artifacts, function, notifications, alarms, deployment, hooks, build, deploy, pipeline);
    }

    private static void output(Construct stack, String name, String value, String description) {
        TerraformOutput.Builder.create(stack, name).value(value).description(description).build();
    }
}
