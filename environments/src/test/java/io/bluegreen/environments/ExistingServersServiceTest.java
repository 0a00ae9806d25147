package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.platform.ExistingServers;
import io.bluegreen.platform.existingservers.OnPremisesTrust;
import io.bluegreen.platform.existingservers.ServerSelection;
import io.bluegreen.platform.existingservers.ServerTag;
import io.bluegreen.platform.server.AppSettings;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dev's inventory service: servers this project does not launch, chosen by tags, read as CodeDeploy and IAM read the
 * synthesized stack. The deployment group selects by the tags (and nothing else: no Auto Scaling group, no load
 * balancer), the instance profile and the on-premises role may read this service's revisions only, the on-premises
 * role trusts exactly the named credential job, and the pipeline deploys with the CodeDeploy action.
 */
class ExistingServersServiceTest {
    private static JsonNode inventory() {
        return ServiceStackTest.all().get("dev-inventory");
    }

    @Test
    void theDeploymentGroupSelectsTheTaggedServersInPlace() {
        JsonNode group = Synth.only(inventory(), "aws_codedeploy_deployment_group");
        assertEquals("IN_PLACE", group.path("deployment_style").path("deployment_type").asText());
        assertEquals("WITHOUT_TRAFFIC_CONTROL", group.path("deployment_style").path("deployment_option").asText(),
                "no target group named: servers keep their traffic");
        assertEquals("[{\"ec2_tag_filter\":[{\"key\":\"bluegreen:service\",\"type\":\"KEY_AND_VALUE\",\"value\":\"inventory-dev\"}]}]",
                group.path("ec2_tag_set").toString());
        assertEquals("[{\"key\":\"bluegreen:service\",\"type\":\"KEY_AND_VALUE\",\"value\":\"inventory-dev\"}]",
                group.path("on_premises_instance_tag_filter").toString());
        assertTrue(group.path("autoscaling_groups").isMissingNode(), "no Auto Scaling group of ours");
        assertTrue(group.path("load_balancer_info").isMissingNode());
        assertTrue(group.path("auto_rollback_configuration").path("events").toString().contains("DEPLOYMENT_FAILURE"));
        assertEquals("deployment-events", group.path("trigger_configuration").get(0).path("trigger_name").asText());
        assertEquals("CodeDeployDefault.OneAtATime", group.path("deployment_config_name").asText());
        JsonNode app = Synth.only(inventory(), "aws_codedeploy_app");
        assertEquals("Server", app.path("compute_platform").asText());
        // the service role: the managed policy for EC2/on-premises deployments, nothing to launch
        String attachments = Synth.resources(inventory(), "aws_iam_role_policy_attachment").values().toString();
        assertTrue(attachments.contains("service-role/AWSCodeDeployRole"), attachments);
        assertFalse(Synth.resources(inventory(), "aws_iam_role_policy").values().toString().contains("ec2:RunInstances"));
    }

    @Test
    void theServersMayReadThisServicesRevisionsAndNothingElse() {
        JsonNode json = inventory();
        Map<String, JsonNode> roles = Synth.resources(json, "aws_iam_role");
        JsonNode instance = roles.values().stream().filter(r -> r.path("name").asText().equals("inventory-dev-instance")).findFirst().orElseThrow();
        JsonNode onPremises = roles.values().stream().filter(r -> r.path("name").asText().equals("inventory-dev-on-premises")).findFirst().orElseThrow();
        assertTrue(instance.path("assume_role_policy").asText().contains("ec2.amazonaws.com"));
        assertEquals("{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"ArnEquals\":{\"aws:PrincipalArn\":"
                        + "\"arn:aws:iam::111122223333:role/onprem-credential-refresher\"}},\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                        + "\"arn:aws:iam::111122223333:root\"}}],\"Version\":\"2012-10-17\"}",
                onPremises.path("assume_role_policy").asText(),
                "only the named credential job may take the role; the account as principal, so IAM accepts the policy before"
                        + " that role exists and keeps it valid when the role is made again");
        assertEquals(3600, onPremises.path("max_session_duration").asInt());
        String artifacts = Synth.ref(json, "aws_s3_bucket", "Artifacts_ArtifactBucket", "arn");
        String key = Synth.ref(json, "aws_kms_key", "Artifacts_Key", "arn");
        List<JsonNode> agentPolicies = new ArrayList<>();
        Synth.resources(json, "aws_iam_role_policy").values().forEach(p -> {
            if (p.path("name").asText().equals("codedeploy-agent")) {
                agentPolicies.add(p);
            }
        });
        assertEquals(2, agentPolicies.size(), "the instance role's and the on-premises role's");
        for (JsonNode policy : agentPolicies) {
            String text = policy.path("policy").asText();
            assertTrue(text.contains("\"Action\":[\"s3:GetObject\",\"s3:GetObjectVersion\"],\"Effect\":\"Allow\",\"Resource\":[\"" + artifacts + "/*\"]"), text);
            assertTrue(text.contains("\"Action\":[\"kms:Decrypt\"],\"Effect\":\"Allow\",\"Resource\":[\"" + key + "\"]"), text);
            assertFalse(text.contains("\"*\""), "no wildcard resource: " + text);
        }
        JsonNode profile = Synth.only(json, "aws_iam_instance_profile");
        assertEquals("inventory-dev-instance", profile.path("name").asText());
        JsonNode outputs = json.path("output");
        for (String output : List.of("instance_profile_name", "instance_role_arn", "on_premises_role_arn", "revision_bucket",
                "codedeploy_application", "codedeploy_deployment_group", "pipeline_name", "notifications_topic_arn")) {
            assertFalse(outputs.path(output).isMissingNode(), "output " + output);
        }
    }

