package io.bluegreen.platform.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.network.Network;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.testing.Synth;
import io.bluegreen.traffic.Targets;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.traffic.TrafficSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ec2FleetTest {
    private static JsonNode json;

    /** A fleet behind an EC2 traffic layer, reading revisions from an artifact store. */
    static Ec2Fleet fleet(TerraformStack stack, FleetSettings settings) {
        Network network = Fixtures.network(stack);
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 8080,
                TrafficSettings.DEFAULT, Targets.INSTANCE_SINGLE));
        ArtifactStore store = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(Synth.NAMES, 30, false, List.of()));
        return new Ec2Fleet(stack, "Fleet", new Ec2Fleet.Props(Synth.NAMES, network, traffic.getTasksSecurityGroup(),
                traffic.getTargetGroup(), settings, 8080, "/health", store.getBucketArn(), store.getKeyArn()));
    }

    @BeforeAll
    static void synth() {
        TerraformStack stack = Synth.newStack();
        fleet(stack, FleetSettings.DEFAULT);
        json = json(stack);
    }

    @Test
    void launchTemplateRequiresImdsV2EncryptsTheRootVolumeAndGivesNoPublicIp() {
        JsonNode lt = only(json, "aws_launch_template");
        assertEquals("required", lt.path("metadata_options").path("http_tokens").asText());
        assertEquals(1, lt.path("metadata_options").path("http_put_response_hop_limit").asInt());
        JsonNode ebs = lt.path("block_device_mappings").get(0).path("ebs");
        assertEquals("true", ebs.path("encrypted").asText());
        assertEquals("gp3", ebs.path("volume_type").asText());
        JsonNode nic = lt.path("network_interfaces").get(0);
        assertEquals("false", nic.path("associate_public_ip_address").asText());
        assertEquals(List.of(ref(json, "aws_security_group", "InstancesSecurityGroup", "id")), Synth.texts(nic.path("security_groups")));
    }

    @Test
    void imageIsAmazonLinux2023FromItsPublicSsmParameter() {
        assertEquals("resolve:ssm:" + FleetSettings.AL2023_X86_64, only(json, "aws_launch_template").path("image_id").asText());
        assertEquals("t3.small", only(json, "aws_launch_template").path("instance_type").asText());
    }

    @Test
    void userDataIsTheGeneratedAgentInstallAsPlainBase64() {
        String encoded = only(json, "aws_launch_template").path("user_data").asText();
        assertFalse(encoded.contains("${"), "nothing for Terraform to read as a template");
        assertEquals(UserData.script("shop", 8080, "/health"),
                new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    @Test
    void groupRunsInThePrivateSubnetsBehindTheTargetGroupWithElbHealthChecks() {
        JsonNode asg = only(json, "aws_autoscaling_group");
        assertEquals(List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"), Synth.texts(asg.path("vpc_zone_identifier")));
        assertEquals(List.of(ref(json, "aws_lb_target_group", "MainTargetGroup", "arn")), Synth.texts(asg.path("target_group_arns")));
        assertEquals("ELB", asg.path("health_check_type").asText());
        assertEquals(1, asg.path("min_size").asInt());
        assertEquals(3, asg.path("max_size").asInt());
        assertEquals(2, asg.path("desired_capacity").asInt());
        assertEquals(ref(json, "aws_launch_template", "LaunchTemplate", "latest_version"),
                asg.path("launch_template").path("version").asText(), "a template change reaches new instances");
        assertEquals("instance", only(json, "aws_lb_target_group").path("target_type").asText());
    }

    @Test
    void anApplyNeverTakesInstancesAwayFromAGroupThatScaledOut() {
        // A scale-out by hand or by a policy sets the desired size; Terraform only sets it on creation.
        assertEquals(List.of("desired_capacity"),
                Synth.texts(only(json, "aws_autoscaling_group").path("lifecycle").path("ignore_changes")));
    }

    @Test
    void instancesStartAfterTheirRoleMayReadRevisions() {
        List<String> dependsOn = Synth.texts(only(json, "aws_autoscaling_group").path("depends_on"));
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_iam_role_policy.") && d.contains("InstanceRolePolicy")), dependsOn.toString());
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_iam_role_policy_attachment.") && d.contains("InstanceRoleSsm")), dependsOn.toString());
    }

    @Test
    void instanceRoleMayUseSsmReadRevisionsAndTheAgentBucketAndNothingElse() throws Exception {
        JsonNode policy = MAPPER.readTree(named(json, "aws_iam_role_policy", "InstanceRolePolicy").path("policy").asText());
        JsonNode statements = policy.path("Statement");
        assertEquals(3, statements.size());
        assertEquals(List.of("s3:GetObject", "s3:GetObjectVersion"), Synth.texts(statements.get(0).path("Action")));
        assertEquals(List.of(ref(json, "aws_s3_bucket", "ArtifactBucket", "arn") + "/*"), Synth.texts(statements.get(0).path("Resource")));
        assertEquals(List.of("kms:Decrypt"), Synth.texts(statements.get(1).path("Action")));
        assertEquals(List.of(ref(json, "aws_kms_key", "Artifacts_Key", "arn")), Synth.texts(statements.get(1).path("Resource")));
        assertTrue(statements.get(2).path("Resource").get(0).asText().contains(":s3:::aws-codedeploy-"));
        assertTrue(only(json, "aws_iam_role_policy_attachment").path("policy_arn").asText().endsWith(":iam::aws:policy/AmazonSSMManagedInstanceCore"));
        JsonNode trust = MAPPER.readTree(only(json, "aws_iam_role").path("assume_role_policy").asText()).path("Statement").get(0);
        assertEquals("ec2.amazonaws.com", trust.path("Principal").path("Service").asText());
        assertTrue(trust.path("Condition").isMissingNode(), "EC2 sends no aws:SourceAccount when it assumes an instance role");
    }

    @Test
    void failsForAnInstanceTypeOutsideTheAllowedFamilies() {
        assertInvalid(() -> FleetSettings.DEFAULT.withInstanceType("p4d.24xlarge", FleetSettings.AL2023_X86_64),
                "instanceType = 'p4d.24xlarge'", "families t3");
    }

    @Test
    void failsForAGravitonTypeWithAnX86Image() {
        assertInvalid(() -> FleetSettings.DEFAULT.withInstanceType("t4g.small", FleetSettings.AL2023_X86_64),
                "amiParameter", "an arm64 image for the Graviton type t4g.small", "AL2023_ARM64");
    }

    @Test
    void failsForMinAboveMax() {
        assertInvalid(() -> FleetSettings.DEFAULT.withSize(4, 2, 3), "minSize = 4", "at most maxSize (2)");
    }

    @Test
    void failsForDesiredOutsideMinAndMax() {
        assertInvalid(() -> FleetSettings.DEFAULT.withSize(2, 4, 5), "desiredCapacity = 5", "between minSize (2) and maxSize (4)");
    }

    @Test
    void failsForAnAmiParameterThatIsNotAnSsmPublicParameterPath() {
        assertInvalid(() -> new FleetSettings("t3.small", 1, 2, 1, "ami-0123456789abcdef0", 8),
                "amiParameter = 'ami-0123456789abcdef0'", "SSM public parameter path");
    }

    @Test
    void instancesAdmitTheAppPortFromTheAlbOnlyAndLeaveOverHttpsOnly() {
        var ingress = Synth.resources(json, "aws_vpc_security_group_ingress_rule").values().stream()
                .filter(r -> r.path("security_group_id").asText().contains("InstancesSecurityGroup")).toList();
        assertEquals(1, ingress.size());
        assertEquals(8080, ingress.get(0).path("from_port").asInt());
        assertEquals(ref(json, "aws_security_group", "AlbSecurityGroup", "id"), ingress.get(0).path("referenced_security_group_id").asText());
        var egress = Synth.resources(json, "aws_vpc_security_group_egress_rule").values().stream()
                .filter(r -> r.path("security_group_id").asText().contains("InstancesSecurityGroup")).toList();
        assertEquals(1, egress.size());
        assertEquals("tcp", egress.get(0).path("ip_protocol").asText());
        assertEquals(443, egress.get(0).path("from_port").asInt());
        assertEquals(443, egress.get(0).path("to_port").asInt());
    }
}
