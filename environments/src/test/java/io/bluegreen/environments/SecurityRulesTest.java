package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every security rule holds for every environment, and each one fails on a deliberately broken copy. */
class SecurityRulesTest {
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    private static void holdsEverywhere(Function<JsonNode, List<String>> rule) {
        ServiceStackTest.all().forEach((id, stack) -> assertEquals(List.of(), rule.apply(stack), id));
    }

    /** Applies {@code breakIt} to a copy of {@code env}'s JSON and expects the rule to report it. */
    private static void failsWhenBroken(String env, Function<JsonNode, List<String>> rule, Consumer<ObjectNode> breakIt) {
        ObjectNode copy = ServiceStackTest.synthesized(env).deepCopy();
        breakIt.accept(copy);
        assertFalse(rule.apply(copy).isEmpty(), "the rule should catch the broken " + env + " stack");
    }

    private static ObjectNode resource(ObjectNode json, String type, String idPart) {
        for (Map.Entry<String, JsonNode> e : Synth.resources(json, type).entrySet()) {
            if (e.getKey().contains(idPart)) {
                return (ObjectNode) e.getValue();
            }
        }
        throw new AssertionError("no " + type + " " + idPart);
    }

    @Test
    void httpsListenersUseATls12PlusPolicy() {
        holdsEverywhere(SecurityRules::httpsListenersUseTls12Policies);
        failsWhenBroken("prod", SecurityRules::httpsListenersUseTls12Policies,
                j -> resource(j, "aws_lb_listener", "ProdListener").put("ssl_policy", "ELBSecurityPolicy-2016-08"));
    }

    @Test
    void prodListenerIsHttpsWhereACertificateExists() {
        holdsEverywhere(SecurityRules::prodListenerIsHttpsWhereACertificateExists);
        failsWhenBroken("prod", SecurityRules::prodListenerIsHttpsWhereACertificateExists,
                j -> resource(j, "aws_lb_listener", "ProdListener").put("protocol", "HTTP"));
    }

    @Test
    void httpIsOnlyARedirectWhereACertificateExists() {
        holdsEverywhere(SecurityRules::httpOnlyRedirectsWhereACertificateExists);
        failsWhenBroken("staging", SecurityRules::httpOnlyRedirectsWhereACertificateExists,
                j -> ((ObjectNode) resource(j, "aws_lb_listener", "HttpRedirect").path("default_action").get(0)).put("type", "forward"));
    }

    @Test
    void albDropsInvalidHeaders() {
        holdsEverywhere(SecurityRules::albDropsInvalidHeaders);
        failsWhenBroken("dev", SecurityRules::albDropsInvalidHeaders,
                j -> resource(j, "aws_lb", "LoadBalancer").put("drop_invalid_header_fields", false));
    }

    @Test
    void testPortIsNotOpenToTheWorld() {
        holdsEverywhere(SecurityRules::testPortNotOpenToTheWorld);
        failsWhenBroken("prod", SecurityRules::testPortNotOpenToTheWorld,
                j -> resource(j, "aws_vpc_security_group_ingress_rule", "AlbTestIngressVpc").put("cidr_ipv4", "0.0.0.0/0"));
    }

    @Test
    void worldIngressOnlyOnTheAlbsProductionPorts() {
        holdsEverywhere(SecurityRules::worldIngressOnlyOnAlbProdPorts);
        failsWhenBroken("dev", SecurityRules::worldIngressOnlyOnAlbProdPorts, j -> {
            ObjectNode rule = resource(j, "aws_vpc_security_group_ingress_rule", "TasksFromAlb");
            rule.remove("referenced_security_group_id");
            rule.put("cidr_ipv4", "0.0.0.0/0");
        });
    }

    @Test
    void tasksHaveNoPublicIps() {
        holdsEverywhere(SecurityRules::tasksHaveNoPublicIps);
        failsWhenBroken("staging", SecurityRules::tasksHaveNoPublicIps,
                j -> ((ObjectNode) resource(j, "aws_ecs_service", "Service").path("network_configuration")).put("assign_public_ip", true));
    }

    /** Holds everywhere but where security-exceptions.tsv lists a reviewed exception to {@code rule}. */
    private static void holdsEverywhereButReviewed(String rule) throws java.io.IOException {
        List<ReviewedExceptionsTest.Exception> reviewed = ReviewedExceptionsTest.exceptions();
        ServiceStackTest.all().forEach((id, stack) -> {
            String env = id.substring(0, id.indexOf('-'));
            assertEquals(List.of(), SecurityRules.ALL.get(rule).apply(stack).stream()
                    .filter(f -> reviewed.stream().noneMatch(e -> e.covers(env, rule, id + ": " + f))).toList(), id);
        });
    }

