package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every environment synthesizes into its shared stack and one stack per service; backend and provider per stack.
 * Each stack is synthesized once per JVM and shared by the test classes.
 */
class ServiceStackTest {
    /** The checkout service's stack of each environment, by environment name. */
    static final Map<String, JsonNode> STACKS = new LinkedHashMap<>();
    /** Every stack of every environment, by stack id. */
    static final Map<String, JsonNode> ALL = new LinkedHashMap<>();

    @BeforeAll
    static void synthAll() {
        for (EnvironmentConfig config : Environments.all()) {
            synthesized(config.name());
        }
    }

    /** Every stack of {@code config}, by id: services first (their cross-stack references add outputs to shared). */
    static Map<String, JsonNode> synthesize(EnvironmentConfig config) {
        List<EnvironmentStack> stacks = AppSynth.addStacks(Synth.testApp(), List.of(config));
        // As App.synth does: preparing a stack turns its cross-stack references into outputs of the producing stack
        // and remote state in the consuming one (Testing.synth alone would leave them as plain references).
        stacks.forEach(EnvironmentStack::prepareStack);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (EnvironmentStack stack : stacks) {
            if (stack instanceof ServiceStack) {
                out.put(stack.getNode().getId(), Synth.json(stack));
            }
        }
        EnvironmentStack shared = stacks.get(0);
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        ordered.put(shared.getNode().getId(), Synth.json(shared));
        ordered.putAll(out);
        return ordered;
    }

    /** The checkout service stack of environment {@code env}. */
    static synchronized JsonNode synthesized(String env) {
        if (!STACKS.containsKey(env)) {
            Map<String, JsonNode> stacks = synthesize(Environments.select(Environments.all(), env).get(0));
            ALL.putAll(stacks);
            STACKS.put(env, stacks.get(EnvironmentStack.stackId(env, Defaults.CHECKOUT)));
        }
        return STACKS.get(env);
    }

    /** The shared stack of environment {@code env}. */
    static JsonNode shared(String env) {
        synthesized(env);
        return ALL.get(EnvironmentStack.stackId(env, ServiceConfig.SHARED));
    }

    /** Every stack of every environment, by id. */
    static Map<String, JsonNode> all() {
        Environments.all().forEach(c -> synthesized(c.name()));
        return ALL;
    }

    @Test
    void everyEnvironmentSynthesizesASharedStackAndOneStackPerService() {
        assertEquals(List.of("dev-shared", "dev-checkout", "dev-catalog", "dev-orders", "dev-pricing", "dev-inventory", "staging-shared",
                "staging-checkout", "staging-catalog", "staging-orders", "staging-pricing", "prod-shared", "prod-checkout",
                "prod-catalog", "prod-orders", "prod-pricing"),
                List.copyOf(all().keySet()));
        ALL.forEach((id, json) -> assertFalse(json.path("provider").path("aws").isMissingNode(), id));
    }

    @Test
    void devKeepsStateInALocalFilePerStackInTheProjectRoot() {
        JsonNode backend = STACKS.get("dev").path("terraform").path("backend");
        assertEquals(List.of("local"), Synth.fields(backend).keySet().stream().toList());
        assertEquals("../../../terraform.dev-checkout.tfstate", backend.path("local").path("path").asText());
        assertEquals("../../../terraform.dev-shared.tfstate",
                shared("dev").path("terraform").path("backend").path("local").path("path").asText());
    }

    @Test
    void aServiceStackReadsTheNetworkFromItsSharedStacksState() {
        // cdktf cross-stack references: outputs in the shared stack, remote state (same backend and key) in the service's.
        JsonNode remote = STACKS.get("prod").path("data").path("terraform_remote_state").elements().next();
        assertEquals("s3", remote.path("backend").asText());
        assertEquals("shared/prod/terraform.tfstate", remote.path("config").path("key").asText());
        assertEquals("acme-terraform-state-444455556666", remote.path("config").path("bucket").asText());
        assertFalse(Synth.fields(shared("prod").path("output")).isEmpty());
        JsonNode devRemote = STACKS.get("dev").path("data").path("terraform_remote_state").elements().next();
        assertEquals("../../../terraform.dev-shared.tfstate", devRemote.path("config").path("path").asText());
        assertTrue(Synth.resources(STACKS.get("dev"), "aws_vpc").isEmpty(), "the network is the shared stack's");
    }

