package io.bluegreen.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static io.bluegreen.testing.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each pipeline source as CodePipeline, EventBridge and IAM read it: the Source action's configuration, the rule that
 * starts the pipeline (exactly this repository, tag, object or branch), and the pipeline role's statements (only the
 * chosen source's).
 */
class PipelineSourceTest {
    private static JsonNode ecr;
    private static JsonNode s3;
    private static JsonNode codecommit;
    private static JsonNode connection;

    @BeforeAll
    static void synthAll() {
        ecr = DeliveryPipelineTest.synth(PipelineSettings.of(new PipelineSource.EcrImagePush("release")));
        s3 = DeliveryPipelineTest.synth(PipelineSettings.of(new PipelineSource.S3Object("releases/shop.zip")));
        codecommit = DeliveryPipelineTest.synth(PipelineSettings.of(new PipelineSource.CodeCommit("shop", "release/2026")));
        connection = DeliveryPipelineTest.synth(PipelineSettings.of(new PipelineSource.CodeStarConnection(
                new PipelineSource.Existing(DeliveryPipelineTest.CONNECTION), "acme/shop", "main")));
    }

    private static JsonNode action(JsonNode json, String stage) {
        for (JsonNode s : only(json, "aws_codepipeline").path("stage")) {
            if (s.path("name").asText().equals(stage)) {
                return s.path("action").get(0);
            }
        }
        throw new AssertionError("no stage " + stage);
    }

    private static JsonNode policy(JsonNode json, String id) throws Exception {
        return MAPPER.readTree(named(json, "aws_iam_role_policy", id).path("policy").asText());
    }

    /** The pipeline role's source statements are exactly {@code sids}: none of another source's. */
    private static void assertOnlySource(JsonNode json, String... sids) throws Exception {
        List<String> all = new ArrayList<>();
        policy(json, "PipelineRolePolicy").path("Statement").forEach(s -> all.add(s.path("Sid").asText()));
        List<String> sourceSids = List.of("UseConnection", "ReadPushedImage", "ReadSourceObject", "SourceBucket", "ReadRepository");
        assertEquals(List.of(sids), all.stream().filter(sourceSids::contains).toList(), all.toString());
        assertEquals(List.of(sids), all.subList(0, sids.length), "the source's statements come first: " + all);
    }

    private static JsonNode statement(JsonNode json, String sid) throws Exception {
        return DeliveryPipelineTest.statement(json, "PipelineRolePolicy", sid);
    }

    private static JsonNode pattern(JsonNode json) throws Exception {
        return MAPPER.readTree(only(json, "aws_cloudwatch_event_rule").path("event_pattern").asText());
    }

    private static String pipelineArn(JsonNode json) {
        return ref(json, "aws_codepipeline", "Pipeline", "arn");
    }

    @Test
    void ecrPushOfTheTagStartsThePipelineWhichReadsOnlyThatRepository() throws Exception {
        String repoName = ref(ecr, "aws_ecr_repository", "Repository", "name");
        JsonNode source = action(ecr, "Source");
        assertEquals("ECR", source.path("provider").asText());
        assertEquals(Map.of("RepositoryName", repoName, "ImageTag", "release"), texts(source.path("configuration")));

        JsonNode pattern = pattern(ecr);
        assertEquals(List.of("aws.ecr"), Synth.texts(pattern.path("source")));
        assertEquals(List.of("ECR Image Action"), Synth.texts(pattern.path("detail-type")));
        assertEquals(List.of("PUSH"), Synth.texts(pattern.path("detail").path("action-type")));
        assertEquals(List.of("SUCCESS"), Synth.texts(pattern.path("detail").path("result")));
        assertEquals(List.of(repoName), Synth.texts(pattern.path("detail").path("repository-name")));
        assertEquals(List.of("release"), Synth.texts(pattern.path("detail").path("image-tag")));

        JsonNode read = statement(ecr, "ReadPushedImage");
        assertEquals(List.of("ecr:DescribeImages"), Synth.texts(read.path("Action")));
        assertEquals(List.of(ref(ecr, "aws_ecr_repository", "Repository", "arn")), Synth.texts(read.path("Resource")));
        assertOnlySource(ecr, "ReadPushedImage");
    }

