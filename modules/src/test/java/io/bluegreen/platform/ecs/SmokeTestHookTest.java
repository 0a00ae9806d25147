package io.bluegreen.platform.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.Fixtures;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static io.bluegreen.testing.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmokeTestHookTest {
    private static JsonNode json;
    private static SmokeTestHook hook;
    private static com.hashicorp.cdktf.TerraformStack stack;

    @BeforeAll
    static void synth() {
        Fixtures.App app = Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT);
        hook = new SmokeTestHook(app.stack(), "SmokeTest", new SmokeTestHook.Props(Synth.NAMES, app.network(),
                app.traffic().getTestEndpoint(), app.deployment().getDeploymentGroup(),
                SmokeTestSettings.DEFAULT.withChecks(List.of(new SmokeTestSettings.SmokeCheck("/health", "200", "ok"))), 30));
        app.traffic().allowTestTrafficFrom("SmokeTest", hook.getSecurityGroup());
        app.deployment().addLifecycleHook(hook.appSpecHook());
        EcsBlueGreenService.delivery(app.stack(), Synth.NAMES, app.service(), app.deployment(), "version: 0.2\n",
                PipelineSettings.of(new PipelineSource.CodeStarConnection(new PipelineSource.Create(null), "acme/shop", "main"))
                        .withNotifications(false), null);
        json = json(app.stack());
        stack = app.stack();
    }

    @Test
    void functionIsNamedSoTheManagedCodeDeployRoleMayInvokeIt() {
        String name = only(json, "aws_lambda_function").path("function_name").asText();
        assertTrue(name.startsWith("CodeDeployHook_"), name);
        assertTrue(name.length() <= 64, name);
    }

    @Test
    void functionRunsAPackagedPythonHandlerFromItsAsset() {
        JsonNode fn = only(json, "aws_lambda_function");
        assertEquals("python3.13", fn.path("runtime").asText(), "a runtime AWS supports for new functions for years");
        assertEquals("smoke_test.handler", fn.path("handler").asText());
        assertTrue(fn.path("filename").asText().startsWith("assets/"), fn.path("filename").asText());
        assertTrue(fn.path("filename").asText().endsWith(".zip"), fn.path("filename").asText());
        // What the provider stores is the package's base64 SHA-256; anything else shows a change on every plan.
        assertEquals("${filebase64sha256(\"" + fn.path("filename").asText() + "\")}", fn.path("source_code_hash").asText());
        assertEquals(135, fn.path("timeout").asInt(), "check budget 120 s + 15 s to report");
    }

    @Test
    void functionGetsTheTestUrlAndChecks() throws Exception {
        JsonNode vars = only(json, "aws_lambda_function").path("environment").path("variables");
        assertEquals("http://" + ref(json, "aws_lb", "LoadBalancer", "dns_name") + ":8080", vars.path("TEST_URL").asText());
        JsonNode check = MAPPER.readTree(vars.path("CHECKS").asText()).get(0);
        assertEquals("/health", check.path("path").asText());
        assertEquals("200", check.path("statuses").asText());
        assertEquals("ok", check.path("contains").asText());
        assertEquals("5", vars.path("MAX_ATTEMPTS").asText());
    }

    @Test
    void functionRunsInThePrivateSubnetsWithItsOwnSecurityGroup() {
        JsonNode vpc = only(json, "aws_lambda_function").path("vpc_config");
        assertEquals(List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"), Synth.texts(vpc.path("subnet_ids")));
        assertEquals(List.of(ref(json, "aws_security_group", "SmokeTest_SecurityGroup", "id")), Synth.texts(vpc.path("security_group_ids")));
    }

    @Test
    void albAdmitsTheHookOnTheTestPort() {
        JsonNode rule = named(json, "aws_vpc_security_group_ingress_rule", "AlbTestIngressFromSmokeTest");
        assertEquals(ref(json, "aws_security_group", "SmokeTest_SecurityGroup", "id"), rule.path("referenced_security_group_id").asText());
        assertEquals(ref(json, "aws_security_group", "AlbSecurityGroup", "id"), rule.path("security_group_id").asText());
        assertEquals(8080, rule.path("from_port").asInt());
        assertEquals(8080, rule.path("to_port").asInt());
    }

    @Test
    void roleMayOnlyWriteItsLogsAndReportHookStatus() throws Exception {
        JsonNode statements = MAPPER.readTree(named(json, "aws_iam_role_policy", "SmokeTest_RolePolicy").path("policy").asText()).path("Statement");
        List<String> actions = new ArrayList<>();
        statements.forEach(s -> actions.addAll(Synth.texts(s.path("Action"))));
        assertEquals(List.of("logs:CreateLogStream", "logs:PutLogEvents", "codedeploy:PutLifecycleEventHookExecutionStatus"), actions);
        assertEquals(List.of(ref(json, "aws_cloudwatch_log_group", "SmokeTest_LogGroup", "arn") + ":*"), Synth.texts(statements.get(0).path("Resource")));
        String group = Synth.texts(statements.get(1).path("Resource")).get(0);
        assertTrue(group.contains(":deploymentgroup:"), group);
        assertTrue(named(json, "aws_iam_role_policy_attachment", "SmokeTest_VpcAccess").path("policy_arn").asText()
                .endsWith(":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"), "the policy AWS maintains for VPC functions, with ec2:DescribeSubnets");
    }

    @Test
    void appSpecNamesTheHookForAfterAllowTestTraffic() throws Exception {
        Map<String, String> vars = new java.util.HashMap<>();
        only(json, "aws_codebuild_project").path("environment").path("environment_variable")
                .forEach(v -> vars.put(v.path("name").asText(), v.path("value").asText()));
        JsonNode hooks = MAPPER.readTree(vars.get("APPSPEC_TEMPLATE")).path("Hooks");
        assertEquals(1, hooks.size());
        assertEquals(ref(json, "aws_lambda_function", "SmokeTest_Function", "arn"), hooks.get(0).path("AfterAllowTestTraffic").asText());
    }

    @Test
    void theDefaultCheckIsTheTargetGroupsHealthCheck() {
        // Derived, never stricter or looser: the path and the statuses the load balancer calls healthy.
        SmokeTestSettings resolved = SmokeTestSettings.DEFAULT.resolved("/health", "200-399");
        assertEquals(List.of(new SmokeTestSettings.SmokeCheck("/health", "200-399", null)), resolved.checks());
        SmokeTestSettings own = SmokeTestSettings.DEFAULT.withChecks(List.of(SmokeTestSettings.SmokeCheck.ok("/ready")));
        assertEquals(own, own.resolved("/health", "200-399"), "checks the service gives are kept");
    }

    @Test
    void failsForAMalformedStatusList() {
        assertInvalid(() -> new SmokeTestSettings.SmokeCheck("/health", "2xx", null), "statuses = '2xx'", "200-299");
    }

    @Test
    void isInvokedDailySoThatAnIdleFunctionIsActiveForTheNextDeployment() throws Exception {
        JsonNode rule = named(json, "aws_cloudwatch_event_rule", "SmokeTest_KeepActiveRule");
        assertEquals("rate(1 day)", rule.path("schedule_expression").asText());
        JsonNode target = named(json, "aws_cloudwatch_event_target", "SmokeTest_KeepActiveTarget");
        assertEquals(ref(json, "aws_lambda_function", "SmokeTest_Function", "arn"), target.path("arn").asText());
        assertEquals(Map.of("keepActive", "codedeploy-smoke-test"),
                MAPPER.readValue(target.path("input").asText(), Map.class), "what smoke_test.py recognizes and ignores");
        JsonNode permission = named(json, "aws_lambda_permission", "SmokeTest_KeepActivePermission");
        assertEquals("events.amazonaws.com", permission.path("principal").asText());
        assertEquals(ref(json, "aws_cloudwatch_event_rule", "SmokeTest_KeepActiveRule", "arn"), permission.path("source_arn").asText(),
                "only this schedule may invoke it");
        assertTrue(Synth.texts(target.path("depends_on")).stream().anyMatch(d -> d.contains("KeepActivePermission")));
    }

    @Test
    void logGroupHasRetention() {
        assertEquals(30, named(json, "aws_cloudwatch_log_group", "SmokeTest_LogGroup").path("retention_in_days").asInt());
    }

    @Test
    void failsForCheckWithoutLeadingSlash() {
        assertInvalid(() -> SmokeTestSettings.SmokeCheck.ok("health"), "path = 'health'", "starting with '/'");
    }

    @Test
    void failsForRequestTimeoutNotBelowTheBudget() {
        assertInvalid(() -> new SmokeTestSettings(true, List.of(SmokeTestSettings.SmokeCheck.ok("/")), 3, 5, 20, 20),
                "requestTimeoutSeconds = 20", "less than totalSeconds (20)");
    }

    @Test
    void failsForBudgetBeyondLambdaLimit() {
        assertInvalid(() -> SmokeTestSettings.DEFAULT.withRetries(5, 5, 900), "totalSeconds = 900", "10 to 840");
    }

    @Test
    void synthZipsTheHandlerSourceIntoTheAsset() throws Exception {
        String outdir = com.hashicorp.cdktf.Testing.fullSynth(stack);
        io.bluegreen.testing.Scratch.deleteAtExit(java.nio.file.Path.of(outdir));  // fullSynth writes to a fresh temp folder
        List<java.nio.file.Path> zips;
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(outdir))) {
            zips = files.filter(f -> f.toString().endsWith(".zip")).toList();
        }
        assertEquals(1, zips.size(), zips.toString());
        try (var zip = new java.util.zip.ZipFile(zips.get(0).toFile())) {
            var entry = zip.getEntry("smoke_test.py");
            assertTrue(entry != null, "the archive holds smoke_test.py at its root");
            byte[] packaged = zip.getInputStream(entry).readAllBytes();
            byte[] source;
            try (var in = SmokeTestHook.class.getResourceAsStream("smoke_test.py")) {
                source = in.readAllBytes();
            }
            assertEquals(new String(source, java.nio.charset.StandardCharsets.UTF_8),
                    new String(packaged, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(resources(json, "aws_lambda_function").get(resources(json, "aws_lambda_function").keySet().iterator().next())
                .path("filename").asText().contains(zips.get(0).getParent().getFileName().toString()));
    }

    @Test
    void planStopsWhenAnExistingVpcHasNoNatGatewayForAnInternetFacingAlb() {
        // Without a NAT address to admit, every check would time out and every deployment roll back.
        JsonNode precondition = only(json, "aws_lambda_function").path("lifecycle").path("precondition").get(0);
        String local = io.bluegreen.testing.Synth.fields(json.path("locals")).keySet().stream()
                .filter(k -> k.contains("PublicNatAddresses")).findFirst().orElseThrow();
        assertEquals("${(length(local." + local + ") >= 1)}", precondition.path("condition").asText());
        String gateway = io.bluegreen.testing.Synth.fields(json.path("data").path("aws_nat_gateway")).keySet().iterator().next();
        assertEquals("${{ for id, nat in data.aws_nat_gateway." + gateway
                + " : id => nat.public_ip if nat.connectivity_type == \"public\" }}", json.path("locals").path(local).asText());
        assertTrue(precondition.path("error_message").asText().contains("withEgressPublicIps"),
                precondition.path("error_message").asText());
    }
}
