package io.bluegreen.platform.ec2bluegreen;

import io.bluegreen.platform.Ec2BlueGreen;
import io.bluegreen.platform.ServiceContext;
import io.bluegreen.platform.server.Ec2Composition;
import io.bluegreen.alarms.DeploymentAlarms;
import io.bluegreen.platform.server.Ec2Fleet;
import io.bluegreen.platform.server.Revision;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.pipeline.BuildProject;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.traffic.TrafficLayer;
import software.constructs.Construct;

/**
 * The EC2 blue/green platform composed into a service's stack: the parts of EC2 in place (traffic layer, artifact
 * store, fleet, notifications, alarms, revision build and pipeline) with a seed group CodeDeploy copies on every
 * deployment ({@link Ec2Fleet.SeedForCopies}), the blue/green deployment group, and the clean-up of failed greens.
 *
 * @param traffic ALB, target group, production listener, security groups
 * @param artifacts the pipeline's artifact bucket and key (revisions)
 * @param fleet launch template, seed group, instance role
 * @param notifications the service's delivery notifications topic
 * @param alarms the rollback alarms
 * @param deployment the CodeDeploy application, config and blue/green deployment group
 * @param cleanup the clean-up of failed or stopped deployments' green groups
 * @param build the CodeBuild project packaging revisions
 * @param pipeline the CodePipeline
 */
public record Ec2BlueGreenService(TrafficLayer traffic, ArtifactStore artifacts, Ec2Fleet fleet,
                                  NotificationTopic notifications, DeploymentAlarms alarms,
                                  ServerBlueGreenDeployment deployment, FailedGreenCleanup cleanup, BuildProject build,
                                  DeliveryPipeline pipeline) {
    public static Ec2BlueGreenService compose(Construct stack, ServiceContext context, Ec2BlueGreen ec2) {
        Names names = context.names();
        Ec2Composition.Base base = Ec2Composition.base(stack, context, ec2.app(), ec2.fleet(), ec2.traffic(),
                ec2.pipeline(), ec2.alarms(), new Ec2Fleet.SeedForCopies(ServerBlueGreenDeployment.copyPrefix(names)));
        ServerBlueGreenDeployment deployment = new ServerBlueGreenDeployment(stack, "Deployment",
                new ServerBlueGreenDeployment.Props(names, base.fleet().getGroupNames(), base.traffic().getTargetGroup(),
                        ec2.fleet().minSize(), ec2.deploymentConfig(), ec2.green(), base.alarms().getAlarmNames(),
                        base.notifications(), base.fleet().getRole().getArn(), base.fleet().getLaunchTemplate().getArn()));
        FailedGreenCleanup cleanup = new FailedGreenCleanup(stack, "GreenCleanup", new FailedGreenCleanup.Props(names,
                names.physical("app", NameLimit.CODEDEPLOY), ServerBlueGreenDeployment.groupName(names),
                ServerBlueGreenDeployment.copyPrefix(names), base.traffic().getTargetGroup(), base.notifications(),
                ec2.green().cleanupGraceMinutes(), ec2.pipeline().logRetentionDays()));
        // Every revision CodeDeploy could still install on a launch or a rollback stays; the rest is retired.
        new io.bluegreen.platform.server.RevisionRetention(stack, "RevisionRetention", new io.bluegreen.platform.server.RevisionRetention.Props(
                context.names(), deployment.getApplication().getName(), deployment.getDeploymentGroup().getDeploymentGroupName(), base.artifacts(),
                ec2.pipeline().logRetentionDays()));
        Ec2Composition.Delivery delivery = Ec2Composition.delivery(stack, names, base, ec2.app(), ec2.traffic(),
                Revision.Style.BLUE_GREEN, ec2.buildspec(), ec2.pipeline(),
                deployment.deployStage().withAlarms(base.alarms().getAlarmNamesByWeight()));

        String application = deployment.getApplication().getName();
        String group = deployment.getDeploymentGroup().getDeploymentGroupName();
        Ec2Composition.outputs(stack, base, delivery, application, group);
        Ec2Composition.output(stack, "seed_asg_name", Ec2Fleet.groupName(names),
                "The first fleet's Auto Scaling group: it serves until the first deployment, which replaces it");
        Ec2Composition.output(stack, "live_asg_command", "aws deploy get-deployment-group --application-name "
                        + application + " --deployment-group-name " + group
                        + " --query 'deploymentGroupInfo.autoScalingGroups[].name' --output text",
                "Prints the Auto Scaling group serving traffic now (CodeDeploy's latest copy)");
        Ec2Composition.output(stack, "green_cleanup_state_machine", cleanup.getStateMachine().getArn(),
                "Runs of the clean-up of failed deployments' green groups (Step Functions)");
        return new Ec2BlueGreenService(base.traffic(), base.artifacts(), base.fleet(), base.notifications(),
                base.alarms(), deployment, cleanup, delivery.build(), delivery.pipeline());
    }
}