    @Test
    void everyStackRequiresATerraformThatLocksWithTheStateBucket() {
        for (JsonNode stack : List.of(STACKS.get("prod"), STACKS.get("dev"), shared("prod"))) {
            assertEquals(">= 1.11.0", stack.path("terraform").path("required_version").asText());
        }
    }

    @Test
    void remoteStateReadsCarryNoDeprecatedLockTable() {
        JsonNode remote = STACKS.get("prod").path("data").path("terraform_remote_state").elements().next();
        assertEquals("shared/prod/terraform.tfstate", remote.path("config").path("key").asText());
        assertTrue(remote.path("config").path("dynamodb_table").isMissingNode(), remote.toString());
    }

    @Test
    void theEmergencySwitchLetsEveryServiceDeployWhileItsAlarmsFire() {
        EnvironmentConfig prod = Environments.select(Environments.all(), "prod").get(0);
        Map<String, JsonNode> normal = all();
        Map<String, JsonNode> emergency = synthesize(prod.toBuilder().deploymentsIgnoreAlarms(true).build());
        int groups = 0;
        for (Map.Entry<String, JsonNode> stack : emergency.entrySet()) {
            for (JsonNode group : Synth.resources(stack.getValue(), "aws_codedeploy_deployment_group").values()) {
                JsonNode before = Synth.resources(normal.get(stack.getKey()), "aws_codedeploy_deployment_group").values().iterator().next();
                assertTrue(before.path("alarm_configuration").path("enabled").asBoolean(), "normally the alarms gate: " + stack.getKey());
                JsonNode alarms = group.path("alarm_configuration");
                assertFalse(alarms.path("enabled").asBoolean(true), stack.getKey() + ": CodeDeploy stops polling the alarms");
                assertEquals(before.path("alarm_configuration").path("alarms"), alarms.path("alarms"), "the alarms stay");
                assertTrue(Synth.texts(group.path("auto_rollback_configuration").path("events")).contains("DEPLOYMENT_FAILURE"),
                        "a failed deployment still rolls back");
                groups++;
            }
        }
        assertEquals(prod.services().size(), groups);
    }

    @Test
    void aDestroyOfAKeptEnvironmentLeavesItsLogsReadableAndStopsAtDataItsKeyStillDecrypts() {
        JsonNode prod = STACKS.get("prod");
        for (Map.Entry<String, JsonNode> logs : Synth.resources(prod, "aws_cloudwatch_log_group").entrySet()) {
            boolean ownKey = logs.getValue().path("kms_key_id").asText().contains("${aws_kms_key.");
            assertEquals(!ownKey, logs.getValue().path("skip_destroy").asBoolean(false),
                    logs.getKey() + ": kept unless encrypted with a key of the stack, which goes with it");
        }
        assertTrue(Synth.resources(prod, "aws_cloudwatch_log_group").values().stream()
                .anyMatch(l -> l.path("skip_destroy").asBoolean(false)), "the application's logs are kept");
        assertFalse(Synth.only(prod, "aws_ecr_repository").path("force_delete").asBoolean(false),
                "a repository holding images stops the destroy");
        JsonNode bucket = Synth.only(prod, "aws_s3_bucket");
        assertFalse(bucket.path("force_destroy").asBoolean());
        assertTrue(Synth.texts(bucket.path("depends_on")).stream().anyMatch(d -> d.startsWith("aws_kms_key.")),
                "the key is destroyed only after its bucket is gone: a bucket that survives stays readable");
    }

    @Test
    void aDestroyOfADisposableEnvironmentRemovesImagesAndLogs() {
        JsonNode dev = STACKS.get("dev");
        assertTrue(Synth.only(dev, "aws_ecr_repository").path("force_delete").asBoolean(), "dev's images go with it");
        assertTrue(Synth.only(dev, "aws_s3_bucket").path("force_destroy").asBoolean());
        for (JsonNode logs : Synth.resources(dev, "aws_cloudwatch_log_group").values()) {
            assertTrue(logs.path("skip_destroy").isMissingNode(), logs.toString());
        }
    }

