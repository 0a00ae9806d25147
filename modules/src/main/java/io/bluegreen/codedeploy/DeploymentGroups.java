package io.bluegreen.codedeploy;

import io.bluegreen.platform.ec2inplace.InPlaceDeployment;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigMinimumHealthyHosts;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAlarmConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAutoRollbackConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupTriggerConfiguration;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.platform.server.FleetSettings;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import software.constructs.Construct;

import java.util.List;

/** What every CodeDeploy deployment group here has in common, whatever its platform. */
public final class DeploymentGroups {
    /** Deployment events sent to the notifications topic. */
    public static final List<String> TRIGGER_EVENTS = List.of("DeploymentStart", "DeploymentSuccess",
            "DeploymentFailure", "DeploymentRollback", "DeploymentStop");

    private DeploymentGroups() {
    }

    /**
     * Automatic rollback on failure, on a stop by hand (the console's "Stop deployment", or stop-deployment without
     * --auto-rollback-enabled, would otherwise leave a half-shifted deployment to clean up by hand) and, when there
     * are alarms, when one of them fires during a deployment.
     */
    public static void rollBack(CodedeployDeploymentGroup.Builder group, List<String> alarms) {
        group.autoRollbackConfiguration(CodedeployDeploymentGroupAutoRollbackConfiguration.builder()
                .enabled(true)
                .events(alarms.isEmpty() ? List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST")
                        : List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"))
                .build());
        if (!alarms.isEmpty()) {
            group.alarmConfiguration(CodedeployDeploymentGroupAlarmConfiguration.builder()
                    .enabled(true)
                    .alarms(alarms)
                    .ignorePollAlarmFailure(false)
                    .build());
        }
    }

    /**
     * Triggers to {@code topic} and the service role's use of the topic's key (the managed CodeDeploy policies may
     * publish to the topic; its KMS key must allow the role too). The role policy, for the group to depend on.
     */
    public static IamRolePolicy notify(Construct scope, CodedeployDeploymentGroup.Builder group, IamRole role,
                                NotificationTopic topic) {
        group.triggerConfiguration(List.of(CodedeployDeploymentGroupTriggerConfiguration.builder()
                .triggerName("deployment-events")
                .triggerEvents(TRIGGER_EVENTS)
                .triggerTargetArn(topic.getTopicArn())
                .build()));
        return IamRolePolicy.Builder.create(scope, "ServiceRoleNotificationKey")
                .name("notifications-key")
                .role(role.getName())
                .policy(PolicyDocument.of(List.of(PolicyStatement.allow("EncryptNotifications",
                        List.of("kms:Decrypt", "kms:GenerateDataKey*"), List.of(topic.getKey().getArn())))))
                .build();
    }

    /** The CodeDeploy application of an EC2 service (compute platform Server). */
    public static CodedeployApp serverApplication(Construct scope, Names names) {
        return CodedeployApp.Builder.create(scope, "Application")
                .name(names.physical("app", NameLimit.CODEDEPLOY))
                .computePlatform(InPlaceDeployment.COMPUTE_PLATFORM)
                .build();
    }

    /**
     * The name of the deployment config: a built-in one, or a custom minimum of healthy hosts created here, whose name
     * carries its value (a changed config is a new one, created before the old is deleted).
     */
    public static String serverConfig(Construct scope, Names names, ServerDeploymentConfig config) {
        if (config instanceof ServerDeploymentConfig.MinimumHealthyHosts custom) {
            return CodedeployDeploymentConfig.Builder.create(scope, "DeploymentConfig")
                    .deploymentConfigName(names.physical(custom.role(), NameLimit.CODEDEPLOY))
                    .computePlatform(InPlaceDeployment.COMPUTE_PLATFORM)
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
    public static IamRole serverRole(Construct scope, Names names, String description, String instanceRoleArn,
                              String launchTemplateArn, List<ITerraformDependable> rolePolicies) {
        AwsContext aws = AwsContext.of(scope);
        IamRole role = IamRole.Builder.create(scope, "ServiceRole")
                .name(names.physical("codedeploy", NameLimit.IAM_ROLE))
                .description(description)
                .assumeRolePolicy(PolicyDocument.trust("codedeploy.amazonaws.com", aws.accountId()))
                .build();
        rolePolicies.add(IamRolePolicyAttachment.Builder.create(scope, "ServiceRoleManagedPolicy")
                .role(role.getName())
                .policyArn(aws.managedPolicy("service-role/AWSCodeDeployRole"))
                .build());
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

    /** What a pipeline role needs to deploy through a group: deployments in it, its application's revisions, its config. */
    public static List<PolicyStatement> pipelineStatements(Construct scope, String application, String group, String config) {
        AwsContext aws = AwsContext.of(scope);
        String prefix = "arn:" + aws.partition() + ":codedeploy:" + aws.region() + ":" + aws.accountId() + ":";
        return List.of(
                PolicyStatement.allow("CreateDeployment", List.of("codedeploy:CreateDeployment", "codedeploy:GetDeployment"),
                        List.of(aws.deploymentGroupArn(application, group))),
                PolicyStatement.allow("DeploymentRevision", List.of("codedeploy:GetApplication",
                        "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"),
                        List.of(prefix + "application:" + application)),
                PolicyStatement.allow("DeploymentConfig", List.of("codedeploy:GetDeploymentConfig"),
                        List.of(prefix + "deploymentconfig:" + config)));
    }
}
