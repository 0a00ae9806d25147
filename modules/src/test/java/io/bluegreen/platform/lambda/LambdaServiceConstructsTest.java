package io.bluegreen.platform.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.aws.LambdaPackage;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.network.Network;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function and alias, CodeDeploy for Lambda, the hooks and the alarms, on the synthesized JSON. */
class LambdaServiceConstructsTest {
    private static JsonNode build(FunctionSettings settings, LambdaDeploymentConfig config) {
        TerraformStack stack = Synth.newStack();
        Network network = Fixtures.network(stack);
        AliasedFunction function = new AliasedFunction(stack, "Function",
                new AliasedFunction.Props(Synth.NAMES, network, settings, "live", true));
        FunctionAlarms alarms = new FunctionAlarms(stack, "Alarms", new FunctionAlarms.Props(Synth.NAMES,
                AliasedFunction.functionName(Synth.NAMES), "live", settings.timeoutSeconds(), FunctionAlarms.Settings.DEFAULT, null));
        LambdaDeployment deployment = new LambdaDeployment(stack, "Deployment",
                new LambdaDeployment.Props(Synth.NAMES, config, alarms.getAlarmNames(), null));
        new LambdaHooks(stack, "Hooks", new LambdaHooks.Props(Synth.NAMES, function.getFunction().getArn(),
                deployment.deploymentGroupArn(), HookSettings.DEFAULT.withTestEvent("{\"path\": \"/health\"}", "ok"), 30,
                settings.timeoutSeconds()));
        return json(stack);
    }

    private static JsonNode build() {
        return build(FunctionSettings.of("python3.13", "app.handler"), new LambdaDeploymentConfig.BuiltIn("LambdaCanary10Percent5Minutes"));
    }

    private static JsonNode function(JsonNode json) {
        return Synth.resources(json, "aws_lambda_function").values().stream()
                .filter(f -> f.path("function_name").asText().equals("shop-dev-function")).findFirst().orElseThrow();
    }

    /** A reference to an attribute of the service's function (not a hook). */
    private static String functionRef(JsonNode json, String attribute) {
        String key = Synth.resources(json, "aws_lambda_function").entrySet().stream()
                .filter(e -> e.getValue().path("function_name").asText().equals("shop-dev-function"))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        return "${aws_lambda_function." + key + "." + attribute + "}";
    }

    private static List<JsonNode> statements(JsonNode json, String policyId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        MAPPER.readTree(named(json, "aws_iam_role_policy", policyId).path("policy").asText()).path("Statement").forEach(out::add);
        return out;
    }

    @Test
    void theFirstApplyPublishesAPlaceholderVersionAndThenThePipelineOwnsTheCode() {
        JsonNode fn = function(build());
        assertTrue(fn.path("publish").asBoolean(), "version 1 exists for the alias");
        assertEquals(List.of("filename", "source_code_hash", "s3_bucket", "s3_key", "s3_object_version"),
                Synth.texts(fn.path("lifecycle").path("ignore_changes")), "a plan never puts the placeholder back");
        assertEquals("python3.13", fn.path("runtime").asText());
        assertEquals(256, fn.path("memory_size").asInt());
        assertEquals(30, fn.path("timeout").asInt());
    }

    @Test
    void terraformNeverMovesTheAliasBack() {
        JsonNode json = build();
        JsonNode alias = only(json, "aws_lambda_alias");
        assertEquals("live", alias.path("name").asText());
        assertEquals(functionRef(json, "version"), alias.path("function_version").asText());
        assertEquals(List.of("function_version", "routing_config"), Synth.texts(alias.path("lifecycle").path("ignore_changes")));
        JsonNode url = only(json, "aws_lambda_function_url");
        assertEquals("${" + Synth.address(json, "aws_lambda_alias", "Alias").replaceFirst("^", "aws_lambda_alias.") + ".name}",
                url.path("qualifier").asText());
        assertEquals("AWS_IAM", url.path("authorization_type").asText());
    }

    @Test
    void thePlaceholderAnswersForEachRuntimeFamily() throws IOException {
        Map<String, String> python = AliasedFunction.Placeholder.files(FunctionSettings.of("python3.12", "app.handler"), "shop");
        assertTrue(python.get("app.py").startsWith("def handler(event, context):"), python.toString());
        Map<String, String> node = AliasedFunction.Placeholder.files(FunctionSettings.of("nodejs22.x", "src/index.main"), "shop");
        assertTrue(node.get("src/index.js").startsWith("exports.main = async"), node.toString());
        Map<String, String> ruby = AliasedFunction.Placeholder.files(FunctionSettings.of("ruby3.4", "app.handler"), "shop");
        assertTrue(ruby.get("app.rb").startsWith("def handler(event:, context:)"), ruby.toString());
        try (ZipFile zip = new ZipFile(LambdaPackage.ofFiles(python).toFile())) {
            assertEquals(List.of("app.py"), zip.stream().map(e -> e.getName()).toList());
        }
        assertEquals(LambdaPackage.ofFiles(python), LambdaPackage.ofFiles(Map.copyOf(python)), "built once, same bytes");
    }

