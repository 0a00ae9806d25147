package io.bluegreen.platform.server;

import com.hashicorp.cdktf.TerraformCount;
import com.hashicorp.cdktf.TerraformLocal;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.providers.aws.data_aws_autoscaling_groups.DataAwsAutoscalingGroups;
import com.hashicorp.cdktf.providers.aws.autoscaling_group.AutoscalingGroup;
import com.hashicorp.cdktf.providers.aws.autoscaling_group.AutoscalingGroupLaunchTemplate;
import com.hashicorp.cdktf.providers.aws.autoscaling_group.AutoscalingGroupTag;
import com.hashicorp.cdktf.providers.aws.iam_instance_profile.IamInstanceProfile;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.launch_template.LaunchTemplate;
import com.hashicorp.cdktf.providers.aws.launch_template.LaunchTemplateBlockDeviceMappings;
import com.hashicorp.cdktf.providers.aws.launch_template.LaunchTemplateBlockDeviceMappingsEbs;
import com.hashicorp.cdktf.providers.aws.launch_template.LaunchTemplateIamInstanceProfile;
import com.hashicorp.cdktf.providers.aws.launch_template.LaunchTemplateMetadataOptions;
import com.hashicorp.cdktf.providers.aws.launch_template.LaunchTemplateNetworkInterfaces;
import com.hashicorp.cdktf.providers.aws.launch_template.LaunchTemplateTagSpecifications;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.network.Network;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The EC2 fleet CodeDeploy deploys to in place: a launch template (Amazon Linux 2023 from its public SSM parameter,
 * IMDSv2 required, encrypted gp3 root volume, no public IP, the instances' security group, the boot script of
 * {@link UserData}) and an Auto Scaling group in the private subnets, registered in the service's target group,
 * replacing instances the load balancer finds unhealthy. CodeDeploy adds its own launch lifecycle hook to the group
 * so new instances get the last successful revision; Terraform does not manage lifecycle hooks and leaves it alone.
 *
 * <p>The instance role may: be managed through SSM (debugging without SSH), read the pipeline's revisions (artifact
 * bucket and key), and read the region's CodeDeploy agent bucket. Nothing else.
 */
public class Ec2Fleet extends Construct {
    /** Seconds a new instance gets (agent install, placeholder or app start) before ELB health checks count. */
    public static final int HEALTH_CHECK_GRACE_SECONDS = 300;