    @Test
    void aTransitionLockTableTakesBothLocks() {
        EnvironmentConfig prod = Environments.select(Environments.all(), "prod").get(0);
        StateBackend.S3 s3 = (StateBackend.S3) prod.stateBackend();
        Map<String, JsonNode> stacks = synthesize(prod.toBuilder()
                .stateBackend(s3.withTransitionLockTable("terraform-locks")).build());
        JsonNode backend = stacks.get("prod-checkout").path("terraform").path("backend").path("s3");
        assertEquals("terraform-locks", backend.path("dynamodb_table").asText());
        assertTrue(backend.path("use_lockfile").asBoolean());
        // Reading the shared stack's state locks nothing: no deprecated lock table there, so no warning either.
        JsonNode remote = stacks.get("prod-checkout").path("data").path("terraform_remote_state").elements().next();
        assertTrue(remote.path("config").path("dynamodb_table").isMissingNode(), remote.toString());
        assertEquals("shared/prod/terraform.tfstate", remote.path("config").path("key").asText());
        assertEquals("${terraform.workspace}", remote.path("workspace").asText());
    }

    @Test
    void prodKeepsStateInS3WithLockingAndAKeyPerEnvironment() {
        JsonNode s3 = STACKS.get("prod").path("terraform").path("backend").path("s3");
        assertFalse(s3.isMissingNode(), "prod uses the S3 backend");
        assertEquals("checkout/prod/terraform.tfstate", s3.path("key").asText());
        assertTrue(s3.path("use_lockfile").asBoolean(), "locked by a lock file in the state bucket");
        assertTrue(s3.path("dynamodb_table").isMissingNode(), "no deprecated DynamoDB lock unless a transition asks for it");
        assertTrue(s3.path("encrypt").asBoolean());
        assertEquals("eu-west-1", s3.path("region").asText());
        String stagingKey = STACKS.get("staging").path("terraform").path("backend").path("s3").path("key").asText();
        assertEquals("checkout/staging/terraform.tfstate", stagingKey);
        assertEquals("shared/prod/terraform.tfstate",
                shared("prod").path("terraform").path("backend").path("s3").path("key").asText());
    }

    @Test
    void providerSetsRegionAndDefaultTags() {
        all().forEach((id, json) -> {
            JsonNode aws = json.path("provider").path("aws").get(0);
            assertEquals("eu-west-1", aws.path("region").asText());
            JsonNode tags = aws.path("default_tags").get(0).path("tags");
            String[] parts = id.split("-", 2);
            assertEquals(parts[1], tags.path("service").asText(), id);
            assertEquals(parts[0], tags.path("environment").asText(), id);
            assertEquals("cdktf", tags.path("managed-by").asText(), id);
        });
    }

    @Test
    void devCreatesItsVpcAndTheOthersReadAnExistingOne() {
        assertEquals(1, Synth.resources(shared("dev"), "aws_vpc").size());
        assertTrue(Synth.resources(shared("prod"), "aws_vpc").isEmpty());
        assertEquals(1, Synth.dataSources(shared("prod"), "aws_vpc").size());
        assertEquals(1, Synth.dataSources(shared("staging"), "aws_vpc").size());
    }

    @Test
    void devServesPlainHttpAndStagingAndProdServeHttpsWithRedirect() {
        assertEquals("HTTP", Synth.named(STACKS.get("dev"), "aws_lb_listener", "ProdListener").path("protocol").asText());
        assertEquals(2, Synth.resources(STACKS.get("dev"), "aws_lb_listener").size());
        for (String env : List.of("staging", "prod")) {
            JsonNode json = STACKS.get(env);
            assertEquals("HTTPS", Synth.named(json, "aws_lb_listener", "ProdListener").path("protocol").asText(), env);
            assertEquals("HTTPS", Synth.named(json, "aws_lb_listener", "TestListener").path("protocol").asText(), env);
            assertEquals("redirect", Synth.named(json, "aws_lb_listener", "HttpRedirect")
                    .path("default_action").get(0).path("type").asText(), env);
        }
    }

    @Test
    void onlyProdProtectsItsLoadBalancerFromDeletion() {
        STACKS.forEach((env, json) -> assertEquals(env.equals("prod"),
                Synth.only(json, "aws_lb").path("enable_deletion_protection").asBoolean(), env));
    }

    @Test
    void everyEnvironmentOutputsItsUrlsAndAlbDnsName() {
        STACKS.forEach((env, json) -> {
            JsonNode outputs = json.path("output");
            String dns = Synth.ref(json, "aws_lb", "LoadBalancer", "dns_name");
            assertEquals(dns, outputs.path("alb_dns_name").path("value").asText(), env);
            String scheme = env.equals("dev") ? "http://" : "https://";
            assertEquals(scheme + dns, outputs.path("prod_url").path("value").asText(), env);
            assertEquals(scheme + dns + ":8080", outputs.path("test_url").path("value").asText(), env);
        });
    }