    @Test
    void theExecutionRoleHoldsItsLogsAndWhatTheFunctionDeclaresOnly() throws IOException {
        JsonNode json = build(FunctionSettings.of("python3.13", "app.handler").withPermissions(List.of(
                PolicyStatement.allow("ReadPrices", List.of("dynamodb:GetItem"), List.of("arn:aws:dynamodb:eu-west-1:111122223333:table/prices")))),
                new LambdaDeploymentConfig.BuiltIn("LambdaAllAtOnce"));
        List<String> sids = statements(json, "Function_RolePolicy").stream().map(s -> s.path("Sid").asText()).toList();
        assertEquals(List.of("WriteLogs", "ReadPrices"), sids);
        assertTrue(Synth.resources(json, "aws_iam_role_policy_attachment").values().stream()
                .noneMatch(a -> a.path("policy_arn").asText().contains("ENI")), "no VPC, no ENI policy");
        JsonNode vpc = build(FunctionSettings.of("python3.13", "app.handler").withVpc(true), new LambdaDeploymentConfig.BuiltIn("LambdaAllAtOnce"));
        assertFalse(function(vpc).path("vpc_config").isMissingNode());
        assertTrue(statements(vpc, "Function_RolePolicy").stream().anyMatch(s -> s.path("Sid").asText().equals("DescribeSubnets")),
                "Lambda's documented VPC permissions include reading the subnets");
        JsonNode egress = only(vpc, "aws_vpc_security_group_egress_rule");
        assertEquals(443, egress.path("from_port").asInt());
    }

