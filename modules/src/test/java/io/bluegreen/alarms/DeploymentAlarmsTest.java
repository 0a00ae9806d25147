package io.bluegreen.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.platform.ecs.BlueGreenDeployment;
import io.bluegreen.platform.ecs.DeploymentSettings;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.platform.ecs.FargateService;
import io.bluegreen.platform.ecs.ServiceSettings;
import io.bluegreen.notifications.NotificationTopic;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentAlarmsTest {
    private static JsonNode json;
    private static JsonNode off;

    static JsonNode synth(AlarmSettings settings, List<String> emails) {
        TerraformStack stack = Synth.newStack();
        var network = Fixtures.network(stack);
        var traffic = Fixtures.traffic(stack, network, 8080);
        FargateService service = Fixtures.service(stack, network, traffic, ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT);
        NotificationTopic topic = new NotificationTopic(stack, "Notifications", new NotificationTopic.Props(Synth.NAMES, emails));
        DeploymentAlarms alarms = new DeploymentAlarms(stack, "Alarms", new DeploymentAlarms.Props(Synth.NAMES,
                traffic.getLoadBalancer(), Map.of("Blue", traffic.getBlueTargetGroup(), "Green", traffic.getGreenTargetGroup()),
                settings, topic.getTopicArn()));
        new BlueGreenDeployment(stack, "Deployment", Fixtures.deploymentProps(service, traffic,
                DeploymentSettings.DEFAULT, alarms.getAlarmNames(), topic));
        return json(stack);
    }

    @BeforeAll
    static void synthBoth() {
        json = synth(AlarmSettings.DEFAULT, List.of("team@example.com"));
        off = synth(AlarmSettings.OFF, List.of());
    }

    private static JsonNode alarm(String idPart) {
        return named(json, "aws_cloudwatch_metric_alarm", idPart);
    }

    @Test
    void coversBothTargetGroupsAndTheLoadBalancer() {
        assertEquals(AlarmSettings.DEFAULT_ALARM_COUNT, resources(json, "aws_cloudwatch_metric_alarm").size());
        for (String color : List.of("Blue", "Green")) {
            String tg = ref(json, "aws_lb_target_group", color, "arn_suffix");
            for (String kind : List.of("Target5xx", "UnhealthyHosts", "LatencyP95", "LatencyP99")) {
                JsonNode a = alarm(color + kind);
                assertEquals("AWS/ApplicationELB", a.path("namespace").asText());
                assertEquals(tg, a.path("dimensions").path("TargetGroup").asText(), color + kind);
                assertEquals(ref(json, "aws_lb", "LoadBalancer", "arn_suffix"), a.path("dimensions").path("LoadBalancer").asText());
            }
        }
        JsonNode alb = alarm("Alb5xx");
        assertEquals("HTTPCode_ELB_5XX_Count", alb.path("metric_name").asText());
        assertTrue(alb.path("dimensions").path("TargetGroup").isMissingNode());
    }

    @Test
    void usesStatisticsThatStayQuietWhenNothingIsDeployed() {
        assertEquals("HTTPCode_Target_5XX_Count", alarm("BlueTarget5xx").path("metric_name").asText());
        assertEquals("Sum", alarm("BlueTarget5xx").path("statistic").asText());
        assertEquals("UnHealthyHostCount", alarm("GreenUnhealthyHosts").path("metric_name").asText());
        assertEquals("Maximum", alarm("GreenUnhealthyHosts").path("statistic").asText());
        assertEquals("TargetResponseTime", alarm("GreenLatencyP99").path("metric_name").asText());
        assertEquals("p99", alarm("GreenLatencyP99").path("extended_statistic").asText());
        assertEquals("p95", alarm("BlueLatencyP95").path("extended_statistic").asText());
        assertEquals("ignore", alarm("BlueLatencyP95").path("evaluate_low_sample_count_percentiles").asText());
        resources(json, "aws_cloudwatch_metric_alarm").forEach((k, a) -> {
            assertEquals("notBreaching", a.path("treat_missing_data").asText(), k);
            assertEquals("GreaterThanOrEqualToThreshold", a.path("comparison_operator").asText(), k);
            assertTrue(a.path("threshold").asDouble() > 0, k);
            assertEquals(60, a.path("period").asInt(), k);
            assertEquals(2, a.path("evaluation_periods").asInt(), k);
        });
    }

    @Test
    void alarmsNotifyTheTopic() {
        resources(json, "aws_cloudwatch_metric_alarm").forEach((k, a) ->
                assertEquals(List.of(ref(json, "aws_sns_topic", "Topic", "arn")), Synth.texts(a.path("alarm_actions")), k));
    }

    @Test
    void deploymentGroupRollsBackOnEveryAlarm() {
        JsonNode group = only(json, "aws_codedeploy_deployment_group");
        JsonNode config = group.path("alarm_configuration");
        assertTrue(config.path("enabled").asBoolean());
        // Each alarm is named by reference, so Terraform creates the group after the alarms it polls.
        List<String> references = new ArrayList<>();
        resources(json, "aws_cloudwatch_metric_alarm").keySet().forEach(address ->
                references.add("${aws_cloudwatch_metric_alarm." + address + ".alarm_name}"));
        assertEquals(9, references.size());
        assertEquals(references.stream().sorted().toList(), Synth.texts(config.path("alarms")).stream().sorted().toList());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"),
                Synth.texts(group.path("auto_rollback_configuration").path("events")));
        assertEquals(5, group.path("blue_green_deployment_config").path("terminate_blue_instances_on_deployment_success")
                .path("termination_wait_time_in_minutes").asInt(), "blue stays 5 minutes: the window in which an alarm still rolls back");
    }

    @Test
    void offSwitchRemovesAlarmsAndAlarmRollback() {
        assertTrue(resources(off, "aws_cloudwatch_metric_alarm").isEmpty());
        JsonNode group = only(off, "aws_codedeploy_deployment_group");
        assertTrue(group.path("alarm_configuration").isMissingNode());
        assertEquals(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"), Synth.texts(group.path("auto_rollback_configuration").path("events")));
    }

    @Test
    void deploymentEventsGoToTheTopic() {
        JsonNode trigger = only(json, "aws_codedeploy_deployment_group").path("trigger_configuration").get(0);
        assertEquals(ref(json, "aws_sns_topic", "Topic", "arn"), trigger.path("trigger_target_arn").asText());
        assertTrue(Synth.texts(trigger.path("trigger_events")).containsAll(
                List.of("DeploymentStart", "DeploymentSuccess", "DeploymentFailure", "DeploymentRollback")));
    }

    @Test
    void topicIsEncryptedAndOnlyTheNotifyingServicesMayPublish() throws Exception {
        JsonNode topic = only(json, "aws_sns_topic");
        assertEquals(ref(json, "aws_kms_key", "Notifications_Key", "arn"), topic.path("kms_master_key_id").asText());
        assertTrue(topic.path("name").asText().startsWith("CodeDeployTopic_"), "the managed CodeDeploy policy may publish");
        assertTrue(named(json, "aws_kms_key", "Notifications_Key").path("enable_key_rotation").asBoolean());
        JsonNode policy = MAPPER.readTree(only(json, "aws_sns_topic_policy").path("policy").asText());
        List<String> publishers = new ArrayList<>();
        for (JsonNode s : policy.path("Statement")) {
            if (Synth.texts(s.path("Action")).contains("sns:Publish")) {
                publishers.add(s.path("Principal").path("Service").get(0).asText());
                assertFalse(s.path("Condition").path("StringEquals").path("aws:SourceAccount").isMissingNode(), s.toString());
            }
        }
        assertEquals(List.of("codestar-notifications.amazonaws.com", "cloudwatch.amazonaws.com"), publishers);
    }

    @Test
    void codeDeployRoleMayUseTheTopicKey() throws Exception {
        JsonNode policy = MAPPER.readTree(named(json, "aws_iam_role_policy", "ServiceRoleNotificationKey").path("policy").asText());
        assertEquals(List.of(ref(json, "aws_kms_key", "Notifications_Key", "arn")), Synth.texts(policy.path("Statement").get(0).path("Resource")));
    }

    @Test
    void subscribesConfiguredEmails() {
        JsonNode sub = only(json, "aws_sns_topic_subscription");
        assertEquals("email", sub.path("protocol").asText());
        assertEquals("team@example.com", sub.path("endpoint").asText());
        assertTrue(resources(off, "aws_sns_topic_subscription").isEmpty());
    }

    @Test
    void defaultAlarmsFireAfterTwoMinutes() {
        assertEquals(120, AlarmSettings.DEFAULT.secondsToFire());
    }

    @Test
    void failsForMoreThanTenAlarms() {
        assertInvalid(() -> AlarmSettings.DEFAULT.withExtraAlarms(List.of("a", "b")), "extraAlarmNames",
                "at most 1 extra alarms", "at most 10");
        TerraformStack stack = Synth.newStack();
        var network = Fixtures.network(stack);
        var traffic = Fixtures.traffic(stack, network, 8080);
        FargateService service = Fixtures.service(stack, network, traffic, ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT);
        assertInvalid(() -> Fixtures.deploymentProps(service, traffic, DeploymentSettings.DEFAULT,
                List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), null), "rollbackAlarms = '11 alarms'", "at most 10");
    }

    @Test
    void failsForPeriodShorterThanTheMetricResolution() {
        assertInvalid(() -> AlarmSettings.DEFAULT.withWindow(10, 2), "periodSeconds = 10", "60-second resolution");
        assertInvalid(() -> AlarmSettings.DEFAULT.withWindow(90, 2), "periodSeconds = 90", "multiple of 60");
    }

    @Test
    void failsForThresholdThatCanNeverTrigger() {
        assertInvalid(() -> AlarmSettings.DEFAULT.withLatency(1.0, 75), "p99LatencySeconds = 75.0", "idle timeout");
        assertInvalid(() -> AlarmSettings.DEFAULT.withErrorCounts(0, 10), "target5xxCount = 0", "1 to");
    }

    @Test
    void failsForInvalidEmail() {
        assertInvalid(() -> new NotificationTopic.Props(Synth.NAMES, List.of("not-an-email")), "emails = 'not-an-email'");
    }

    @Test
    void offSwitchDoesNotCountExtraAlarms() {
        assertFalse(new AlarmSettings(false, 60, 2, 5, 10, 1, 1.0, 2.0, List.of("a", "b", "c")).enabled());
    }

    @Test
    void reorderingTheEmailsKeepsEverySubscriptionsAddress() {
        List<String> emails = List.of("team@example.com", "oncall@example.com");
        TerraformStack one = Synth.newStack();
        new NotificationTopic(one, "Notifications", new NotificationTopic.Props(Synth.NAMES, emails));
        TerraformStack two = Synth.newStack();
        new NotificationTopic(two, "Notifications", new NotificationTopic.Props(Synth.NAMES, List.of(emails.get(1), emails.get(0))));
        var a = resources(json(one), "aws_sns_topic_subscription");
        var b = resources(json(two), "aws_sns_topic_subscription");
        assertEquals(2, a.size());
        a.forEach((address, sub) -> assertEquals(sub.path("endpoint"), b.get(address).path("endpoint"), address));
    }

    @Test
    void failsForAnEmailListedTwice() {
        assertInvalid(() -> new NotificationTopic.Props(Synth.NAMES, List.of("team@example.com", "team@example.com")),
                "emails", "no value listed twice", "remove the address listed twice");
    }
}
