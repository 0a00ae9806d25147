package io.bluegreen.platform.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.Fixtures;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlueGreenDeploymentTest {
    private static JsonNode json;

    @BeforeAll
    static void synth() {
        json = json(Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT).stack());
    }

    private static JsonNode group() {
        return only(json, "aws_codedeploy_deployment_group");
    }

    @Test
    void applicationIsForEcs() {
        assertEquals("ECS", only(json, "aws_codedeploy_app").path("compute_platform").asText());
    }

    @Test
    void deploymentConfigIsForEcsAndAllAtOnceByDefault() {
        JsonNode config = only(json, "aws_codedeploy_deployment_config");
        assertEquals("ECS", config.path("compute_platform").asText());
        assertEquals("AllAtOnce", config.path("traffic_routing_config").path("type").asText());
        assertTrue(config.path("lifecycle").path("create_before_destroy").asBoolean());
    }

    @Test
    void canaryStrategyMapsToTimeBasedCanary() {
        JsonNode canary = only(json(Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT,
                DeploymentSettings.DEFAULT.withStrategy(new DeploymentStrategy.Canary(10, 5))).stack()),
                "aws_codedeploy_deployment_config").path("traffic_routing_config");
        assertEquals("TimeBasedCanary", canary.path("type").asText());
        assertEquals(10, canary.path("time_based_canary").path("percentage").asInt());
        assertEquals(5, canary.path("time_based_canary").path("interval").asInt());
    }

    @Test
    void linearStrategyMapsToTimeBasedLinear() {
        JsonNode linear = only(json(Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT,
                DeploymentSettings.DEFAULT.withStrategy(new DeploymentStrategy.Linear(20, 2))).stack()),
                "aws_codedeploy_deployment_config").path("traffic_routing_config");
        assertEquals("TimeBasedLinear", linear.path("type").asText());
        assertEquals(20, linear.path("time_based_linear").path("percentage").asInt());
        assertEquals(2, linear.path("time_based_linear").path("interval").asInt());
    }

    @Test
    void groupReferencesItsApplicationConfigAndRole() {
        assertEquals(ref(json, "aws_codedeploy_app", "Application", "name"), group().path("app_name").asText());
        assertEquals(ref(json, "aws_codedeploy_deployment_config", "DeploymentConfig", "deployment_config_name"),
                group().path("deployment_config_name").asText());
        assertEquals(ref(json, "aws_iam_role", "ServiceRole", "arn"), group().path("service_role_arn").asText());
    }

    @Test
    void serviceRoleHasTheManagedCodeDeployForEcsPolicy() {
        JsonNode attachment = Synth.named(json, "aws_iam_role_policy_attachment", "ServiceRoleManagedPolicy");
        assertTrue(attachment.path("policy_arn").asText().endsWith(":iam::aws:policy/AWSCodeDeployRoleForECS"));
    }

    @Test
    void groupIsBlueGreenWithTrafficControl() {
        assertEquals("BLUE_GREEN", group().path("deployment_style").path("deployment_type").asText());
        assertEquals("WITH_TRAFFIC_CONTROL", group().path("deployment_style").path("deployment_option").asText());
    }

    @Test
    void groupRollsBackOnFailure() {
        assertTrue(group().path("auto_rollback_configuration").path("enabled").asBoolean());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"), Synth.texts(group().path("auto_rollback_configuration").path("events")));
    }

    @Test
    void groupContinuesAtOnceAndTerminatesBlueAfterFiveMinutes() {
        JsonNode bg = group().path("blue_green_deployment_config");
        assertEquals("CONTINUE_DEPLOYMENT", bg.path("deployment_ready_option").path("action_on_timeout").asText());
        assertEquals(0, bg.path("deployment_ready_option").path("wait_time_in_minutes").asInt());
        assertEquals("TERMINATE", bg.path("terminate_blue_instances_on_deployment_success").path("action").asText());
        assertEquals(5, bg.path("terminate_blue_instances_on_deployment_success").path("termination_wait_time_in_minutes").asInt());
    }

    @Test
    void manualTrafficShiftStopsTheDeploymentAfterTheWait() {
        JsonNode ready = only(json(Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT,
                DeploymentSettings.DEFAULT.withManualTrafficShift(60)).stack()), "aws_codedeploy_deployment_group")
                .path("blue_green_deployment_config").path("deployment_ready_option");
        assertEquals("STOP_DEPLOYMENT", ready.path("action_on_timeout").asText());
        assertEquals(60, ready.path("wait_time_in_minutes").asInt());
    }

    @Test
    void groupPointsAtTheClusterAndService() {
        assertEquals("shop-dev-cluster", group().path("ecs_service").path("cluster_name").asText());
        assertEquals(ref(json, "aws_ecs_service", "Service", "name"), group().path("ecs_service").path("service_name").asText());
    }

    @Test
    void groupRoutesProdAndTestListenersToBothTargetGroups() {
        JsonNode pair = group().path("load_balancer_info").path("target_group_pair_info");
        assertEquals(List.of(ref(json, "aws_lb_listener", "ProdListener", "arn")),
                Synth.texts(pair.path("prod_traffic_route").path("listener_arns")));
        assertEquals(List.of(ref(json, "aws_lb_listener", "TestListener", "arn")),
                Synth.texts(pair.path("test_traffic_route").path("listener_arns")));
        assertEquals(List.of(ref(json, "aws_lb_target_group", "Blue", "name"), ref(json, "aws_lb_target_group", "Green", "name")),
                List.of(pair.path("target_group").get(0).path("name").asText(), pair.path("target_group").get(1).path("name").asText()));
    }

    @Test
    void failsForWaitOutsideBounds() {
        assertInvalid(() -> DeploymentSettings.DEFAULT.withTerminationWait(3000), "terminationWaitMinutes = 3000", "0 to 2880");
        assertInvalid(() -> DeploymentSettings.DEFAULT.withManualTrafficShift(2881), "readyWaitMinutes = 2881", "0 to 2880");
    }

    @Test
    void failsForStopDeploymentWithoutWait() {
        assertInvalid(() -> DeploymentSettings.DEFAULT.withReady(DeploymentSettings.ReadyAction.STOP_DEPLOYMENT, 0),
                "readyWaitMinutes = 0", "with STOP_DEPLOYMENT");
    }

    @Test
    void failsForContinueDeploymentWithWait() {
        assertInvalid(() -> DeploymentSettings.DEFAULT.withReady(DeploymentSettings.ReadyAction.CONTINUE_DEPLOYMENT, 10),
                "readyWaitMinutes = 10", "0 with CONTINUE_DEPLOYMENT");
    }

    @Test
    void failsForCanaryPercentOutside1To99() {
        assertInvalid(() -> new DeploymentStrategy.Canary(100, 5), "percent = 100", "1 to 99");
        assertInvalid(() -> new DeploymentStrategy.Linear(0, 5), "percent = 0", "1 to 99");
    }

    @Test
    void failsForIntervalBelowOneMinute() {
        assertInvalid(() -> new DeploymentStrategy.Canary(10, 0), "intervalMinutes = 0", "1 to 2880");
    }

    @Test
    void deploymentGroupIsCreatedAfterItsServiceRoleHoldsItsPolicies() {
        java.util.List<String> dependsOn = io.bluegreen.testing.Synth.texts(group().path("depends_on"));
        assertTrue(dependsOn.contains("aws_iam_role_policy_attachment."
                + io.bluegreen.testing.Synth.address(json, "aws_iam_role_policy_attachment", "ServiceRoleManagedPolicy")), dependsOn.toString());
    }

    @Test
    void appSpecNamesTheTaskDefinitionPlaceholderAndTheServicesContainer() throws Exception {
        Fixtures.App app = Fixtures.app(ContainerSpec.of("web", 8000, "101"), ServiceSettings.DEFAULT,
                DeploymentSettings.DEFAULT);
        JsonNode props = io.bluegreen.testing.Synth.MAPPER.readTree(app.deployment().appSpec()).path("Resources").get(0)
                .path("TargetService").path("Properties");
        assertEquals("<TASK_DEFINITION>", props.path("TaskDefinition").asText());
        assertEquals("web", props.path("LoadBalancerInfo").path("ContainerName").asText());
        assertEquals(8000, props.path("LoadBalancerInfo").path("ContainerPort").asInt());
    }

    @Test
    void appSpecCarriesTheServicesNetworkSoEachDeploymentAppliesIt() throws Exception {
        // ECS refuses UpdateService network changes under CODE_DEPLOY: the deployment applies the appspec's network.
        Fixtures.App app = Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT);
        JsonNode awsvpc = io.bluegreen.testing.Synth.MAPPER.readTree(app.deployment().appSpec()).path("Resources").get(0)
                .path("TargetService").path("Properties").path("NetworkConfiguration").path("AwsvpcConfiguration");
        assertEquals(List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"),
                io.bluegreen.testing.Synth.texts(awsvpc.path("Subnets")));
        assertEquals(1, awsvpc.path("SecurityGroups").size());
        assertTrue(awsvpc.path("SecurityGroups").get(0).asText().contains("TfToken"), "the tasks' group, resolved by Terraform");
        assertEquals("DISABLED", awsvpc.path("AssignPublicIp").asText());
    }

    @Test
    void lifecycleHooksGoIntoTheAppSpec() throws Exception {
        Fixtures.App app = Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT);
        app.deployment().addLifecycleHook(new AppSpec.Hook("AfterAllowTestTraffic", "arn:aws:lambda:eu-west-1:123456789012:function:x"));
        JsonNode hooks = io.bluegreen.testing.Synth.MAPPER.readTree(app.deployment().appSpec()).path("Hooks");
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:x", hooks.get(0).path("AfterAllowTestTraffic").asText());
    }

    @Test
    void aHookAddedAfterThePipelineReadTheAppSpecIsRefused() {
        Fixtures.App app = Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT);
        app.deployment().appSpec();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () ->
                app.deployment().addLifecycleHook(new AppSpec.Hook("AfterAllowTestTraffic", "f")));
        assertTrue(e.getMessage().contains("before building the pipeline"), e.getMessage());
    }

    @Test
    void deployStageIsCodeDeployToEcsWithTheBuildsFiles() {
        Fixtures.App app = Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT);
        var stage = app.deployment().deployStage();
        assertEquals("CodeDeployToECS", stage.provider());
        assertEquals("taskdef.json", stage.configuration().get("TaskDefinitionTemplatePath"));
        assertEquals("appspec.yaml", stage.configuration().get("AppSpecTemplatePath"));
        assertEquals("IMAGE1_NAME", stage.configuration().get("Image1ContainerName"));
        assertEquals(List.of("CreateDeployment", "DeploymentRevision", "DeploymentConfig", "RegisterTaskDefinition",
                "TagTaskDefinition", "PassTaskRoles"), stage.statements().stream().map(s -> s.sid()).toList());
    }
}