    /**
     * @param names naming helper
     * @param network the private subnets the instances run in
     * @param securityGroup the instances' security group (the ALB's target)
     * @param targetGroup the target group the instances register in
     * @param settings instance type, sizes, image, root volume
     * @param appPort the application port (the placeholder answers there until the first deployment)
     * @param healthPath the load balancer's health check path
     * @param artifactBucketArn the pipeline's artifact bucket: the agent downloads revisions from it
     * @param artifactKeyArn the key the revisions are encrypted with
     * @param lifecycle who owns the Auto Scaling group after it is created: Terraform ({@link Managed}, in place) or
     *                  CodeDeploy, which copies it on every deployment ({@link SeedForCopies}, blue/green)
     */
    public record Props(Names names, Network network, SecurityGroup securityGroup, LbTargetGroup targetGroup,
                        FleetSettings settings, int appPort, String healthPath, String artifactBucketArn,
                        String artifactKeyArn, GroupLifecycle lifecycle, Map<String, String> tags) {
        /** A group of {@code lifecycle} whose instances carry only their Name tag. */
        public Props(Names names, Network network, SecurityGroup securityGroup, LbTargetGroup targetGroup,
                     FleetSettings settings, int appPort, String healthPath, String artifactBucketArn,
                     String artifactKeyArn, GroupLifecycle lifecycle) {
            this(names, network, securityGroup, targetGroup, settings, appPort, healthPath, artifactBucketArn,
                    artifactKeyArn, lifecycle, Map.of());
        }

        /** A group Terraform manages for good (EC2 in place). */
        public Props(Names names, Network network, SecurityGroup securityGroup, LbTargetGroup targetGroup,
                     FleetSettings settings, int appPort, String healthPath, String artifactBucketArn,
                     String artifactKeyArn) {
            this(names, network, securityGroup, targetGroup, settings, appPort, healthPath, artifactBucketArn,
                    artifactKeyArn, new Managed());
        }

        public Props {
            Check check = Check.in("Ec2Fleet.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("network", network, "pass the Network construct");
            check.notNull("securityGroup", securityGroup, "pass the traffic layer's instances security group");
            check.notNull("targetGroup", targetGroup, "pass the traffic layer's target group");
            check.notNull("settings", settings, "pass FleetSettings.DEFAULT or your own");
            check.between("appPort", appPort, 1, 65535, "use the port the application listens on");
            check.require(healthPath != null && healthPath.startsWith("/"), "healthPath", healthPath, "a path such as /health",
                    "use the target group's health check path");
            check.notNull("artifactBucketArn", artifactBucketArn, "pass the artifact store's bucket ARN");
            check.notNull("artifactKeyArn", artifactKeyArn, "pass the artifact store's key ARN");
            check.notNull("lifecycle", lifecycle, "new Ec2Fleet.Managed() (in place) or new Ec2Fleet.SeedForCopies(prefix) (blue/green)");
            tags = Map.copyOf(Check.orDefault(tags, Map.of()));
        }
    }

    /** Who owns the Auto Scaling group once it exists. */
    public sealed interface GroupLifecycle permits Managed, SeedForCopies {
    }

    /** Terraform creates and updates the group for good (EC2 in place). */
    public record Managed() implements GroupLifecycle {
    }

    /**
     * CodeDeploy owns the fleet (EC2 blue/green, COPY_AUTO_SCALING_GROUP). Terraform creates a seed group that serves
     * until the first deployment, which copies it to {@code <copyPrefix><deployment id>} and deletes it after the
     * termination wait. The seed exists in Terraform's configuration only while it exists in AWS, or while no copy
     * does: a plan-time lookup of the region's group names decides ({@code count}), so that after the seed is gone
     * the plan proposes nothing, and a fleet lost entirely is seeded again. Terraform never changes the seed
     * ({@code ignore_changes = all}); it launches from the launch template's {@code $Latest} version, which every
     * copy inherits, so a change of the template (instance type, image, user data) reaches the next green fleet.
     *
     * @param copyPrefix the names of CodeDeploy's copies up to the deployment id: {@code CodeDeploy_<deployment group>_}
     */
    public record SeedForCopies(String copyPrefix) implements GroupLifecycle {
        public SeedForCopies {
            Check check = Check.in("Ec2Fleet.SeedForCopies");
            check.require(copyPrefix != null && copyPrefix.startsWith("CodeDeploy_") && copyPrefix.endsWith("_"),
                    "copyPrefix", copyPrefix, "CodeDeploy_<deployment group>_", "pass the deployment group's copy prefix");
        }
    }

    /** The name of the group Terraform creates (the seed, for blue/green). */
    public static String groupName(Names names) {
        return names.physical("asg", NameLimit.TAG);
    }

    /** The launch template version a copied group launches from: whatever the template's newest version is. */
    public static final String LATEST_VERSION = "$Latest";

    private final AutoscalingGroup group;
    private final List<String> groupNames;
    private final List<String> copiedGroupNames;
    private final LaunchTemplate launchTemplate;
    private final IamRole role;

    public Ec2Fleet(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        FleetSettings settings = props.settings();
        AwsContext aws = AwsContext.of(this);

        role = IamRole.Builder.create(this, "InstanceRole")
                .name(names.physical("instance", NameLimit.IAM_ROLE))
                .description("Instances of " + names.base() + ": SSM, revisions from the pipeline, the CodeDeploy agent")
                .assumeRolePolicy(PolicyDocument.trust("ec2.amazonaws.com", aws.accountId()))
                .build();
        IamRolePolicyAttachment ssm = IamRolePolicyAttachment.Builder.create(this, "InstanceRoleSsm")
                .role(role.getName())
                .policyArn(aws.managedPolicy("AmazonSSMManagedInstanceCore"))
                .build();
        IamRolePolicy revisions = IamRolePolicy.Builder.create(this, "InstanceRolePolicy")
                .name("codedeploy-agent")
                .role(role.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("ReadRevisions", List.of("s3:GetObject", "s3:GetObjectVersion"),
                                List.of(props.artifactBucketArn() + "/*")),
                        PolicyStatement.allow("DecryptRevisions", List.of("kms:Decrypt"), List.of(props.artifactKeyArn())),
                        PolicyStatement.allow("ReadAgent", List.of("s3:GetObject"),
                                List.of("arn:" + aws.partition() + ":s3:::aws-codedeploy-" + aws.region() + "/*")))))
                .build();
        IamInstanceProfile profile = IamInstanceProfile.Builder.create(this, "InstanceProfile")
                .name(names.physical("instance", NameLimit.IAM_ROLE))
                .role(role.getName())
                .build();

