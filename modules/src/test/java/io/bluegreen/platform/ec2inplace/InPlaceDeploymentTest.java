package io.bluegreen.platform.ec2inplace;

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

class InPlaceDeploymentTest {
    private record Built(TerraformStack stack, InPlaceDeployment deployment) {
    }

    private static Built build(ServerDeploymentConfig config, int minSize) {
        TerraformStack stack = Synth.newStack();
        Network network = Fixtures.network(stack);
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 8080,
                TrafficSettings.DEFAULT, Targets.INSTANCE_SINGLE));
        ArtifactStore store = new ArtifactStore(stack, "Artifacts", new ArtifactStore.Props(Synth.NAMES, 30, false, List.of()));
        Ec2Fleet fleet = new Ec2Fleet(stack, "Fleet", new Ec2Fleet.Props(Synth.NAMES, network, traffic.getTasksSecurityGroup(),
                traffic.getTargetGroup(), FleetSettings.DEFAULT.withSize(minSize, 4, minSize), 8080, "/", store.getBucketArn(),
                store.getKeyArn()));
        InPlaceDeployment deployment = new InPlaceDeployment(stack, "Deployment", new InPlaceDeployment.Props(Synth.NAMES,
                fleet.getGroup(), traffic.getTargetGroup(), minSize, config, List.of("shop-dev-main-5xx"), null,
                fleet.getRole().getArn(), fleet.getLaunchTemplate().getArn()));
        return new Built(stack, deployment);
    }

    @Test
    void groupDeploysInPlaceWithTrafficControlToTheAutoScalingGroup() {
        JsonNode json = json(build(new ServerDeploymentConfig.OneAtATime(), 2).stack());
        assertEquals("Server", only(json, "aws_codedeploy_app").path("compute_platform").asText());
        JsonNode group = only(json, "aws_codedeploy_deployment_group");
        assertEquals("IN_PLACE", group.path("deployment_style").path("deployment_type").asText());
        assertEquals("WITH_TRAFFIC_CONTROL", group.path("deployment_style").path("deployment_option").asText());
        assertEquals(List.of(ref(json, "aws_autoscaling_group", "Group", "name")), Synth.texts(group.path("autoscaling_groups")));
        assertEquals(ref(json, "aws_lb_target_group", "MainTargetGroup", "name"),
                group.path("load_balancer_info").path("target_group_info").get(0).path("name").asText());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"),
                Synth.texts(group.path("auto_rollback_configuration").path("events")));
        assertEquals("CodeDeployDefault.OneAtATime", group.path("deployment_config_name").asText());
        assertTrue(Synth.resources(json, "aws_codedeploy_deployment_config").isEmpty(), "built-in configs need none");
        assertTrue(Synth.named(json, "aws_iam_role_policy_attachment", "ServiceRoleManagedPolicy").path("policy_arn").asText()
                .endsWith(":iam::aws:policy/service-role/AWSCodeDeployRole"));
        assertTrue(Synth.texts(group.path("depends_on")).stream().anyMatch(d -> d.contains("ServiceRoleManagedPolicy")),
                "the group is created after its role holds its policy");
    }

    @Test
    void aCustomMinimumOfHealthyHostsIsNamedByItsValueAndReplacedBeforeItIsDeleted() {
        JsonNode json = json(build(ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(50), 2).stack());
        JsonNode config = only(json, "aws_codedeploy_deployment_config");
        assertEquals("shop-dev-min-healthy-50pct", config.path("deployment_config_name").asText());
        assertEquals("Server", config.path("compute_platform").asText());
        assertEquals("FLEET_PERCENT", config.path("minimum_healthy_hosts").path("type").asText());
        assertEquals(50, config.path("minimum_healthy_hosts").path("value").asInt());
        assertTrue(config.path("lifecycle").path("create_before_destroy").asBoolean());
    }

    @Test
    void failsForAMinimumOfHealthyHostsTheFleetCanNeverSatisfy() {
        assertInvalid(() -> build(ServerDeploymentConfig.MinimumHealthyHosts.count(2), 2), "config = 'min-healthy-2-hosts'",
                "keeps 2 healthy", "lower the minimum of healthy hosts below 2");
        assertInvalid(() -> build(ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(60), 2), "keeps 2 healthy");
    }

    @Test
    void halfAtATimeOnAFleetOfOneFailsAtSynthAsCodeDeployWouldFailEveryDeployment() {
        // CodeDeploy rounds the 50% minimum up: one instance must stay healthy, so none may be updated.
        assertInvalid(() -> build(new ServerDeploymentConfig.HalfAtATime(), 1), "config = 'CodeDeployDefault.HalfAtATime'",
                "keeps 1 healthy", "raise the fleet's minSize");
        assertEquals(1, new ServerDeploymentConfig.HalfAtATime().requiredHealthy(2));
        assertEquals(2, new ServerDeploymentConfig.HalfAtATime().requiredHealthy(3), "3 x 50% = 1.5, rounded up");
        assertEquals(4, ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(40).requiredHealthy(9),
                "the API reference's own example: 40% of nine instances is four");
        assertInvalid(() -> build(ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(51), 2), "keeps 2 healthy");
    }

    @Test
    void failsForAPercentageOfZeroOrAHundred() {
        assertInvalid(() -> ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(100), "value = 100", "1 to 99");
        assertInvalid(() -> ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(0), "value = 0", "1 to 99");
    }

    @Test
    void deployStageIsTheCodeDeployActionWithRightsOnThisGroupOnly() {
        Built built = build(new ServerDeploymentConfig.HalfAtATime(), 2);
        var stage = built.deployment().deployStage();
        assertEquals("CodeDeploy", stage.provider());
        assertEquals(List.of("ApplicationName", "DeploymentGroupName"), List.copyOf(stage.configuration().keySet()));
        assertEquals(List.of("CreateDeployment", "DeploymentRevision", "DeploymentConfig"),
                stage.statements().stream().map(s -> s.sid()).toList());
        assertTrue(stage.statements().get(2).resources().get(0).endsWith(":deploymentconfig:CodeDeployDefault.HalfAtATime"));
    }

    @Test
    void serviceRoleMayLaunchFromTheTemplateAndPassOnlyTheInstanceRole() throws Exception {
        JsonNode json = json(build(new ServerDeploymentConfig.OneAtATime(), 2).stack());
        JsonNode policy = Synth.MAPPER.readTree(Synth.named(json, "aws_iam_role_policy", "ServiceRoleLaunchTemplate")
                .path("policy").asText()).path("Statement");
        assertEquals(List.of("ec2:RunInstances"), Synth.texts(policy.get(0).path("Action")));
        assertEquals(List.of(ref(json, "aws_launch_template", "LaunchTemplate", "arn")),
                Synth.texts(policy.get(0).path("Condition").path("ArnLike").path("ec2:LaunchTemplate")));
        assertEquals("RunInstances", policy.get(1).path("Condition").path("StringEquals").path("ec2:CreateAction").get(0).asText());
        assertEquals(List.of(ref(json, "aws_iam_role", "InstanceRole", "arn")), Synth.texts(policy.get(2).path("Resource")));
        assertEquals("ec2.amazonaws.com", policy.get(2).path("Condition").path("StringEquals").path("iam:PassedToService").get(0).asText());
    }

    /**
     * IAM's verdict for one request against the Allow statements of {@code statements} (no Deny among them): an action
     * and resource that match (with * wildcards), and every condition true. Enough for the operators used here.
     */
    private static boolean allowed(JsonNode statements, String action, String resource, java.util.Map<String, String> context) {
        for (JsonNode statement : statements) {
            if (!statement.path("Effect").asText().equals("Allow")
                    || Synth.texts(statement.path("Action")).stream().noneMatch(a -> matches(a, action))
                    || Synth.texts(statement.path("Resource")).stream().noneMatch(r -> matches(r, resource))) {
                continue;
            }
            boolean all = true;
            for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> ops = statement.path("Condition").fields(); ops.hasNext(); ) {
                java.util.Map.Entry<String, JsonNode> op = ops.next();
                for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                    java.util.Map.Entry<String, JsonNode> key = keys.next();
                    String value = context.get(key.getKey());
                    boolean ok = value != null && Synth.texts(key.getValue()).stream().anyMatch(v -> switch (op.getKey()) {
                        case "ArnLike", "StringLike" -> matches(v, value);
                        case "StringEquals", "ArnEquals" -> v.equals(value);
                        default -> throw new AssertionError("operator not modelled: " + op.getKey());
                    });
                    all &= ok;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String value) {
        return value.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
    }

    @Test
    void codeDeployMayLaunchFromThisFleetsTemplateAndFromNoOther() throws Exception {
        JsonNode json = json(build(new ServerDeploymentConfig.OneAtATime(), 2).stack());
        String own = ref(json, "aws_launch_template", "LaunchTemplate", "arn");
        JsonNode policy = Synth.MAPPER.readTree(Synth.named(json, "aws_iam_role_policy", "ServiceRoleLaunchTemplate")
                .path("policy").asText()).path("Statement");
        String instance = "arn:aws:ec2:eu-west-1:111122223333:instance/*";
        assertTrue(allowed(policy, "ec2:RunInstances", instance, java.util.Map.of("ec2:LaunchTemplate", own)));
        assertFalse(allowed(policy, "ec2:RunInstances", instance,
                java.util.Map.of("ec2:LaunchTemplate", "arn:aws:ec2:eu-west-1:111122223333:launch-template/lt-0another0000000")),
                "a launch from another template is not allowed");
        assertFalse(allowed(policy, "ec2:RunInstances", instance, java.util.Map.of()), "nor a launch without a template");
    }
}
