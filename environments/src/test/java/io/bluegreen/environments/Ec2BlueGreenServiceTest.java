package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.platform.ec2bluegreen.GreenFleetSettings;
import io.bluegreen.network.VpcSource;
import io.bluegreen.testing.Synth;
import io.bluegreen.validation.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every environment delivers the orders service with CodeDeploy blue/green on a copied EC2 fleet, end to end. */
class Ec2BlueGreenServiceTest {
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    private static JsonNode orders(String env) {
        return ServiceStackTest.all().get(env + "-orders");
    }

    private static String variable(JsonNode json, String name) {
        for (JsonNode v : Synth.only(json, "aws_codebuild_project").path("environment").path("environment_variable")) {
            if (v.path("name").asText().equals(name)) {
                return v.path("value").asText();
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void everyEnvironmentCopiesTheFleetAndCleansUpFailedGreens() {
        for (String env : ENVIRONMENTS) {
            JsonNode json = orders(env);
            JsonNode group = Synth.only(json, "aws_codedeploy_deployment_group");
            assertEquals("BLUE_GREEN", group.path("deployment_style").path("deployment_type").asText(), env);
            assertEquals("COPY_AUTO_SCALING_GROUP", group.path("blue_green_deployment_config")
                    .path("green_fleet_provisioning_option").path("action").asText(), env);
            assertEquals(List.of("autoscaling_groups"), Synth.texts(group.path("lifecycle").path("ignore_changes")), env);
            JsonNode seed = Synth.only(json, "aws_autoscaling_group");
            assertEquals("orders-" + env + "-asg", seed.path("name").asText(), env);
            assertEquals("$Latest", seed.path("launch_template").path("version").asText(), env);
            assertEquals("all", seed.path("lifecycle").path("ignore_changes").asText(), env);
            assertEquals(1, Synth.resources(json, "aws_sfn_state_machine").size(), env);
            String pattern = Synth.resources(json, "aws_cloudwatch_event_rule").entrySet().stream()
                    .filter(e -> e.getKey().startsWith("GreenCleanup")).findFirst().orElseThrow().getValue()
                    .path("event_pattern").asText();
            assertTrue(pattern.contains("\"orders-" + env + "-dg\""), env + ": " + pattern);
            assertFalse(Synth.resources(json, "aws_lambda_function").isEmpty(), env);
        }
    }

    @Test
    void thePipelineDeploysTheSameRevisionWithTheBlueGreenHooks() throws Exception {
        for (String env : ENVIRONMENTS) {
            JsonNode json = orders(env);
            assertEquals(ProjectFiles.embed(ProjectFiles.BUILDSPEC_EC2),
                    Synth.only(json, "aws_codebuild_project").path("source").path("buildspec").asText(), env);
            @SuppressWarnings("unchecked")
            Map<String, Object> hooks = (Map<String, Object>) new Yaml().<Map<String, Object>>load(
                    variable(json, "APPSPEC_TEMPLATE")).get("hooks");
            assertTrue(hooks.keySet().containsAll(List.of("BeforeAllowTraffic", "AfterAllowTraffic", "BeforeBlockTraffic",
                    "AfterBlockTraffic")), env + ": " + hooks.keySet());
            assertTrue(Synth.MAPPER.readTree(variable(json, "REVISION_FILES")).has("scripts/block_traffic.sh"), env);
            JsonNode deploy = null;
            for (JsonNode stage : Synth.only(json, "aws_codepipeline").path("stage")) {
                if (stage.path("name").asText().equals("Deploy")) {
                    deploy = stage.path("action").get(0);
                }
            }
            assertEquals("CodeDeploy", deploy.path("provider").asText(), env);
            assertEquals(Synth.ref(json, "aws_codedeploy_deployment_group", "DeploymentGroup", "deployment_group_name"),
                    deploy.path("configuration").path("DeploymentGroupName").asText(), env);
        }
    }

    @Test
    void prodWaitsForAGoAheadAndKeepsBlueAnHour() {
        JsonNode config = Synth.only(orders("prod"), "aws_codedeploy_deployment_group").path("blue_green_deployment_config");
        assertEquals("STOP_DEPLOYMENT", config.path("deployment_ready_option").path("action_on_timeout").asText());
        assertEquals(120, config.path("deployment_ready_option").path("wait_time_in_minutes").asInt());
        assertEquals(60, config.path("terminate_blue_instances_on_deployment_success").path("termination_wait_time_in_minutes").asInt());
        JsonNode dev = Synth.only(orders("dev"), "aws_codedeploy_deployment_group").path("blue_green_deployment_config");
        assertEquals("CONTINUE_DEPLOYMENT", dev.path("deployment_ready_option").path("action_on_timeout").asText());
        assertEquals(GreenFleetSettings.DEFAULT.terminationWaitMinutes(),
                dev.path("terminate_blue_instances_on_deployment_success").path("termination_wait_time_in_minutes").asInt());
    }

    @Test
    void outputsTellTheOnCallWhichGroupIsLive() {
        for (String env : ENVIRONMENTS) {
            JsonNode outputs = orders(env).path("output");
            assertTrue(outputs.path("live_asg_command").path("value").asText().startsWith("aws deploy get-deployment-group"), env);
            assertEquals("orders-" + env + "-asg", outputs.path("seed_asg_name").path("value").asText(), env);
            for (String name : List.of("prod_url", "codedeploy_deployment_group", "pipeline_name", "green_cleanup_state_machine")) {
                assertFalse(outputs.path(name).isMissingNode(), env + " " + name);
            }
            assertTrue(outputs.path("asg_name").isMissingNode(), env + ": the seed is not the live group after deployment 1");
        }
    }

    private static EnvironmentConfig qa(java.util.function.UnaryOperator<io.bluegreen.platform.Ec2BlueGreen.Builder> change) {
        return Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                .service(Defaults.ORDERS, () -> change.apply(Defaults.orders()).build()).build();
    }

    @Test
    void badWaitsFailWithOneLineNamingTheServiceAndEnvironment() {
        List<InvalidConfigException> errors = new ArrayList<>();
        errors.add(assertInvalid(() -> qa(b -> b.green(g -> g.withTerminationWait(2881))), "environment 'qa'",
                "service 'orders'", "terminationWaitMinutes = 2881", "from 0 to 2880"));
        errors.add(assertInvalid(() -> qa(b -> b.green(g -> g.withTerminationWait(-5))), "service 'orders'",
                "terminationWaitMinutes = -5"));
        errors.add(assertInvalid(() -> qa(b -> b.green(g -> g.withManualGoAhead(0))), "service 'orders'",
                "manual go-ahead minutes = 0", "from 1 to 2880"));
        errors.add(assertInvalid(() -> qa(b -> b.green(g -> g.withManualGoAhead(3000))), "service 'orders'",
                "manual go-ahead minutes = 3000"));
        for (InvalidConfigException e : errors) {
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void aFleetThatCannotDeployFailsAtSynth() {
        assertInvalid(() -> qa(b -> b.fleet(f -> f.withSize(1, 3, 1))
                        .deploymentConfig(io.bluegreen.platform.server.ServerDeploymentConfig.MinimumHealthyHosts.count(1))),
                "service 'orders'", "deploymentConfig = 'min-healthy-1-hosts'", "could never start");
    }

    @Test
    void everyInstanceAndVolumeOfEveryCopyCarriesTheEnvironmentsTags() {
        JsonNode json = orders("prod");
        JsonNode template = Synth.only(json, "aws_launch_template");
        java.util.Map<String, String> expected = Map.of("environment", "prod", "service", "orders", "managed-by", "cdktf",
                "owner", "platform-team");
        List<String> types = new java.util.ArrayList<>();
        for (JsonNode spec : template.path("tag_specifications")) {
            types.add(spec.path("resource_type").asText());
            for (Map.Entry<String, String> tag : expected.entrySet()) {
                assertEquals(tag.getValue(), spec.path("tags").path(tag.getKey()).asText(), spec.toString());
            }
        }
        assertEquals(List.of("instance", "volume"), types, "CodeDeploy's copies launch from this template too");
        JsonNode group = Synth.only(json, "aws_autoscaling_group");
        List<String> keys = new java.util.ArrayList<>();
        for (JsonNode tag : group.path("tag")) {
            keys.add(tag.path("key").asText());
            assertEquals(tag.path("key").asText().equals("Name"), tag.path("propagate_at_launch").asBoolean(), tag.toString());
        }
        assertTrue(keys.containsAll(expected.keySet()), "the group itself is tagged: " + keys);
    }
}
