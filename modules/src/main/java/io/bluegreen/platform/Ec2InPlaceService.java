package io.bluegreen.platform;

import com.hashicorp.cdktf.TerraformOutput;
import io.bluegreen.alarms.DeploymentAlarms;
import io.bluegreen.codedeploy.InPlaceDeployment;
import io.bluegreen.ec2.Ec2Fleet;
import io.bluegreen.ec2.Revision;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.pipeline.BuildProject;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.traffic.Targets;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EC2 in-place platform composed into a service's stack: traffic layer (one instance target group), artifact
 * store, fleet (launch template and Auto Scaling group; its instances read revisions from the store), notifications,
 * rollback alarms, the CodeDeploy in-place deployment, and the pipeline: a build that packages the revision and the
 * CodeDeploy action.
 *
 * @param traffic ALB, target group, production listener, security groups
 * @param artifacts the pipeline's artifact bucket and key (revisions)
 * @param fleet launch template, Auto Scaling group, instance role
 * @param notifications the service's delivery notifications topic
 * @param alarms the rollback alarms
 * @param deployment the CodeDeploy application, config and deployment group
 * @param build the CodeBuild project packaging revisions
 * @param pipeline the CodePipeline
 */
public record Ec2InPlaceService(TrafficLayer traffic, ArtifactStore artifacts, Ec2Fleet fleet,
                                NotificationTopic notifications, DeploymentAlarms alarms, InPlaceDeployment deployment,
                                BuildProject build, DeliveryPipeline pipeline) {
    /** The build action's name in the pipeline. */
    public static final String BUILD_ACTION = "BuildRevision";

    static Ec2InPlaceService compose(Construct stack, ServiceContext context, Ec2InPlace ec2) {
        Names names = context.names();
        String healthPath = ec2.traffic().healthCheck().path();
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic", new TrafficLayerProps(names, context.network(),
                ec2.app().port(), ec2.traffic(), Targets.INSTANCE_SINGLE));
        ArtifactStore artifacts = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(names,
                ec2.pipeline().artifactRetentionDays(), ec2.pipeline().forceDestroyArtifacts(),
                List.of(BuildProject.logGroupName(names))));
        Ec2Fleet fleet = new Ec2Fleet(stack, "Fleet", new Ec2Fleet.Props(names, context.network(),
                traffic.getTasksSecurityGroup(), traffic.getTargetGroup(), ec2.fleet(), ec2.app().port(), healthPath,
                artifacts.getBucketArn(), artifacts.getKeyArn()));
        NotificationTopic notifications = new NotificationTopic(stack, "Notifications",
                new NotificationTopic.Props(names, context.notificationEmails()));
        DeploymentAlarms alarms = new DeploymentAlarms(stack, "Alarms", new DeploymentAlarms.Props(names,
                traffic.getLoadBalancer(), Map.of("Main", traffic.getTargetGroup()), ec2.alarms(),
                notifications.getTopicArn()));
        InPlaceDeployment deployment = new InPlaceDeployment(stack, "Deployment", new InPlaceDeployment.Props(names,
                fleet.getGroup(), traffic.getTargetGroup(), ec2.fleet().minSize(), ec2.deploymentConfig(),
                alarms.getAlarmNames(), notifications, fleet.getRole().getArn()));

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("APPSPEC_TEMPLATE", TerraformStrings.literal(Revision.appSpec(names.service(), ec2.app())));
        variables.put("REVISION_FILES", PolicyDocument.json(Revision.scripts(names.service(), ec2.app(), healthPath)));
        BuildProject build = new BuildProject(stack, "Build", new BuildProject.Props(names, artifacts, ec2.buildspec(),
                variables, List.of(), false, ec2.pipeline()));
        DeliveryPipeline pipeline = new DeliveryPipeline(stack, "Pipeline", new DeliveryPipeline.Props(names, artifacts,
                build, BUILD_ACTION, deployment.deployStage(), ec2.pipeline(), notifications));

        output(stack, "prod_url", traffic.getProdUrl(), "Production URL");
        output(stack, "alb_dns_name", traffic.getLoadBalancer().getDnsName(), "DNS name of the load balancer (CNAME/alias target)");
        output(stack, "asg_name", fleet.getGroup().getName(), "Auto Scaling group CodeDeploy deploys to in place");
        output(stack, "codedeploy_application", deployment.getApplication().getName(), "CodeDeploy application");
        output(stack, "codedeploy_deployment_group", deployment.getDeploymentGroup().getDeploymentGroupName(),
                "CodeDeploy deployment group");
        output(stack, "pipeline_name", pipeline.getPipeline().getName(), "CodePipeline that deploys every push");
        output(stack, "source_connection_arn", pipeline.getConnectionArn(),
                "CodeStar connection (a created one must be completed once in the console)");
        output(stack, "notifications_topic_arn", notifications.getTopicArn(), "SNS topic for pipeline and deployment events");
        return new Ec2InPlaceService(traffic, artifacts, fleet, notifications, alarms, deployment, build, pipeline);
    }

    private static void output(Construct stack, String name, String value, String description) {
        TerraformOutput.Builder.create(stack, name).value(value).description(description).build();
    }
}
