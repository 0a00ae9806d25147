package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.testing.Synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Security rules over a synthesized stack. Each rule returns its violations (empty = the stack complies), so a test
 * can show it passing on every environment and failing on a deliberately broken copy.
 */
final class SecurityRules {
    static final Set<String> TLS12_POLICIES = Set.of("ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06",
            "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS-1-2-2017-01");
    /**
     * Actions AWS offers no resource-level permission for. cloudwatch:DescribeAlarms: a list action the pipeline's alarm
     * gate reads its alarms through (the CloudWatch API reference scopes it to "*").
     */
    static final Set<String> RESOURCE_STAR_ALLOWED = Set.of("ecr:GetAuthorizationToken", "ecs:RegisterTaskDefinition",
            "ec2:RunInstances", "autoscaling:DescribeAutoScalingGroups", "elasticloadbalancing:DescribeTargetHealth",
            "ec2:DescribeSubnets", "cloudwatch:DescribeAlarms");
    static final Set<String> WORLD = Set.of("0.0.0.0/0", "::/0");
    static final List<Pattern> SECRET_PATTERNS = List.of(
            Pattern.compile("(?:AKIA|ASIA)[0-9A-Z]{16}"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("gh[pousr]_[A-Za-z0-9]{36}"),
            Pattern.compile("github_pat_[A-Za-z0-9_]{22,}"),
            Pattern.compile("xox[baprs]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("(?i)aws_secret_access_key"),
            Pattern.compile("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"));

    private SecurityRules() {
    }

    private static Map<String, JsonNode> of(JsonNode json, String type) {
        return Synth.resources(json, type);
    }

    static List<String> httpsListenersUseTls12Policies(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_lb_listener").forEach((k, l) -> {
            if (l.path("protocol").asText().equals("HTTPS") && !TLS12_POLICIES.contains(l.path("ssl_policy").asText())) {
                v.add(k + " uses ssl_policy '" + l.path("ssl_policy").asText() + "'");
            }
        });
        return v;
    }

    static List<String> prodListenerIsHttpsWhereACertificateExists(JsonNode json) {
        List<String> v = new ArrayList<>();
        boolean certificate = of(json, "aws_lb_listener").values().stream().anyMatch(l -> l.has("certificate_arn"));
        if (certificate) {
            of(json, "aws_lb_listener").forEach((k, l) -> {
                if (k.contains("ProdListener") && !l.path("protocol").asText().equals("HTTPS")) {
                    v.add(k + " is " + l.path("protocol").asText() + " although a certificate exists");
                }
            });
        }
        return v;
    }

    static List<String> httpOnlyRedirectsWhereACertificateExists(JsonNode json) {
        List<String> v = new ArrayList<>();
        boolean certificate = of(json, "aws_lb_listener").values().stream().anyMatch(l -> l.has("certificate_arn"));
        if (certificate) {
            of(json, "aws_lb_listener").forEach((k, l) -> {
                JsonNode action = l.path("default_action").get(0);
                if (l.path("protocol").asText().equals("HTTP") && !(action.path("type").asText().equals("redirect")
                        && action.path("redirect").path("protocol").asText().equals("HTTPS"))) {
                    v.add(k + " serves plain HTTP instead of redirecting to HTTPS");
                }
            });
        }
        return v;
    }