    @Test
    void everyEnvironmentRunsItsServiceUnderCodeDeployOnBlue() {
        STACKS.forEach((env, json) -> {
            JsonNode service = Synth.only(json, "aws_ecs_service");
            assertEquals("CODE_DEPLOY", service.path("deployment_controller").path("type").asText(), env);
            assertEquals(List.of("task_definition", "load_balancer", "network_configuration", "platform_version", "desired_count"),
                    Synth.texts(service.path("lifecycle").path("ignore_changes")), env);
            assertEquals(Synth.ref(json, "aws_lb_target_group", "Blue", "arn"),
                    service.path("load_balancer").get(0).path("target_group_arn").asText(), env);
            assertFalse(service.path("network_configuration").path("assign_public_ip").asBoolean(), env);
        });
    }

    @Test
    void everyDeploymentGroupWiresAppConfigServiceListenersAndTargetGroups() {
        STACKS.forEach((env, json) -> {
            JsonNode group = Synth.only(json, "aws_codedeploy_deployment_group");
            assertEquals(Synth.ref(json, "aws_codedeploy_app", "Application", "name"), group.path("app_name").asText(), env);
            assertEquals(Synth.ref(json, "aws_codedeploy_deployment_config", "DeploymentConfig", "deployment_config_name"),
                    group.path("deployment_config_name").asText(), env);
            assertEquals(Synth.ref(json, "aws_ecs_service", "Service", "name"),
                    group.path("ecs_service").path("service_name").asText(), env);
            JsonNode pair = group.path("load_balancer_info").path("target_group_pair_info");
            assertEquals(Synth.ref(json, "aws_lb_listener", "ProdListener", "arn"),
                    pair.path("prod_traffic_route").path("listener_arns").get(0).asText(), env);
            assertEquals(Synth.ref(json, "aws_lb_listener", "TestListener", "arn"),
                    pair.path("test_traffic_route").path("listener_arns").get(0).asText(), env);
            assertEquals(2, pair.path("target_group").size(), env);
            assertEquals(Synth.ref(json, "aws_iam_role", "ServiceRole", "arn"), group.path("service_role_arn").asText(), env);
            assertEquals(5, group.path("blue_green_deployment_config").path("terminate_blue_instances_on_deployment_success")
                    .path("termination_wait_time_in_minutes").asInt(), env);
        });
    }

    @Test
    void capacityGrowsFromDevToProd() {
        assertEquals(2, Synth.only(STACKS.get("dev"), "aws_appautoscaling_target").path("max_capacity").asInt());
        assertEquals(2, Synth.only(STACKS.get("prod"), "aws_appautoscaling_target").path("min_capacity").asInt());
        assertEquals(10, Synth.only(STACKS.get("prod"), "aws_appautoscaling_target").path("max_capacity").asInt());
        assertEquals(2, Synth.only(STACKS.get("prod"), "aws_ecs_service").path("desired_count").asInt());
    }

    @Test
    void everyEnvironmentOutputsClusterServiceAndCodeDeployNames() {
        STACKS.forEach((env, json) -> {
            JsonNode outputs = json.path("output");
            assertEquals(Synth.ref(json, "aws_ecs_service", "Service", "name"), outputs.path("service_name").path("value").asText(), env);
            assertEquals("checkout-" + env + "-cluster", outputs.path("cluster_name").path("value").asText(), env);
            assertEquals(Synth.ref(json, "aws_codedeploy_app", "Application", "name"),
                    outputs.path("codedeploy_application").path("value").asText(), env);
            assertEquals(Synth.ref(json, "aws_codedeploy_deployment_group", "DeploymentGroup", "deployment_group_name"),
                    outputs.path("codedeploy_deployment_group").path("value").asText(), env);
        });
    }

    @Test
    void onlyProdWaitsForManualApprovalBeforeDeploying() {
        STACKS.forEach((env, json) -> {
            List<String> stages = new java.util.ArrayList<>();
            Synth.only(json, "aws_codepipeline").path("stage").forEach(s -> stages.add(s.path("name").asText()));
            assertEquals(env.equals("prod") ? List.of("Source", "Build", "Approve", "Deploy") : List.of("Source", "Build", "Deploy"),
                    stages, env);
        });
    }

    @Test
    void onlyDevCreatesItsConnectionAndMayDestroyItsArtifacts() {
        STACKS.forEach((env, json) -> {
            assertEquals(env.equals("dev") ? 1 : 0, Synth.resources(json, "aws_codestarconnections_connection").size(), env);
            assertEquals(env.equals("dev"), Synth.only(json, "aws_s3_bucket").path("force_destroy").asBoolean(), env);
        });
    }

