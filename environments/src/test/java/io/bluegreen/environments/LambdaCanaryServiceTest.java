package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.platform.lambda.LambdaDeploymentConfig;
import io.bluegreen.network.VpcSource;
import io.bluegreen.platform.LambdaCanary;
import io.bluegreen.platform.lambda.HookSettings;
import io.bluegreen.testing.Synth;
import io.bluegreen.validation.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every environment delivers the pricing function through CodeDeploy, end to end. */
class LambdaCanaryServiceTest {
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    private static JsonNode pricing(String env) {
        return ServiceStackTest.all().get(env + "-pricing");
    }

    /** The project named {@code <service>-<env>-<role>}. */
    private static JsonNode project(JsonNode json, String role) {
        return Synth.resources(json, "aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().endsWith("-" + role)).findFirst().orElseThrow(() -> new AssertionError(role));
    }

    private static String projectRef(JsonNode json, String role, String attribute) {
        return Synth.resources(json, "aws_codebuild_project").entrySet().stream()
                .filter(e -> e.getValue().path("name").asText().endsWith("-" + role))
                .map(e -> "${aws_codebuild_project." + e.getKey() + "." + attribute + "}").findFirst().orElseThrow();
    }

    private static String variable(JsonNode project, String name) {
        for (JsonNode v : project.path("environment").path("environment_variable")) {
            if (v.path("name").asText().equals(name)) {
                return v.path("value").asText();
            }
        }
        throw new AssertionError("no " + name);
    }

    @Test
    void everyEnvironmentShiftsAnAliasWithCodeDeploy() {
        List<String> configs = new ArrayList<>();
        for (String env : ENVIRONMENTS) {
            JsonNode json = pricing(env);
            assertEquals("Lambda", Synth.only(json, "aws_codedeploy_app").path("compute_platform").asText(), env);
            JsonNode group = Synth.only(json, "aws_codedeploy_deployment_group");
            assertEquals("BLUE_GREEN", group.path("deployment_style").path("deployment_type").asText(), env);
            configs.add(group.path("deployment_config_name").asText());
            assertEquals(List.of("function_version", "routing_config"),
                    Synth.texts(Synth.only(json, "aws_lambda_alias").path("lifecycle").path("ignore_changes")), env);
            assertEquals("live", Synth.only(json, "aws_lambda_alias").path("name").asText(), env);
            assertEquals(3, Synth.resources(json, "aws_cloudwatch_metric_alarm").size(), env);
            assertEquals(3, Synth.texts(group.path("alarm_configuration").path("alarms")).size(), env);
        }
        assertEquals("CodeDeployDefault.LambdaAllAtOnce", configs.get(0));
        assertEquals("CodeDeployDefault.LambdaLinear10PercentEvery1Minute", configs.get(1));
        assertEquals(Synth.ref(pricing("prod"), "aws_codedeploy_deployment_config", "DeploymentConfig", "deployment_config_name"),
                configs.get(2));
    }

    @Test
    void thePipelineBuildsPublishesAndThenDeploysThroughABuildStep() {
        for (String env : ENVIRONMENTS) {
            JsonNode json = pricing(env);
            JsonNode build = project(json, "build");
            JsonNode deploy = project(json, "deploy");
            assertEquals(ProjectFiles.embed(ProjectFiles.BUILDSPEC_LAMBDA), build.path("source").path("buildspec").asText(), env);
            assertEquals(ProjectFiles.embed(ProjectFiles.BUILDSPEC_LAMBDA_DEPLOY), deploy.path("source").path("buildspec").asText(), env);
            assertFalse(build.path("environment").path("privileged_mode").asBoolean(), env);
            assertEquals(Synth.ref(json, "aws_lambda_alias", "Alias", "name"), variable(build, "ALIAS_NAME"), env);
            assertTrue(variable(build, "BEFORE_HOOK").contains("aws_lambda_function.Hooks_Before"), env);
            assertEquals(Synth.ref(json, "aws_codedeploy_deployment_group", "DeploymentGroup", "deployment_group_name"),
                    variable(deploy, "DEPLOYMENT_GROUP"), env);
            JsonNode last = null;
            for (JsonNode stage : Synth.only(json, "aws_codepipeline").path("stage")) {
                last = stage;
            }
            assertEquals("Deploy", last.path("name").asText(), env);
            JsonNode action = last.path("action").get(0);
            assertEquals("Build", action.path("category").asText(), env + ": CodePipeline's CodeBuild action is a Build action");
            assertEquals("CodeBuild", action.path("provider").asText(), env);
            assertEquals(projectRef(json, "deploy", "name"),
                    action.path("configuration").path("ProjectName").asText(), env);
        }
    }

    @Test
    void onlyTheDeployStepMayPublishVersionsOfThisFunctionAndDeployInThisGroup() throws Exception {
        JsonNode json = pricing("prod");
        String fn = Synth.resources(json, "aws_lambda_function").entrySet().stream()
                .filter(e -> e.getValue().path("function_name").asText().equals("pricing-prod-function"))
                .map(e -> "${aws_lambda_function." + e.getKey() + ".arn}").findFirst().orElseThrow();
        String buildPolicy = Synth.named(json, "aws_iam_role_policy", "Build_BuildRolePolicy").path("policy").asText();
        assertFalse(buildPolicy.contains("lambda:") || buildPolicy.contains("codedeploy:"),
                "the build only packages: " + buildPolicy);
        String deployPolicy = Synth.named(json, "aws_iam_role_policy", "Deploy_BuildRolePolicy").path("policy").asText();
        boolean publishes = false;
        for (JsonNode s : Synth.MAPPER.readTree(deployPolicy).path("Statement")) {
            if (s.path("Sid").asText().equals("PublishVersions")) {
                publishes = true;
                assertEquals(List.of(fn), Synth.texts(s.path("Resource")));
                assertEquals(List.of("lambda:UpdateFunctionCode", "lambda:PublishVersion"), Synth.texts(s.path("Action")));
            }
        }
        assertTrue(publishes, deployPolicy);
        assertTrue(deployPolicy.contains(":deploymentgroup:") && deployPolicy.contains("codedeploy:CreateDeployment"), deployPolicy);
    }

    @Test
    void theDeployStepMayRunAsLongAsTheShiftingTakes() {
        assertEquals(40, projectOf("dev", "deploy").path("build_timeout").asInt(), "all at once: publishing, hooks and margin only");
        assertEquals(49, projectOf("staging", "deploy").path("build_timeout").asInt(), "9 minutes of steps + 40");
        assertEquals(55, projectOf("prod", "deploy").path("build_timeout").asInt(), "15 minutes of canary + 40");
        assertInvalid(() -> qa(b -> b.deploymentConfig(new LambdaDeploymentConfig.TimeBasedLinear(10, 60))),
                "service 'pricing'", "deploymentConfig = 'linear-10pct-every-60min'", "this one takes 540", "at most 480 minutes");
    }

    private static JsonNode projectOf(String env, String role) {
        return project(pricing(env), role);
    }

    @Test
    void prodRunsInTheVpcWithACustomCanaryAndAnApproval() {
        JsonNode prod = pricing("prod");
        JsonNode fn = Synth.resources(prod, "aws_lambda_function").values().stream()
                .filter(f -> f.path("function_name").asText().equals("pricing-prod-function")).findFirst().orElseThrow();
        assertFalse(fn.path("vpc_config").isMissingNode());
        assertEquals(512, fn.path("memory_size").asInt());
        assertEquals("pricing-prod-canary-5pct-15min",
                Synth.only(prod, "aws_codedeploy_deployment_config").path("deployment_config_name").asText());
        List<String> stages = new ArrayList<>();
        Synth.only(prod, "aws_codepipeline").path("stage").forEach(s -> stages.add(s.path("name").asText()));
        assertEquals(List.of("Source", "Build", "Approve", "Deploy"), stages);
    }

    @Test
    void outputsNameTheAliasCallersUse() {
        for (String env : ENVIRONMENTS) {
            JsonNode outputs = pricing(env).path("output");
            assertEquals(Synth.ref(pricing(env), "aws_lambda_alias", "Alias", "arn"), outputs.path("alias_arn").path("value").asText());
            for (String name : List.of("function_name", "codedeploy_deployment_group", "pipeline_name")) {
                assertFalse(outputs.path(name).isMissingNode(), env + " " + name);
            }
        }
    }

    private static EnvironmentConfig qa(UnaryOperator<LambdaCanary.Builder> change) {
        return Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                .service(Defaults.PRICING, () -> change.apply(Defaults.pricing()).build()).build();
    }

    @Test
    void badInputFailsWithOneLineNamingTheServiceAndEnvironment() {
        List<InvalidConfigException> errors = new ArrayList<>();
        errors.add(assertInvalid(() -> qa(b -> b.function(f -> new io.bluegreen.platform.lambda.FunctionSettings("python3.9",
                        f.handler(), 256, 30, null, false, 30, null))), "environment 'qa'", "service 'pricing'",
                "runtime = 'python3.9'", "use python3.13"));
        errors.add(assertInvalid(() -> qa(b -> b.deploymentConfig(new LambdaDeploymentConfig.TimeBasedCanary(0, 5))),
                "service 'pricing'", "percent = 0"));
        errors.add(assertInvalid(() -> qa(b -> b.deploymentConfig(new LambdaDeploymentConfig.TimeBasedCanary(100, 5))),
                "service 'pricing'", "percent = 100"));
        errors.add(assertInvalid(() -> qa(b -> b.deploymentConfig(new LambdaDeploymentConfig.TimeBasedLinear(10, 0))),
                "service 'pricing'", "intervalMinutes = 0"));
        errors.add(assertInvalid(() -> qa(b -> b.function(f -> f.withMemory(64))), "service 'pricing'", "memoryMb = 64"));
        errors.add(assertInvalid(() -> qa(b -> b.function(f -> f.withMemory(20000))), "service 'pricing'", "memoryMb = 20000"));
        errors.add(assertInvalid(() -> qa(b -> b.function(f -> f.withTimeout(901))), "service 'pricing'", "timeoutSeconds = 901"));
        errors.add(assertInvalid(() -> qa(b -> b.hooks(new HookSettings("validate-before", null, "{}", null))),
                "service 'pricing'", "beforeName = 'validate-before'", "CodeDeployHook_"));
        for (InvalidConfigException e : errors) {
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }
}
