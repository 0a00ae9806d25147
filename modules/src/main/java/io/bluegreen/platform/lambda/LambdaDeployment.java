package io.bluegreen.platform.lambda;

import io.bluegreen.codedeploy.DeploymentGroups;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupDeploymentStyle;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * CodeDeploy for a Lambda alias: application (compute platform Lambda), the deployment config
 * ({@link LambdaDeploymentConfig}), a service role with the managed policy for Lambda (it may move aliases, and
 * invoke hook functions whose names start with {@code CodeDeployHook_}), and the deployment group: BLUE_GREEN with
 * traffic control, automatic rollback on failure and on alarm, triggers to the service's topic.
 *
 * <p>CodePipeline has no CodeDeploy action for Lambda: deployments are created from the appspec by the pipeline's
 * deploy step, whose role gets {@link #deployStatements()}.
 */
public class LambdaDeployment extends Construct {
    public static final String COMPUTE_PLATFORM = "Lambda";

    /**
     * @param names naming helper
     * @param config how the alias shifts
     * @param rollbackAlarms alarms that stop a deployment and roll back (at most 10)
     * @param notifications topic for deployment events; null = none
     */
    public record Props(Names names, LambdaDeploymentConfig config, List<String> rollbackAlarms,
                        NotificationTopic notifications) {
        public Props {
            Check check = Check.in("LambdaDeployment.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("config", config, "e.g. new LambdaDeploymentConfig.BuiltIn(\"LambdaCanary10Percent5Minutes\")");
            rollbackAlarms = DeploymentGroups.checkAlarms(check, rollbackAlarms);
        }
    }

    private final CodedeployApp application;
    private final CodedeployDeploymentGroup deploymentGroup;
    private final String deploymentConfigName;

    public LambdaDeployment(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        application = CodedeployApp.Builder.create(this, "Application")
                .name(names.physical("app", NameLimit.CODEDEPLOY))
                .computePlatform(COMPUTE_PLATFORM)
                .build();
        deploymentConfigName = config(names, props.config());

        List<ITerraformDependable> rolePolicies = new ArrayList<>();
        IamRole role = DeploymentGroups.serviceRole(this, names, "CodeDeploy for the Lambda alias of " + names.base(),
                "service-role/AWSCodeDeployRoleForLambda", rolePolicies);
        CodedeployDeploymentGroup.Builder group = CodedeployDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .appName(application.getName())
                .deploymentGroupName(names.physical("dg", NameLimit.CODEDEPLOY))
                .deploymentConfigName(deploymentConfigName)
                .serviceRoleArn(role.getArn())
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .deploymentType("BLUE_GREEN")
                        .build());
        deploymentGroup = DeploymentGroups.build(this, group, role, props.rollbackAlarms(), props.notifications(), rolePolicies);
    }

    private String config(Names names, LambdaDeploymentConfig config) {
        CodedeployDeploymentConfigTrafficRoutingConfig.Builder routing = CodedeployDeploymentConfigTrafficRoutingConfig.builder();
        if (config instanceof LambdaDeploymentConfig.TimeBasedCanary canary) {
            routing.type("TimeBasedCanary").timeBasedCanary(CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary.builder()
                    .percentage(canary.percent()).interval(canary.intervalMinutes()).build());
        } else if (config instanceof LambdaDeploymentConfig.TimeBasedLinear linear) {
            routing.type("TimeBasedLinear").timeBasedLinear(CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear.builder()
                    .percentage(linear.percent()).interval(linear.intervalMinutes()).build());
        } else {
            return config.role();
        }
        return CodedeployDeploymentConfig.Builder.create(this, "DeploymentConfig")
                // The name carries the settings: a changed config is a new one, created before the old is deleted.
                .deploymentConfigName(names.physical(config.role(), NameLimit.CODEDEPLOY))
                .computePlatform(COMPUTE_PLATFORM)
                .trafficRoutingConfig(routing.build())
                .lifecycle(TerraformResourceLifecycle.builder().createBeforeDestroy(true).build())
                .build()
                .getDeploymentConfigName();
    }

    /** What the pipeline's deploy step needs: deployments in this group, its application's revisions, its config. */
    public List<PolicyStatement> deployStatements() {
        return DeploymentGroups.pipelineStatements(this, application.getName(), deploymentGroup.getDeploymentGroupName(),
                deploymentConfigName);
    }

    /** The deployment group's ARN, for what may read deployments or report hook status. */
    public String deploymentGroupArn() {
        return AwsContext.of(this).deploymentGroupArn(application.getName(), deploymentGroup.getDeploymentGroupName());
    }

    public CodedeployApp getApplication() {
        return application;
    }

    public CodedeployDeploymentGroup getDeploymentGroup() {
        return deploymentGroup;
    }

    public String getDeploymentConfigName() {
        return deploymentConfigName;
    }
}
