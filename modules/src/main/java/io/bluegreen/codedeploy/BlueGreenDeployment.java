package io.bluegreen.codedeploy;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAlarmConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAutoRollbackConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupTriggerConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupDeploymentStyle;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupEcsService;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.ecs.FargateService;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.traffic.TrafficLayer;
import software.constructs.Construct;

import java.util.List;

/**
 * CodeDeploy blue/green for the ECS service: application (ECS), a custom ECS deployment config from the
 * {@link DeploymentStrategy}, a service role with the managed CodeDeploy-for-ECS policy, and the deployment group
 * wiring the service, both listeners and both target groups. Takes the service (and through it the traffic layer)
 * as objects, never ARNs.
 */
public class BlueGreenDeployment extends Construct {
    public static final String COMPUTE_PLATFORM = "ECS";

    private final CodedeployApp application;
    private final CodedeployDeploymentConfig deploymentConfig;
    private final CodedeployDeploymentGroup deploymentGroup;
    private final IamRole serviceRole;
    private final FargateService service;
    private final DeploymentSettings settings;
    private final List<String> rollbackAlarms;

    public BlueGreenDeployment(Construct scope, String id, BlueGreenDeploymentProps props) {
        super(scope, id);
        Names names = props.names();
        this.service = props.service();
        this.settings = props.settings();
        TrafficLayer traffic = service.getTraffic();
        AwsContext aws = AwsContext.of(this);

        application = CodedeployApp.Builder.create(this, "Application")
                .name(names.physical("app", NameLimit.CODEDEPLOY))
                .computePlatform(COMPUTE_PLATFORM)
                .build();

        deploymentConfig = CodedeployDeploymentConfig.Builder.create(this, "DeploymentConfig")
                .deploymentConfigName(names.physical(settings.strategy().role(), NameLimit.CODEDEPLOY))
                .computePlatform(COMPUTE_PLATFORM)
                .trafficRoutingConfig(trafficRouting(settings.strategy()))
                // A new strategy is a new config; create it and repoint the group before deleting the old one,
                // which CodeDeploy refuses to delete while the group still uses it.
                .lifecycle(TerraformResourceLifecycle.builder().createBeforeDestroy(true).build())
                .build();

        serviceRole = IamRole.Builder.create(this, "ServiceRole")
                .name(names.physical("codedeploy", NameLimit.IAM_ROLE))
                .description("CodeDeploy blue/green for " + names.base())
                .assumeRolePolicy(PolicyDocument.trust("codedeploy.amazonaws.com", aws.accountId()))
                .build();
        List<ITerraformDependable> rolePolicies = new java.util.ArrayList<>();
        rolePolicies.add(IamRolePolicyAttachment.Builder.create(this, "ServiceRoleManagedPolicy")
                .role(serviceRole.getName())
                .policyArn(aws.managedPolicy("AWSCodeDeployRoleForECS"))
                .build());

        this.rollbackAlarms = props.rollbackAlarms();
        List<String> rollbackEvents = rollbackAlarms.isEmpty()
                ? List.of("DEPLOYMENT_FAILURE")
                : List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM");
        CodedeployDeploymentGroup.Builder group = CodedeployDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .appName(application.getName())
                .deploymentGroupName(names.physical("dg", NameLimit.CODEDEPLOY))
                .deploymentConfigName(deploymentConfig.getDeploymentConfigName())
                .serviceRoleArn(serviceRole.getArn())
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .deploymentType("BLUE_GREEN")
                        .build())
                .autoRollbackConfiguration(CodedeployDeploymentGroupAutoRollbackConfiguration.builder()
                        .enabled(true)
                        .events(rollbackEvents)
                        .build())
                .blueGreenDeploymentConfig(CodedeployDeploymentGroupBlueGreenDeploymentConfig.builder()
                        .deploymentReadyOption(CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption.builder()
                                .actionOnTimeout(settings.readyAction().name())
                                .waitTimeInMinutes(settings.readyWaitMinutes())
                                .build())
                        .terminateBlueInstancesOnDeploymentSuccess(
                                CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess.builder()
                                        .action("TERMINATE")
                                        .terminationWaitTimeInMinutes(settings.terminationWaitMinutes())
                                        .build())
                        .build())
                .ecsService(CodedeployDeploymentGroupEcsService.builder()
                        .clusterName(service.getClusterName())
                        .serviceName(service.getServiceName())
                        .build())
                .loadBalancerInfo(CodedeployDeploymentGroupLoadBalancerInfo.builder()
                        .targetGroupPairInfo(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo.builder()
                                .prodTrafficRoute(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute.builder()
                                        .listenerArns(List.of(traffic.getProdListener().getArn()))
                                        .build())
                                .testTrafficRoute(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute.builder()
                                        .listenerArns(List.of(traffic.getTestListener().getArn()))
                                        .build())
                                .targetGroup(List.of(
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(traffic.getBlueTargetGroup().getName()).build(),
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(traffic.getGreenTargetGroup().getName()).build()))
                                .build())
                        .build());
        if (!rollbackAlarms.isEmpty()) {
            group.alarmConfiguration(CodedeployDeploymentGroupAlarmConfiguration.builder()
                    .enabled(true)
                    .alarms(rollbackAlarms)
                    .ignorePollAlarmFailure(false)
                    .build());
        }
        NotificationTopic topic = props.notifications();
        if (topic != null) {
            group.triggerConfiguration(List.of(CodedeployDeploymentGroupTriggerConfiguration.builder()
                    .triggerName("deployment-events")
                    .triggerEvents(TRIGGER_EVENTS)
                    .triggerTargetArn(topic.getTopicArn())
                    .build()));
            // The managed policy may publish to CodeDeployTopic_* topics; the topic's key must allow it too.
            rolePolicies.add(IamRolePolicy.Builder.create(this, "ServiceRoleNotificationKey")
                    .name("notifications-key")
                    .role(serviceRole.getName())
                    .policy(PolicyDocument.of(List.of(PolicyStatement.allow("EncryptNotifications",
                            List.of("kms:Decrypt", "kms:GenerateDataKey*"), List.of(topic.getKey().getArn())))))
                    .build());
        }
        // CodeDeploy checks the service role when the group is created (and uses it at once for triggers): the
        // role must already hold its policies.
        group.dependsOn(rolePolicies);
        deploymentGroup = group.build();
        getNode().addValidation(() -> CodeDeployContract.violations(this));
    }

    /** Deployment events sent to the notifications topic. */
    public static final List<String> TRIGGER_EVENTS = List.of("DeploymentStart", "DeploymentSuccess",
            "DeploymentFailure", "DeploymentRollback", "DeploymentStop");

    private static CodedeployDeploymentConfigTrafficRoutingConfig trafficRouting(DeploymentStrategy strategy) {
        if (strategy instanceof DeploymentStrategy.Canary canary) {
            return CodedeployDeploymentConfigTrafficRoutingConfig.builder()
                    .type("TimeBasedCanary")
                    .timeBasedCanary(CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary.builder()
                            .percentage(canary.percent())
                            .interval(canary.intervalMinutes())
                            .build())
                    .build();
        }
        if (strategy instanceof DeploymentStrategy.Linear linear) {
            return CodedeployDeploymentConfigTrafficRoutingConfig.builder()
                    .type("TimeBasedLinear")
                    .timeBasedLinear(CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear.builder()
                            .percentage(linear.percent())
                            .interval(linear.intervalMinutes())
                            .build())
                    .build();
        }
        return CodedeployDeploymentConfigTrafficRoutingConfig.builder().type("AllAtOnce").build();
    }

    public CodedeployApp getApplication() {
        return application;
    }

    public CodedeployDeploymentConfig getDeploymentConfig() {
        return deploymentConfig;
    }

    public CodedeployDeploymentGroup getDeploymentGroup() {
        return deploymentGroup;
    }

    public IamRole getServiceRole() {
        return serviceRole;
    }

    public FargateService getService() {
        return service;
    }

    public List<String> getRollbackAlarms() {
        return rollbackAlarms;
    }

    public DeploymentSettings getSettings() {
        return settings;
    }
}