    @Test
    void ecrPushBuildsNoImageAndDeploysThePushedDigest() throws Exception {
        JsonNode build = only(ecr, "aws_codebuild_project");
        assertFalse(build.path("environment").path("privileged_mode").asBoolean(), "no Docker: not privileged");
        String buildspec = build.path("source").path("buildspec").asText();
        assertTrue(buildspec.contains("imageDetail.json") && !buildspec.contains("docker "), buildspec);
        Map<String, String> vars = new HashMap<>();
        build.path("environment").path("environment_variable").forEach(v -> vars.put(v.path("name").asText(), v.path("value").asText()));
        assertEquals(ref(ecr, "aws_ecr_repository", "Repository", "name"), vars.get("IMAGE_REPOSITORY"));
        assertFalse(vars.containsKey("REPOSITORY_URI"));
        for (JsonNode s : policy(ecr, "BuildRolePolicy").path("Statement")) {
            assertTrue(Synth.texts(s.path("Action")).stream().noneMatch(a -> a.startsWith("ecr:")), "the build pushes nothing: " + s);
        }
        assertEquals("WriteDeployFiles", action(ecr, "Build").path("name").asText());

        JsonNode deploy = action(ecr, "Deploy");
        JsonNode c = deploy.path("configuration");
        assertEquals("SourceOutput", c.path("Image1ArtifactName").asText(), "the ECR source's imageDetail.json");
        assertEquals("BuildOutput", c.path("TaskDefinitionTemplateArtifact").asText());
        assertEquals("BuildOutput", c.path("AppSpecTemplateArtifact").asText());
        assertEquals(List.of("BuildOutput", "SourceOutput"), Synth.texts(deploy.path("input_artifacts")));
        // The release tag moves with each push; what runs is the digest CodeDeploy reads from imageDetail.json.
        assertEquals("MUTABLE", only(ecr, "aws_ecr_repository").path("image_tag_mutability").asText());
        assertEquals("IMMUTABLE", only(connection, "aws_ecr_repository").path("image_tag_mutability").asText());
    }

