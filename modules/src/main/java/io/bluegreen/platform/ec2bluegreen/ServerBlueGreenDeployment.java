package io.bluegreen.platform.ec2bluegreen;

import io.bluegreen.codedeploy.DeploymentGroups;
import io.bluegreen.platform.server.ServerDeployments;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigGreenFleetProvisioningOption;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupDeploymentStyle;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupInfo;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.DeployStage;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * CodeDeploy blue/green for an EC2 Auto Scaling group (green fleet provisioning COPY_AUTO_SCALING_GROUP): on each
 * deployment CodeDeploy copies the live group to {@code CodeDeploy_<deployment group>_<deployment id>}, installs the
 * revision on the copy's instances (ApplicationStop .. ValidateService), runs BeforeAllowTraffic, registers them in
 * the target group, runs AfterAllowTraffic, deregisters the old ones (BeforeBlockTraffic/AfterBlockTraffic on blue),
 * and after the termination wait terminates them and deletes the old group. Automatic rollback on failure and on
 * alarm, triggers to the service's topic; the deployment config (how many green instances install at a time) and
 * the service role are those of EC2 in place.
 *
 * <p>The deployment group names the live group, which CodeDeploy changes on every deployment: Terraform ignores
 * {@code autoscaling_groups} after creating the group with the seed (see {@code Ec2Fleet.SeedForCopies}).
 */
public class ServerBlueGreenDeployment extends Construct {
    /**
     * @param names naming helper
     * @param autoScalingGroups the group CodeDeploy copies: exactly one name (a list token of the seed counts as one)
     * @param targetGroup the target group green joins and blue leaves; required, traffic control needs it
     * @param minFleetSize the fleet's minimum size: the deployment config must leave at least one host to install on
     * @param config how many green instances install at a time
     * @param green ready option, termination wait
     * @param rollbackAlarms alarms that stop a deployment and roll back (at most 10)
     * @param notifications topic for deployment events; null = none
     * @param instanceRoleArn the fleet's instance role: CodeDeploy passes it when it launches the copy's instances
     * @param launchTemplateArn the fleet's launch template: the only template CodeDeploy may launch from
     */
    public record Props(Names names, List<String> autoScalingGroups, LbTargetGroup targetGroup, int minFleetSize,
                        ServerDeploymentConfig config, GreenFleetSettings green, List<String> rollbackAlarms,
                        NotificationTopic notifications, String instanceRoleArn, String launchTemplateArn) {
        public Props {
            Check check = Check.in("ServerBlueGreenDeployment.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("autoScalingGroups", autoScalingGroups, "pass the fleet's group (Ec2Fleet.getGroupNames())");
            check.require(autoScalingGroups.size() == 1, "autoScalingGroups", autoScalingGroups,
                    "exactly one Auto Scaling group: COPY_AUTO_SCALING_GROUP copies one group",
                    "deploy each fleet with its own deployment group");
            check.notNull("targetGroup", targetGroup,
                    "a blue/green deployment with traffic control moves the fleet between instances of one target group:"
                            + " pass the traffic layer's target group");
            check.notNull("config", config, "e.g. new ServerDeploymentConfig.OneAtATime()");
            check.notNull("green", green, "e.g. GreenFleetSettings.DEFAULT");
            check.notNull("instanceRoleArn", instanceRoleArn, "pass the fleet's instance role ARN");
            check.notNull("launchTemplateArn", launchTemplateArn, "pass the fleet's launch template ARN");
            ServerDeployments.checkConfig(check, "config", config, minFleetSize);
            rollbackAlarms = DeploymentGroups.checkAlarms(check, rollbackAlarms);
        }
    }

    /** The deployment group's name: the copies' names start with {@code CodeDeploy_<this>_}. */
    public static String groupName(Names names) {
        return names.physical("dg", NameLimit.CODEDEPLOY);
    }

    /** How CodeDeploy names its copies of the fleet, up to the deployment id. */
    public static String copyPrefix(Names names) {
        return "CodeDeploy_" + groupName(names) + "_";
    }

    private final List<String> rollbackAlarms;
    private final CodedeployApp application;
    private final CodedeployDeploymentGroup deploymentGroup;
    private final String deploymentConfigName;

    public ServerBlueGreenDeployment(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        GreenFleetSettings green = props.green();

        application = ServerDeployments.application(this, names);
        deploymentConfigName = ServerDeployments.config(this, names, props.config());
        List<ITerraformDependable> rolePolicies = new ArrayList<>();
        IamRole role = ServerDeployments.serviceRole(this, names, "CodeDeploy blue/green (copied fleet) for " + names.base(),
                props.instanceRoleArn(), props.launchTemplateArn(), rolePolicies);

        CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption.Builder ready =
                CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption.builder();
        if (green.manualGoAhead()) {
            ready.actionOnTimeout("STOP_DEPLOYMENT").waitTimeInMinutes(green.readyMinutes());
        } else {
            ready.actionOnTimeout("CONTINUE_DEPLOYMENT");
        }
        CodedeployDeploymentGroup.Builder group = CodedeployDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .appName(application.getName())
                .deploymentGroupName(groupName(names))
                .deploymentConfigName(deploymentConfigName)
                .serviceRoleArn(role.getArn())
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .deploymentType("BLUE_GREEN")
                        .build())
                .blueGreenDeploymentConfig(CodedeployDeploymentGroupBlueGreenDeploymentConfig.builder()
                        .deploymentReadyOption(ready.build())
                        .greenFleetProvisioningOption(CodedeployDeploymentGroupBlueGreenDeploymentConfigGreenFleetProvisioningOption.builder()
                                .action("COPY_AUTO_SCALING_GROUP")
                                .build())
                        .terminateBlueInstancesOnDeploymentSuccess(
                                CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess.builder()
                                        .action("TERMINATE")
                                        .terminationWaitTimeInMinutes(green.terminationWaitMinutes())
                                        .build())
                        .build())
                .autoscalingGroups(props.autoScalingGroups())
                .loadBalancerInfo(CodedeployDeploymentGroupLoadBalancerInfo.builder()
                        .targetGroupInfo(List.of(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupInfo.builder()
                                .name(props.targetGroup().getName())
                                .build()))
                        .build())
                // After every deployment the group names CodeDeploy's copy: Terraform must not put the seed back.
                .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("autoscaling_groups")).build());
        rollbackAlarms = props.rollbackAlarms();
        deploymentGroup = DeploymentGroups.build(this, group, role, rollbackAlarms, props.notifications(), rolePolicies);
    }

    /**
     * The deploy stage of the service's pipeline: the CodeDeploy action with the build's revision (the same zip as in
     * place, with the blue/green hooks in its appspec), and the pipeline role's statements for this group.
     */
    public DeployStage deployStage() {
        return ServerDeployments.deployStage(this, "BlueGreenDeploy", application, deploymentGroup, deploymentConfigName,
                rollbackAlarms);
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
