package io.bluegreen.platform.ec2inplace;

import io.bluegreen.platform.Ec2InPlace;
import io.bluegreen.platform.ServiceContext;
import io.bluegreen.platform.server.Ec2Composition;
import io.bluegreen.alarms.DeploymentAlarms;
import io.bluegreen.platform.server.Ec2Fleet;
import io.bluegreen.platform.server.Revision;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.pipeline.BuildProject;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.traffic.TrafficLayer;
import software.constructs.Construct;

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
    public static final String BUILD_ACTION = Ec2Composition.BUILD_ACTION;

    public static Ec2InPlaceService compose(Construct stack, ServiceContext context, Ec2InPlace ec2) {
        Ec2Composition.Base base = Ec2Composition.base(stack, context, ec2.app(), ec2.fleet(), ec2.traffic(),
                ec2.pipeline(), ec2.alarms(), new Ec2Fleet.Managed());
        InPlaceDeployment deployment = new InPlaceDeployment(stack, "Deployment", new InPlaceDeployment.Props(
                context.names(), base.fleet().getGroup(), base.traffic().getTargetGroup(), ec2.fleet().minSize(),
                ec2.deploymentConfig(), base.alarms().getAlarmNames(), base.notifications(),
                base.fleet().getRole().getArn(), base.fleet().getLaunchTemplate().getArn()));
        // Every revision CodeDeploy could still install on a launch or a rollback stays; the rest is retired.
        new io.bluegreen.platform.server.RevisionRetention(stack, "RevisionRetention", new io.bluegreen.platform.server.RevisionRetention.Props(
                context.names(), deployment.getApplication().getName(), deployment.getDeploymentGroup().getDeploymentGroupName(), base.artifacts(),
                ec2.pipeline().logRetentionDays()));
        Ec2Composition.Delivery delivery = Ec2Composition.delivery(stack, context.names(), base, ec2.app(),
                ec2.traffic(), Revision.Style.IN_PLACE, ec2.buildspec(), ec2.pipeline(),
                deployment.deployStage().withAlarms(base.alarms().getAlarmNamesByWeight()));

        Ec2Composition.outputs(stack, base, delivery, deployment.getApplication().getName(),
                deployment.getDeploymentGroup().getDeploymentGroupName());
        Ec2Composition.output(stack, "asg_name", base.fleet().getGroup().getName(),
                "Auto Scaling group CodeDeploy deploys to in place");
        return new Ec2InPlaceService(base.traffic(), base.artifacts(), base.fleet(), base.notifications(), base.alarms(),
                deployment, delivery.build(), delivery.pipeline());
    }
}
