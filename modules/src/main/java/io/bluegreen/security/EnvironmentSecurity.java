package io.bluegreen.security;

import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.EncryptionKeys;
import io.bluegreen.aws.SecureBucket;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Baseline} puts into an environment's shared stack, for every service stack to use (through
 * cross-stack references): the access-log bucket, the environment's KMS key for log groups and image repositories,
 * and the WAF web ACL. {@link ServiceHardening} applies them to a service's resources.
 */
public class EnvironmentSecurity extends Construct {
    /**
     * The ELB account of each region opened before August 2022: their load balancers deliver access logs as this
     * account. Regions opened since deliver as the service principal {@value #ELB_LOG_DELIVERY}. (AWS: "Enable
     * access logs for your Application Load Balancer", bucket permissions.)
     */
    static final Map<String, String> ELB_ACCOUNTS = Map.ofEntries(
            Map.entry("us-east-1", "127311923021"), Map.entry("us-east-2", "033677994240"),
            Map.entry("us-west-1", "027434742980"), Map.entry("us-west-2", "797873946194"),
            Map.entry("af-south-1", "098369216593"), Map.entry("ap-east-1", "754344448648"),
            Map.entry("ap-south-1", "718504428378"), Map.entry("ap-northeast-1", "582318560864"),
            Map.entry("ap-northeast-2", "600734575887"), Map.entry("ap-northeast-3", "383597477331"),
            Map.entry("ap-southeast-1", "114774131450"), Map.entry("ap-southeast-2", "783225319266"),
            Map.entry("ca-central-1", "985666609251"), Map.entry("eu-central-1", "054676820928"),
            Map.entry("eu-west-1", "156460612806"), Map.entry("eu-west-2", "652711504416"),
            Map.entry("eu-west-3", "009996457667"), Map.entry("eu-south-1", "635631232127"),
            Map.entry("eu-north-1", "897822967062"), Map.entry("me-south-1", "076674570225"),
            Map.entry("sa-east-1", "507241528517"), Map.entry("us-gov-west-1", "048591011584"),
            Map.entry("us-gov-east-1", "190560391635"), Map.entry("cn-north-1", "638102146993"),
            Map.entry("cn-northwest-1", "037604701340"));
    static final String ELB_LOG_DELIVERY = "logdelivery.elasticloadbalancing.amazonaws.com";

    /** Where in the log bucket ALB logs and S3 server access logs go: {@code alb/<service>/}, {@code s3/<service>/}. */
    public static final String ALB_PREFIX = "alb";
    public static final String S3_PREFIX = "s3";

    /**
     * @param names the shared stack's names ({@code shared-<env>}): they name the bucket, key and web ACL
     * @param environment the environment's name
     * @param region the environment's region (the ELB log delivery principal depends on it)
     * @param services the environment's services: the key may encrypt their log groups only
     * @param baseline what to create
     */
    public record Props(Names names, String environment, String region, List<String> services, Baseline baseline) {
        public Props {
            Check check = Check.in("EnvironmentSecurity.Props");
            check.notNull("names", names, "pass the shared stack's Names");
            check.notNull("environment", environment, "pass the environment's name");
            check.notNull("region", region, "pass the environment's region");
            services = List.copyOf(Check.orDefault(services, List.of()));
            check.notNull("baseline", baseline, "e.g. Baseline.PRODUCTION");
        }
    }

    /** What a service stack uses: each value null when its part of the baseline is off. */
    public record Shared(Baseline baseline, String logBucket, String keyArn, String webAclArn) {
    }

    private final Shared shared;

    public EnvironmentSecurity(Construct scope, String id, Props props) {
        super(scope, id);
        Baseline baseline = props.baseline();
        AwsContext aws = AwsContext.of(this);
        String logBucket = baseline.accessLogs() ? logBucket(props, aws).getBucket() : null;
        String keyArn = baseline.customerManagedKeys() ? key(props, aws).getArn() : null;
        String webAclArn = baseline.waf() ? webAcl(props).arn() : null;
        shared = new Shared(baseline, logBucket, keyArn, webAclArn);
    }