    @Test
    void bucketsAreEncryptedVersionedPrivateAndTlsOnly() throws java.io.IOException {
        holdsEverywhereButReviewed("bucket-hardened");
        failsWhenBroken("prod", SecurityRules::artifactBucketIsHardened,
                j -> resource(j, "aws_s3_bucket_public_access_block", "ArtifactBucket").put("restrict_public_buckets", false));
        failsWhenBroken("prod", SecurityRules::artifactBucketIsHardened,
                j -> ((ObjectNode) resource(j, "aws_s3_bucket_versioning", "ArtifactBucket").path("versioning_configuration")).put("status", "Suspended"));
        failsWhenBroken("prod", SecurityRules::artifactBucketIsHardened,
                j -> resource(j, "aws_s3_bucket_policy", "ArtifactBucket").put("policy", "{\"Statement\":[]}"));
        failsWhenBroken("prod", SecurityRules::artifactBucketIsHardened,
                j -> ((ObjectNode) j.path("resource")).remove("aws_s3_bucket_server_side_encryption_configuration"));
    }

    @Test
    void kmsKeysRotate() {
        holdsEverywhere(SecurityRules::kmsKeysRotate);
        failsWhenBroken("dev", SecurityRules::kmsKeysRotate, j -> resource(j, "aws_kms_key", "Artifacts_Key").put("enable_key_rotation", false));
    }

    @Test
    void ecrScansOnPushWithImmutableTags() {
        holdsEverywhere(SecurityRules::ecrScansAndIsImmutable);
        failsWhenBroken("dev", SecurityRules::ecrScansAndIsImmutable,
                j -> resource(j, "aws_ecr_repository", "Repository").put("image_tag_mutability", "MUTABLE"));
    }

    @Test
    void logGroupsHaveRetention() {
        holdsEverywhere(SecurityRules::logGroupsHaveRetention);
        failsWhenBroken("dev", SecurityRules::logGroupsHaveRetention,
                j -> resource(j, "aws_cloudwatch_log_group", "Service_LogGroup").remove("retention_in_days"));
    }

    @Test
    void codeBuildArtifactsAndLogsAreEncrypted() {
        holdsEverywhere(SecurityRules::codeBuildArtifactsAndLogsEncrypted);
        failsWhenBroken("dev", SecurityRules::codeBuildArtifactsAndLogsEncrypted,
                j -> resource(j, "aws_cloudwatch_log_group", "BuildLogGroup").remove("kms_key_id"));
        failsWhenBroken("dev", SecurityRules::codeBuildArtifactsAndLogsEncrypted,
                j -> resource(j, "aws_codebuild_project", "Build").remove("encryption_key"));
    }

    @Test
    void executionRoleDiffersFromTaskRole() {
        holdsEverywhere(SecurityRules::executionRoleDiffersFromTaskRole);
        failsWhenBroken("dev", SecurityRules::executionRoleDiffersFromTaskRole, j -> {
            ObjectNode td = resource(j, "aws_ecs_task_definition", "TaskDefinition");
            td.put("task_role_arn", td.path("execution_role_arn").asText());
        });
    }

    @Test
    void iamHasNoWildcardActionsUnconditionedPassRoleOrNeedlessWildcardResources() {
        holdsEverywhere(SecurityRules::iamIsLeastPrivilege);
        failsWhenBroken("dev", SecurityRules::iamIsLeastPrivilege, j -> resource(j, "aws_iam_role_policy", "PipelineRolePolicy")
                .put("policy", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::x\"}]}"));
        failsWhenBroken("dev", SecurityRules::iamIsLeastPrivilege, j -> resource(j, "aws_iam_role_policy", "PipelineRolePolicy")
                .put("policy", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole\"],\"Resource\":[\"*\"]}]}"));
        failsWhenBroken("dev", SecurityRules::iamIsLeastPrivilege, j -> resource(j, "aws_iam_role_policy", "PipelineRolePolicy")
                .put("policy", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole\"],\"Resource\":[\"arn:aws:iam::1:role/x\"]}]}"));
        failsWhenBroken("dev", SecurityRules::iamIsLeastPrivilege, j -> resource(j, "aws_iam_role_policy", "PipelineRolePolicy")
                .put("policy", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"]}]}"));
    }

    @Test
    void noSecretLookingStringsInTheSynthesizedJson() {
        for (String env : ENVIRONMENTS) {
            assertEquals(List.of(), SecurityRules.noSecretLookingStrings(ServiceStackTest.synthesized(env).toString()), env);
        }
        ObjectNode copy = ServiceStackTest.synthesized("dev").deepCopy();
        ArrayNode vars = (ArrayNode) resource(copy, "aws_codebuild_project", "Build").path("environment").path("environment_variable");
        vars.addObject().put("name", "AWS_ACCESS_KEY_ID").put("value", "AKIA" + "IOSFODNN7EXAMPLE");
        assertFalse(SecurityRules.noSecretLookingStrings(copy.toString()).isEmpty());
        assertFalse(SecurityRules.noSecretLookingStrings("{\"token\":\"ghp_" + "a".repeat(36) + "\"}").isEmpty());
        assertFalse(SecurityRules.noSecretLookingStrings("-----BEGIN RSA PRIVATE KEY-----").isEmpty());
    }

