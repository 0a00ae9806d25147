package io.bluegreen.environments;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.S3BackendConfig;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import io.bluegreen.alarms.DeploymentAlarms;
import io.bluegreen.codedeploy.BlueGreenDeployment;
import io.bluegreen.codedeploy.BlueGreenDeploymentProps;
import io.bluegreen.ecs.AppSpec;
import io.bluegreen.ecs.FargateService;
import io.bluegreen.ecs.FargateServiceProps;
import io.bluegreen.hooks.SmokeTestHook;
import io.bluegreen.network.Network;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.network.NetworkProps;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.validation.InvalidConfigException;
import software.constructs.Construct;

import java.util.List;

/**
 * The one stack class: composes the modules for any environment. The stack id is the environment name, so
 * {@code cdktf deploy prod} deploys {@code Prod.config()}. Provider, backend and default tags live here, never
 * in a reusable construct.
 */
public class ServiceStack extends TerraformStack {
    /**
     * The AWS provider versions the stacks accept: the 5.x line from 5.23.1 (the version the prebuilt Java bindings
     * were generated for) up, never 6.x (a major version with breaking changes). The bindings write configuration
     * that every 5.x accepts, and newer 5.x releases accept current values (e.g. Lambda runtime python3.13) that
     * 5.23.1 rejects. README: Terraform and provider versions.
     */
    public static final String AWS_PROVIDER_CONSTRAINT = ">= 5.23.1, < 6.0.0";

    private final EnvironmentConfig config;
    private final Network network;
    private final TrafficLayer traffic;
    private final FargateService service;
    private final BlueGreenDeployment deployment;
    private final NotificationTopic notifications;
    private final DeploymentAlarms alarms;
    private final DeliveryPipeline pipeline;
    private final SmokeTestHook smokeTest;

    public ServiceStack(Construct scope, EnvironmentConfig config) {
        this(scope, config, config.name());
    }

    /**
     * A stack with an explicit id: for repositories that hold several services, whose stacks cannot all be named
     * after the environment (for example {@code <service>-<env>}).
     */
    public ServiceStack(Construct scope, EnvironmentConfig config, String stackId) {
        super(scope, stackId);
        this.config = config;
        try {
            AwsProvider.Builder aws = AwsProvider.Builder.create(this, "Aws")
                    .region(config.region())
                    .defaultTags(List.of(AwsProviderDefaultTags.builder().tags(config.defaultTags()).build()));
            if (config.account() != null) {
                // Terraform refuses to plan or apply with credentials of any other account.
                aws.allowedAccountIds(List.of(config.account()));
            }
            aws.build();
            // The bindings pin the exact version they were generated for; widen it to the 5.x line.
            addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_CONSTRAINT);
            configureBackend(config);
            this.network = new Network(this, "Network", new NetworkProps(config.names(), config.network()));
            this.traffic = new TrafficLayer(this, "Traffic",
                    new TrafficLayerProps(config.names(), network, config.container().port(), config.traffic()));
            this.service = new FargateService(this, "Service",
                    new FargateServiceProps(config.names(), traffic, config.container(), config.ecs()));
            this.notifications = new NotificationTopic(this, "Notifications",
                    new NotificationTopic.Props(config.names(), config.notificationEmails()));
            this.alarms = new DeploymentAlarms(this, "Alarms",
                    new DeploymentAlarms.Props(config.names(), traffic, config.alarms(), notifications.getTopicArn()));
            this.deployment = new BlueGreenDeployment(this, "Deployment", new BlueGreenDeploymentProps(config.names(),
                    service, config.deployment(), alarms.getAlarmNames(), notifications));
            this.smokeTest = config.smokeTest().enabled()
                    ? new SmokeTestHook(this, "SmokeTest", new SmokeTestHook.Props(config.names(), deployment,
                            config.smokeTest(), config.ecs().logRetentionDays()))
                    : null;
            List<AppSpec.Hook> hooks = smokeTest == null ? List.of() : List.of(smokeTest.appSpecHook());
            this.pipeline = new DeliveryPipeline(this, "Pipeline", new DeliveryPipelineProps(config.names(), deployment,
                    ProjectFiles.embed(ProjectFiles.BUILDSPEC), config.pipeline(), notifications, hooks));
            outputs();
        } catch (InvalidConfigException e) {
            throw e.within("environment '" + config.name() + "'");
        }
    }

    private void outputs() {
        output("prod_url", traffic.getProdUrl(), "Production URL (blue, or green after a successful deployment)");
        output("test_url", traffic.getTestUrl(), "Test listener URL: the new version before it takes production traffic");
        output("alb_dns_name", traffic.getLoadBalancer().getDnsName(), "DNS name of the load balancer (CNAME/alias target)");
        output("cluster_name", service.getClusterName(), "ECS cluster");
        output("service_name", service.getServiceName(), "ECS service (deployment controller: CODE_DEPLOY)");
        output("codedeploy_application", deployment.getApplication().getName(), "CodeDeploy application");
        output("pipeline_name", pipeline.getPipeline().getName(), "CodePipeline that deploys every push");
        output("ecr_repository_url", pipeline.getRepository().getRepositoryUrl(), "ECR repository of the service's images");
        output("source_connection_arn", pipeline.getConnectionArn(),
                "CodeStar connection (a created one must be completed once in the console)");
        output("notifications_topic_arn", notifications.getTopicArn(), "SNS topic for pipeline and deployment events");
        output("codedeploy_deployment_group", deployment.getDeploymentGroup().getDeploymentGroupName(),
                "CodeDeploy deployment group");
    }

    private void output(String name, String value, String description) {
        TerraformOutput.Builder.create(this, name).value(value).description(description).build();
    }

    private void configureBackend(EnvironmentConfig config) {
        if (config.stateBackend() instanceof StateBackend.S3 s3) {
            new S3Backend(this, S3BackendConfig.builder()
                    .bucket(s3.bucket())
                    .key(stateKey(config))
                    .region(s3.region() != null ? s3.region() : config.region())
                    .dynamodbTable(s3.lockTable())
                    .encrypt(true)
                    .build());
        } else {
            // Terraform runs in cdktf.out/stacks/<env>; the state file lives in the project root, as
            // terraform.<env>.tfstate (git-ignored). A relative path keeps the synthesized JSON machine-independent.
            new LocalBackend(this, LocalBackendConfig.builder()
                    .path("../../../terraform." + config.name() + ".tfstate")
                    .build());
        }
    }

    /** The S3 state key: one per service and environment, so environments can share a bucket. */
    public static String stateKey(EnvironmentConfig config) {
        return config.service() + "/" + config.name() + "/terraform.tfstate";
    }

    public EnvironmentConfig getConfig() {
        return config;
    }

    public Network getNetwork() {
        return network;
    }

    public TrafficLayer getTraffic() {
        return traffic;
    }

    public FargateService getService() {
        return service;
    }

    public BlueGreenDeployment getDeployment() {
        return deployment;
    }

    public DeliveryPipeline getPipeline() {
        return pipeline;
    }

    /** The smoke-test hook, or null when the environment switched it off. */
    public SmokeTestHook getSmokeTest() {
        return smokeTest;
    }

    public DeploymentAlarms getAlarms() {
        return alarms;
    }

    public NotificationTopic getNotifications() {
        return notifications;
    }
}