    @Test
    void s3SourceIsAHardenedVersionedBucketWhoseNewVersionsStartThePipeline() throws Exception {
        JsonNode bucket = named(s3, "aws_s3_bucket", "SourceBucket");
        String bucketId = ref(s3, "aws_s3_bucket", "SourceBucket", "id");
        String bucketName = ref(s3, "aws_s3_bucket", "SourceBucket", "bucket");
        assertTrue(bucket.path("bucket_prefix").asText().startsWith("shop-dev-source"), bucket.toString());
        assertEquals("Enabled", named(s3, "aws_s3_bucket_versioning", "SourceBucketVersioning")
                .path("versioning_configuration").path("status").asText());
        JsonNode sse = named(s3, "aws_s3_bucket_server_side_encryption_configuration", "SourceBucketEncryption")
                .path("rule").get(0).path("apply_server_side_encryption_by_default");
        assertEquals("aws:kms", sse.path("sse_algorithm").asText());
        assertEquals(ref(s3, "aws_kms_key", "Artifacts_Key", "arn"), sse.path("kms_master_key_id").asText());
        JsonNode block = named(s3, "aws_s3_bucket_public_access_block", "SourceBucketPublicAccessBlock");
        for (String field : List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")) {
            assertTrue(block.path(field).asBoolean(), field);
        }
        JsonNode bucketPolicy = MAPPER.readTree(named(s3, "aws_s3_bucket_policy", "SourceBucketPolicy").path("policy").asText())
                .path("Statement");
        JsonNode tls = bucketPolicy.get(0);
        String key = ref(s3, "aws_kms_key", "Artifacts_Key", "arn");
        assertEquals("DenyOtherEncryption", bucketPolicy.get(1).path("Sid").asText());
        assertEquals(List.of("aws:kms"), Synth.texts(bucketPolicy.get(1).path("Condition").path("StringNotEqualsIfExists")
                .path("s3:x-amz-server-side-encryption")), "an upload may not ask for SSE-S3");
        assertEquals(List.of(key), Synth.texts(bucketPolicy.get(2).path("Condition").path("StringNotEqualsIfExists")
                .path("s3:x-amz-server-side-encryption-aws-kms-key-id")), "nor for another key");
        for (JsonNode deny : List.of(bucketPolicy.get(1), bucketPolicy.get(2))) {
            assertEquals("Deny", deny.path("Effect").asText());
            assertEquals(List.of("s3:PutObject"), Synth.texts(deny.path("Action")));
        }
        assertEquals(1, MAPPER.readTree(named(s3, "aws_s3_bucket_policy", "ArtifactBucketPolicy").path("policy").asText())
                .path("Statement").size(), "the artifact bucket, written by the pipeline only, keeps its one statement");
        assertEquals("Deny", tls.path("Effect").asText());
        assertEquals(List.of("false"), Synth.texts(tls.path("Condition").path("Bool").path("aws:SecureTransport")));
        JsonNode lifecycle = named(s3, "aws_s3_bucket_lifecycle_configuration", "SourceBucketLifecycle").path("rule").get(0);
        assertTrue(lifecycle.path("expiration").path("days").isMissingNode(),
                "the current source object never expires: " + lifecycle);
        assertTrue(lifecycle.path("expiration").path("expired_object_delete_marker").asBoolean(),
                "only the delete markers nothing stands behind go: " + lifecycle);
        JsonNode artifacts = named(s3, "aws_s3_bucket_lifecycle_configuration", "ArtifactBucketLifecycle").path("rule").get(0);
        assertEquals(30, artifacts.path("expiration").path("days").asInt(), "artifacts still expire: " + artifacts);
        assertEquals(30, lifecycle.path("noncurrent_version_expiration").path("noncurrent_days").asInt());
        JsonNode events = only(s3, "aws_s3_bucket_notification");
        assertEquals(bucketId, events.path("bucket").asText());
        assertTrue(events.path("eventbridge").asBoolean(), "S3 sends the bucket's events to EventBridge");
        assertTrue(resources(s3, "aws_cloudtrail").isEmpty(), "no trail is needed");

        JsonNode source = action(s3, "Source");
        assertEquals("S3", source.path("provider").asText());
        assertEquals(Map.of("S3Bucket", bucketName, "S3ObjectKey", "releases/shop.zip", "PollForSourceChanges", "false"),
                texts(source.path("configuration")));
        JsonNode pattern = pattern(s3);
        assertEquals(List.of("aws.s3"), Synth.texts(pattern.path("source")));
        assertEquals(List.of("Object Created"), Synth.texts(pattern.path("detail-type")));
        assertEquals(List.of(bucketName), Synth.texts(pattern.path("detail").path("bucket").path("name")));
        assertEquals(List.of("releases/shop.zip"), Synth.texts(pattern.path("detail").path("object").path("key")));

        String bucketArn = ref(s3, "aws_s3_bucket", "SourceBucket", "arn");
        JsonNode read = statement(s3, "ReadSourceObject");
        assertEquals(List.of("s3:GetObject", "s3:GetObjectVersion"), Synth.texts(read.path("Action")));
        assertEquals(List.of(bucketArn + "/releases/shop.zip"), Synth.texts(read.path("Resource")), "this key only");
        assertEquals(List.of(bucketArn), Synth.texts(statement(s3, "SourceBucket").path("Resource")));
        assertEquals(List.of("s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket"),
                Synth.texts(statement(s3, "SourceBucket").path("Action")));
        assertOnlySource(s3, "ReadSourceObject", "SourceBucket");
    }

    @Test
    void codeCommitPushesToTheBranchStartThePipelineWithoutPolling() throws Exception {
        JsonNode source = action(codecommit, "Source");
        assertEquals("CodeCommit", source.path("provider").asText());
        assertEquals(Map.of("RepositoryName", "shop", "BranchName", "release/2026", "OutputArtifactFormat", "CODE_ZIP",
                "PollForSourceChanges", "false"), texts(source.path("configuration")));
        JsonNode read = statement(codecommit, "ReadRepository");
        List<String> resource = Synth.texts(read.path("Resource"));
        assertEquals(1, resource.size());
        assertTrue(resource.get(0).matches("arn:.+:codecommit:.+:.+:shop"), resource.toString());
        assertEquals(List.of("codecommit:CancelUploadArchive", "codecommit:GetBranch", "codecommit:GetCommit",
                "codecommit:GetUploadArchiveStatus", "codecommit:UploadArchive"), Synth.texts(read.path("Action")));
        assertOnlySource(codecommit, "ReadRepository");

        JsonNode pattern = pattern(codecommit);
        assertEquals(List.of("aws.codecommit"), Synth.texts(pattern.path("source")));
        assertEquals(List.of("CodeCommit Repository State Change"), Synth.texts(pattern.path("detail-type")));
        assertEquals(resource, Synth.texts(pattern.path("resources")), "this repository only");
        assertEquals(List.of("branch"), Synth.texts(pattern.path("detail").path("referenceType")));
        assertEquals(List.of("release/2026"), Synth.texts(pattern.path("detail").path("referenceName")));
        assertEquals(List.of("referenceCreated", "referenceUpdated"), Synth.texts(pattern.path("detail").path("event")));
    }

