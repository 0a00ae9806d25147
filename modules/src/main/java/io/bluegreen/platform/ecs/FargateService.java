package io.bluegreen.platform.ecs;

import io.bluegreen.platform.Scaling;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.Precondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicy;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration;
import com.hashicorp.cdktf.providers.aws.appautoscaling_policy.AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification;
import com.hashicorp.cdktf.providers.aws.appautoscaling_target.AppautoscalingTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.data_aws_ecs_cluster.DataAwsEcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterSetting;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceDeploymentController;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceLoadBalancer;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceNetworkConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionVolume;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ECS Fargate service under the CODE_DEPLOY deployment controller: cluster (or an existing one), log group,
 * execution and task roles, task definition from the {@link ContainerSpec}, the service on the blue target group,
 * and auto scaling. After the first apply CodeDeploy owns the service's task definition and load balancer (and
 * auto scaling its desired count), so Terraform ignores changes to them.
 */
public class FargateService extends Construct {
    public static final String DEPLOYMENT_CONTROLLER = "CODE_DEPLOY";
    /** Placeholder the CodeDeployToECS action replaces with the built image URI (from imageDetail.json). */
    public static final String IMAGE_PLACEHOLDER = "<IMAGE1_NAME>";

    private final ContainerSpec container;
    private final String clusterName;
    private final String clusterArn;
    private final CloudwatchLogGroup logGroup;
    private final IamRole executionRole;
    private final IamRole taskRole;
    private final EcsTaskDefinition taskDefinition;
    private final EcsService service;
    private final List<String> ignoredServiceAttributes;
    private final Map<String, Object> taskDefinitionModel;
    private final TaskNetwork taskNetwork;

