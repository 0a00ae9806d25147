package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guarantees over the assembled app, for every environment at once. */
class WholeAppTest {
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

    /** Physical-name attributes per resource type and their AWS limits. */
    private record NameRule(String type, String attribute, int max, boolean lowercase) {
    }

    private static final List<NameRule> NAME_RULES = List.of(
            new NameRule("aws_lb", "name", 32, false),
            new NameRule("aws_lb_target_group", "name", 32, false),
            new NameRule("aws_iam_role", "name", 64, false),
            new NameRule("aws_s3_bucket", "bucket_prefix", 37, true),
            new NameRule("aws_codedeploy_app", "name", 100, false),
            new NameRule("aws_codedeploy_deployment_group", "deployment_group_name", 100, false),
            new NameRule("aws_codedeploy_deployment_config", "deployment_config_name", 100, false),
            new NameRule("aws_ecr_repository", "name", 256, true),
            new NameRule("aws_codepipeline", "name", 100, false),
            new NameRule("aws_codebuild_project", "name", 150, false),
            new NameRule("aws_codestarconnections_connection", "name", 32, false),
            new NameRule("aws_codestarnotifications_notification_rule", "name", 64, false),
            new NameRule("aws_lambda_function", "function_name", 64, false),
            new NameRule("aws_ecs_cluster", "name", 255, false),
            new NameRule("aws_ecs_service", "name", 255, false),
            new NameRule("aws_security_group", "name", 255, false),
            new NameRule("aws_sns_topic", "name", 256, false),
            new NameRule("aws_cloudwatch_metric_alarm", "alarm_name", 255, false),
            new NameRule("aws_autoscaling_group", "name", 255, false),
            new NameRule("aws_launch_template", "name", 128, false),
            new NameRule("aws_iam_instance_profile", "name", 128, false));