    @Test
    void theRuleMayStartThisPipelineOnlyAndWaitsForItsPermission() throws Exception {
        for (JsonNode json : List.of(ecr, s3, codecommit)) {
            JsonNode target = only(json, "aws_cloudwatch_event_target");
            assertEquals(pipelineArn(json), target.path("arn").asText());
            assertEquals(ref(json, "aws_iam_role", "StartRole", "arn"), target.path("role_arn").asText());
            List<String> dependsOn = Synth.texts(target.path("depends_on"));
            assertTrue(dependsOn.equals(List.of("aws_iam_role_policy." + Synth.address(json, "aws_iam_role_policy", "StartRolePolicy"))),
                    "EventBridge checks the role when the target is created: " + dependsOn);
            JsonNode start = policy(json, "StartRolePolicy").path("Statement");
            assertEquals(1, start.size());
            assertEquals(List.of("codepipeline:StartPipelineExecution"), Synth.texts(start.get(0).path("Action")));
            assertEquals(List.of(pipelineArn(json)), Synth.texts(start.get(0).path("Resource")));
            JsonNode trust = MAPPER.readTree(named(json, "aws_iam_role", "StartRole").path("assume_role_policy").asText());
            assertEquals("events.amazonaws.com", trust.path("Statement").get(0).path("Principal").path("Service").asText());
        }
    }

    @Test
    void aConnectionStartsThePipelineItselfAndAddsNothingElse() throws Exception {
        assertTrue(resources(connection, "aws_cloudwatch_event_rule").isEmpty());
        assertTrue(resources(connection, "aws_s3_bucket_notification").isEmpty());
        assertEquals(1, resources(connection, "aws_s3_bucket").size(), "the artifact bucket only");
        assertEquals(List.of(DeliveryPipelineTest.CONNECTION), Synth.texts(statement(connection, "UseConnection").path("Resource")));
        assertOnlySource(connection, "UseConnection");
    }

    @Test
    void badSourcesFailWithOneLineNamingFieldValueAndFix() {
        assertInvalid(() -> new PipelineSource.EcrImagePush("release-*"), "imageTag", "'release-*'", "a wildcard never matches");
        assertInvalid(() -> new PipelineSource.EcrImagePush(".hidden"), "imageTag", "not starting with '.' or '-'");
        assertInvalid(() -> new PipelineSource.EcrImagePush("x".repeat(129)), "imageTag", "1-128");
        assertInvalid(() -> new PipelineSource.S3Object("releases/"), "key", "'releases/'", "ending in '/' is a folder",
                "e.g. releases/app.zip");
        assertInvalid(() -> new PipelineSource.S3Object("releases/app.tar.gz"), "key", "ending in .zip");
        assertInvalid(() -> new PipelineSource.S3Object("/releases/app.zip"), "key", "not starting with '/'");
        assertInvalid(() -> new PipelineSource.S3Object("releases/my app.zip"), "key", "'releases/my app.zip'", "letters, digits");
        assertInvalid(() -> new PipelineSource.CodeCommit("shop", "my branch"), "branch", "'my branch'", "no spaces");
        assertInvalid(() -> new PipelineSource.CodeCommit("shop.git", "main"), "repositoryName", "not ending in .git");
        assertInvalid(() -> new PipelineSource.CodeCommit("a/b", "main"), "repositoryName", "list-repositories");
        assertInvalid(() -> new PipelineSource.CodeStarConnection(new PipelineSource.Existing(DeliveryPipelineTest.CONNECTION),
                "acme/shop", "feature x"), "branch", "no spaces");
    }

    private static Map<String, String> texts(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
