package io.bluegreen.platform.ecs;

import io.bluegreen.platform.EcsBlueGreen;
import io.bluegreen.platform.ServiceContext;
import com.hashicorp.cdktf.TerraformOutput;
import io.bluegreen.alarms.DeploymentAlarms;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.pipeline.BuildProject;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeployStage;
import io.bluegreen.pipeline.ImageRepository;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.terraform.Moves;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ECS blue/green platform composed into a service's stack, each construct given exactly what it uses:
 * traffic layer, Fargate service, notifications, rollback alarms, CodeDeploy deployment, smoke-test hook (added
 * to the deployment's appspec), and the delivery pipeline from reusable parts (artifact store, image repository,
 * build project, pipeline with the deployment's CodeDeployToECS stage).
 *
 * @param traffic ALB, target groups, listeners, security groups
 * @param service the Fargate service under CODE_DEPLOY
 * @param notifications the service's delivery notifications topic
 * @param alarms the rollback alarms
 * @param deployment the CodeDeploy application, config and deployment group
 * @param smokeTest the AfterAllowTestTraffic hook, or null when switched off
 * @param artifacts the pipeline's artifact bucket and key
 * @param images the ECR repository
 * @param build the CodeBuild project
 * @param pipeline the CodePipeline
 */
public record EcsBlueGreenService(TrafficLayer traffic, FargateService service, NotificationTopic notifications,
                                  DeploymentAlarms alarms, BlueGreenDeployment deployment, SmokeTestHook smokeTest,
                                  ArtifactStore artifacts, ImageRepository images, BuildProject build,
                                  DeliveryPipeline pipeline) {
    /** The build action's name in the pipeline. */
    public static final String BUILD_ACTION = "BuildImage";

    /** Composes the platform into {@code stack}: construct ids are the Terraform addresses' prefixes. */
    public static EcsBlueGreenService compose(Construct stack, ServiceContext context, EcsBlueGreen ecs) {
        Names names = context.names();
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic",
                new TrafficLayerProps(names, context.network(), ecs.container().port(), ecs.traffic()));
        FargateService service = new FargateService(stack, "Service", new FargateServiceProps(names, context.network(),
                traffic.getTasksSecurityGroup(), traffic.getBlueTargetGroup(),
                List.of(traffic.getProdListener(), traffic.getTestListener()), ecs.container(), ecs.ecs()));
        NotificationTopic notifications = new NotificationTopic(stack, "Notifications",
                new NotificationTopic.Props(names, context.notificationEmails()));
        DeploymentAlarms alarms = new DeploymentAlarms(stack, "Alarms", new DeploymentAlarms.Props(names,
                traffic.getLoadBalancer(), Map.of("Blue", traffic.getBlueTargetGroup(), "Green", traffic.getGreenTargetGroup()),
                ecs.alarms(), notifications.getTopicArn()));
        BlueGreenDeployment deployment = new BlueGreenDeployment(stack, "Deployment", new BlueGreenDeploymentProps(names,
                service, traffic.getBlueTargetGroup(), traffic.getGreenTargetGroup(), traffic.getProdListener(),
                traffic.getTestListener(), ecs.deployment(), alarms.getAlarmNamesByWeight(), notifications));

        SmokeTestHook smokeTest = null;
        if (ecs.smokeTest().enabled()) {
            smokeTest = new SmokeTestHook(stack, "SmokeTest", new SmokeTestHook.Props(names, context.network(),
                    traffic.getTestEndpoint(), deployment.getDeploymentGroup(),
                    ecs.smokeTest().resolved(ecs.traffic().healthCheck().path(), ecs.traffic().healthCheck().matcher()),
                    ecs.ecs().logRetentionDays()));
            traffic.allowTestTrafficFrom("SmokeTest", smokeTest.getSecurityGroup());
            deployment.addLifecycleHook(smokeTest.appSpecHook());
        }

        Delivery delivery = delivery(stack, names, service, deployment, ecs.buildspec(), ecs.pipeline(), notifications);

        EcsBlueGreenService composed = new EcsBlueGreenService(traffic, service, notifications, alarms, deployment,
                smokeTest, delivery.artifacts(), delivery.images(), delivery.build(), delivery.pipeline());
        composed.outputs(stack);
        return composed;
    }

    /** The delivery parts of an ECS service's pipeline. */
    public record Delivery(ArtifactStore artifacts, ImageRepository images, BuildProject build, DeliveryPipeline pipeline) {
    }

    /**
     * The pipeline of an ECS blue/green service from the reusable parts: artifact store, image repository, a build
     * writing taskdef.json (from the service's task definition model) and appspec.yaml (from the deployment, with its
     * lifecycle hooks: add them before calling this), and the pipeline ending in the deployment's CodeDeployToECS
     * stage. The build is a Docker build that pushes the image and writes imageDetail.json, or, when an ECR image push
     * starts the pipeline, a light build (no Docker, not privileged, no permissions) and the image comes from the
     * source's imageDetail.json, by digest.
     */
    public static Delivery delivery(Construct stack, Names names, FargateService service, BlueGreenDeployment deployment,
                                    String buildspec, PipelineSettings settings, NotificationTopic notifications) {
        boolean imagePushed = settings.source().deliversImage();
        ArtifactStore artifacts = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(names,
                settings.artifactRetentionDays(), settings.forceDestroyArtifacts(), List.of(BuildProject.logGroupName(names))));
        ImageRepository images = new ImageRepository(stack, "Images",
                new ImageRepository.Props(names, settings.keepImages(), imagePushed,
                        settings.forceDestroyArtifacts()));
        Map<String, String> variables = new LinkedHashMap<>();
        if (imagePushed) {
            variables.put("IMAGE_REPOSITORY", images.getRepository().getName());
        } else {
            variables.put("REPOSITORY_URI", images.getRepositoryUrl());
        }
        variables.put("CONTAINER_NAME", service.getContainer().name());
        variables.put("TASKDEF_TEMPLATE", service.taskDefinitionTemplate());
        variables.put("APPSPEC_TEMPLATE", deployment.appSpec());
        BuildProject build = new BuildProject(stack, "Build", new BuildProject.Props(names, artifacts,
                imagePushed ? IMAGE_SOURCE_BUILDSPEC : buildspec, variables,
                imagePushed ? List.of() : images.pushStatements(), !imagePushed, settings));
        DeliveryPipeline pipeline = new DeliveryPipeline(stack, "Pipeline", new DeliveryPipeline.Props(names, artifacts,
                build, imagePushed ? WRITE_ACTION : BUILD_ACTION,
                deployment.deployStage(imagePushed ? DeployStage.SOURCE_ARTIFACT : DeployStage.BUILD_ARTIFACT),
                settings, notifications, images));
        // Until 2026-11 these parts were one construct, "Pipeline": their resources move in state, never replaced.
        for (Construct part : List.<Construct>of(artifacts, images, build)) {
            Moves.fromOldParent(part, "Pipeline");
        }
        return new Delivery(artifacts, images, build, pipeline);
    }

    /** The build action's name when an ECR image push starts the pipeline: it writes the deploy files only. */
    public static final String WRITE_ACTION = "WriteDeployFiles";

    /**
     * The light build of a service whose image is pushed by the team's CI (see the file), embedded for Terraform.
     */
    static final String IMAGE_SOURCE_BUILDSPEC = TerraformStrings.literal(resource("/io/bluegreen/platform/ecs/buildspec-image-source.yml"));

    private static String resource(String path) {
        try (java.io.InputStream in = EcsBlueGreenService.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path, e);
        }
    }

    private void outputs(Construct stack) {
        output(stack, "prod_url", traffic.getProdUrl(), "Production URL (blue, or green after a successful deployment)");
        output(stack, "test_url", traffic.getTestUrl(), "Test listener URL: the new version before it takes production traffic");
        output(stack, "alb_dns_name", traffic.getLoadBalancer().getDnsName(), "DNS name of the load balancer (CNAME/alias target)");
        output(stack, "cluster_name", service.getClusterName(), "ECS cluster");
        output(stack, "service_name", service.getServiceName(), "ECS service (deployment controller: CODE_DEPLOY)");
        output(stack, "codedeploy_application", deployment.getApplication().getName(), "CodeDeploy application");
        output(stack, "codedeploy_deployment_group", deployment.getDeploymentGroup().getDeploymentGroupName(),
                "CodeDeploy deployment group");
        output(stack, "pipeline_name", pipeline.getPipeline().getName(), "CodePipeline that deploys every push");
        output(stack, "ecr_repository_url", images.getRepositoryUrl(), "ECR repository of the service's images");
        pipeline.sourceOutputs(stack);
        output(stack, "notifications_topic_arn", notifications.getTopicArn(), "SNS topic for pipeline and deployment events");
    }

    private static void output(Construct stack, String name, String value, String description) {
        TerraformOutput.Builder.create(stack, name).value(value).description(description).build();
    }
}