    @Test
    void everyEnvironmentOutputsPipelineAndRepository() {
        STACKS.forEach((env, json) -> {
            JsonNode outputs = json.path("output");
            assertEquals(Synth.ref(json, "aws_codepipeline", "Pipeline", "name"), outputs.path("pipeline_name").path("value").asText(), env);
            assertEquals(Synth.ref(json, "aws_ecr_repository", "Repository", "repository_url"),
                    outputs.path("ecr_repository_url").path("value").asText(), env);
        });
    }

    private static JsonNode appSpec(JsonNode json) {
        for (JsonNode v : Synth.only(json, "aws_codebuild_project").path("environment").path("environment_variable")) {
            if (v.path("name").asText().equals("APPSPEC_TEMPLATE")) {
                try {
                    return Synth.MAPPER.readTree(v.path("value").asText());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("no APPSPEC_TEMPLATE");
    }

    @Test
    void everyEnvironmentSmokeTestsGreenBeforeTheShift() {
        STACKS.forEach((env, json) -> {
            assertEquals(Synth.ref(json, "aws_lambda_function", "SmokeTest_Function", "arn"),
                    appSpec(json).path("Hooks").get(0).path("AfterAllowTestTraffic").asText(), env);
            assertEquals(Synth.ref(json, "aws_security_group", "SmokeTest_SecurityGroup", "id"),
                    Synth.named(json, "aws_vpc_security_group_ingress_rule", "AlbTestIngressFromSmokeTest")
                            .path("referenced_security_group_id").asText(), env);
        });
    }

    @Test
    void anEnvironmentCanSwitchTheSmokeTestOff() {
        EnvironmentConfig config = Environments.all().get(0).toBuilder()
                .services(List.of(new ServiceConfig("checkout", ((io.bluegreen.platform.EcsBlueGreen) Environments.all().get(0)
                        .service("checkout").platform()).toBuilder().smokeTest(io.bluegreen.platform.ecs.SmokeTestSettings.OFF).build())))
                .build();
        JsonNode json = synthesize(config).get("dev-checkout");
        assertTrue(Synth.resources(json, "aws_lambda_function").isEmpty());
        assertTrue(appSpec(json).path("Hooks").isMissingNode());
    }

    @Test
    void everyStackAcceptsThe5xLineFromAReleaseThatKnowsItsRuntimesAndNeverA6x() {
        // Not the bindings' exact 5.23.1 (it rejects python3.13), never an older 5.x that rejects it, never 6.x.
        all().forEach((env, json) -> {
            JsonNode aws = json.path("terraform").path("required_providers").path("aws");
            assertEquals("aws", aws.path("source").asText().replaceAll(".*/", ""), env);
            assertEquals(">= 5.100.0, < 6.0.0", aws.path("version").asText(), env);
        });
    }

    @Test
    void stagingAndProdRefuseCredentialsOfAnotherAccount() {
        assertEquals(List.of("111122223333"), Synth.texts(STACKS.get("staging").path("provider").path("aws").get(0)
                .path("allowed_account_ids")));
        assertEquals(List.of("444455556666"), Synth.texts(STACKS.get("prod").path("provider").path("aws").get(0)
                .path("allowed_account_ids")));
        assertEquals(List.of("444455556666"), Synth.texts(shared("prod").path("provider").path("aws").get(0)
                .path("allowed_account_ids")));
        assertTrue(STACKS.get("dev").path("provider").path("aws").get(0).path("allowed_account_ids").isMissingNode(),
                "the quick start runs with any credentials");
    }

    @Test
    void dependenciesOnTheSharedNetworkAreLeftToTheStackOrder() {
        // The routes are in the shared stack, applied before the service's: a depends_on across stacks would name a
        // resource the service stack does not declare (Terraform refuses it; TerraformLoadTest checks every stack).
        JsonNode dev = STACKS.get("dev");
        for (String type : List.of("aws_ecs_service", "aws_lambda_function", "aws_lb")) {
            List<String> dependsOn = Synth.texts(Synth.only(dev, type).path("depends_on"));
            assertTrue(dependsOn.stream().noneMatch(d -> d.startsWith("aws_route") || d.startsWith("aws_internet_gateway")),
                    type + " " + dependsOn);
        }
    }
}
