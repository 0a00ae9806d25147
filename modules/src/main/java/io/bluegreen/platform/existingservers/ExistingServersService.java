package io.bluegreen.platform.existingservers;

import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.pipeline.BuildProject;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.platform.ExistingServers;
import io.bluegreen.platform.ServiceContext;
import io.bluegreen.platform.server.Ec2Composition;
import io.bluegreen.platform.server.Revision;
import io.bluegreen.platform.server.RevisionRetention;
import software.constructs.Construct;

/**
 * The existing-servers platform composed into a service's stack: artifact store (revisions), notifications, the
 * CodeDeploy in-place deployment to the tagged servers, the identity the servers need (instance profile, on-premises
 * role), the revision retention, and the pipeline: a build that packages the revision and the CodeDeploy action.
 *
 * @param artifacts the pipeline's artifact bucket and key (revisions)
 * @param notifications the service's delivery notifications topic
 * @param deployment the CodeDeploy application, config and deployment group
 * @param access the instance profile and the on-premises role
 * @param build the CodeBuild project packaging revisions
 * @param pipeline the CodePipeline
 */
public record ExistingServersService(ArtifactStore artifacts, NotificationTopic notifications, TaggedDeployment deployment,
                                     ServerAccess access, BuildProject build, DeliveryPipeline pipeline) {

    public static ExistingServersService compose(Construct stack, ServiceContext context, ExistingServers servers) {
        Names names = context.names();
        ArtifactStore artifacts = Ec2Composition.artifacts(stack, names, servers.pipeline());
        NotificationTopic notifications = new NotificationTopic(stack, "Notifications",
                new NotificationTopic.Props(names, context.notificationEmails()));
        TaggedDeployment deployment = new TaggedDeployment(stack, "Deployment", new TaggedDeployment.Props(names,
                servers.servers(), servers.expectedMinFleetSize(), servers.deploymentConfig(), servers.targetGroupName(),
                servers.alarmNames(), notifications));
        ServerAccess access = new ServerAccess(stack, "Access", new ServerAccess.Props(names, artifacts.getBucketArn(),
                artifacts.getKeyArn(), servers.servers().hasEc2(), servers.onPremises()));
        // Every revision CodeDeploy could still install (a server that registers later gets the last successful one,
        // a rollback the one before) stays; the rest is retired.
        new RevisionRetention(stack, "RevisionRetention", new RevisionRetention.Props(names,
                deployment.getApplication().getName(), deployment.getDeploymentGroup().getDeploymentGroupName(), artifacts,
                servers.pipeline().logRetentionDays()));
        Ec2Composition.Delivery delivery = Ec2Composition.delivery(stack, names, artifacts, notifications, servers.app(),
                servers.healthPath(), Revision.Style.IN_PLACE, servers.buildspec(), servers.pipeline(), deployment.deployStage());

        Ec2Composition.deliveryOutputs(stack, delivery, deployment.getApplication().getName(),
                deployment.getDeploymentGroup().getDeploymentGroupName(), notifications);
        Ec2Composition.output(stack, "revision_bucket", artifacts.getBucket().getBucket(),
                "Bucket the servers' CodeDeploy agents read revisions from (with its KMS key)");
        if (access.getInstanceProfile() != null) {
            Ec2Composition.output(stack, "instance_profile_name", access.getInstanceProfile().getName(),
                    "Instance profile to attach to the existing EC2 instances (aws ec2 associate-iam-instance-profile)");
            Ec2Composition.output(stack, "instance_role_arn", access.getInstanceRole().getArn(),
                    "Role of that instance profile: SSM, the CodeDeploy agent and this service's revisions");
        }
        if (access.getOnPremisesRole() != null) {
            Ec2Composition.output(stack, "on_premises_role_arn", access.getOnPremisesRole().getArn(),
                    "Role whose sessions on-premises servers register with (aws deploy register-on-premises-instance --iam-session-arn)");
        }
        return new ExistingServersService(artifacts, notifications, deployment, access, delivery.build(), delivery.pipeline());
    }
}
