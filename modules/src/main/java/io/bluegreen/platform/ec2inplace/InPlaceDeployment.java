package io.bluegreen.platform.ec2inplace;

import io.bluegreen.codedeploy.DeploymentGroups;
import io.bluegreen.platform.server.ServerDeployments;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.autoscaling_group.AutoscalingGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
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
 * CodeDeploy in place for an EC2 Auto Scaling group: application (compute platform Server), the deployment config
 * ({@link ServerDeploymentConfig}: a built-in one, or a custom minimum of healthy hosts whose name changes with its
 * value so a new one can be created before the old is deleted), a service role with the managed policy for EC2, and
 * the deployment group: IN_PLACE with traffic control (each instance leaves the target group while it updates),
 * automatic rollback on failure and on alarm, triggers to the service's topic.
 */
public class InPlaceDeployment extends Construct {
    /**
     * @param names naming helper
     * @param group the Auto Scaling group deployed to
     * @param targetGroup the target group instances leave while they update (BlockTraffic/AllowTraffic)
     * @param minFleetSize the group's minimum size: the deployment config must leave at least one host to update
     * @param config how many instances at a time
     * @param rollbackAlarms alarms that stop a deployment and roll back (at most 10)
     * @param notifications topic for deployment events; null = none
     * @param instanceRoleArn the fleet's instance role: CodeDeploy passes it when it launches from the group's
     *                        launch template
     * @param launchTemplateArn the fleet's launch template: the only template CodeDeploy may launch from
     */
    public record Props(Names names, AutoscalingGroup group, LbTargetGroup targetGroup, int minFleetSize,
                        ServerDeploymentConfig config, List<String> rollbackAlarms, NotificationTopic notifications,
                        String instanceRoleArn, String launchTemplateArn) {
        public Props {
            Check check = Check.in("InPlaceDeployment.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("group", group, "pass the fleet's Auto Scaling group");
            check.notNull("targetGroup", targetGroup, "pass the traffic layer's target group");
            check.notNull("config", config, "e.g. new ServerDeploymentConfig.OneAtATime()");
            check.notNull("instanceRoleArn", instanceRoleArn, "pass the fleet's instance role ARN");
            check.notNull("launchTemplateArn", launchTemplateArn, "pass the fleet's launch template ARN");
            ServerDeployments.checkConfig(check, "config", config, minFleetSize);
            rollbackAlarms = DeploymentGroups.checkAlarms(check, rollbackAlarms);
        }
    }


    private final List<String> rollbackAlarms;
    private final CodedeployApp application;
    private final CodedeployDeploymentGroup deploymentGroup;
    private final String deploymentConfigName;

    public InPlaceDeployment(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();

        application = ServerDeployments.application(this, names);
        deploymentConfigName = ServerDeployments.config(this, names, props.config());
        List<ITerraformDependable> rolePolicies = new ArrayList<>();
        IamRole role = ServerDeployments.serviceRole(this, names, "CodeDeploy in place for " + names.base(),
                props.instanceRoleArn(), props.launchTemplateArn(), rolePolicies);

        CodedeployDeploymentGroup.Builder group = CodedeployDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .appName(application.getName())
                .deploymentGroupName(names.physical("dg", NameLimit.CODEDEPLOY))
                .deploymentConfigName(deploymentConfigName)
                .serviceRoleArn(role.getArn())
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .deploymentType("IN_PLACE")
                        .build())
                .autoscalingGroups(List.of(props.group().getName()))
                .loadBalancerInfo(CodedeployDeploymentGroupLoadBalancerInfo.builder()
                        .targetGroupInfo(List.of(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupInfo.builder()
                                .name(props.targetGroup().getName())
                                .build()))
                        .build());
        rollbackAlarms = props.rollbackAlarms();
        deploymentGroup = DeploymentGroups.build(this, group, role, rollbackAlarms, props.notifications(), rolePolicies);
    }

    /**
     * The deploy stage of the service's pipeline: the CodeDeploy action with the build's revision (a zip with
     * appspec.yml at its root), and what the pipeline role needs for it: deployments in this group, revisions of this
     * application, and reading the deployment config.
     */
    public DeployStage deployStage() {
        return ServerDeployments.deployStage(this, "InPlaceDeploy", application, deploymentGroup, deploymentConfigName,
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