    @Test
    void codeDeployShiftsTheAliasWithRollbackOnTheAliasAlarms() {
        JsonNode json = build();
        assertEquals("Lambda", only(json, "aws_codedeploy_app").path("compute_platform").asText());
        JsonNode group = only(json, "aws_codedeploy_deployment_group");
        assertEquals("BLUE_GREEN", group.path("deployment_style").path("deployment_type").asText());
        assertEquals("CodeDeployDefault.LambdaCanary10Percent5Minutes", group.path("deployment_config_name").asText());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"),
                Synth.texts(group.path("auto_rollback_configuration").path("events")));
        assertEquals(3, Synth.texts(group.path("alarm_configuration").path("alarms")).size());
        assertTrue(named(json, "aws_iam_role_policy_attachment", "ServiceRoleManagedPolicy").path("policy_arn").asText()
                .endsWith(":iam::aws:policy/service-role/AWSCodeDeployRoleForLambda"));
        for (JsonNode alarm : Synth.resources(json, "aws_cloudwatch_metric_alarm").values()) {
            assertEquals("AWS/Lambda", alarm.path("namespace").asText());
            assertEquals("shop-dev-function:live", alarm.path("dimensions").path("Resource").asText(), "the alias, both versions");
        }
    }

    @Test
    void aCustomConfigIsNamedByItsSettingsAndReplacedBeforeItIsDeleted() {
        JsonNode canary = only(build(FunctionSettings.of("python3.13", "app.handler"), new LambdaDeploymentConfig.TimeBasedCanary(5, 15)),
                "aws_codedeploy_deployment_config");
        assertEquals("shop-dev-canary-5pct-15min", canary.path("deployment_config_name").asText());
        assertEquals("TimeBasedCanary", canary.path("traffic_routing_config").path("type").asText());
        assertEquals(5, canary.path("traffic_routing_config").path("time_based_canary").path("percentage").asInt());
        assertEquals(15, canary.path("traffic_routing_config").path("time_based_canary").path("interval").asInt());
        assertTrue(canary.path("lifecycle").path("create_before_destroy").asBoolean());
        JsonNode linear = only(build(FunctionSettings.of("python3.13", "app.handler"), new LambdaDeploymentConfig.TimeBasedLinear(20, 2)),
                "aws_codedeploy_deployment_config");
        assertEquals("shop-dev-linear-20pct-every-2min", linear.path("deployment_config_name").asText());
        assertEquals(2, linear.path("traffic_routing_config").path("time_based_linear").path("interval").asInt());
    }

    @Test
    void theHooksAreCodeDeployHookFunctionsThatMayInvokeOnlyThisFunction() throws IOException {
        JsonNode json = build();
        JsonNode before = named(json, "aws_lambda_function", "Hooks_Before");
        assertEquals("CodeDeployHook_shop-dev-before", before.path("function_name").asText());
        assertEquals("before", before.path("environment").path("variables").path("MODE").asText());
        assertEquals("{\"path\": \"/health\"}", before.path("environment").path("variables").path("TEST_EVENT").asText());
        assertEquals("ok", before.path("environment").path("variables").path("EXPECT").asText());
        assertEquals("after", named(json, "aws_lambda_function", "Hooks_After").path("environment").path("variables").path("MODE").asText());
        assertEquals(120, before.path("timeout").asInt(), "a 30 s function: at least two minutes");
        assertEquals("105", before.path("environment").path("variables").path("READ_TIMEOUT").asText(),
                "waits for the answer, still in time to report");
        assertEquals(900, LambdaHooks.hookTimeoutSeconds(900));
        assertEquals(660, LambdaHooks.hookTimeoutSeconds(600));
        String fn = functionRef(json, "arn");
        JsonNode invoke = statements(json, "Hooks_RolePolicy").stream().filter(s -> s.path("Sid").asText().equals("InvokeTheFunction"))
                .findFirst().orElseThrow();
        assertEquals(List.of(fn, fn + ":*"), Synth.texts(invoke.path("Resource")));
    }

    @Test
    void everyConfigKnowsHowLongItShifts() {
        assertEquals(5, new LambdaDeploymentConfig.BuiltIn("LambdaCanary10Percent5Minutes").shiftMinutes());
        assertEquals(9, new LambdaDeploymentConfig.BuiltIn("LambdaLinear10PercentEvery1Minute").shiftMinutes());
        assertEquals(90, new LambdaDeploymentConfig.BuiltIn("LambdaLinear10PercentEvery10Minutes").shiftMinutes());
        assertEquals(0, new LambdaDeploymentConfig.BuiltIn("LambdaAllAtOnce").shiftMinutes());
        assertEquals(15, new LambdaDeploymentConfig.TimeBasedCanary(5, 15).shiftMinutes());
        assertEquals(6, new LambdaDeploymentConfig.TimeBasedLinear(30, 2).shiftMinutes(), "30, 60, 90, 100: three waits");
    }

    @Test
    void badInputFailsWithOneClearLine() {
        assertInvalid(() -> FunctionSettings.of("python3.9", "app.handler"), "runtime = 'python3.9'", "deprecated", "use python3.13");
        assertInvalid(() -> FunctionSettings.of("nodejs20.x", "index.handler"), "runtime = 'nodejs20.x'", "use nodejs22.x");
        assertInvalid(() -> FunctionSettings.of("cobol1", "app.handler"), "runtime = 'cobol1'", "one of [python3.13");
        assertInvalid(() -> FunctionSettings.of("python3.13", "app.handler").withMemory(64), "memoryMb = 64", "from 128 to 10240");
        assertInvalid(() -> FunctionSettings.of("python3.13", "app.handler").withMemory(10241), "memoryMb = 10241");
        assertInvalid(() -> FunctionSettings.of("python3.13", "app.handler").withTimeout(901), "timeoutSeconds = 901", "from 1 to 900");
        assertInvalid(() -> FunctionSettings.of("python3.13", "apphandler"), "handler = 'apphandler'");
        assertInvalid(() -> new LambdaDeploymentConfig.TimeBasedCanary(0, 5), "percent = 0", "from 1 to 99");
        assertInvalid(() -> new LambdaDeploymentConfig.TimeBasedCanary(100, 5), "percent = 100", "LambdaAllAtOnce");
        assertInvalid(() -> new LambdaDeploymentConfig.TimeBasedLinear(10, 0), "intervalMinutes = 0", "from 1 to 2880");
        assertInvalid(() -> new LambdaDeploymentConfig.BuiltIn("LambdaCanary50Percent1Minute"), "name = 'LambdaCanary50Percent1Minute'");
        assertInvalid(() -> new HookSettings("smoke-before", null, "{}", null), "beforeName = 'smoke-before'",
                "starting with CodeDeployHook_", "CodeDeployHook_smoke-before");
        assertInvalid(() -> new AliasedFunction.Props(Synth.NAMES, null, FunctionSettings.of("python3.13", "app.handler"), "$LATEST", false),
                "aliasName = '$LATEST'");
    }
}