    /**
     * The access-log bucket: SSE-S3 (ALB access logs and S3 server access logs support no other default encryption),
     * versioned, public access blocked, TLS only, logs expiring after {@link Baseline#accessLogDays()}. Only the
     * environment's ALBs (through ELB's log delivery) and S3 server access logging of this account may write, each
     * under its own prefix. It logs nothing about itself: a log bucket's own access logs would go to itself.
     */
    private S3Bucket logBucket(Props props, AwsContext aws) {
        String account = aws.accountId();
        String elbAccount = ELB_ACCOUNTS.get(props.region());
        String elbPrincipal = "arn:" + aws.partition() + ":iam::" + elbAccount + ":root";
        return SecureBucket.create(this, "LogBucket", new SecureBucket.Spec(
                props.names().physical("access-logs", NameLimit.S3_BUCKET_PREFIX), false, null, "expire-access-logs",
                props.baseline().accessLogDays(), 1, arn -> {
                    PolicyStatement alb = PolicyStatement.allow("AlbAccessLogs", List.of("s3:PutObject"),
                            List.of(arn + "/" + ALB_PREFIX + "/*/AWSLogs/" + account + "/*"));
                    return List.of(elbAccount != null ? alb.forAws(elbPrincipal) : alb.forService(ELB_LOG_DELIVERY),
                            PolicyStatement.allow("S3ServerAccessLogs", List.of("s3:PutObject"), List.of(arn + "/" + S3_PREFIX + "/*"))
                                    .forService("logging.s3.amazonaws.com")
                                    .when("StringEquals", "aws:SourceAccount", List.of(account)));
                }));
    }

    /**
     * The environment's key: rotation on; CloudWatch Logs of the region may use it for the log groups of this
     * environment's services only (their names carry {@code <service>-<env>}); ECR uses it through grants the
     * account's principals create.
     */
    private KmsKey key(Props props, AwsContext aws) {
        String prefix = "arn:" + aws.partition() + ":logs:" + aws.region() + ":" + aws.accountId() + ":log-group:";
        List<String> logGroups = new ArrayList<>();
        for (String service : props.services()) {
            logGroups.add(prefix + "*" + service + "-" + props.environment() + "*");
        }
        List<PolicyStatement> statements = logGroups.isEmpty() ? List.of() : List.of(
                PolicyStatement.allow("LogsUseKey", List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                                "kms:GenerateDataKey*", "kms:Describe*"), List.of("*"))
                        .forService("logs." + aws.region() + ".amazonaws.com")
                        .when("ArnLike", "kms:EncryptionContext:aws:logs:arn", logGroups));
        return EncryptionKeys.create(this, props.names(), "logs", "Log groups and image repositories of the "
                + props.environment() + " environment", statements);
    }

    /**
     * The web ACL: allow by default; AWS's common rule set and known bad inputs (managed, versionless: AWS keeps
     * them current), then a rate limit per client IP; every rule's metrics in CloudWatch and sampled requests kept.
     */
    private RegionalWebAcl webAcl(Props props) {
        String name = props.names().physical("web-acl", NameLimit.WEB_ACL);
        return new RegionalWebAcl(this, "WebAcl", new RegionalWebAcl.Props(name,
                "Every internet-facing ALB of " + props.environment(), List.of(
                        managed(1, "AWSManagedRulesCommonRuleSet", name),
                        managed(2, "AWSManagedRulesKnownBadInputsRuleSet", name),
                        rateLimit(3, props.baseline().wafRequestsPer5Minutes(), name))));
    }

    private static Map<String, Object> managed(int priority, String group, String acl) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", group);
        rule.put("priority", priority);
        rule.put("override_action", List.of(Map.of("none", List.of(Map.of()))));
        rule.put("statement", List.of(Map.of("managed_rule_group_statement",
                List.of(Map.of("name", group, "vendor_name", "AWS")))));
        rule.put("visibility_config", visibility(acl + "-" + group));
        return rule;
    }

    private static Map<String, Object> rateLimit(int priority, int limit, String acl) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", "RateLimitPerIp");
        rule.put("priority", priority);
        rule.put("action", List.of(Map.of("block", List.of(Map.of()))));
        rule.put("statement", List.of(Map.of("rate_based_statement",
                List.of(Map.of("limit", limit, "aggregate_key_type", "IP")))));
        rule.put("visibility_config", visibility(acl + "-rate-limit"));
        return rule;
    }

    private static List<Map<String, Object>> visibility(String metric) {
        return List.of(Map.of("cloudwatch_metrics_enabled", true, "sampled_requests_enabled", true,
                "metric_name", metric.length() > 128 ? metric.substring(0, 128) : metric));
    }

    public Shared getShared() {
        return shared;
    }
}