    public FargateService(Construct scope, String id, FargateServiceProps props) {
        super(scope, id);
        Names names = props.names();
        ServiceSettings settings = props.settings();
        AwsContext aws = AwsContext.of(this);
        this.container = props.container();

        if (settings.existingClusterName() != null) {
            DataAwsEcsCluster existing = DataAwsEcsCluster.Builder.create(this, "Cluster")
                    .clusterName(settings.existingClusterName())
                    .build();
            clusterName = settings.existingClusterName();
            clusterArn = existing.getArn();
        } else {
            clusterName = names.physical("cluster", NameLimit.ECS);
            clusterArn = EcsCluster.Builder.create(this, "Cluster")
                    .name(clusterName)
                    .setting(List.of(EcsClusterSetting.builder().name("containerInsights").value("enabled").build()))
                    .build()
                    .getArn();
        }

        logGroup = CloudwatchLogGroup.Builder.create(this, "LogGroup")
                .name("/ecs/" + names.base())
                .retentionInDays(settings.logRetentionDays())
                .build();

        String trust = PolicyDocument.trust("ecs-tasks.amazonaws.com", aws.accountId());
        executionRole = IamRole.Builder.create(this, "ExecutionRole")
                .name(names.physical("exec", NameLimit.IAM_ROLE))
                .description("ECS agent: pulls the image, writes logs, reads the container's secrets")
                .assumeRolePolicy(trust)
                .build();
        List<ITerraformDependable> executionPolicies = new ArrayList<>();
        executionPolicies.add(IamRolePolicyAttachment.Builder.create(this, "ExecutionRoleManagedPolicy")
                .role(executionRole.getName())
                .policyArn(aws.managedPolicy("service-role/AmazonECSTaskExecutionRolePolicy"))
                .build());
        List<PolicyStatement> secretGrants = secretGrants(container);
        if (!secretGrants.isEmpty()) {
            executionPolicies.add(IamRolePolicy.Builder.create(this, "ExecutionRoleSecrets")
                    .name("read-container-secrets")
                    .role(executionRole.getName())
                    .policy(PolicyDocument.of(secretGrants))
                    .build());
        }
        taskRole = IamRole.Builder.create(this, "TaskRole")
                .name(names.physical("task", NameLimit.IAM_ROLE))
                .description("Application permissions of " + names.base())
                .assumeRolePolicy(trust)
                .build();
        if (!settings.taskRoleStatements().isEmpty()) {
            IamRolePolicy.Builder.create(this, "TaskRolePolicy")
                    .name("application")
                    .role(taskRole.getName())
                    .policy(PolicyDocument.of(settings.taskRoleStatements()))
                    .build();
        }

        String family = names.physical("task", NameLimit.ECS);
        // Two task definitions of one family. Terraform registers what serves before the first release; the pipeline
        // registers the application on every release, from a template that holds nothing of the first one.
        Map<String, Object> initialContainer = initialContainerDefinition(container, logGroup.getName(), aws.region());
        // The placeholder registers in a family of its own: the application's family then holds only releases, so a
        // rollback to "the previous revision" of it can never pick the placeholder (which answers 200 everywhere and
        // would pass every health check).
        String initialFamily = container.beforeFirstRelease() instanceof ContainerSpec.InitialTask.Placeholder
                ? names.physical("placeholder", NameLimit.ECS) : family;
        taskDefinition = EcsTaskDefinition.Builder.create(this, "TaskDefinition")
                .family(initialFamily)
                .requiresCompatibilities(List.of("FARGATE"))
                .networkMode("awsvpc")
                .cpu(String.valueOf(container.size().cpu()))
                .memory(String.valueOf(container.size().memory()))
                .executionRoleArn(executionRole.getArn())
                .taskRoleArn(taskRole.getArn())
                .containerDefinitions(PolicyDocument.json(List.of(initialContainer)))
                .volume(container.writablePaths().stream().map(path -> EcsTaskDefinitionVolume.builder()
                        .name(ContainerSpec.volumeName(path)).build()).toList())
                .build();

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("family", family);
        model.put("executionRoleArn", executionRole.getArn());
        model.put("taskRoleArn", taskRole.getArn());
        model.put("networkMode", "awsvpc");
        model.put("requiresCompatibilities", List.of("FARGATE"));
        model.put("cpu", String.valueOf(container.size().cpu()));
        model.put("memory", String.valueOf(container.size().memory()));
        model.put("containerDefinitions", List.of(applicationContainerDefinition(container, IMAGE_PLACEHOLDER,
                logGroup.getName(), aws.region())));
        model.put("volumes", container.writablePaths().stream().map(path -> Map.of("name", ContainerSpec.volumeName(path))).toList());
        taskDefinitionModel = model;

        // network_configuration and platform_version too: ECS refuses UpdateService changes to them under CODE_DEPLOY
        // (and reports the resolved platform, e.g. 1.4.0, for LATEST: a diff on every plan). The appspec carries both
        // (BlueGreenDeployment.appSpec), so each deployment applies the current subnets, security groups and platform.
        ignoredServiceAttributes = settings.scaling().enabled()
                ? List.of("task_definition", "load_balancer", "network_configuration", "platform_version", "desired_count")
                : List.of("task_definition", "load_balancer", "network_configuration", "platform_version");
        this.taskNetwork = new TaskNetwork(props.network().getPrivateSubnetIds(),
                List.of(props.tasksSecurityGroup().getId()), settings.assignPublicIp());
        List<Precondition> zoneCheck = props.network().spansTwoZones(false, this);
        service = EcsService.Builder.create(this, "Service")
                .name(names.physical("service", NameLimit.ECS))
                .cluster(clusterArn)
                .taskDefinition(taskDefinition.getArn())
                .desiredCount(settings.desiredCount())
                .launchType("FARGATE")
                .platformVersion("LATEST")
                .deploymentController(EcsServiceDeploymentController.builder().type(DEPLOYMENT_CONTROLLER).build())
                .loadBalancer(List.of(EcsServiceLoadBalancer.builder()
                        .targetGroupArn(props.targetGroup().getArn())
                        .containerName(container.name())
                        .containerPort(container.port())
                        .build()))
                .networkConfiguration(EcsServiceNetworkConfiguration.builder()
                        .subnets(taskNetwork.subnets())
                        .securityGroups(taskNetwork.securityGroups())
                        .assignPublicIp(taskNetwork.assignPublicIp())
                        .build())
                .healthCheckGracePeriodSeconds(settings.healthCheckGracePeriodSeconds())
                .propagateTags("SERVICE")
                .enableEcsManagedTags(true)
                // The target group must be attached to a listener before a service can use it, and the first tasks
                // start at once: the execution role must already be able to pull the image, write logs, read secrets,
                // and a created VPC's private subnets must already route to the internet (image pull).
                .dependsOn(dependencies(executionPolicies, props.network().getPrivateEgress(this), props.listeners()))
                .lifecycle(TerraformResourceLifecycle.builder()
                        .ignoreChanges(ignoredServiceAttributes)
                        .precondition(zoneCheck.isEmpty() ? null : zoneCheck)
                        .build())
                .build();

        if (settings.scaling().enabled()) {
            autoScaling(names, settings.scaling());
        }
    }