        // Base64 of plain text: nothing in it that Terraform could read as a template.
        String userData = java.util.Base64.getEncoder().encodeToString(UserData.script(names.service(), props.appPort(),
                props.healthPath()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        launchTemplate = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .name(names.physical("instances", NameLimit.TAG))
                .description("Instances of " + names.base() + (props.lifecycle() instanceof SeedForCopies
                        ? " (CodeDeploy blue/green: every copy of the fleet launches from this template)"
                        : " (CodeDeploy in place)"))
                // Resolved at each launch from AWS's public parameter: new instances get the current image.
                .imageId("resolve:ssm:" + settings.amiParameter())
                .instanceType(settings.instanceType())
                .updateDefaultVersion(true)
                .iamInstanceProfile(LaunchTemplateIamInstanceProfile.builder().arn(profile.getArn()).build())
                .metadataOptions(LaunchTemplateMetadataOptions.builder()
                        .httpEndpoint("enabled")
                        .httpTokens("required")
                        .httpPutResponseHopLimit(1)
                        .build())
                .blockDeviceMappings(List.of(LaunchTemplateBlockDeviceMappings.builder()
                        .deviceName("/dev/xvda")
                        .ebs(LaunchTemplateBlockDeviceMappingsEbs.builder()
                                .volumeSize(settings.rootVolumeGb())
                                .volumeType("gp3")
                                .encrypted("true")
                                .deleteOnTermination("true")
                                .build())
                        .build()))
                .networkInterfaces(List.of(LaunchTemplateNetworkInterfaces.builder()
                        .deviceIndex(0)
                        .associatePublicIpAddress("false")
                        .securityGroups(List.of(props.securityGroup().getId()))
                        .build()))
                .userData(userData)
                // The provider's default tags reach the template, never what it launches: every instance and volume,
                // of the group and of every copy CodeDeploy makes of it, carries the environment's tags from here.
                .tagSpecifications(props.tags().isEmpty() ? null : List.of("instance", "volume").stream()
                        .map(type -> LaunchTemplateTagSpecifications.builder().resourceType(type)
                                .tags(new java.util.TreeMap<>(props.tags())).build()).toList())
                .build();

        boolean seed = props.lifecycle() instanceof SeedForCopies;
        AutoscalingGroup.Builder builder = AutoscalingGroup.Builder.create(this, seed ? "SeedGroup" : "Group")
                .name(groupName(names))
                .minSize(settings.minSize())
                .maxSize(settings.maxSize())
                .desiredCapacity(settings.desiredCapacity())
                .vpcZoneIdentifier(props.network().getPrivateSubnetIds())
                .targetGroupArns(List.of(props.targetGroup().getArn()))
                .healthCheckType("ELB")
                .healthCheckGracePeriod(HEALTH_CHECK_GRACE_SECONDS)
                .launchTemplate(AutoscalingGroupLaunchTemplate.builder()
                        .id(launchTemplate.getId())
                        // A copy keeps the seed's version: $Latest lets template changes reach every later copy.
                        .version(seed ? LATEST_VERSION : Token.asString(launchTemplate.getLatestVersion()))
                        .build())
                .tag(groupTags(names, props.tags()))
                // Instances boot at once: the agent must be able to read revisions, and SSM to manage it.
                .dependsOn(List.of(ssm, revisions));
        if (props.lifecycle() instanceof SeedForCopies copies) {
            String seedName = groupName(names);
            DataAwsAutoscalingGroups all = DataAwsAutoscalingGroups.Builder.create(this, "RegionGroups").build();
            String allNames = "data." + all.getTerraformResourceType() + "." + all.getFriendlyUniqueId() + ".names";
            String copiesExpression = "[for name in " + allNames + " : name if startswith(name, \"" + copies.copyPrefix() + "\")]";
            TerraformLocal copiesOfGroup = new TerraformLocal(this, "CopiedGroups", "${" + copiesExpression + "}");
            // The seed while it exists, or when there is no fleet at all (the first apply; a fleet lost entirely).
            TerraformLocal seedCount = new TerraformLocal(this, "SeedCount", "${contains(" + allNames + ", \"" + seedName
                    + "\") || length(" + copiesExpression + ") == 0 ? 1 : 0}");
            builder.count(TerraformCount.of(seedCount.getAsNumber()));
            builder.lifecycle(TerraformResourceLifecycle.builder().ignoreChanges("all").build());
            group = builder.build();
            String seedNames = group.getTerraformResourceType() + "." + group.getFriendlyUniqueId() + "[*].name";
            // What a deployment group is created with (it ignores the value afterwards): the seed while it exists;
            // when it is re-created after the seed is gone, the copies (normally one: the live fleet).
            groupNames = new TerraformLocal(this, "FleetGroupNames", "${length(" + seedNames + ") == 1 ? tolist("
                    + seedNames + ") : tolist(" + copiesExpression + ")}").getAsList();
            copiedGroupNames = copiesOfGroup.getAsList();
        } else {
            // Terraform sets the desired size once; from then on it is the group's (a scale-out by hand, a scaling
            // policy): an apply never takes instances away.
            builder.lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("desired_capacity")).build());
            group = builder.build();
            groupNames = List.of(group.getName());
            copiedGroupNames = List.of();
        }
    }

    /**
     * The group's tags: Name, propagated to its instances, and the environment's tags on the group itself (Auto
     * Scaling groups get no default tags from the provider; the instances get them from the launch template).
     */
    private static List<AutoscalingGroupTag> groupTags(Names names, Map<String, String> tags) {
        List<AutoscalingGroupTag> all = new java.util.ArrayList<>(List.of(AutoscalingGroupTag.builder()
                .key("Name").value(names.physical("instance", NameLimit.TAG)).propagateAtLaunch(true).build()));
        new java.util.TreeMap<>(tags).forEach((key, value) -> all.add(AutoscalingGroupTag.builder()
                .key(key).value(value).propagateAtLaunch(false).build()));
        return all;
    }

    /**
     * The group Terraform manages ({@link Managed}); for {@link SeedForCopies} the seed resource, which has a count:
     * refer to it through {@link #getGroupNames()}, never through its attributes.
     */
    public AutoscalingGroup getGroup() {
        return group;
    }

    /**
     * The names of the fleet's group: the managed group; for {@link SeedForCopies} the seed while it exists, else
     * CodeDeploy's copies at plan time (normally one, the live fleet): what a deployment group is created with.
     */
    public List<String> getGroupNames() {
        return groupNames;
    }

    /** {@link SeedForCopies}: the names of CodeDeploy's copies of the fleet at plan time (live and left-over). */
    public List<String> getCopiedGroupNames() {
        return copiedGroupNames;
    }

    public LaunchTemplate getLaunchTemplate() {
        return launchTemplate;
    }

    public IamRole getRole() {
        return role;
    }
}
