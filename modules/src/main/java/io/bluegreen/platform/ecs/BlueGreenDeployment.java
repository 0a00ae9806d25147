package io.bluegreen.platform.ecs;

import io.bluegreen.codedeploy.DeploymentGroups;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
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
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.pipeline.DeployStage;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CodeDeploy blue/green for the ECS service: application (ECS), a custom ECS deployment config from the
 * {@link DeploymentStrategy}, a service role with the managed CodeDeploy-for-ECS policy, and the deployment group
 * wiring the service, both listeners and both target groups, and the appspec every deployment runs. Takes the
 * service, the target groups and the listeners as objects, never ARNs.
 */
public class BlueGreenDeployment extends Construct {
    public static final String COMPUTE_PLATFORM = "ECS";
    /** Files the build artifact carries and the CodeDeployToECS action reads. */
    public static final String TASK_DEFINITION_FILE = "taskdef.json";
    public static final String APPSPEC_FILE = "appspec.yaml";
    public static final String IMAGE_DETAIL_FILE = "imageDetail.json";
    /** The placeholder name in taskdef.json that CodeDeployToECS fills from imageDetail.json. */
    public static final String IMAGE_CONTAINER_PLACEHOLDER = "IMAGE1_NAME";

    private final CodedeployApp application;
    private final CodedeployDeploymentConfig deploymentConfig;
    private final CodedeployDeploymentGroup deploymentGroup;
    private final IamRole serviceRole;
    private final FargateService service;
    private final DeploymentSettings settings;
    private final List<String> rollbackAlarms;
    private final LbTargetGroup blueTargetGroup;
    private final LbTargetGroup greenTargetGroup;
    private final LbListener prodListener;
    private final LbListener testListener;
    private final List<AppSpec.Hook> hooks = new ArrayList<>();
    private boolean appSpecRead;