    static List<String> albDropsInvalidHeaders(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_lb").forEach((k, lb) -> {
            if (!lb.path("drop_invalid_header_fields").asBoolean()) {
                v.add(k + " does not drop invalid header fields");
            }
        });
        return v;
    }

    private static int testPort(JsonNode json) {
        return Synth.named(json, "aws_lb_listener", "TestListener").path("port").asInt();
    }

    private static List<Integer> prodPorts(JsonNode json) {
        List<Integer> ports = new ArrayList<>();
        of(json, "aws_lb_listener").forEach((k, l) -> {
            if (!k.contains("TestListener")) {
                ports.add(l.path("port").asInt());
            }
        });
        return ports;
    }

    private static boolean fromWorld(JsonNode rule) {
        return WORLD.contains(rule.path("cidr_ipv4").asText()) || WORLD.contains(rule.path("cidr_ipv6").asText());
    }

    static List<String> testPortNotOpenToTheWorld(JsonNode json) {
        List<String> v = new ArrayList<>();
        if (of(json, "aws_lb_listener").keySet().stream().noneMatch(k -> k.contains("TestListener"))) {
            return v;  // a stack without a test listener (shared, EC2 in place) has no test port
        }
        int port = testPort(json);
        of(json, "aws_vpc_security_group_ingress_rule").forEach((k, r) -> {
            if (fromWorld(r) && r.path("from_port").asInt() <= port && r.path("to_port").asInt() >= port) {
                v.add(k + " opens the test port " + port + " to the world");
            }
        });
        return v;
    }

    static List<String> worldIngressOnlyOnAlbProdPorts(JsonNode json) {
        List<String> v = new ArrayList<>();
        // A stack without an ALB (the shared stack) may not admit the world anywhere.
        String albGroup = of(json, "aws_security_group").keySet().stream().anyMatch(k -> k.contains("AlbSecurityGroup"))
                ? Synth.ref(json, "aws_security_group", "AlbSecurityGroup", "id") : null;
        List<Integer> prod = prodPorts(json);
        of(json, "aws_vpc_security_group_ingress_rule").forEach((k, r) -> {
            if (fromWorld(r) && (albGroup == null || !r.path("security_group_id").asText().equals(albGroup)
                    || r.path("from_port").asInt() != r.path("to_port").asInt() || !prod.contains(r.path("from_port").asInt()))) {
                v.add(k + " admits the world outside the ALB's production ports");
            }
        });
        of(json, "aws_security_group").forEach((k, g) -> g.path("ingress").forEach(r -> {
            if (Synth.texts(r.path("cidr_blocks")).stream().anyMatch(WORLD::contains)) {
                v.add(k + " has an inline rule open to the world");
            }
        }));
        return v;
    }

    /** Instances require IMDSv2 (session tokens): the metadata service cannot be read by a forged request. */
    static List<String> launchTemplatesRequireImdsV2(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_launch_template").forEach((k, t) -> {
            if (!t.path("metadata_options").path("http_tokens").asText().equals("required")) {
                v.add(k + " does not require IMDSv2 (metadata_options.http_tokens)");
            }
        });
        return v;
    }

    /** Every volume of a launch template is encrypted. */
    static List<String> launchTemplatesEncryptVolumes(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_launch_template").forEach((k, t) -> {
            if (t.path("block_device_mappings").isEmpty()) {
                v.add(k + " does not declare its (encrypted) root volume");
            }
            t.path("block_device_mappings").forEach(m -> {
                if (!m.path("ebs").path("encrypted").asText().equals("true")) {
                    v.add(k + " has an unencrypted volume " + m.path("device_name").asText());
                }
            });
        });
        return v;
    }

    /** Instances get no public IP. */
    static List<String> launchTemplatesGiveNoPublicIp(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_launch_template").forEach((k, t) -> {
            if (t.path("network_interfaces").isEmpty()) {
                v.add(k + " does not pin associate_public_ip_address to false");
            }
            t.path("network_interfaces").forEach(n -> {
                if (!n.path("associate_public_ip_address").asText().equals("false")) {
                    v.add(k + " may give instances a public IP");
                }
            });
        });
        return v;
    }

    static List<String> tasksHaveNoPublicIps(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_ecs_service").forEach((k, s) -> {
            if (s.path("network_configuration").path("assign_public_ip").asBoolean()) {
                v.add(k + " assigns public IPs to tasks");
            }
        });
        return v;
    }

    static List<String> artifactBucketIsHardened(JsonNode json) {
        List<String> v = new ArrayList<>();
        for (String bucket : of(json, "aws_s3_bucket").keySet()) {
            String id = "${aws_s3_bucket." + bucket + ".id}";
            if (of(json, "aws_s3_bucket_server_side_encryption_configuration").values().stream().noneMatch(e ->
                    e.path("bucket").asText().equals(id) && e.path("rule").get(0).path("apply_server_side_encryption_by_default")
                            .path("sse_algorithm").asText().equals("aws:kms"))) {
                v.add(bucket + " is not encrypted with KMS");
            }
            if (of(json, "aws_s3_bucket_versioning").values().stream().noneMatch(e -> e.path("bucket").asText().equals(id)
                    && e.path("versioning_configuration").path("status").asText().equals("Enabled"))) {
                v.add(bucket + " is not versioned");
            }
            if (of(json, "aws_s3_bucket_public_access_block").values().stream().noneMatch(e -> e.path("bucket").asText().equals(id)
                    && e.path("block_public_acls").asBoolean() && e.path("block_public_policy").asBoolean()
                    && e.path("ignore_public_acls").asBoolean() && e.path("restrict_public_buckets").asBoolean())) {
                v.add(bucket + " does not block all public access");
            }
            if (of(json, "aws_s3_bucket_policy").values().stream().noneMatch(p -> p.path("bucket").asText().equals(id)
                    && denysInsecureTransport(p.path("policy").asText()))) {
                v.add(bucket + " has no policy denying non-TLS requests");
            }
        }
        return v;
    }

    private static boolean denysInsecureTransport(String policy) {
        for (JsonNode s : parse(policy).path("Statement")) {
            if (s.path("Effect").asText().equals("Deny")
                    && s.path("Condition").path("Bool").path("aws:SecureTransport").toString().contains("false")) {
                return true;
            }
        }
        return false;
    }

    static List<String> kmsKeysRotate(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_kms_key").forEach((k, key) -> {
            if (!key.path("enable_key_rotation").asBoolean()) {
                v.add(k + " does not rotate");
            }
        });
        return v;
    }

    static List<String> ecrScansAndIsImmutable(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_ecr_repository").forEach((k, r) -> {
            if (!r.path("image_scanning_configuration").path("scan_on_push").asBoolean()) {
                v.add(k + " does not scan on push");
            }
            if (!r.path("image_tag_mutability").asText().equals("IMMUTABLE")) {
                v.add(k + " has mutable tags");
            }
        });
        return v;
    }

    static List<String> logGroupsHaveRetention(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_cloudwatch_log_group").forEach((k, g) -> {
            if (g.path("retention_in_days").asInt() <= 0) {
                v.add(k + " keeps logs forever");
            }
        });
        return v;
    }

    static List<String> codeBuildArtifactsAndLogsEncrypted(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_codebuild_project").forEach((k, p) -> {
            if (!p.path("encryption_key").asText().startsWith("${aws_kms_key.")) {
                v.add(k + " does not encrypt artifacts with the pipeline key");
            }
            String group = p.path("logs_config").path("cloudwatch_logs").path("group_name").asText();
            boolean encrypted = of(json, "aws_cloudwatch_log_group").entrySet().stream().anyMatch(g ->
                    group.equals("${aws_cloudwatch_log_group." + g.getKey() + ".name}")
                            && g.getValue().path("kms_key_id").asText().startsWith("${aws_kms_key."));
            if (!encrypted) {
                v.add(k + " writes logs to a group without a KMS key");
            }
        });
        return v;
    }

    static List<String> executionRoleDiffersFromTaskRole(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_ecs_task_definition").forEach((k, t) -> {
            if (t.path("execution_role_arn").asText().equals(t.path("task_role_arn").asText())) {
                v.add(k + " uses one role as execution and task role");
            }
        });
        return v;
    }

    /** Identity policies (inline role policies); key policies legitimately use Resource "*" (the key itself). */
    static List<String> iamIsLeastPrivilege(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_iam_role_policy").forEach((k, p) -> {
            for (JsonNode s : parse(p.path("policy").asText()).path("Statement")) {
                List<String> actions = values(s.path("Action"));
                List<String> resources = values(s.path("Resource"));
                if (actions.contains("*")) {
                    v.add(k + " allows Action \"*\"");
                }
                if (actions.stream().anyMatch(a -> a.equalsIgnoreCase("iam:PassRole"))) {
                    if (resources.contains("*")) {
                        v.add(k + " allows iam:PassRole on \"*\"");
                    }
                    if (!s.path("Condition").toString().contains("iam:PassedToService")) {
                        v.add(k + " allows iam:PassRole without iam:PassedToService");
                    }
                }
                if (resources.contains("*") && !RESOURCE_STAR_ALLOWED.containsAll(actions)) {
                    v.add(k + " allows " + actions + " on \"*\" although they support resource-level permissions");
                }
            }
        });
        return v;
    }

    /** IAM allows a string or a list of strings. */
    private static List<String> values(JsonNode node) {
        return node.isArray() ? Synth.texts(node) : List.of(node.asText());
    }

    static List<String> noSecretLookingStrings(String text) {
        List<String> v = new ArrayList<>();
        for (Pattern pattern : SECRET_PATTERNS) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                String found = m.group();
                if (!looksLikeHash(found)) {
                    v.add("secret-looking string matching " + pattern.pattern() + ": " + found.substring(0, Math.min(8, found.length())) + "...");
                }
            }
        }
        return v;
    }

    /** 40-character base64-ish runs that are really hex hashes or paths are not secrets. */
    private static boolean looksLikeHash(String s) {
        return s.matches("[0-9a-fA-F]{40}") || s.contains("/") && s.chars().filter(c -> c == '/').count() > 2;
    }

    private static JsonNode parse(String json) {
        try {
            return Synth.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- The rules the common IaC scanners apply to these resource types (docs/security.md: the baseline) ----

    /** checkov CKV_AWS_91, FSBP ELB.5: every ALB writes access logs. */
    static List<String> albAccessLogs(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_lb").forEach((k, lb) -> {
            if (!lb.path("access_logs").path("enabled").asBoolean() || lb.path("access_logs").path("bucket").asText().isEmpty()) {
                v.add(k + " writes no access logs");
            }
        });
        return v;
    }

    /** checkov CKV2_AWS_28, FSBP WAF: every internet-facing ALB is protected by a WAF web ACL. */
    static List<String> albWaf(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_lb").forEach((k, lb) -> {
            String arn = "${aws_lb." + k + ".arn}";
            if (!lb.path("internal").asBoolean() && of(json, "aws_wafv2_web_acl_association").values().stream()
                    .noneMatch(a -> a.path("resource_arn").asText().equals(arn) && !a.path("web_acl_arn").asText().isEmpty())) {
                v.add(k + " is internet-facing without a WAF web ACL");
            }
        });
        return v;
    }

    /**
     * checkov CKV_AWS_18, FSBP S3.9: every bucket logs its server access. A log destination (a bucket whose policy
     * lets S3 server access logging write) is where the logs go: logging it to itself would log every delivery.
     */
    static List<String> s3AccessLogging(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_s3_bucket").forEach((k, b) -> {
            String id = "${aws_s3_bucket." + k + ".id}";
            boolean destination = of(json, "aws_s3_bucket_policy").values().stream().anyMatch(p ->
                    p.path("bucket").asText().equals(id) && p.path("policy").asText().contains("logging.s3.amazonaws.com"));
            if (!destination && of(json, "aws_s3_bucket_logging").values().stream().noneMatch(l ->
                    l.path("bucket").asText().equals(id) && !l.path("target_bucket").asText().isEmpty())) {
                v.add(k + " does not log its server access");
            }
        });
        return v;
    }

    /** checkov CKV_AWS_158: every log group is encrypted with a customer-managed key. */
    static List<String> logGroupsUseCustomerKeys(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_cloudwatch_log_group").forEach((k, g) -> {
            if (g.path("kms_key_id").asText().isEmpty()) {
                v.add(k + " is not encrypted with a customer-managed key");
            }
        });
        return v;
    }

    /** checkov CKV_AWS_136: every image repository is encrypted with a customer-managed key. */
    static List<String> ecrCustomerKey(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_ecr_repository").forEach((k, r) -> {
            JsonNode config = r.path("encryption_configuration");
            config = config.isArray() ? config.path(0) : config;
            if (!config.path("encryption_type").asText().equals("KMS") || config.path("kms_key").asText().isEmpty()) {
                v.add(k + " is encrypted with the AWS-managed key");
            }
        });
        return v;
    }

    /** checkov CKV_AWS_382: no security group lets all traffic out to anywhere. */
    static List<String> egressRestricted(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_vpc_security_group_egress_rule").forEach((k, r) -> {
            if (fromWorld(r) && r.path("ip_protocol").asText().equals("-1")) {
                v.add(k + " lets all traffic out to anywhere");
            }
        });
        of(json, "aws_security_group").forEach((k, g) -> g.path("egress").forEach(r -> {
            if (Synth.texts(r.path("cidr_blocks")).stream().anyMatch(WORLD::contains) && r.path("protocol").asText().equals("-1")) {
                v.add(k + " has an inline rule letting all traffic out");
            }
        }));
        return v;
    }

    private static void eachContainer(JsonNode json, java.util.function.BiConsumer<String, JsonNode> check) {
        of(json, "aws_ecs_task_definition").forEach((k, t) -> parse(t.path("container_definitions").asText())
                .forEach(c -> check.accept(k + " container " + c.path("name").asText(), c)));
    }

    /** FSBP ECS (non-root user), trivy/KICS "container running as root": the task definition names a non-root user. */
    static List<String> containersRunAsNonRoot(JsonNode json) {
        List<String> v = new ArrayList<>();
        eachContainer(json, (name, c) -> {
            String user = c.path("user").asText();
            if (user.isEmpty() || user.equals("0") || user.equals("root") || user.startsWith("0:") || user.startsWith("root:")) {
                v.add(name + " runs as root");
            }
        });
        return v;
    }

    /** FSBP ECS.5: containers get a read-only root file system. */
    static List<String> containersHaveReadOnlyRoot(JsonNode json) {
        List<String> v = new ArrayList<>();
        eachContainer(json, (name, c) -> {
            if (!c.path("readonlyRootFilesystem").asBoolean()) {
                v.add(name + " has a writable root file system");
            }
        });
        return v;
    }

    /** checkov CKV_AWS_338: log groups keep their logs at least a year. */
    static List<String> logRetentionAtLeastAYear(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_cloudwatch_log_group").forEach((k, g) -> {
            if (g.path("retention_in_days").asInt() < 365) {
                v.add(k + " keeps logs " + g.path("retention_in_days").asInt() + " days");
            }
        });
        return v;
    }

    /** checkov CKV_AWS_316: CodeBuild does not run privileged. */
    static List<String> codeBuildNotPrivileged(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_codebuild_project").forEach((k, p) -> {
            if (p.path("environment").path("privileged_mode").asBoolean()) {
                // Named by what it does, so that a reviewed exception can cover every image build, whatever the
                // service, and no other privileged build.
                boolean imageBuild = p.path("source").path("buildspec").asText().contains("docker build");
                v.add(k + " runs privileged" + (imageBuild ? " to build a container image" : ""));
            }
        });
        return v;
    }

    /** checkov CKV_AWS_260: port 80 is not open to the world. */
    static List<String> httpNotOpenToTheWorld(JsonNode json) {
        List<String> v = new ArrayList<>();
        of(json, "aws_vpc_security_group_ingress_rule").forEach((k, r) -> {
            if (fromWorld(r) && r.path("from_port").asInt() <= 80 && r.path("to_port").asInt() >= 80) {
                v.add(k + " opens port 80 to the world");
            }
        });
        return v;
    }

    /**
     * Every rule by its id: the project's own and the scanners' above. {@link ReviewedExceptionsTest} runs them all
     * over every stack and accepts a finding only when security-exceptions.tsv lists it.
     */
    static final Map<String, java.util.function.Function<JsonNode, List<String>>> ALL = new java.util.LinkedHashMap<>();

    static {
        ALL.put("tls12-listeners", SecurityRules::httpsListenersUseTls12Policies);
        ALL.put("https-prod-listener", SecurityRules::prodListenerIsHttpsWhereACertificateExists);
        ALL.put("http-only-redirects", SecurityRules::httpOnlyRedirectsWhereACertificateExists);
        ALL.put("alb-drops-invalid-headers", SecurityRules::albDropsInvalidHeaders);
        ALL.put("test-port-not-public", SecurityRules::testPortNotOpenToTheWorld);
        ALL.put("world-ingress-prod-ports-only", SecurityRules::worldIngressOnlyOnAlbProdPorts);
        ALL.put("imds-v2", SecurityRules::launchTemplatesRequireImdsV2);
        ALL.put("encrypted-volumes", SecurityRules::launchTemplatesEncryptVolumes);
        ALL.put("no-public-ip-instances", SecurityRules::launchTemplatesGiveNoPublicIp);
        ALL.put("no-public-ip-tasks", SecurityRules::tasksHaveNoPublicIps);
        ALL.put("bucket-hardened", SecurityRules::artifactBucketIsHardened);
        ALL.put("kms-rotation", SecurityRules::kmsKeysRotate);
        ALL.put("ecr-scan-immutable", SecurityRules::ecrScansAndIsImmutable);
        ALL.put("log-retention-set", SecurityRules::logGroupsHaveRetention);
        ALL.put("codebuild-encrypted", SecurityRules::codeBuildArtifactsAndLogsEncrypted);
        ALL.put("separate-task-roles", SecurityRules::executionRoleDiffersFromTaskRole);
        ALL.put("iam-least-privilege", SecurityRules::iamIsLeastPrivilege);
        ALL.put("alb-access-logs", SecurityRules::albAccessLogs);
        ALL.put("alb-waf", SecurityRules::albWaf);
        ALL.put("s3-access-logging", SecurityRules::s3AccessLogging);
        ALL.put("log-group-cmk", SecurityRules::logGroupsUseCustomerKeys);
        ALL.put("ecr-cmk", SecurityRules::ecrCustomerKey);
        ALL.put("egress-restricted", SecurityRules::egressRestricted);
        ALL.put("container-non-root", SecurityRules::containersRunAsNonRoot);
        ALL.put("container-read-only-root", SecurityRules::containersHaveReadOnlyRoot);
        ALL.put("log-retention-year", SecurityRules::logRetentionAtLeastAYear);
        ALL.put("codebuild-not-privileged", SecurityRules::codeBuildNotPrivileged);
        ALL.put("http-not-public", SecurityRules::httpNotOpenToTheWorld);
    }
}
