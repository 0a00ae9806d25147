package io.bluegreen.platform.ec2bluegreen;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.network.Network;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.testing.Synth;
import io.bluegreen.traffic.Targets;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.traffic.TrafficLayerProps;
import io.bluegreen.traffic.TrafficSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailedGreenCleanupTest {
    private static final String APP = "shop-dev-app";
    private static final String DG = ServerBlueGreenDeployment.groupName(Synth.NAMES);

    private static JsonNode build(int graceMinutes) {
        TerraformStack stack = Synth.newStack();
        Network network = Fixtures.network(stack);
        TrafficLayer traffic = new TrafficLayer(stack, "Traffic", new TrafficLayerProps(Synth.NAMES, network, 8080,
                TrafficSettings.DEFAULT, Targets.INSTANCE_SINGLE));
        NotificationTopic topic = new NotificationTopic(stack, "Notifications", new NotificationTopic.Props(Synth.NAMES, List.of()));
        new FailedGreenCleanup(stack, "GreenCleanup", new FailedGreenCleanup.Props(Synth.NAMES, APP, DG,
                ServerBlueGreenDeployment.copyPrefix(Synth.NAMES), traffic.getTargetGroup(), topic, graceMinutes, 30));
        return json(stack);
    }

    private static List<JsonNode> statements(JsonNode json, String policyId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        MAPPER.readTree(named(json, "aws_iam_role_policy", policyId).path("policy").asText()).path("Statement").forEach(out::add);
        return out;
    }

    private static JsonNode statement(List<JsonNode> statements, String sid) {
        return statements.stream().filter(s -> s.path("Sid").asText().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid));
    }

    @Test
    void onlyThisGroupsFailedAndStoppedDeploymentsStartTheCleanup() throws IOException {
        JsonNode json = build(60);
        JsonNode pattern = MAPPER.readTree(only(json, "aws_cloudwatch_event_rule").path("event_pattern").asText());
        assertEquals(List.of("aws.codedeploy"), Synth.texts(pattern.path("source")));
        assertEquals(List.of("CodeDeploy Deployment State-change Notification"), Synth.texts(pattern.path("detail-type")));
        assertEquals(List.of(APP), Synth.texts(pattern.path("detail").path("application")));
        assertEquals(List.of(DG), Synth.texts(pattern.path("detail").path("deploymentGroup")));
        assertEquals(List.of("FAILURE", "STOP"), Synth.texts(pattern.path("detail").path("state")));
        JsonNode target = only(json, "aws_cloudwatch_event_target");
        assertEquals(ref(json, "aws_sfn_state_machine", "StateMachine", "arn"), target.path("arn").asText());
        assertEquals(ref(json, "aws_iam_role", "EventsRole", "arn"), target.path("role_arn").asText());
        assertEquals(List.of(ref(json, "aws_sfn_state_machine", "StateMachine", "arn")),
                Synth.texts(statement(statements(json, "EventsPolicy"), "StartCleanup").path("Resource")));
    }

    @Test
    void theStateMachineWaitsTheGracePeriodThenInvokesTheFunctionWithRetries() throws IOException {
        JsonNode json = build(60);
        JsonNode definition = MAPPER.readTree(only(json, "aws_sfn_state_machine").path("definition").asText());
        assertEquals("GracePeriod", definition.path("StartAt").asText());
        assertEquals(3600, definition.path("States").path("GracePeriod").path("Seconds").asInt());
        assertEquals("CleanUp", definition.path("States").path("GracePeriod").path("Next").asText());
        JsonNode task = definition.path("States").path("CleanUp");
        assertTrue(task.path("Resource").asText().endsWith(":states:::lambda:invoke"), task.toString());
        assertEquals(ref(json, "aws_lambda_function", "Function", "arn"), task.path("Parameters").path("FunctionName").asText());
        assertEquals("$", task.path("Parameters").path("Payload.$").asText());
        assertTrue(task.path("Retry").get(0).path("MaxAttempts").asInt() > 1);
        assertTrue(task.path("End").asBoolean());
        assertEquals("ReportFailure", task.path("Catch").get(0).path("Next").asText(), "spent retries are reported");
        JsonNode report = definition.path("States").path("ReportFailure");
        assertTrue(report.path("Resource").asText().endsWith(":states:::sns:publish"));
        assertEquals(ref(json, "aws_sns_topic", "Topic", "arn"), report.path("Parameters").path("TopicArn").asText());
        assertTrue(report.path("Parameters").path("Message.$").asText().startsWith("States.Format("));
        assertEquals("Fail", definition.path("States").path(report.path("Next").asText()).path("Type").asText());
        List<JsonNode> machine = statements(json, "StateMachinePolicy");
        assertEquals(List.of(ref(json, "aws_sns_topic", "Topic", "arn")),
                Synth.texts(statement(machine, "ReportFailure").path("Resource")));
        String fn = ref(json, "aws_lambda_function", "Function", "arn");
        assertEquals(List.of(fn, fn + ":*"), Synth.texts(statement(machine, "InvokeCleanup").path("Resource")));
    }

    @Test
    void noGracePeriodGoesStraightToTheCleanup() throws IOException {
        JsonNode definition = MAPPER.readTree(only(build(0), "aws_sfn_state_machine").path("definition").asText());
        assertEquals("CleanUp", definition.path("StartAt").asText());
        assertTrue(definition.path("States").path("GracePeriod").isMissingNode());
    }

    @Test
    void theFunctionMayDeleteOnlyCodeDeploysCopiesOfThisFleet() throws IOException {
        JsonNode json = build(60);
        List<JsonNode> statements = statements(json, "FunctionPolicy");
        JsonNode delete = statement(statements, "DeleteCopiesOnly");
        assertEquals(List.of("autoscaling:DeleteAutoScalingGroup"), Synth.texts(delete.path("Action")));
        List<String> resources = Synth.texts(delete.path("Resource"));
        assertEquals(1, resources.size());
        assertTrue(resources.get(0).endsWith(":autoScalingGroup:*:autoScalingGroupName/CodeDeploy_shop-dev-dg_*"), resources.get(0));
        for (JsonNode s : statements) {
            if (!s.path("Sid").asText().equals("DeleteCopiesOnly")) {
                assertFalse(s.toString().contains("Delete"), "only one statement deletes: " + s);
            }
            if (Synth.texts(s.path("Resource")).contains("*")) {
                assertEquals(List.of("autoscaling:DescribeAutoScalingGroups", "elasticloadbalancing:DescribeTargetHealth"),
                        Synth.texts(s.path("Action")), "only describe calls without resource-level permissions use *");
            }
        }
        assertTrue(Synth.texts(statement(statements, "ReadDeployments").path("Resource")).get(0)
                .endsWith(":deploymentgroup:" + APP + "/" + DG));
    }

    @Test
    void theFunctionKnowsItsGroupAndTargetGroupAndLogsToItsOwnGroup() {
        JsonNode json = build(60);
        JsonNode fn = only(json, "aws_lambda_function");
        JsonNode env = fn.path("environment").path("variables");
        assertEquals(APP, env.path("APPLICATION").asText());
        assertEquals(DG, env.path("DEPLOYMENT_GROUP").asText());
        assertEquals(ref(json, "aws_lb_target_group", "MainTargetGroup", "arn"), env.path("TARGET_GROUP_ARN").asText());
        assertEquals(ref(json, "aws_sns_topic", "Topic", "arn"), env.path("TOPIC_ARN").asText());
        assertEquals("green_cleanup.handler", fn.path("handler").asText());
        assertEquals(FailedGreenCleanup.RUNTIME, fn.path("runtime").asText());
        assertEquals("/aws/lambda/" + fn.path("function_name").asText(), only(json, "aws_cloudwatch_log_group").path("name").asText());
    }

    @Test
    void thePackageHoldsTheHandlerAndIsTheSameOnEverySynth() throws IOException {
        Path zip = io.bluegreen.aws.LambdaPackage.of(FailedGreenCleanup.class, FailedGreenCleanup.SOURCE);
        try (ZipFile file = new ZipFile(zip.toFile())) {
            assertEquals(List.of("green_cleanup.py"), file.stream().map(e -> e.getName()).toList());
        }
        byte[] first = Files.readAllBytes(zip);
        assertTrue(first.length > 1000);
        assertEquals(zip, io.bluegreen.aws.LambdaPackage.of(FailedGreenCleanup.class, FailedGreenCleanup.SOURCE));
    }

    @Test
    void theGraceStaysWithinTwoDays() {
        assertInvalid(() -> build(2881), "graceMinutes = 2881", "from 0 to 2880");
        assertInvalid(() -> new FailedGreenCleanup.Props(Synth.NAMES, APP, DG, "CodeDeploy_other-dg_", null, null, 0, 30),
                "copyPrefix = 'CodeDeploy_other-dg_'", "CodeDeploy_" + DG + "_");
    }
}
