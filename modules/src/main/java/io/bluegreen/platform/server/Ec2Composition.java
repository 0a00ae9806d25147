package io.bluegreen.platform.server;

import io.bluegreen.platform.ServiceContext;
import com.hashicorp.cdktf.TerraformOutput;
import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.alarms.DeploymentAlarms;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.pipeline.BuildProject;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeployStage;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.traffic.Targets;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.traffic.TrafficSettings;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts both EC2 platforms compose the same way: the fleet behind its load balancer, and the pipeline. */
public final class Ec2Composition {
    /** The build action's name in the pipeline. */
    public static final String BUILD_ACTION = "BuildRevision";

    private Ec2Composition() {
    }

    /**
     * Traffic layer (one instance target group), artifact store, fleet, notifications topic and rollback alarms.
     */
    public record Base(TrafficLayer traffic, ArtifactStore artifacts, Ec2Fleet fleet, NotificationTopic notifications,
                DeploymentAlarms alarms) {
    }

    public static Base base(Construct stack, ServiceContext context, AppSettings app, FleetSettings fleetSettings,
                     TrafficSettings trafficSettings, PipelineSettings pipeline, AlarmSettings alarmSettings,
                     Ec2Fleet.GroupLifecycle lifecycle) {
        Names names = context.names();
        String healthPath = trafficSettings.healthCheck().path();
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic", new TrafficLayerProps(names, context.network(),
                app.port(), trafficSettings, Targets.INSTANCE_SINGLE));
        ArtifactStore artifacts = artifacts(stack, names, pipeline);
        Ec2Fleet fleet = new Ec2Fleet(stack, "Fleet", new Ec2Fleet.Props(names, context.network(),
                traffic.getTasksSecurityGroup(), traffic.getTargetGroup(), fleetSettings, app.port(), healthPath,
                artifacts.getBucketArn(), artifacts.getKeyArn(), lifecycle, context.tags()));
        NotificationTopic notifications = new NotificationTopic(stack, "Notifications",
                new NotificationTopic.Props(names, context.notificationEmails()));
        DeploymentAlarms alarms = new DeploymentAlarms(stack, "Alarms", new DeploymentAlarms.Props(names,
                traffic.getLoadBalancer(), Map.of("Main", traffic.getTargetGroup()), alarmSettings,
                notifications.getTopicArn()));
        return new Base(traffic, artifacts, fleet, notifications, alarms);
    }

    /** The build that packages the revision (the application's files, the appspec and hook scripts) and the pipeline. */
    public record Delivery(BuildProject build, DeliveryPipeline pipeline) {
    }

    public static Delivery delivery(Construct stack, Names names, Base base, AppSettings app, TrafficSettings traffic,
                             Revision.Style style, String buildspec, PipelineSettings pipeline, DeployStage deploy) {
        return delivery(stack, names, base.artifacts(), base.notifications(), app, traffic.healthCheck().path(), style,
                buildspec, pipeline, deploy);
    }

    /** The same for servers behind no load balancer of ours: the revision checks {@code healthPath} on localhost. */
    public static Delivery delivery(Construct stack, Names names, ArtifactStore artifacts, NotificationTopic notifications,
                                    AppSettings app, String healthPath, Revision.Style style, String buildspec,
                                    PipelineSettings pipeline, DeployStage deploy) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("APPSPEC_TEMPLATE", TerraformStrings.literal(Revision.appSpec(names.service(), app, style)));
        variables.put("REVISION_FILES", PolicyDocument.json(Revision.scripts(names.service(), app, healthPath, style)));
        BuildProject build = new BuildProject(stack, "Build", new BuildProject.Props(names, artifacts, buildspec,
                variables, List.of(), false, pipeline));
        DeliveryPipeline delivery = new DeliveryPipeline(stack, "Pipeline", new DeliveryPipeline.Props(names,
                artifacts, build, BUILD_ACTION, deploy, pipeline, notifications));
        return new Delivery(build, delivery);
    }

    /** The artifact store of a server platform: revisions CodeDeploy may install again are never expired by age. */
    public static ArtifactStore artifacts(Construct stack, Names names, PipelineSettings pipeline) {
        return new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(names,
                pipeline.artifactRetentionDays(), pipeline.forceDestroyArtifacts(), List.of(BuildProject.logGroupName(names)),
                // CodeDeploy installs the last successful revision on every launch and rollback: nothing by age.
                true));
    }

    /** The outputs every EC2 service has. */
    public static void outputs(Construct stack, Base base, Delivery delivery, String application, String deploymentGroup) {
        output(stack, "prod_url", base.traffic().getProdUrl(), "Production URL");
        output(stack, "alb_dns_name", base.traffic().getLoadBalancer().getDnsName(),
                "DNS name of the load balancer (CNAME/alias target)");
        deliveryOutputs(stack, delivery, application, deploymentGroup, base.notifications());
    }

    /** The outputs every server platform has: CodeDeploy's names, the pipeline, its source, the topic. */
    public static void deliveryOutputs(Construct stack, Delivery delivery, String application, String deploymentGroup,
                                       NotificationTopic notifications) {
        output(stack, "codedeploy_application", application, "CodeDeploy application");
        output(stack, "codedeploy_deployment_group", deploymentGroup, "CodeDeploy deployment group");
        output(stack, "pipeline_name", delivery.pipeline().getPipeline().getName(), "CodePipeline that deploys every push");
        delivery.pipeline().sourceOutputs(stack);
        output(stack, "notifications_topic_arn", notifications.getTopicArn(),
                "SNS topic for pipeline and deployment events");
    }

    public static void output(Construct stack, String name, String value, String description) {
        TerraformOutput.Builder.create(stack, name).value(value).description(description).build();
    }
}
