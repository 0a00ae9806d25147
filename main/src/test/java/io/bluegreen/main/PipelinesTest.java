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
 * before the deploy stage and again at it, and an alarm gate at it that reads the deployment's most telling rollback
 * alarms (as many as fit in one condition), with the one permission the rule needs.
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
            JsonNode entry = deploy.path("before_entry");
            String rolePolicy = each(resources, "aws_iam_role_policy")
                    .filter(r -> r.path("name").asText().equals("pipeline")).findFirst().orElseThrow().path("policy").asText();
            List<String> gateAlarms = new ArrayList<>();
            boolean deployWindow = false;
            if (!entry.isMissingNode()) {
                JsonNode condition = entry.get(0).path("condition").get(0);
                assertEquals("FAIL", condition.path("result").asText(), stack);
                assertTrue(condition.path("rule").size() <= 5, stack + ": at most 5 rules in a condition");
                for (JsonNode rule : condition.path("rule")) {
                    String provider = rule.path("rule_type_id").get(0).path("provider").asText();
                    if (provider.equals("DeploymentWindow")) {
                        deployWindow = true;
                        assertEquals(window.get(0).path("condition").get(0).path("rule").get(0).path("configuration"),
                                rule.path("configuration"), stack + ": the same window before and at Deploy");
                    } else {
                        assertEquals("CloudWatchAlarm", provider, stack);
                        assertEquals("ALARM", rule.path("configuration").path("AlarmStates").asText(), stack + ": the rule watches the ALARM state");
                        assertEquals("10", rule.path("configuration").path("WaitTime").asText(), stack);
                        gateAlarms.add(rule.path("configuration").path("AlarmName").asText());
                    }
                }
            }
            assertEquals(!window.isMissingNode(), deployWindow, stack + ": a window waits before Deploy and is checked at it");
            if (gateAlarms.isEmpty()) {
                assertFalse(prod, stack + ": prod has an alarm gate");
                assertFalse(rolePolicy.contains("cloudwatch:DescribeAlarms"), stack + ": no permission without a gate");
                continue;
            }
            gates++;
            assertTrue(rolePolicy.contains("{\"Action\":[\"cloudwatch:DescribeAlarms\"],\"Effect\":\"Allow\",\"Resource\":[\"*\"]"),
                    stack + ": the rules read alarms with DescribeAlarms, which takes no narrower resource: " + rolePolicy);
            assertEquals(1, rolePolicy.split("cloudwatch:", -1).length - 1, stack + ": one CloudWatch permission");
            // the gate reads alarms the deployment rolls back on, the load balancer's 5xx first where there is one
            Set<String> rollback = new TreeSet<>();
            each(resources, "aws_codedeploy_deployment_group").forEach(g ->
                    g.path("alarm_configuration").path("alarms").forEach(a -> rollback.add(a.asText())));
            assertTrue(rollback.containsAll(gateAlarms), stack + ": " + gateAlarms + " not all in " + rollback);
            assertEquals(Math.min(rollback.size(), deployWindow ? 4 : 5), gateAlarms.size(), stack + ": as many as fit");
            if (rollback.stream().anyMatch(a -> a.contains("Alb5xx"))) {
                assertTrue(gateAlarms.get(0).contains("Alb5xx"), stack + ": " + gateAlarms);
            }
            assertTrue(each(resources, "aws_cloudwatch_composite_alarm").toList().isEmpty(), stack);
        }
        assertTrue(gates >= 6, "prod's four services and qa's two gated ones: " + gates);
        assertTrue(windows >= 5, "prod's four services and qa's windowed one: " + windows);
        assertEquals(Set.of("CodeCommit", "CodeStarSourceConnection", "ECR", "S3"), sources, "every kind of source was read");
    }
}
