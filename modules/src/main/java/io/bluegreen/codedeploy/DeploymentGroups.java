package io.bluegreen.codedeploy;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAlarmConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAutoRollbackConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupTriggerConfiguration;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.validation.Check;
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

    /** CodeDeploy's limit of alarms per deployment group. */
    public static final int MAX_ALARMS = 10;
    /**
     * The name every lifecycle hook function starts with: CodeDeploy's managed policies (AWSCodeDeployRoleForECS,
     * AWSCodeDeployRoleForLambda) may invoke only functions named so.
     */
    public static final String HOOK_FUNCTION_PREFIX = "CodeDeployHook_";

    private DeploymentGroups() {
    }

    /** The rollback alarms of a group, checked against CodeDeploy's limit: the list to use (never null). */
    public static List<String> checkAlarms(Check check, List<String> rollbackAlarms) {
        List<String> alarms = List.copyOf(Check.orDefault(rollbackAlarms, List.of()));
        check.require(alarms.size() <= MAX_ALARMS, "rollbackAlarms", alarms.size() + " alarms",
                "at most " + MAX_ALARMS + " alarms (CodeDeploy's limit per deployment group)",
                "combine alarms into a composite alarm");
        return alarms;
    }

    /**
     * Automatic rollback on failure, on a stop by hand (the console's "Stop deployment", or stop-deployment without
     * --auto-rollback-enabled, would otherwise leave a half-shifted deployment to clean up by hand) and, when there
     * are alarms, when one of them fires during a deployment.
     */
    /**
     * The service role of a deployment group: trusted by CodeDeploy in this account, with the managed policy of its
     * compute platform ({@code managedPolicy}, e.g. service-role/AWSCodeDeployRole). The attachment is added to
     * {@code rolePolicies}, for the group to depend on.
     */
    public static IamRole serviceRole(Construct scope, Names names, String description, String managedPolicy,
                                      List<ITerraformDependable> rolePolicies) {
        AwsContext aws = AwsContext.of(scope);
        IamRole role = IamRole.Builder.create(scope, "ServiceRole")
                .name(names.physical("codedeploy", NameLimit.IAM_ROLE))
                .description(description)
                .assumeRolePolicy(PolicyDocument.trust("codedeploy.amazonaws.com", aws.accountId()))
                .build();
        rolePolicies.add(IamRolePolicyAttachment.Builder.create(scope, "ServiceRoleManagedPolicy")
                .role(role.getName())
                .policyArn(aws.managedPolicy(managedPolicy))
                .build());
        return role;
    }

    /**
     * The group, finished the same way on every platform: rollback ({@link #rollBack}), triggers to
     * {@code notifications} when there is a topic ({@link #notify}), and created only after its service role holds
     * {@code rolePolicies}: CodeDeploy checks the role when the group is created, and uses it at once for triggers.
     */
    public static CodedeployDeploymentGroup build(Construct scope, CodedeployDeploymentGroup.Builder group, IamRole role,
                                                  List<String> alarms, NotificationTopic notifications,
                                                  List<ITerraformDependable> rolePolicies) {
        rollBack(group, alarms);
        if (notifications != null) {
            rolePolicies.add(notify(scope, group, role, notifications));
        }
        group.dependsOn(rolePolicies);
        return group.build();
    }

    public static void rollBack(CodedeployDeploymentGroup.Builder group, List<String> alarms) {
        group.autoRollbackConfiguration(CodedeployDeploymentGroupAutoRollbackConfiguration.builder()
                .enabled(true)
                .events(alarms.isEmpty() ? List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST")
                        : List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"))
                .build());
        if (!alarms.isEmpty()) {
            group.alarmConfiguration(CodedeployDeploymentGroupAlarmConfiguration.builder()
                    .enabled(true)
                    .alarms(alarms.stream().map(TerraformStrings::literal).toList()) // names of your own alarms are text
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
