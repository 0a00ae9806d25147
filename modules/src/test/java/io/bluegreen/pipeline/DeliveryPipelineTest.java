package io.bluegreen.pipeline;

import io.bluegreen.platform.ecs.EcsBlueGreenService;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.Fixtures;
import io.bluegreen.platform.ecs.DeploymentSettings;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.platform.ecs.ServiceSettings;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static io.bluegreen.testing.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryPipelineTest {
    static final String CONNECTION = "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final String BUILDSPEC = "version: 0.2\nphases: {}\n";
    private static JsonNode json;
    private static JsonNode created;

    static JsonNode synth(PipelineSettings settings) {
        Fixtures.App app = Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT);
        NotificationTopic topic = new NotificationTopic(app.stack(), "Notifications", new NotificationTopic.Props(Synth.NAMES, List.of()));
        EcsBlueGreenService.delivery(app.stack(), Synth.NAMES, app.service(), app.deployment(), BUILDSPEC, settings, topic);
        return json(app.stack());
    }

    @BeforeAll
    static void synthAll() {
        json = synth(PipelineSettings.of(new PipelineSource.CodeStarConnection(new PipelineSource.Existing(CONNECTION), "acme/shop", "main"))
                .withApprovalStage(true));
        created = synth(PipelineSettings.of(new PipelineSource.CodeStarConnection(
                new PipelineSource.Create(PipelineSource.ProviderType.GITHUB), "acme/shop", "main")).withForceDestroyArtifacts(true));
    }

    private static JsonNode stages(JsonNode json) {
        return only(json, "aws_codepipeline").path("stage");
    }

    private static JsonNode action(JsonNode json, String stage) {
        for (JsonNode s : stages(json)) {
            if (s.path("name").asText().equals(stage)) {
                return s.path("action").get(0);
            }
        }
        throw new AssertionError("no stage " + stage);
    }

    @Test
    void stagesRunSourceBuildApproveDeploy() {
        List<String> names = new ArrayList<>();
        stages(json).forEach(s -> names.add(s.path("name").asText()));
        assertEquals(List.of("Source", "Build", "Approve", "Deploy"), names);
        assertEquals("Manual", action(json, "Approve").path("provider").asText());
    }

    @Test
    void withoutApprovalThereIsNoApprovalStage() {
        List<String> names = new ArrayList<>();
        stages(created).forEach(s -> names.add(s.path("name").asText()));
        assertEquals(List.of("Source", "Build", "Deploy"), names);
    }

    @Test
    void sourceUsesTheCodeStarConnectionRepositoryAndBranch() {
        JsonNode source = action(json, "Source");
        assertEquals("CodeStarSourceConnection", source.path("provider").asText());
        assertEquals("AWS", source.path("owner").asText());
        JsonNode config = source.path("configuration");
        assertEquals(CONNECTION, config.path("ConnectionArn").asText());
        assertEquals("acme/shop", config.path("FullRepositoryId").asText());
        assertEquals("main", config.path("BranchName").asText());
        assertTrue(resources(json, "aws_codestarconnections_connection").isEmpty());
    }

    @Test
    void createdConnectionIsUsedBySourceAndPipelineRole() throws Exception {
        JsonNode connection = only(created, "aws_codestarconnections_connection");
        assertEquals("GitHub", connection.path("provider_type").asText());
        assertTrue(connection.path("name").asText().length() <= 32);
        String arn = ref(created, "aws_codestarconnections_connection", "Connection", "arn");
        assertEquals(arn, action(created, "Source").path("configuration").path("ConnectionArn").asText());
        JsonNode use = statement(created, "PipelineRolePolicy", "UseConnection");
        assertEquals(List.of(arn), Synth.texts(use.path("Resource")));
    }

    @Test
    void deployActionIsCodeDeployToEcsWithEveryKey() {
        JsonNode deploy = action(json, "Deploy");
        assertEquals("AWS", deploy.path("owner").asText());
        assertEquals("CodeDeployToECS", deploy.path("provider").asText());
        assertEquals("1", deploy.path("version").asText());
        JsonNode c = deploy.path("configuration");
        assertEquals(ref(json, "aws_codedeploy_app", "Application", "name"), c.path("ApplicationName").asText());
        assertEquals(ref(json, "aws_codedeploy_deployment_group", "DeploymentGroup", "deployment_group_name"),
                c.path("DeploymentGroupName").asText());
        assertEquals("BuildOutput", c.path("TaskDefinitionTemplateArtifact").asText());
        assertEquals("taskdef.json", c.path("TaskDefinitionTemplatePath").asText());
        assertEquals("BuildOutput", c.path("AppSpecTemplateArtifact").asText());
        assertEquals("appspec.yaml", c.path("AppSpecTemplatePath").asText());
        assertEquals("BuildOutput", c.path("Image1ArtifactName").asText());
        assertEquals("IMAGE1_NAME", c.path("Image1ContainerName").asText());
        assertEquals(8, Synth.fields(c).size(), "exactly the documented keys: " + Synth.fields(c).keySet());
    }

    @Test
    void everyInputArtifactIsProducedByAnEarlierAction() {
        for (JsonNode pipelineJson : List.of(json, created)) {
            Set<String> produced = new HashSet<>();
            for (JsonNode stage : stages(pipelineJson)) {
                for (JsonNode action : stage.path("action")) {
                    for (String input : Synth.texts(action.path("input_artifacts"))) {
                        assertTrue(produced.contains(input), input + " is read before it is produced");
                    }
                    produced.addAll(Synth.texts(action.path("output_artifacts")));
                }
            }
            JsonNode c = action(pipelineJson, "Deploy").path("configuration");
            for (String key : List.of("TaskDefinitionTemplateArtifact", "AppSpecTemplateArtifact", "Image1ArtifactName")) {
                assertTrue(Synth.texts(action(pipelineJson, "Deploy").path("input_artifacts")).contains(c.path(key).asText()), key);
            }
        }
    }

    @Test
    void buildIsPrivilegedLinuxWithTheBuildspecAndDeployDocuments() throws Exception {
        JsonNode build = only(json, "aws_codebuild_project");
        assertEquals(BUILDSPEC, build.path("source").path("buildspec").asText());
        assertEquals("CODEPIPELINE", build.path("source").path("type").asText());
        JsonNode env = build.path("environment");
        assertTrue(env.path("privileged_mode").asBoolean());
        assertEquals("LINUX_CONTAINER", env.path("type").asText());
        assertEquals("aws/codebuild/standard:7.0", env.path("image").asText());
        assertEquals("BUILD_GENERAL1_SMALL", env.path("compute_type").asText());
        assertEquals(ref(json, "aws_kms_key", "Artifacts_Key", "arn"), build.path("encryption_key").asText());
        assertEquals(30, build.path("build_timeout").asInt());
        Map<String, String> vars = new java.util.HashMap<>();
        env.path("environment_variable").forEach(v -> vars.put(v.path("name").asText(), v.path("value").asText()));
        assertEquals(ref(json, "aws_ecr_repository", "Repository", "repository_url"), vars.get("REPOSITORY_URI"));
        assertEquals("web", vars.get("CONTAINER_NAME"));
        assertEquals("<IMAGE1_NAME>", MAPPER.readTree(vars.get("TASKDEF_TEMPLATE")).path("containerDefinitions").get(0).path("image").asText());
        assertEquals("<TASK_DEFINITION>", MAPPER.readTree(vars.get("APPSPEC_TEMPLATE")).path("Resources").get(0)
                .path("TargetService").path("Properties").path("TaskDefinition").asText());
        assertEquals(ref(json, "aws_cloudwatch_log_group", "BuildLogGroup", "name"),
                build.path("logs_config").path("cloudwatch_logs").path("group_name").asText());
    }

    @Test
    void buildLogsAreRetainedAndEncryptedWithThePipelineKey() {
        JsonNode logs = named(json, "aws_cloudwatch_log_group", "BuildLogGroup");
        assertEquals(30, logs.path("retention_in_days").asInt());
        assertEquals(ref(json, "aws_kms_key", "Artifacts_Key", "arn"), logs.path("kms_key_id").asText());
    }

    @Test
    void ecrRepositoryScansOnPushWithImmutableTagsAndExpiresOldImages() throws Exception {
        JsonNode repo = only(json, "aws_ecr_repository");
        assertTrue(repo.path("image_scanning_configuration").path("scan_on_push").asBoolean());
        assertEquals("IMMUTABLE", repo.path("image_tag_mutability").asText());
        assertEquals("KMS", repo.path("encryption_configuration").get(0).path("encryption_type").asText());
        JsonNode rules = MAPPER.readTree(only(json, "aws_ecr_lifecycle_policy").path("policy").asText()).path("rules");
        assertEquals("untagged", rules.get(0).path("selection").path("tagStatus").asText());
        assertEquals("imageCountMoreThan", rules.get(1).path("selection").path("countType").asText());
        assertEquals(30, rules.get(1).path("selection").path("countNumber").asInt());
    }

    @Test
    void artifactBucketIsKmsEncryptedVersionedPrivateAndTlsOnly() throws Exception {
        String bucket = ref(json, "aws_s3_bucket", "ArtifactBucket", "id");
        JsonNode sse = only(json, "aws_s3_bucket_server_side_encryption_configuration");
        assertEquals(bucket, sse.path("bucket").asText());
        JsonNode byDefault = sse.path("rule").get(0).path("apply_server_side_encryption_by_default");
        assertEquals("aws:kms", byDefault.path("sse_algorithm").asText());
        assertEquals(ref(json, "aws_kms_key", "Artifacts_Key", "arn"), byDefault.path("kms_master_key_id").asText());
        assertEquals("Enabled", only(json, "aws_s3_bucket_versioning").path("versioning_configuration").path("status").asText());
        JsonNode block = only(json, "aws_s3_bucket_public_access_block");
        for (String flag : List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")) {
            assertTrue(block.path(flag).asBoolean(), flag);
        }
        JsonNode deny = MAPPER.readTree(only(json, "aws_s3_bucket_policy").path("policy").asText()).path("Statement").get(0);
        assertEquals("Deny", deny.path("Effect").asText());
        assertEquals("*", deny.path("Principal").asText());
        assertEquals("false", deny.path("Condition").path("Bool").path("aws:SecureTransport").get(0).asText());
        JsonNode rule = only(json, "aws_s3_bucket_lifecycle_configuration").path("rule").get(0);
        assertEquals(30, rule.path("expiration").path("days").asInt());
        assertTrue(only(json, "aws_s3_bucket").path("bucket_prefix").asText().length() <= 37);
    }

    @Test
    void artifactBucketIsForceDestroyedOnlyWhereAllowed() {
        assertFalse(only(json, "aws_s3_bucket").path("force_destroy").asBoolean());
        assertTrue(only(created, "aws_s3_bucket").path("force_destroy").asBoolean());
    }

    @Test
    void pipelineKeyRotatesAndEncryptsTheArtifactStore() {
        assertTrue(named(json, "aws_kms_key", "Artifacts_Key").path("enable_key_rotation").asBoolean());
        JsonNode store = only(json, "aws_codepipeline").path("artifact_store").get(0);
        assertEquals("KMS", store.path("encryption_key").path("type").asText());
        assertEquals(ref(json, "aws_kms_key", "Artifacts_Key", "arn"), store.path("encryption_key").path("id").asText());
        assertEquals(ref(json, "aws_s3_bucket", "ArtifactBucket", "bucket"), store.path("location").asText());
    }

    static JsonNode statement(JsonNode json, String policyId, String sid) throws Exception {
        for (JsonNode s : MAPPER.readTree(named(json, "aws_iam_role_policy", policyId).path("policy").asText()).path("Statement")) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policyId);
    }

    @Test
    void pipelineRoleMayPassOnlyTheTaskRolesToEcsTasks() throws Exception {
        JsonNode pass = statement(json, "PipelineRolePolicy", "PassTaskRoles");
        assertEquals(List.of("iam:PassRole"), Synth.texts(pass.path("Action")));
        assertEquals(List.of(ref(json, "aws_iam_role", "ExecutionRole", "arn"), ref(json, "aws_iam_role", "TaskRole", "arn")),
                Synth.texts(pass.path("Resource")));
        assertEquals("ecs-tasks.amazonaws.com",
                pass.path("Condition").path("StringEquals").path("iam:PassedToService").get(0).asText());
    }

    @Test
    void pipelineRoleStartsOnlyThisBuildAndDeploysOnlyThisGroup() throws Exception {
        assertEquals(List.of(ref(json, "aws_codebuild_project", "Build", "arn")),
                Synth.texts(statement(json, "PipelineRolePolicy", "RunBuild").path("Resource")));
        String group = Synth.texts(statement(json, "PipelineRolePolicy", "CreateDeployment").path("Resource")).get(0);
        assertTrue(group.contains(":deploymentgroup:" + ref(json, "aws_codedeploy_app", "Application", "name") + "/"), group);
    }

    @Test
    void buildRolePushesOnlyToThisRepository() throws Exception {
        assertEquals(List.of(ref(json, "aws_ecr_repository", "Repository", "arn")),
                Synth.texts(statement(json, "BuildRolePolicy", "PushImage").path("Resource")));
        assertEquals(List.of("*"), Synth.texts(statement(json, "BuildRolePolicy", "EcrLogin").path("Resource")));
        assertEquals(List.of("ecr:GetAuthorizationToken"), Synth.texts(statement(json, "BuildRolePolicy", "EcrLogin").path("Action")));
    }

    @Test
    void noRolePolicyHasAWildcardActionOrWildcardResourceBeyondTheExceptions() throws Exception {
        Set<String> allowedStar = Set.of("ecr:GetAuthorizationToken", "ecs:RegisterTaskDefinition");
        for (JsonNode policy : resources(json, "aws_iam_role_policy").values()) {
            for (JsonNode s : MAPPER.readTree(policy.path("policy").asText()).path("Statement")) {
                List<String> actions = Synth.texts(s.path("Action"));
                assertFalse(actions.contains("*"), s.toString());
                if (Synth.texts(s.path("Resource")).contains("*")) {
                    assertTrue(allowedStar.containsAll(actions), "Resource * only where AWS has no resource-level permission: " + s);
                }
            }
        }
    }

    @Test
    void notifiesTheTopicOfFailuresAndSuccesses() {
        JsonNode rule = only(json, "aws_codestarnotifications_notification_rule");
        assertEquals(ref(json, "aws_codepipeline", "Pipeline", "arn"), rule.path("resource").asText());
        assertTrue(Synth.texts(rule.path("event_type_ids")).contains("codepipeline-pipeline-pipeline-execution-failed"));
        assertEquals(ref(json, "aws_sns_topic", "Topic", "arn"), rule.path("target").get(0).path("address").asText());
    }

    @Test
    void failsForRepositoryIdWithoutOwner() {
        assertInvalid(() -> new PipelineSource.CodeStarConnection(new PipelineSource.Existing(CONNECTION), "checkout", "main"),
                "repositoryId = 'checkout'", "owner/name");
    }

    @Test
    void failsForEmptyBranch() {
        assertInvalid(() -> new PipelineSource.CodeStarConnection(new PipelineSource.Existing(CONNECTION), "acme/shop", ""),
                "branch = ''", "git branch name");
    }

    @Test
    void failsForConnectionArnOfAnotherService() {
        assertInvalid(() -> new PipelineSource.Existing("arn:aws:iam::123456789012:role/github"), "arn = 'arn:aws:iam",
                "CodeStar/CodeConnections connection ARN");
    }

    @Test
    void acceptsCodeConnectionsArn() {
        new PipelineSource.Existing(CONNECTION.replace("codestar-connections", "codeconnections"));
    }

    @Test
    void failsForArtifactNameAwsRejects() {
        PipelineSettings settings = PipelineSettings.of(new PipelineSource.CodeStarConnection(new PipelineSource.Existing(CONNECTION), "acme/shop", "main"));
        assertInvalid(() -> settings.withArtifactNames("Source Output", "BuildOutput"), "sourceArtifact = 'Source Output'", "letters, digits");
        assertInvalid(() -> settings.withArtifactNames("Out", "Out"), "buildArtifact = 'Out'", "different from sourceArtifact");
    }

    @Test
    void physicalNamesDiffer() {
        assertNotEquals(named(json, "aws_iam_role", "PipelineRole").path("name").asText(),
                named(json, "aws_iam_role", "BuildRole").path("name").asText());
    }

    @Test
    void pipelineIsCreatedAfterItsRoleCanRunIt() {
        // CodePipeline starts an execution as soon as the pipeline exists.
        JsonNode pipeline = only(json, "aws_codepipeline");
        assertEquals(List.of("aws_iam_role_policy." + Synth.address(json, "aws_iam_role_policy", "PipelineRolePolicy")),
                Synth.texts(pipeline.path("depends_on")));
    }

    @Test
    void buildProjectIsCreatedAfterItsRoleHoldsItsPolicy() {
        JsonNode build = only(json, "aws_codebuild_project");
        assertEquals(List.of("aws_iam_role_policy." + Synth.address(json, "aws_iam_role_policy", "BuildRolePolicy")),
                Synth.texts(build.path("depends_on")));
    }

    @Test
    void notificationRuleIsCreatedAfterTheTopicPolicyLetsItPublish() {
        JsonNode rule = only(json, "aws_codestarnotifications_notification_rule");
        assertEquals(List.of("aws_sns_topic_policy." + Synth.address(json, "aws_sns_topic_policy", "TopicPolicy")),
                Synth.texts(rule.path("depends_on")));
    }

    @Test
    void pipelineRoleTrustsCodePipelineWithoutASourceAccountConditionItMightNotSend() throws Exception {
        // A condition CodePipeline does not satisfy would fail CreatePipeline on the first apply.
        JsonNode pipelineTrust = MAPPER.readTree(named(json, "aws_iam_role", "PipelineRole").path("assume_role_policy").asText());
        assertEquals("codepipeline.amazonaws.com", pipelineTrust.path("Statement").get(0).path("Principal").path("Service").asText());
        assertTrue(pipelineTrust.path("Statement").get(0).path("Condition").isMissingNode());
        JsonNode buildTrust = MAPPER.readTree(named(json, "aws_iam_role", "BuildRole").path("assume_role_policy").asText());
        assertFalse(buildTrust.path("Statement").get(0).path("Condition").path("StringEquals").path("aws:SourceAccount").isMissingNode(),
                "CodeBuild documents aws:SourceAccount: its role keeps the condition");
    }
}
