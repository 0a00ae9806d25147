package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.network.VpcSource;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every environment delivers the catalog service with CodeDeploy in place on EC2, end to end. */
class Ec2InPlaceServiceTest {
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    private static JsonNode catalog(String env) {
        return ServiceStackTest.all().get(env + "-catalog");
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
    void thePipelineBuildsARevisionAndDeploysItWithTheCodeDeployAction() {
        for (String env : ENVIRONMENTS) {
            JsonNode json = catalog(env);
            JsonNode build = Synth.only(json, "aws_codebuild_project");
            assertFalse(build.path("environment").path("privileged_mode").asBoolean(), env + ": no Docker, not privileged");
            assertEquals(ProjectFiles.embed(ProjectFiles.BUILDSPEC_EC2), build.path("source").path("buildspec").asText(), env);
            JsonNode deploy = null;
            for (JsonNode stage : Synth.only(json, "aws_codepipeline").path("stage")) {
                if (stage.path("name").asText().equals("Deploy")) {
                    deploy = stage.path("action").get(0);
                }
            }
            assertEquals("CodeDeploy", deploy.path("provider").asText(), env);
            assertEquals(Synth.ref(json, "aws_codedeploy_app", "Application", "name"),
                    deploy.path("configuration").path("ApplicationName").asText(), env);
            assertEquals(Synth.ref(json, "aws_codedeploy_deployment_group", "DeploymentGroup", "deployment_group_name"),
                    deploy.path("configuration").path("DeploymentGroupName").asText(), env);
        }
    }

    @Test
    void theRevisionCarriesTheGeneratedAppSpecAndHookScripts() throws Exception {
        JsonNode json = catalog("dev");
        @SuppressWarnings("unchecked")
        Map<String, Object> appspec = new Yaml().load(variable(json, "APPSPEC_TEMPLATE"));
        assertEquals("linux", appspec.get("os"));
        @SuppressWarnings("unchecked")
        Map<String, Object> hooks = (Map<String, Object>) appspec.get("hooks");
        assertEquals(List.of("ApplicationStop", "BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService"),
                List.copyOf(hooks.keySet()));
        JsonNode files = Synth.MAPPER.readTree(variable(json, "REVISION_FILES"));
        assertTrue(files.has("scripts/validate_service.sh"), files.toString());
        assertTrue(files.path("scripts/validate_service.sh").asText().contains("PORT=\"$${PORT:-8080}\""),
                "escaped for Terraform: the instance receives ${PORT:-8080}");
    }

    @Test
    void outputsTellHowToWatchTheFleet() {
        for (String env : ENVIRONMENTS) {
            JsonNode outputs = catalog(env).path("output");
            assertEquals(Synth.ref(catalog(env), "aws_autoscaling_group", "Group", "name"),
                    outputs.path("asg_name").path("value").asText(), env);
            for (String name : List.of("prod_url", "codedeploy_application", "codedeploy_deployment_group", "pipeline_name")) {
                assertFalse(outputs.path(name).isMissingNode(), env + " " + name);
            }
        }
    }

    @Test
    void prodKeepsHalfItsFleetHealthyAndWaitsForApproval() {
        JsonNode prod = catalog("prod");
        assertEquals("catalog-prod-min-healthy-50pct",
                Synth.only(prod, "aws_codedeploy_deployment_config").path("deployment_config_name").asText());
        assertEquals(2, Synth.only(prod, "aws_autoscaling_group").path("min_size").asInt());
        List<String> stages = new java.util.ArrayList<>();
        Synth.only(prod, "aws_codepipeline").path("stage").forEach(s -> stages.add(s.path("name").asText()));
        assertEquals(List.of("Source", "Build", "Approve", "Deploy"), stages);
    }

    @Test
    void aBrokenFleetNamesTheServiceAndTheEnvironment() {
        assertInvalid(() -> Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                        .service(Defaults.CATALOG, () -> Defaults.catalog().fleet(f -> f.withSize(4, 2, 3)).build()).build(),
                "environment 'qa'", "service 'catalog'", "minSize = 4", "at most maxSize (2)");
    }

    @Test
    void aDeploymentConfigTheFleetCannotSatisfyFailsAtSynth() {
        assertInvalid(() -> Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                        .service(Defaults.CATALOG, () -> Defaults.catalog().fleet(f -> f.withSize(2, 4, 2))
                                .deploymentConfig(io.bluegreen.platform.server.ServerDeploymentConfig.MinimumHealthyHosts.count(2))
                                .build()).build(),
                "service 'catalog'", "deploymentConfig = 'min-healthy-2-hosts'", "could never start");
    }

    @Test
    void halfAtATimeOnTheDefaultFleetFailsAtSynthInOneLine() {
        // The default fleet's minimum is 1: CodeDeploy keeps ceil(50% of 1) = 1 healthy and could update none.
        assertInvalid(() -> Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                        .service(Defaults.CATALOG, () -> Defaults.catalog()
                                .deploymentConfig(new io.bluegreen.platform.server.ServerDeploymentConfig.HalfAtATime())
                                .build()).build(),
                "environment 'qa'", "service 'catalog'", "deploymentConfig = 'CodeDeployDefault.HalfAtATime'",
                "minSize", "raise the fleet's minSize");
    }

    @Test
    void everyRevisionCodeDeployCouldStillInstallOnALaunchOrARollbackIsKept() throws Exception {
        for (String stack : List.of("prod-catalog", "prod-orders", "dev-catalog", "dev-orders")) {
            JsonNode json = ServiceStackTest.all().get(stack);
            JsonNode lifecycle = Synth.only(json, "aws_s3_bucket_lifecycle_configuration");
            for (JsonNode rule : lifecycle.path("rule")) {
                if (rule.path("filter").path("tag").isMissingNode()) {
                    assertTrue(rule.path("expiration").path("days").isMissingNode(),
                            stack + ": nothing expires by age (a scale-out a month later installs the live revision): " + rule);
                } else {
                    assertEquals("bluegreen-revision", rule.path("filter").path("tag").path("key").asText());
                    assertEquals("superseded", rule.path("filter").path("tag").path("value").asText());
                    assertEquals(1, rule.path("expiration").path("days").asInt(), "what the retention retired goes");
                }
            }
            assertEquals(2, lifecycle.path("rule").size(), stack);
            JsonNode function = Synth.resources(json, "aws_lambda_function").entrySet().stream()
                    .filter(e -> e.getKey().startsWith("RevisionRetention")).findFirst().orElseThrow().getValue();
            assertEquals("2", function.path("environment").path("variables").path("KEEP").asText(), "live and predecessor");
            JsonNode rule = Synth.resources(json, "aws_cloudwatch_event_rule").entrySet().stream()
                    .filter(e -> e.getKey().startsWith("RevisionRetention")).findFirst().orElseThrow().getValue();
            JsonNode pattern = Synth.MAPPER.readTree(rule.path("event_pattern").asText());
            assertEquals(List.of("SUCCESS"), Synth.texts(pattern.path("detail").path("state")));
            assertEquals(1, pattern.path("detail").path("deploymentGroup").size(), "this group only");
            JsonNode policy = Synth.MAPPER.readTree(Synth.resources(json, "aws_iam_role_policy").entrySet().stream()
                    .filter(e -> e.getKey().startsWith("RevisionRetention")).findFirst().orElseThrow().getValue()
                    .path("policy").asText());
            String actions = policy.path("Statement").findValuesAsText("Action").toString() + policy.toString();
            assertFalse(actions.contains("s3:DeleteObject"), "it tags; the lifecycle deletes: " + actions);
        }
        // An ECS service's artifacts are never installed again: they expire by age.
        JsonNode ecs = Synth.only(ServiceStackTest.all().get("prod-checkout"), "aws_s3_bucket_lifecycle_configuration");
        assertEquals(30, ecs.path("rule").get(0).path("expiration").path("days").asInt());
    }
}