    @Test
    void launchTemplatesRequireImdsV2() {
        holdsEverywhere(SecurityRules::launchTemplatesRequireImdsV2);
        failsWhenBrokenIn("dev-catalog", SecurityRules::launchTemplatesRequireImdsV2,
                j -> ((ObjectNode) resource(j, "aws_launch_template", "LaunchTemplate").path("metadata_options"))
                        .put("http_tokens", "optional"));
    }

    @Test
    void launchTemplatesEncryptVolumes() {
        holdsEverywhere(SecurityRules::launchTemplatesEncryptVolumes);
        failsWhenBrokenIn("prod-catalog", SecurityRules::launchTemplatesEncryptVolumes,
                j -> ((ObjectNode) resource(j, "aws_launch_template", "LaunchTemplate").path("block_device_mappings").get(0)
                        .path("ebs")).put("encrypted", "false"));
    }

    @Test
    void launchTemplatesGiveNoPublicIp() {
        holdsEverywhere(SecurityRules::launchTemplatesGiveNoPublicIp);
        failsWhenBrokenIn("staging-catalog", SecurityRules::launchTemplatesGiveNoPublicIp,
                j -> ((ObjectNode) resource(j, "aws_launch_template", "LaunchTemplate").path("network_interfaces").get(0))
                        .put("associate_public_ip_address", "true"));
    }

    @Test
    void everyEnvironmentHasALaunchTemplateTheRulesRead() {
        for (String env : ENVIRONMENTS) {
            assertEquals(1, Synth.resources(ServiceStackTest.all().get(env + "-catalog"), "aws_launch_template").size(), env);
        }
    }

    /** Applies {@code breakIt} to a copy of the stack {@code id} and expects the rule to report it. */
    private static void failsWhenBrokenIn(String id, Function<JsonNode, List<String>> rule, Consumer<ObjectNode> breakIt) {
        ObjectNode copy = ServiceStackTest.all().get(id).deepCopy();
        breakIt.accept(copy);
        assertFalse(rule.apply(copy).isEmpty(), "the rule should catch the broken " + id + " stack");
    }

    /** Each scanner rule reports its finding on a broken copy of prod's checkout stack, where it holds. */
    @Test
    void everyScannerRuleCatchesWhatItIsFor() {
        Map<String, Consumer<ObjectNode>> breakers = new java.util.LinkedHashMap<>();
        breakers.put("alb-access-logs", j -> resource(j, "aws_lb", "LoadBalancer").remove("access_logs"));
        breakers.put("alb-waf", j -> ((ObjectNode) j.path("resource")).remove("aws_wafv2_web_acl_association"));
        breakers.put("s3-access-logging", j -> ((ObjectNode) j.path("resource")).remove("aws_s3_bucket_logging"));
        breakers.put("log-group-cmk", j -> resource(j, "aws_cloudwatch_log_group", "Service_LogGroup").remove("kms_key_id"));
        breakers.put("ecr-cmk", j -> ((ObjectNode) resource(j, "aws_ecr_repository", "Repository")
                .path("encryption_configuration").path(0)).put("kms_key", ""));
        breakers.put("egress-restricted", j -> resource(j, "aws_vpc_security_group_egress_rule", "TasksEgress")
                .put("ip_protocol", "-1"));
        breakers.put("container-non-root", j -> resource(j, "aws_ecs_task_definition", "TaskDefinition")
                .put("container_definitions", resource(j, "aws_ecs_task_definition", "TaskDefinition")
                        .path("container_definitions").asText().replace("\"user\":\"65534\"", "\"user\":\"0\"")));
        breakers.put("container-read-only-root", j -> resource(j, "aws_ecs_task_definition", "TaskDefinition")
                .put("container_definitions", resource(j, "aws_ecs_task_definition", "TaskDefinition")
                        .path("container_definitions").asText().replace("\"readonlyRootFilesystem\":true", "\"readonlyRootFilesystem\":false")));
        breakers.put("log-retention-year", j -> resource(j, "aws_cloudwatch_log_group", "Service_LogGroup").put("retention_in_days", 90));
        breakers.forEach((rule, breakIt) -> {
            assertEquals(List.of(), SecurityRules.ALL.get(rule).apply(ServiceStackTest.synthesized("prod")), rule + " holds in prod");
            failsWhenBroken("prod", SecurityRules.ALL.get(rule), breakIt);
        });
    }
}
