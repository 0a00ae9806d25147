package io.bluegreen.platform.server;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigMinimumHealthyHosts;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import java.util.Map;
import java.util.LinkedHashMap;
import io.bluegreen.pipeline.DeployStage;
import io.bluegreen.codedeploy.DeploymentGroups;
import java.util.List;
import software.constructs.Construct;

/**
 * What the deployment groups of every server platform share (compute platform Server: EC2 in place, EC2 blue/green):
 * the application, the deployment config, the service role and the check that a config can ever start.
 */
public final class ServerDeployments {
    /** CodeDeploy's compute platform of EC2 and on-premises deployments. */
    public static final String COMPUTE_PLATFORM = "Server";
    /** The managed policy of a Server deployment group's service role (tags, instances, target groups, SNS, alarms). */
    public static final String MANAGED_POLICY = "service-role/AWSCodeDeployRole";

    private ServerDeployments() {
    }

    /**
     * A deployment can only start when the config leaves at least one of the fleet's instances free to update: a
     * fleet of 2 that must keep 2 healthy hosts can never deploy.
     */
    public static void checkConfig(Check check, String field, ServerDeploymentConfig config, int minFleetSize) {
        int healthy = config.requiredHealthy(minFleetSize);
        check.require(healthy < minFleetSize, field, config.role(),
                "a config that leaves at least one of the fleet's " + minFleetSize + " instances (its minSize) free to"
                        + " update; it keeps " + healthy + " healthy, so a deployment could never start",
                "lower the minimum of healthy hosts below " + minFleetSize + ", or raise the fleet's minSize");
    }

    /** The CodeDeploy application of an EC2 service (compute platform Server). */
    public static CodedeployApp application(Construct scope, Names names) {
        return CodedeployApp.Builder.create(scope, "Application")
                .name(names.physical("app", NameLimit.CODEDEPLOY))
                .computePlatform(COMPUTE_PLATFORM)
                .build();
    }

    /**
     * The name of the deployment config: a built-in one, or a custom minimum of healthy hosts created here, whose name
     * carries its value (a changed config is a new one, created before the old is deleted).
     */
    public static String config(Construct scope, Names names, ServerDeploymentConfig config) {
        if (config instanceof ServerDeploymentConfig.MinimumHealthyHosts custom) {
            return CodedeployDeploymentConfig.Builder.create(scope, "DeploymentConfig")
                    .deploymentConfigName(names.physical(custom.role(), NameLimit.CODEDEPLOY))
                    .computePlatform(COMPUTE_PLATFORM)
                    .minimumHealthyHosts(CodedeployDeploymentConfigMinimumHealthyHosts.builder()
                            .type(custom.percent() ? "FLEET_PERCENT" : "HOST_COUNT")
                            .value(custom.value())
                            .build())
                    .lifecycle(TerraformResourceLifecycle.builder().createBeforeDestroy(true).build())
                    .build()
                    .getDeploymentConfigName();
        }
        return config.role();
    }

    /**
     * The service role of an EC2 deployment group: the managed policy for EC2, and what AWS documents for groups
     * that launch from a launch template (which AWSCodeDeployRole lacks): launching from this fleet's template only
     * (condition ec2:LaunchTemplate), tagging what it launches, passing the instance role to EC2. Its policies are added to {@code rolePolicies}, for the group to depend on.
     */
    public static IamRole serviceRole(Construct scope, Names names, String description, String instanceRoleArn,
                              String launchTemplateArn, List<ITerraformDependable> rolePolicies) {
        AwsContext aws = AwsContext.of(scope);
        IamRole role = DeploymentGroups.serviceRole(scope, names, description, MANAGED_POLICY, rolePolicies);
        rolePolicies.add(IamRolePolicy.Builder.create(scope, "ServiceRoleLaunchTemplate")
                .name("launch-template")
                .role(role.getName())
                .policy(PolicyDocument.of(List.of(
                        // RunInstances touches instances, volumes, interfaces, subnets, groups, images and templates;
                        // every one of them carries the template it is launched from: this fleet's, and no other.
                        PolicyStatement.allow("LaunchFromTemplate", List.of("ec2:RunInstances"), List.of("*"))
                                .when("ArnLike", "ec2:LaunchTemplate", List.of(launchTemplateArn)),
                        PolicyStatement.allow("TagLaunchedInstances", List.of("ec2:CreateTags"),
                                        List.of("arn:" + aws.partition() + ":ec2:" + aws.region() + ":" + aws.accountId() + ":*/*"))
                                .when("StringEquals", "ec2:CreateAction", List.of("RunInstances")),
                        PolicyStatement.allowWhen("PassInstanceRole", List.of("iam:PassRole"), List.of(instanceRoleArn),
                                "StringEquals", "iam:PassedToService", List.of("ec2.amazonaws.com")),
                        // The template's image is a public SSM parameter (resolve:ssm:...): whoever launches from the
                        // template, or creates a group with it (CodeDeploy copying the fleet), must read it.
                        PolicyStatement.allow("ResolveImageParameter", List.of("ssm:GetParameters"),
                                List.of("arn:" + aws.partition() + ":ssm:" + aws.region() + "::parameter"
                                        + FleetSettings.AMI_PARAMETER_PREFIX + "*")))))
                .build());
        return role;
    }

    /**
     * The deploy stage of a server platform's pipeline: the CodeDeploy action named {@code actionName} with the build's
     * revision (a zip with appspec.yml at its root), what the pipeline role needs for it (deployments in this group,
     * revisions of this application, reading the deployment config), and the alarms a gate may read.
     */
    public static DeployStage deployStage(Construct scope, String actionName, CodedeployApp application,
                                          CodedeployDeploymentGroup group, String deploymentConfigName,
                                          List<String> alarms) {
        String app = application.getName();
        List<PolicyStatement> statements = DeploymentGroups.pipelineStatements(scope, app,
                group.getDeploymentGroupName(), deploymentConfigName);
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("ApplicationName", app);
        configuration.put("DeploymentGroupName", group.getDeploymentGroupName());
        return new DeployStage(actionName, "CodeDeploy", configuration, statements).withAlarms(alarms);
    }
}