    /** Every physical name of one environment: type -> names. */
    static Map<String, List<String>> physicalNames(JsonNode json) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (NameRule rule : NAME_RULES) {
            Synth.resources(json, rule.type()).values().forEach(r -> {
                if (r.has(rule.attribute())) {
                    names.computeIfAbsent(rule.type(), t -> new ArrayList<>()).add(r.path(rule.attribute()).asText());
                }
            });
        }
        return names;
    }

    static List<String> nameViolations(JsonNode json) {
        List<String> v = new ArrayList<>();
        for (NameRule rule : NAME_RULES) {
            Synth.resources(json, rule.type()).forEach((k, r) -> {
                String name = r.path(rule.attribute()).asText();
                if (r.has(rule.attribute()) && !name.contains("${")) {
                    if (name.length() > rule.max()) {
                        v.add(rule.type() + " " + name + " has " + name.length() + " characters, limit " + rule.max());
                    }
                    if (rule.lowercase() && !name.equals(name.toLowerCase())) {
                        v.add(rule.type() + " " + name + " must be lowercase");
                    }
                }
            });
        }
        return v;
    }

    @Test
    void everyPhysicalNameFitsItsAwsLimit() {
        ServiceStackTest.all().forEach((id, stack) -> assertEquals(List.of(), nameViolations(stack), id));
        for (String env : ENVIRONMENTS) {
            JsonNode json = ServiceStackTest.synthesized(env);
            assertTrue(physicalNames(json).keySet().containsAll(List.of("aws_lb", "aws_lb_target_group", "aws_iam_role",
                    "aws_s3_bucket", "aws_codedeploy_app", "aws_ecr_repository")), env + ": " + physicalNames(json).keySet());
        }
    }

    @Test
    void nameLimitCheckCatchesALongName() {
        ObjectNode copy = ServiceStackTest.synthesized("prod").deepCopy();
        ((ObjectNode) Synth.resources(copy, "aws_lb_target_group").values().iterator().next()).put("name", "x".repeat(33));
        assertFalse(nameViolations(copy).isEmpty());
        ((ObjectNode) Synth.resources(copy, "aws_s3_bucket").values().iterator().next()).put("bucket_prefix", "Upper-");
        assertTrue(nameViolations(copy).stream().anyMatch(v -> v.contains("lowercase")));
    }

    @Test
    void physicalNamesDoNotCollideAcrossStacks() {
        Map<String, String> owner = new HashMap<>();
        ServiceStackTest.all().forEach((id, stack) ->
                physicalNames(stack).forEach((type, names) -> names.forEach(name -> {
                    String previous = owner.put(type + "/" + name, id);
                    assertTrue(previous == null || previous.equals(id), type + " " + name + " is used by " + previous + " and " + id);
                })));
        assertTrue(owner.size() > 50, "collected " + owner.size() + " names");
    }

    @Test
    void physicalNamesAreUniqueWithinAnEnvironment() {
        for (String env : ENVIRONMENTS) {
            physicalNames(ServiceStackTest.synthesized(env)).forEach((type, names) ->
                    assertEquals(names.size(), new TreeSet<>(names).size(), env + " " + type + " " + names));
        }
    }

    private static final Pattern REFERENCE = Pattern.compile("(?<![A-Za-z0-9_.])(data\\.)?(aws_[a-z0-9_]+)\\.([A-Za-z0-9_]+)\\.[a-z_]+");

    /** References like ${aws_x.Name.attr} (or data.aws_x...) that name no resource of the stack. */
    static Set<String> danglingReferences(JsonNode json) {
        Set<String> dangling = new TreeSet<>();
        collectStrings(json, s -> {
            int start = 0;
            while ((start = s.indexOf("${", start)) >= 0) {
                int end = s.indexOf('}', start);
                String expression = end < 0 ? s.substring(start) : s.substring(start, end);
                Matcher m = REFERENCE.matcher(expression);
                while (m.find()) {
                    JsonNode section = json.path(m.group(1) != null ? "data" : "resource");
                    if (section.path(m.group(2)).path(m.group(3)).isMissingNode()) {
                        dangling.add(m.group());
                    }
                }
                start = start + 2;
            }
        });
        return dangling;
    }

    private static void collectStrings(JsonNode node, java.util.function.Consumer<String> sink) {
        if (node.isTextual()) {
            sink.accept(node.asText());
        }
        node.forEach(child -> collectStrings(child, sink));
    }

    @Test
    void noReferenceDangles() {
        ServiceStackTest.all().forEach((id, stack) -> assertEquals(Set.of(), danglingReferences(stack), id));
    }

    @Test
    void danglingReferenceCheckCatchesAMissingResource() {
        ObjectNode copy = ServiceStackTest.synthesized("dev").deepCopy();
        ((ObjectNode) copy.path("resource")).remove("aws_ecr_repository");
        assertFalse(danglingReferences(copy).isEmpty());
    }

    /**
     * Addresses of resources that hold state or identity (images, artifacts, keys, logs, roles referenced from
     * outside). A refactor that renames a construct id would destroy and recreate them: this list makes it loud.
     * Change it only together with a moved block (io.bluegreen.terraform.Moves) or a migration note in docs/migrations.md.
     */
    static final List<String> STATEFUL_ADDRESSES = List.of(
            "aws_ecr_repository.Images_Repository_F33344CE",
            "aws_s3_bucket.Artifacts_ArtifactBucket_7700908E",
            "aws_kms_key.Artifacts_Key_38F25E1E",
            "aws_kms_key.Notifications_Key_51F9A71A",
            "aws_cloudwatch_log_group.Service_LogGroup_90084B16",
            "aws_cloudwatch_log_group.Build_BuildLogGroup_4326ED17",
            "aws_cloudwatch_log_group.SmokeTest_LogGroup_1A9AFC0F",
            "aws_iam_role.Service_ExecutionRole_BE49F39A",
            "aws_iam_role.Service_TaskRole_2C0917DF",
            "aws_iam_role.Deployment_ServiceRole_6374D588",
            "aws_iam_role.Pipeline_PipelineRole_BD38B3ED",
            "aws_iam_role.Build_BuildRole_77F1F17C",
            "aws_sns_topic.Notifications_Topic_70DDC119",
            "aws_lb.Traffic_LoadBalancer_6746E515",
            "aws_ecs_cluster.Service_Cluster_EC592A3A",
            "aws_codedeploy_app.Deployment_Application_E62C4EE0");

    @Test
    void statefulResourcesKeepTheirTerraformAddresses() {
        for (String env : ENVIRONMENTS) {
            JsonNode json = ServiceStackTest.synthesized(env);
            for (String address : STATEFUL_ADDRESSES) {
                String[] parts = address.split("\\.");
                assertFalse(json.path("resource").path(parts[0]).path(parts[1]).isMissingNode(),
                        env + ": " + address + " moved; renaming a construct id destroys and recreates this resource");
            }
        }
    }

    /**
     * Every resource address of a service's state from before services had stacks of their own (one stack per
     * environment; prod's list is checked in) is still declared, or a moved block takes it to its new address: an
     * upgrade plans moves, never a replacement. (The network went to the shared stack; prod's was data sources only.)
     */
    @Test
    void everyAddressOfTheOneStackLayoutIsKeptOrMoved() throws java.io.IOException {
        JsonNode prod = ServiceStackTest.synthesized("prod");
        Map<String, String> moved = new HashMap<>();
        prod.path("moved").forEach(m -> moved.put(m.path("from").asText(), m.path("to").asText()));
        List<String> before = java.nio.file.Files.readAllLines(ProjectFiles.root()
                .resolve("environments/src/test/resources/migration/prod-addresses-one-stack.txt"));
        assertTrue(before.size() > 60, "the checked-in list holds prod's addresses");
        for (String address : before) {
            String now = moved.getOrDefault(address, address);
            String[] parts = now.split("\\.");
            assertFalse(prod.path("resource").path(parts[0]).path(parts[1]).isMissingNode(),
                    address + " is neither declared nor moved to a declared address (" + now + ")");
        }
        assertEquals(15, moved.size(), "the artifact store's, image repository's and build project's resources move");
    }
}
