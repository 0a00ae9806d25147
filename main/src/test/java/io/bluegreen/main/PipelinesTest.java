package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every pipeline of the shipped environments and of qa (every platform on every source), read as CodePipeline reads
 * its declaration after `cdktf deploy`: V2 and QUEUED; a trigger exactly where the source is a connection, for its
 * branch unless told otherwise; the variables handed to the build; the build retried; the deploy stage rolled back by
 * the pipeline only where the deploy step outlives CodeDeploy's own rollback (Lambda); in prod a deployment window
 * before the deploy stage and an alarm gate on it that watches exactly the alarms the deployment rolls back on, read
 * with exactly the permission the rule needs.
 */
class PipelinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Path> serviceStacks() {
        List<Path> stacks = new ArrayList<>();
        for (String id : RealSynth.ids()) {
            if (!id.endsWith("-shared")) {
                stacks.add(RealSynth.stack(id));
            }
        }
        for (Path dir : TestEnvironments.synth(TestEnvironments.everyPlatformOnEverySource())) {
            if (!dir.getFileName().toString().endsWith("-shared")) {
                stacks.add(dir);
            }
        }
        return stacks;
    }

    private static Stream<JsonNode> each(JsonNode resources, String type) {
        List<JsonNode> out = new ArrayList<>();
        resources.path(type).forEach(out::add);
        return out.stream();
    }

    @Test
    void everyPipelineAsCodePipelineReadsIt() throws Exception {
        int gates = 0;
        int windows = 0;
        Set<String> sources = new TreeSet<>();
        for (Path dir : serviceStacks()) {
            String stack = dir.getFileName().toString();
            JsonNode resources = JSON.readTree(Files.readString(dir.resolve("cdk.tf.json"))).path("resource");
            List<JsonNode> pipelines = each(resources, "aws_codepipeline").toList();
            assertEquals(1, pipelines.size(), stack);
            JsonNode p = pipelines.get(0);
            assertEquals("V2", p.path("pipeline_type").asText(), stack);
            assertEquals("QUEUED", p.path("execution_mode").asText(), stack);

            JsonNode stages = p.path("stage");
            JsonNode source = stages.get(0).path("action").get(0);
            sources.add(source.path("provider").asText());
            if (source.path("provider").asText().equals("CodeStarSourceConnection")) {
                JsonNode git = p.path("trigger").get(0).path("git_configuration").get(0);
                assertEquals(source.path("name").asText(), git.path("source_action_name").asText(), stack);
                assertEquals("[{\"branches\":[{\"includes\":[\"" + source.path("configuration").path("BranchName").asText() + "\"]}]}]",
                        git.path("push").toString(), stack + ": pushes to the source's branch, as before V2");
                assertEquals("true", source.path("configuration").path("DetectChanges").asText(), stack);
            } else {
                assertTrue(p.path("trigger").isMissingNode(), stack + ": EventBridge starts " + source.path("provider"));
            }

            JsonNode build = stages.get(1);
            assertEquals("RETRY", build.path("on_failure").get(0).path("result").asText(), stack);
            List<String> variables = new ArrayList<>();
            p.path("variable").forEach(v -> variables.add(v.path("name").asText()));
            String env = build.path("action").get(0).path("configuration").path("EnvironmentVariables").asText("[]");
            List<String> handed = new ArrayList<>();
            JSON.readTree(env).forEach(v -> {
                handed.add(v.path("name").asText());
                assertEquals("#{variables." + v.path("name").asText() + "}", v.path("value").asText(), stack);
            });
            assertEquals(variables, handed, stack + ": every variable reaches the build under its own name");

            JsonNode deploy = stages.get(stages.size() - 1);
            assertEquals("Deploy", deploy.path("name").asText(), stack);
            boolean lambda = deploy.path("action").get(0).path("provider").asText().equals("CodeBuild");
            assertEquals(lambda ? "[{\"result\":\"ROLLBACK\"}]" : "", deploy.path("on_failure").isMissingNode() ? "" : deploy.path("on_failure").toString(),
                    stack + ": stage rollback only where the deploy step waits for CodeDeploy's rollback");

            JsonNode window = stages.get(stages.size() - 2).path("before_entry");
            boolean prod = stack.startsWith("prod-");
            if (!window.isMissingNode()) {
                windows++;
                JsonNode rule = window.get(0).path("condition").get(0).path("rule").get(0);
                assertEquals("DeploymentWindow", rule.path("rule_type_id").get(0).path("provider").asText(), stack);
            } else {
                assertFalse(prod, stack + ": prod deploys only in its window");
            }
            List<JsonNode> gate = each(resources, "aws_cloudwatch_composite_alarm").toList();
            JsonNode entry = deploy.path("before_entry");
            String rolePolicy = each(resources, "aws_iam_role_policy")
                    .filter(r -> r.path("name").asText().equals("pipeline")).findFirst().orElseThrow().path("policy").asText();
            if (gate.isEmpty()) {
                assertTrue(entry.isMissingNode(), stack);
                assertFalse(prod, stack + ": prod has an alarm gate");
                assertFalse(rolePolicy.contains("cloudwatch:DescribeAlarms"), stack + ": no permission without a gate");
                continue;
            }
            gates++;
            assertEquals(1, gate.size(), stack);
            String gateId = gate.get(0).path("//").path("metadata").path("uniqueId").asText();
            JsonNode rule = entry.get(0).path("condition").get(0);
            assertEquals("FAIL", rule.path("result").asText(), stack);
            assertEquals("CloudWatchAlarm", rule.path("rule").get(0).path("rule_type_id").get(0).path("provider").asText(), stack);
            assertEquals("${aws_cloudwatch_composite_alarm." + gateId + ".alarm_name}",
                    rule.path("rule").get(0).path("configuration").path("AlarmName").asText(), stack);
            assertEquals(1, rolePolicy.split("cloudwatch:", -1).length - 1, stack + ": one CloudWatch permission");
            assertTrue(rolePolicy.contains("{\"Action\":[\"cloudwatch:DescribeAlarms\"],\"Effect\":\"Allow\",\"Resource\":[\"${aws_cloudwatch_composite_alarm." + gateId + ".arn}\"]"),
                    stack + ": the rule reads the gate and nothing else: " + rolePolicy);
            // the gate watches what the deployment rolls back on
            Set<String> watched = new TreeSet<>(List.of(gate.get(0).path("alarm_rule").asText()
                    .replaceAll("^ALARM\\(\"|\"\\)$", "").split("\"\\) OR ALARM\\(\"")));
            Set<String> rollback = new TreeSet<>();
            each(resources, "aws_codedeploy_deployment_group").forEach(g ->
                    g.path("alarm_configuration").path("alarms").forEach(a -> rollback.add(a.asText())));
            assertEquals(rollback, watched, stack);
        }
        assertTrue(gates >= 5, "prod's four services and qa's two gated ones: " + gates);
        assertTrue(windows >= 5, "prod's four services and qa's windowed one: " + windows);
        assertEquals(Set.of("CodeCommit", "CodeStarSourceConnection", "ECR", "S3"), sources, "every kind of source was read");
    }
}