    private static List<ITerraformDependable> dependencies(List<? extends ITerraformDependable> first,
                                                           List<? extends ITerraformDependable> second,
                                                           List<? extends ITerraformDependable> third) {
        List<ITerraformDependable> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);
        return all;
    }

    private static List<PolicyStatement> secretGrants(ContainerSpec container) {
        List<String> parameters = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (ContainerSecret secret : container.secrets()) {
            (secret.isSsmParameter() ? parameters : secrets).add(secret.resourceArn());
        }
        List<PolicyStatement> grants = new ArrayList<>();
        if (!parameters.isEmpty()) {
            grants.add(PolicyStatement.allow("ReadParameters", List.of("ssm:GetParameters"), parameters.stream().distinct().toList()));
        }
        if (!secrets.isEmpty()) {
            grants.add(PolicyStatement.allow("ReadSecrets", List.of("secretsmanager:GetSecretValue"), secrets.stream().distinct().toList()));
        }
        return grants;
    }

    /**
     * The application's container as every release registers it: {@code image} (the pipeline's placeholder), the
     * application's own command only when the service declares one, its user, health check, environment and secrets.
     */
    static Map<String, Object> applicationContainerDefinition(ContainerSpec c, String image, String logGroupName, String region) {
        return containerDefinition(c, image, c.command(), c.user(), c.healthCheck(), logGroupName, region);
    }

    /** What Terraform registers before the first release: the placeholder (its image, command, user) or your image. */
    static Map<String, Object> initialContainerDefinition(ContainerSpec c, String logGroupName, String region) {
        if (c.beforeFirstRelease() instanceof ContainerSpec.InitialTask.Image image) {
            return applicationContainerDefinition(c, image.image(), logGroupName, region);
        }
        return containerDefinition(c, ContainerSpec.InitialTask.Placeholder.IMAGE,
                ContainerSpec.InitialTask.Placeholder.command(c.port()), ContainerSpec.InitialTask.Placeholder.USER, null,
                logGroupName, region);
    }

    private static Map<String, Object> containerDefinition(ContainerSpec c, String image, List<String> command, String user,
                                                           ContainerHealthCheck hc, String logGroupName, String region) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", c.name());
        d.put("image", image);
        d.put("essential", true);
        if (!command.isEmpty()) {
            d.put("command", command);
        }
        d.put("portMappings", List.of(Map.of("containerPort", c.port(), "hostPort", c.port(), "protocol", "tcp")));
        List<Map<String, String>> environment = new ArrayList<>();
        c.sortedEnvironment().forEach((k, v) -> environment.add(Map.of("name", k, "value", v)));
        d.put("environment", environment);
        List<Map<String, String>> secrets = new ArrayList<>();
        c.secrets().forEach(s -> secrets.add(Map.of("name", s.name(), "valueFrom", s.valueFrom())));
        d.put("secrets", secrets);
        d.put("readonlyRootFilesystem", c.readOnlyRootFilesystem());
        if (user != null) {
            d.put("user", user);
        }
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (String path : c.writablePaths()) {
            mounts.add(Map.of("sourceVolume", ContainerSpec.volumeName(path), "containerPath", path, "readOnly", false));
        }
        d.put("mountPoints", mounts);
        d.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of(
                "awslogs-group", logGroupName,
                "awslogs-region", region,
                "awslogs-stream-prefix", c.name())));
        if (hc != null) {
            d.put("healthCheck", Map.of("command", hc.command(), "interval", hc.intervalSeconds(),
                    "timeout", hc.timeoutSeconds(), "retries", hc.retries(), "startPeriod", hc.startPeriodSeconds()));
        }
        return d;
    }

    private void autoScaling(Names names, Scaling scaling) {
        AppautoscalingTarget target = AppautoscalingTarget.Builder.create(this, "ScalingTarget")
                .serviceNamespace("ecs")
                .scalableDimension("ecs:service:DesiredCount")
                .resourceId("service/" + clusterName + "/" + service.getName())
                .minCapacity(scaling.minCapacity())
                .maxCapacity(scaling.maxCapacity())
                .build();
        scalingPolicy(names, target, "Cpu", "cpu", "ECSServiceAverageCPUUtilization", scaling.cpuTargetPercent());
        scalingPolicy(names, target, "Memory", "memory", "ECSServiceAverageMemoryUtilization", scaling.memoryTargetPercent());
    }

    private void scalingPolicy(Names names, AppautoscalingTarget target, String id, String role, String metric, int percent) {
        AppautoscalingPolicy.Builder.create(this, id + "ScalingPolicy")
                .name(names.physical(role + "-tracking", NameLimit.TAG))
                .policyType("TargetTrackingScaling")
                .serviceNamespace(target.getServiceNamespace())
                .scalableDimension(target.getScalableDimension())
                .resourceId(target.getResourceId())
                .targetTrackingScalingPolicyConfiguration(AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration.builder()
                        .targetValue(percent)
                        .scaleInCooldown(300)
                        .scaleOutCooldown(60)
                        .predefinedMetricSpecification(
                                AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification.builder()
                                        .predefinedMetricType(metric)
                                        .build())
                        .build())
                .build();
    }

    /**
     * The task definition document the pipeline registers on each release (taskdef.json): the application as
     * {@link ContainerSpec} describes it, image {@value #IMAGE_PLACEHOLDER} (CodeDeployToECS puts the release's image
     * there), in the family, roles and size of the Terraform task definition. Nothing in it comes from what Terraform
     * registers before the first release (the placeholder's image, command and user). Role ARNs resolve at apply time.
     */
    public String taskDefinitionTemplate() {
        return PolicyDocument.json(taskDefinitionModel);
    }

    /** The tasks' network: the service's, and what each deployment's appspec applies. */
    public TaskNetwork getTaskNetwork() {
        return taskNetwork;
    }

    public ContainerSpec getContainer() {
        return container;
    }

    public String getClusterName() {
        return clusterName;
    }

    public String getClusterArn() {
        return clusterArn;
    }

    public EcsService getService() {
        return service;
    }

    public String getServiceName() {
        return service.getName();
    }

    public EcsTaskDefinition getTaskDefinition() {
        return taskDefinition;
    }

    public IamRole getExecutionRole() {
        return executionRole;
    }

    public IamRole getTaskRole() {
        return taskRole;
    }

    public CloudwatchLogGroup getLogGroup() {
        return logGroup;
    }

    /** The service attributes Terraform ignores because CodeDeploy (or auto scaling) owns them. */
    public List<String> getIgnoredServiceAttributes() {
        return ignoredServiceAttributes;
    }

    /** The deployment controller type the ECS service resource is configured with (read from the resource). */
    public String getDeploymentController() {
        var controller = service.getDeploymentControllerInput();
        return controller == null || controller.getType() == null ? "ECS" : controller.getType();
    }
}