    @Test
    void thePipelineBuildsTheEc2RevisionAndDeploysWithTheCodeDeployAction() {
        JsonNode json = inventory();
        assertEquals(ProjectFiles.embed(ProjectFiles.BUILDSPEC_EC2),
                Synth.only(json, "aws_codebuild_project").path("source").path("buildspec").asText());
        JsonNode pipeline = Synth.only(json, "aws_codepipeline");
        JsonNode deploy = pipeline.path("stage").get(pipeline.path("stage").size() - 1).path("action").get(0);
        assertEquals("CodeDeploy", deploy.path("provider").asText());
        assertEquals(Synth.ref(json, "aws_codedeploy_deployment_group", "DeploymentGroup", "deployment_group_name"),
                deploy.path("configuration").path("DeploymentGroupName").asText());
        assertEquals("V2", pipeline.path("pipeline_type").asText());
        assertEquals("inventory-dev-revision-retention", Synth.only(json, "aws_lambda_function").path("function_name").asText(),
                "revisions CodeDeploy may install again (a server joining later, a rollback) are kept");
        assertTrue(Synth.resources(json, "aws_autoscaling_group").isEmpty() && Synth.resources(json, "aws_lb").isEmpty(),
                "no fleet and no load balancer of ours");
    }

    private static ExistingServers servers(Consumer<ExistingServers.Builder> change) {
        ServerTag tag = ServerTag.of("bluegreen:service", "inventory-test");
        return ExistingServers.of(s -> {
            s.app = AppSettings.of(8080, "python3 app.py");
            s.servers = ServerSelection.ec2(tag);
            s.expectedMinFleetSize = 2;
            s.pipeline = PipelineSettings.of(Defaults.connectionSource(Defaults.CONNECTION_ARN));
            s.buildspec = ProjectFiles.embed(ProjectFiles.BUILDSPEC_EC2);
            change.accept(s);
        });
    }

    @Test
    void aTargetGroupGivesTrafficControl() {
        assertEquals("web-tg", servers(s -> s.targetGroupName = "web-tg").targetGroupName());
    }

    @Test
    void badInputFailsSynthWithOneLine() {
        ServerTag tag = ServerTag.of("team", "a");
        assertInvalid(() -> new ServerSelection(List.of(), List.of()), "ServerSelection", "tags", "at least one EC2 tag group");
        assertInvalid(() -> ServerSelection.ec2(List.of(tag), List.of(tag), List.of(tag), List.of(ServerTag.key("x"))),
                "ec2TagGroups", "4 tag groups", "at most 3");
        List<ServerTag> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(ServerTag.of("team", "t" + i));
        }
        assertInvalid(() -> ServerSelection.ec2(eleven), "ec2TagGroups", "11 tags in one group", "at most 10");
        assertInvalid(() -> ServerSelection.onPremises(eleven.toArray(ServerTag[]::new)), "onPremisesTags", "11 tags");
        assertInvalid(() -> ServerTag.of("", "a"), "ServerTag", "key", "a tag key");
        assertInvalid(() -> ServerTag.of("aws:cloudformation:stack-name", "a"), "aws: keys belong to AWS");
        assertInvalid(() -> ServerSelection.ec2(List.of()), "an empty group");
        // a config the stated fleet cannot satisfy
        assertInvalid(() -> servers(s -> {
            s.expectedMinFleetSize = 2;
            s.deploymentConfig = ServerDeploymentConfig.MinimumHealthyHosts.count(2);
        }), "existing servers", "deploymentConfig", "leaves at least one of the fleet's 2 instances");
        assertInvalid(() -> servers(s -> s.expectedMinFleetSize = 0), "expectedMinFleetSize", "at least 1");
        // an image source
        assertInvalid(() -> servers(s -> s.pipeline = PipelineSettings.of(new PipelineSource.EcrImagePush("release"))),
                "existing servers", "pipeline.source", "ECR image push");
        // on-premises tags need a trust, and a trust needs on-premises tags
        assertInvalid(() -> servers(s -> s.servers = ServerSelection.onPremises(tag)), "onPremises", "who may take");
        assertInvalid(() -> servers(s -> s.onPremises = new OnPremisesTrust.AssumedBy("arn:aws:iam::111122223333:role/x")),
                "onPremises", "nothing without on-premises tags");
        assertInvalid(() -> new OnPremisesTrust.RolesAnywhere("arn:aws:iam::1:role/x"), "trustAnchorArn", "trust anchor ARN");
        assertInvalid(() -> servers(s -> s.targetGroupName = "-bad"), "targetGroupName", "-bad");
        assertInvalid(() -> servers(s -> {
            s.targetGroupName = "web-tg";
            s.servers = s.servers.andOnPremises(tag);
            s.onPremises = new OnPremisesTrust.AssumedBy("arn:aws:iam::111122223333:role/x");
        }), "targetGroupName", "no target group with on-premises servers");
        assertInvalid(() -> servers(s -> s.healthPath = "/$(reboot)"), "healthPath");
        assertInvalid(() -> servers(s -> s.pipeline = s.pipeline.withAlarmGate(true)), "alarmGate", "a service with rollback alarms");
    }
}
