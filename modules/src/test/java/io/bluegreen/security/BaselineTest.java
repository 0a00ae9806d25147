package io.bluegreen.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import io.bluegreen.naming.Names;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static io.bluegreen.testing.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment's security baseline: what the shared stack creates, and what it does to a service's resources. */
class BaselineTest {
    private static final Names SHARED = new Names("shared", "prod");
    private static final EnvironmentSecurity.Shared PRODUCTION = new EnvironmentSecurity.Shared(Baseline.PRODUCTION,
            "shared-prod-access-logs-abc", "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:wafv2:eu-west-1:444455556666:regional/webacl/shared-prod-web-acl/0a1b");

    private static JsonNode shared(String region) {
        TerraformStack stack = Synth.newStack();
        new EnvironmentSecurity(stack, "Security", new EnvironmentSecurity.Props(SHARED, "prod", region,
                List.of("checkout", "pricing"), Baseline.PRODUCTION));
        return Synth.json(stack);
    }

    private static JsonNode policy(JsonNode json, String type, String id, String field) throws Exception {
        return MAPPER.readTree(named(json, type, id).path(field).asText());
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode s : policy.path("Statement")) {
            if (s.path("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError("no " + sid + " in " + policy);
    }

    @Test
    void theLogBucketTakesAlbAndS3LogsWithTheEncryptionTheyRequire() throws Exception {
        JsonNode json = shared("eu-west-1");
        String arn = ref(json, "aws_s3_bucket", "LogBucket", "arn");
        assertEquals("AES256", only(json, "aws_s3_bucket_server_side_encryption_configuration").path("rule").get(0)
                .path("apply_server_side_encryption_by_default").path("sse_algorithm").asText(),
                "ELB access logs and S3 server access logs accept SSE-S3 only");
        assertEquals(365, only(json, "aws_s3_bucket_lifecycle_configuration").path("rule").get(0).path("expiration").path("days").asInt());
        assertEquals("Enabled", only(json, "aws_s3_bucket_versioning").path("versioning_configuration").path("status").asText());
        JsonNode bucketPolicy = policy(json, "aws_s3_bucket_policy", "LogBucketPolicy", "policy");
        JsonNode alb = statement(bucketPolicy, "AlbAccessLogs");
        assertTrue(Synth.texts(alb.path("Principal").path("AWS")).get(0).endsWith(":iam::156460612806:root"),
                "eu-west-1 delivers as the region's ELB account: " + alb);
        assertTrue(Synth.texts(alb.path("Resource")).get(0).startsWith(arn + "/alb/*/AWSLogs/"), alb.toString());
        JsonNode s3 = statement(bucketPolicy, "S3ServerAccessLogs");
        assertEquals(List.of("logging.s3.amazonaws.com"), Synth.texts(s3.path("Principal").path("Service")));
        assertEquals(List.of(arn + "/s3/*"), Synth.texts(s3.path("Resource")));
        assertTrue(s3.path("Condition").path("StringEquals").has("aws:SourceAccount"), "this account's buckets only");
        assertEquals("Deny", statement(bucketPolicy, "DenyInsecureTransport").path("Effect").asText());
        assertTrue(resources(json, "aws_s3_bucket_logging").isEmpty(), "the log bucket does not log to itself");
    }

    @Test
    void aRegionOpenedSince2022DeliversAsTheServicePrincipal() throws Exception {
        JsonNode alb = statement(policy(shared("ap-southeast-5"), "aws_s3_bucket_policy", "LogBucketPolicy", "policy"),
                "AlbAccessLogs");
        assertEquals(List.of("logdelivery.elasticloadbalancing.amazonaws.com"), Synth.texts(alb.path("Principal").path("Service")));
    }

    @Test
    void theKeyLetsCloudWatchLogsEncryptTheEnvironmentsServiceLogGroupsOnly() throws Exception {
        JsonNode json = shared("eu-west-1");
        JsonNode key = only(json, "aws_kms_key");
        assertTrue(key.path("enable_key_rotation").asBoolean());
        JsonNode logs = statement(MAPPER.readTree(key.path("policy").asText()), "LogsUseKey");
        List<String> groups = Synth.texts(logs.path("Condition").path("ArnLike").path("kms:EncryptionContext:aws:logs:arn"));
        assertEquals(2, groups.size(), groups.toString());
        assertTrue(groups.get(0).endsWith(":log-group:*checkout-prod*") && groups.get(1).endsWith(":log-group:*pricing-prod*"), groups.toString());
    }

    @Test
    void theWebAclRunsTheManagedRulesAndARateLimitWithMetrics() {
        JsonNode acl = only(shared("eu-west-1"), "aws_wafv2_web_acl");
        assertEquals("REGIONAL", acl.path("scope").asText());
        assertTrue(acl.path("visibility_config").path("cloudwatch_metrics_enabled").asBoolean());
        JsonNode rules = acl.path("rule");
        assertEquals(3, rules.size());
        assertEquals("AWSManagedRulesCommonRuleSet", rules.get(0).path("statement").get(0).path("managed_rule_group_statement").get(0).path("name").asText());
        assertEquals("AWSManagedRulesKnownBadInputsRuleSet", rules.get(1).path("statement").get(0).path("managed_rule_group_statement").get(0).path("name").asText());
        assertEquals(2000, rules.get(2).path("statement").get(0).path("rate_based_statement").get(0).path("limit").asInt());
        assertTrue(rules.get(2).path("action").get(0).has("block"));
        for (JsonNode rule : rules) {
            assertTrue(rule.path("visibility_config").get(0).path("cloudwatch_metrics_enabled").asBoolean(), rule.toString());
        }
    }

    private static TerraformStack service(int retention, boolean internal) {
        TerraformStack stack = Synth.newStack();
        Lb.Builder.create(stack, "LoadBalancer").name("shop-prod-alb").internal(internal).build();
        S3Bucket.Builder.create(stack, "ArtifactBucket").bucketPrefix("shop-prod-artifacts-").build();
        CloudwatchLogGroup.Builder.create(stack, "ServiceLogGroup").name("/ecs/shop-prod").retentionInDays(retention).build();
        CloudwatchLogGroup.Builder.create(stack, "BuildLogGroup").name("/aws/codebuild/shop-prod-build").retentionInDays(retention)
                .kmsKeyId("arn:aws:kms:eu-west-1:444455556666:key/pipeline").build();
        EcrRepository.Builder.create(stack, "Repository").name("shop-prod").build();
        return stack;
    }

    @Test
    void aServiceStackGetsLogsWafAndKeysOnWhateverThePlatformComposed() {
        TerraformStack stack = service(365, false);
        ServiceHardening.apply(stack, new Names("shop", "prod"), PRODUCTION);
        JsonNode json = Synth.json(stack);
        JsonNode logs = only(json, "aws_lb").path("access_logs");
        assertEquals(PRODUCTION.logBucket(), logs.path("bucket").asText());
        assertEquals("alb/shop", logs.path("prefix").asText());
        assertTrue(logs.path("enabled").asBoolean());
        JsonNode waf = only(json, "aws_wafv2_web_acl_association");
        assertEquals(ref(json, "aws_lb", "LoadBalancer", "arn"), waf.path("resource_arn").asText());
        assertEquals(PRODUCTION.webAclArn(), waf.path("web_acl_arn").asText());
        JsonNode logging = only(json, "aws_s3_bucket_logging");
        assertEquals(ref(json, "aws_s3_bucket", "ArtifactBucket", "id"), logging.path("bucket").asText());
        assertEquals(PRODUCTION.logBucket(), logging.path("target_bucket").asText());
        assertEquals("s3/shop/ArtifactBucket/", logging.path("target_prefix").asText());
        assertEquals(PRODUCTION.keyArn(), named(json, "aws_cloudwatch_log_group", "ServiceLogGroup").path("kms_key_id").asText());
        assertEquals("arn:aws:kms:eu-west-1:444455556666:key/pipeline",
                named(json, "aws_cloudwatch_log_group", "BuildLogGroup").path("kms_key_id").asText(), "a key of its own stays");
        JsonNode ecr = only(json, "aws_ecr_repository").path("encryption_configuration").get(0);
        assertEquals("KMS", ecr.path("encryption_type").asText());
        assertEquals(PRODUCTION.keyArn(), ecr.path("kms_key").asText());
    }

    @Test
    void theFirstApplyWaitsForWafToSeeTheNewLoadBalancer() {
        TerraformStack stack = service(365, false);
        ServiceHardening.apply(stack, new Names("shop", "prod"), PRODUCTION);
        JsonNode waf = only(Synth.json(stack), "aws_wafv2_web_acl_association");
        // The provider retries WAFUnavailableEntityException until this timeout; its default of 5 minutes is too short.
        assertEquals("20m", waf.path("timeouts").path("create").asText(), waf.toString());
    }

    @Test
    void anInternalAlbNeedsNoWebAclAndOffAddsNothing() {
        TerraformStack internal = service(365, true);
        ServiceHardening.apply(internal, new Names("shop", "prod"), PRODUCTION);
        assertTrue(resources(Synth.json(internal), "aws_wafv2_web_acl_association").isEmpty());
        TerraformStack off = service(30, false);
        ServiceHardening.apply(off, new Names("shop", "dev"), new EnvironmentSecurity.Shared(Baseline.OFF, null, null, null));
        JsonNode json = Synth.json(off);
        assertTrue(resources(json, "aws_s3_bucket_logging").isEmpty() && resources(json, "aws_wafv2_web_acl_association").isEmpty());
        assertTrue(only(json, "aws_lb").path("access_logs").isMissingNode());
        assertTrue(named(json, "aws_cloudwatch_log_group", "ServiceLogGroup").path("kms_key_id").isMissingNode());
    }

    @Test
    void aLogGroupKeptShorterThanTheMinimumFailsSynthNamingItAndTheFix() {
        assertInvalid(() -> ServiceHardening.apply(service(90, false), new Names("shop", "prod"), PRODUCTION),
                "log group /ecs/shop-prod retention", "'90 days'", "at least 365 days", "ecs.logRetentionDays");
        assertInvalid(() -> Baseline.PRODUCTION.withWaf(true, 10), "wafRequestsPer5Minutes", "100");
        assertInvalid(() -> Baseline.PRODUCTION.withAccessLogs(true, 0), "accessLogDays");
    }
}
