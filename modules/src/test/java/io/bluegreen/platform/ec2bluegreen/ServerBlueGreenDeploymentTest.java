package io.bluegreen.platform.ec2bluegreen;

import io.bluegreen.platform.server.ServerDeploymentConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.platform.server.Ec2Fleet;
import io.bluegreen.platform.server.FleetSettings;
import io.bluegreen.network.Network;
import io.bluegreen.pipeline.ArtifactStore;
import io.bluegreen.testing.Synth;
import io.bluegreen.traffic.Targets;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.traffic.TrafficSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerBlueGreenDeploymentTest {
    private record Parts(TerraformStack stack, TrafficLayer traffic, Ec2Fleet fleet) {
    }

    private static Parts parts() {
        TerraformStack stack = Synth.newStack();
        Network network = Fixtures.network(stack);
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 8080,
                TrafficSettings.DEFAULT, Targets.INSTANCE_SINGLE));
        ArtifactStore store = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(Synth.NAMES, 30, false, List.of()));
        Ec2Fleet fleet = new Ec2Fleet(stack, "Fleet", new Ec2Fleet.Props(Synth.NAMES, network, traffic.getTasksSecurityGroup(),
                traffic.getTargetGroup(), FleetSettings.DEFAULT.withSize(2, 4, 2), 8080, "/", store.getBucketArn(),
                store.getKeyArn(), new Ec2Fleet.SeedForCopies(ServerBlueGreenDeployment.copyPrefix(Synth.NAMES))));
        return new Parts(stack, traffic, fleet);
    }

    private static JsonNode build(GreenFleetSettings green) {
        Parts p = parts();
        new ServerBlueGreenDeployment(p.stack(), "Deployment", new ServerBlueGreenDeployment.Props(Synth.NAMES,
                p.fleet().getGroupNames(), p.traffic().getTargetGroup(), 2, new ServerDeploymentConfig.OneAtATime(), green,
                List.of("shop-dev-main-5xx"), null, p.fleet().getRole().getArn(),
                p.fleet().getLaunchTemplate().getArn()));
        return json(p.stack());
    }

    @Test
    void copiesTheFleetOnEveryDeploymentAndTerminatesBlueAfterTheWait() {
        JsonNode json = build(GreenFleetSettings.DEFAULT);
        JsonNode group = only(json, "aws_codedeploy_deployment_group");
        assertEquals("BLUE_GREEN", group.path("deployment_style").path("deployment_type").asText());
        assertEquals("WITH_TRAFFIC_CONTROL", group.path("deployment_style").path("deployment_option").asText());
        JsonNode config = group.path("blue_green_deployment_config");
        assertEquals("COPY_AUTO_SCALING_GROUP", config.path("green_fleet_provisioning_option").path("action").asText());
        assertEquals("TERMINATE", config.path("terminate_blue_instances_on_deployment_success").path("action").asText());
        assertEquals(5, config.path("terminate_blue_instances_on_deployment_success").path("termination_wait_time_in_minutes").asInt());
        assertEquals("CONTINUE_DEPLOYMENT", config.path("deployment_ready_option").path("action_on_timeout").asText());
        assertTrue(config.path("deployment_ready_option").path("wait_time_in_minutes").isMissingNode(),
                "CONTINUE_DEPLOYMENT takes no wait");
        assertEquals(ref(json, "aws_lb_target_group", "MainTargetGroup", "name"),
                group.path("load_balancer_info").path("target_group_info").get(0).path("name").asText());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"),
                Synth.texts(group.path("auto_rollback_configuration").path("events")));
        assertEquals("shop-dev-dg", group.path("deployment_group_name").asText());
        assertEquals("CodeDeploy_shop-dev-dg_", ServerBlueGreenDeployment.copyPrefix(Synth.NAMES));
    }

    @Test
    void theDeploymentGroupStartsWithTheSeedAndThenFollowsCodeDeploysCopies() {
        JsonNode json = build(GreenFleetSettings.DEFAULT);
        JsonNode group = only(json, "aws_codedeploy_deployment_group");
        String local = Synth.fields(json.path("locals")).keySet().stream().filter(k -> k.startsWith("Fleet_FleetGroupNames"))
                .findFirst().orElseThrow();
        assertEquals("${local." + local + "}", group.path("autoscaling_groups").asText(),
                "created with the seed while it exists (else the live copy)");
        String seed = "aws_autoscaling_group." + Synth.address(json, "aws_autoscaling_group", "SeedGroup") + "[*].name";
        assertTrue(json.path("locals").path(local).asText().startsWith("${length(" + seed + ") == 1 ? tolist(" + seed + ") : "),
                json.path("locals").path(local).asText());
        assertEquals(List.of("autoscaling_groups"), Synth.texts(group.path("lifecycle").path("ignore_changes")),
                "CodeDeploy points the group at each new copy; Terraform must not put the seed back");
    }

    @Test
    void aManualGoAheadStopsTheDeploymentWhenNoneComesInTime() {
        JsonNode ready = only(build(GreenFleetSettings.DEFAULT.withManualGoAhead(90).withTerminationWait(0)),
                "aws_codedeploy_deployment_group").path("blue_green_deployment_config");
        assertEquals("STOP_DEPLOYMENT", ready.path("deployment_ready_option").path("action_on_timeout").asText());
        assertEquals(90, ready.path("deployment_ready_option").path("wait_time_in_minutes").asInt());
        assertEquals(0, ready.path("terminate_blue_instances_on_deployment_success").path("termination_wait_time_in_minutes").asInt());
    }

    @Test
    void theServiceRoleMayLaunchTheCopyFromTheTemplate() {
        JsonNode json = build(GreenFleetSettings.DEFAULT);
        String policy = Synth.named(json, "aws_iam_role_policy", "ServiceRoleLaunchTemplate").path("policy").asText();
        assertTrue(policy.contains("ec2:RunInstances") && policy.contains("iam:PassRole")
                && policy.contains(ref(json, "aws_iam_role", "InstanceRole", "arn")), policy);
        assertTrue(policy.contains("\"ssm:GetParameters\"") && policy.contains("::parameter/aws/service/ami-amazon-linux-latest/*"),
                "creating the copy resolves the template's image parameter: " + policy);
        assertTrue(Synth.named(json, "aws_iam_role_policy_attachment", "ServiceRoleManagedPolicy").path("policy_arn").asText()
                .endsWith(":iam::aws:policy/service-role/AWSCodeDeployRole"));
    }

    @Test
    void theWaitsStayWithinCodeDeploysLimits() {
        assertInvalid(() -> new GreenFleetSettings(0, 2881, 60), "terminationWaitMinutes = 2881", "from 0 to 2880");
        assertInvalid(() -> new GreenFleetSettings(0, -1, 60), "terminationWaitMinutes = -1");
        assertInvalid(() -> GreenFleetSettings.DEFAULT.withManualGoAhead(0), "manual go-ahead minutes = 0", "from 1 to 2880");
        assertInvalid(() -> GreenFleetSettings.DEFAULT.withManualGoAhead(2881), "manual go-ahead minutes = 2881");
        assertInvalid(() -> new GreenFleetSettings(2881, 5, 60), "readyMinutes = 2881");
        assertInvalid(() -> new GreenFleetSettings(0, 5, 2881), "cleanupGraceMinutes = 2881");
        assertEquals(2880, GreenFleetSettings.DEFAULT.withManualGoAhead(2880).withTerminationWait(2880).readyMinutes());
    }

    @Test
    void copiesExactlyOneGroupThroughTheTargetGroup() {
        Parts p = parts();
        assertInvalid(() -> new ServerBlueGreenDeployment.Props(Synth.NAMES, List.of("a-asg", "b-asg"),
                        p.traffic().getTargetGroup(), 2, new ServerDeploymentConfig.OneAtATime(), GreenFleetSettings.DEFAULT,
                        List.of(), null, "arn:aws:iam::111122223333:role/x", "arn:aws:ec2:eu-west-1:111122223333:launch-template/lt-1"),
                "autoScalingGroups", "exactly one Auto Scaling group", "COPY_AUTO_SCALING_GROUP copies one group");
        assertInvalid(() -> new ServerBlueGreenDeployment.Props(Synth.NAMES, List.of("a-asg"), null, 2,
                        new ServerDeploymentConfig.OneAtATime(), GreenFleetSettings.DEFAULT, List.of(), null,
                        "arn:aws:iam::111122223333:role/x", "arn:aws:ec2:eu-west-1:111122223333:launch-template/lt-1"),
                "targetGroup", "traffic control", "pass the traffic layer's target group");
        assertFalse(p.fleet().getGroupNames().isEmpty());
    }
}
