package io.bluegreen.platform.existingservers;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupDeploymentStyle;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupEc2TagSet;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupEc2TagSetEc2TagFilter;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupOnPremisesInstanceTagFilter;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import io.bluegreen.codedeploy.DeploymentGroups;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.DeployStage;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import io.bluegreen.platform.server.ServerDeployments;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * CodeDeploy in place for servers chosen by their tags: the application (compute platform Server), the deployment
 * config, a service role with the managed policy for EC2/on-premises deployments (AWSCodeDeployRole: reading
 * instances' tags, the target group; nothing to launch), and the deployment group: IN_PLACE, with traffic control when
 * a target group is given (each server leaves it while it updates), else without; automatic rollback on failure, on a
 * stop and on the given alarms; triggers to the service's topic.
 */
public class TaggedDeployment extends Construct {
    /**
     * @param names naming helper
     * @param servers which servers, by tags
     * @param expectedMinFleetSize how many servers the tags select at the least: the config must leave one to update
     * @param config how many servers at a time
     * @param targetGroupName an existing target group servers leave while they update, or null for none
     * @param rollbackAlarms alarms that stop a deployment and roll back (at most 10)
     * @param notifications topic for deployment events; null = none
     */
    public record Props(Names names, ServerSelection servers, int expectedMinFleetSize, ServerDeploymentConfig config,
                        String targetGroupName, List<String> rollbackAlarms, NotificationTopic notifications) {
        public Props {
            Check check = Check.in("TaggedDeployment.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("servers", servers, "select the servers by tags");
            check.notNull("config", config, "e.g. new ServerDeploymentConfig.OneAtATime()");
            ServerDeployments.checkConfig(check, "config", config, expectedMinFleetSize);
            rollbackAlarms = DeploymentGroups.checkAlarms(check, rollbackAlarms);
        }
    }

    private final List<String> rollbackAlarms;
    private final CodedeployApp application;
    private final CodedeployDeploymentGroup deploymentGroup;
    private final String deploymentConfigName;

    public TaggedDeployment(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        application = ServerDeployments.application(this, names);
        deploymentConfigName = ServerDeployments.config(this, names, props.config());
        List<ITerraformDependable> rolePolicies = new ArrayList<>();
        IamRole role = DeploymentGroups.serviceRole(this, names, "CodeDeploy in place for the tagged servers of "
                + names.base(), ServerDeployments.MANAGED_POLICY, rolePolicies);

        boolean traffic = props.targetGroupName() != null;
        CodedeployDeploymentGroup.Builder group = CodedeployDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .appName(application.getName())
                .deploymentGroupName(names.physical("dg", NameLimit.CODEDEPLOY))
                .deploymentConfigName(deploymentConfigName)
                .serviceRoleArn(role.getArn())
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentOption(traffic ? "WITH_TRAFFIC_CONTROL" : "WITHOUT_TRAFFIC_CONTROL")
                        .deploymentType("IN_PLACE")
                        .build());
        ServerSelection servers = props.servers();
        if (servers.hasEc2()) {
            group.ec2TagSet(servers.ec2TagGroups().stream().map(tags -> CodedeployDeploymentGroupEc2TagSet.builder()
                    .ec2TagFilter(tags.stream().map(t -> {
                        CodedeployDeploymentGroupEc2TagSetEc2TagFilter.Builder f =
                                CodedeployDeploymentGroupEc2TagSetEc2TagFilter.builder().key(t.key()).type(t.type());
                        return (t.value() == null ? f : f.value(t.value())).build();
                    }).toList())
                    .build()).toList());
        }
        if (servers.hasOnPremises()) {
            group.onPremisesInstanceTagFilter(servers.onPremisesTags().stream().map(t -> {
                CodedeployDeploymentGroupOnPremisesInstanceTagFilter.Builder f =
                        CodedeployDeploymentGroupOnPremisesInstanceTagFilter.builder().key(t.key()).type(t.type());
                return (t.value() == null ? f : f.value(t.value())).build();
            }).toList());
        }
        if (traffic) {
            group.loadBalancerInfo(CodedeployDeploymentGroupLoadBalancerInfo.builder()
                    .targetGroupInfo(List.of(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupInfo.builder()
                            .name(props.targetGroupName())
                            .build()))
                    .build());
        }
        rollbackAlarms = props.rollbackAlarms();
        deploymentGroup = DeploymentGroups.build(this, group, role, rollbackAlarms, props.notifications(), rolePolicies);
    }

    /** The pipeline's deploy stage: the CodeDeploy action with the build's revision, and the pipeline role's statements. */
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
}