    public BlueGreenDeployment(Construct scope, String id, BlueGreenDeploymentProps props) {
        super(scope, id);
        Names names = props.names();
        this.service = props.service();
        this.settings = props.settings();
        this.blueTargetGroup = props.blueTargetGroup();
        this.greenTargetGroup = props.greenTargetGroup();
        this.prodListener = props.prodListener();
        this.testListener = props.testListener();

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

        List<ITerraformDependable> rolePolicies = new java.util.ArrayList<>();
        serviceRole = DeploymentGroups.serviceRole(this, names, "CodeDeploy blue/green for " + names.base(),
                "AWSCodeDeployRoleForECS", rolePolicies);

        this.rollbackAlarms = props.rollbackAlarms();
        CodedeployDeploymentGroup.Builder group = CodedeployDeploymentGroup.Builder.create(this, "DeploymentGroup")
                .appName(application.getName())
                .deploymentGroupName(names.physical("dg", NameLimit.CODEDEPLOY))
                .deploymentConfigName(deploymentConfig.getDeploymentConfigName())
                .serviceRoleArn(serviceRole.getArn())
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .deploymentType("BLUE_GREEN")
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
                                        .listenerArns(List.of(prodListener.getArn()))
                                        .build())
                                .testTrafficRoute(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute.builder()
                                        .listenerArns(List.of(testListener.getArn()))
                                        .build())
                                .targetGroup(List.of(
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(blueTargetGroup.getName()).build(),
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(greenTargetGroup.getName()).build()))
                                .build())
                        .build());
        deploymentGroup = DeploymentGroups.build(this, group, serviceRole, rollbackAlarms, props.notifications(), rolePolicies);
        getNode().addValidation(() -> CodeDeployContract.violations(this));
    }

    /** Deployment events sent to the notifications topic. */
    public static final List<String> TRIGGER_EVENTS = DeploymentGroups.TRIGGER_EVENTS;

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

    /**
     * Adds a lifecycle hook (e.g. the AfterAllowTestTraffic smoke test) to the appspec of every deployment. Hooks
     * must be added before the pipeline reads the appspec ({@link #appSpec()}).
     */
    public void addLifecycleHook(AppSpec.Hook hook) {
        if (appSpecRead) {
            throw new IllegalStateException("lifecycle hook " + hook.event() + " added after the appspec was read;"
                    + " add every hook before building the pipeline");
        }
        hooks.add(hook);
    }

    /**
     * The appspec of every deployment (appspec.yaml; JSON is valid YAML): the service's container name and port and
     * its network (subnets, security groups, public IP), the lifecycle hooks, and the task definition left as
     * {@value AppSpec#TASK_DEFINITION_PLACEHOLDER} for CodeDeployToECS to fill.
     */
    public String appSpec() {
        appSpecRead = true;
        return AppSpec.render(service.getContainer().name(), service.getContainer().port(), service.getTaskNetwork(),
                List.copyOf(hooks));
    }

    /**
     * The deploy stage of the service's pipeline: CodeDeployToECS with the build's taskdef.json, appspec.yaml and
     * imageDetail.json, and exactly what the pipeline role needs for it: create deployments in this deployment group,
     * register the task definition (no resource-level permission exists for that), tag only this task family, and
     * pass only the task and execution roles, only to ecs-tasks.amazonaws.com.
     */
    public DeployStage deployStage() {
        return deployStage(DeployStage.BUILD_ARTIFACT);
    }

    /**
     * The CodeDeployToECS stage, its image ({@code imageDetail.json}) read from {@code imageArtifact}:
     * {@link DeployStage#BUILD_ARTIFACT} when the build pushed the image, {@link DeployStage#SOURCE_ARTIFACT} when an
     * ECR image push started the pipeline. The task definition and appspec always come from the build.
     */
    public DeployStage deployStage(String imageArtifact) {
        AwsContext aws = AwsContext.of(this);
        String arnPrefix = "arn:" + aws.partition() + ":";
        String regionAccount = aws.region() + ":" + aws.accountId();
        String app = application.getName();
        List<PolicyStatement> statements = new ArrayList<>(DeploymentGroups.pipelineStatements(this, app,
                deploymentGroup.getDeploymentGroupName(), deploymentConfig.getDeploymentConfigName()));
        statements.addAll(List.of(
                // ecs:RegisterTaskDefinition has no resource-level permissions.
                PolicyStatement.allow("RegisterTaskDefinition", List.of("ecs:RegisterTaskDefinition"), List.of("*")),
                PolicyStatement.allow("TagTaskDefinition", List.of("ecs:TagResource"),
                                List.of(arnPrefix + "ecs:" + regionAccount + ":task-definition/"
                                        + service.getTaskDefinition().getFamily() + ":*"))
                        .when("StringEquals", "ecs:CreateAction", List.of("RegisterTaskDefinition")),
                PolicyStatement.allowWhen("PassTaskRoles", List.of("iam:PassRole"),
                        List.of(service.getExecutionRole().getArn(), service.getTaskRole().getArn()),
                        "StringEquals", "iam:PassedToService", List.of("ecs-tasks.amazonaws.com"))));
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("ApplicationName", app);
        configuration.put("DeploymentGroupName", deploymentGroup.getDeploymentGroupName());
        configuration.put("TaskDefinitionTemplateArtifact", DeployStage.BUILD_ARTIFACT);
        configuration.put("TaskDefinitionTemplatePath", TASK_DEFINITION_FILE);
        configuration.put("AppSpecTemplateArtifact", DeployStage.BUILD_ARTIFACT);
        configuration.put("AppSpecTemplatePath", APPSPEC_FILE);
        configuration.put("Image1ArtifactName", imageArtifact);
        configuration.put("Image1ContainerName", IMAGE_CONTAINER_PLACEHOLDER);
        return new DeployStage("BlueGreenDeploy", "CodeDeployToECS", configuration, statements).withAlarms(rollbackAlarms);
    }

    public LbTargetGroup getBlueTargetGroup() {
        return blueTargetGroup;
    }

    public LbTargetGroup getGreenTargetGroup() {
        return greenTargetGroup;
    }

    public LbListener getProdListener() {
        return prodListener;
    }

    public LbListener getTestListener() {
        return testListener;
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
