package io.bluegreen.security;

import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryEncryptionConfiguration;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb.LbAccessLogs;
import com.hashicorp.cdktf.providers.aws.s3_bucket.S3Bucket;
import com.hashicorp.cdktf.providers.aws.s3_bucket_logging.S3BucketLoggingA;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl_association.Wafv2WebAclAssociation;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;
import software.constructs.IConstruct;

import java.util.List;

/**
 * Applies an environment's {@link Baseline} to everything a platform composed into a service's stack, whatever the
 * platform: so a new platform, or a new resource in an old one, is covered without being told. Run once, after the
 * platform has built the stack:
 * <ul>
 *   <li>every ALB without access logs writes them to the environment's log bucket ({@code alb/<service>/});</li>
 *   <li>every internet-facing ALB is associated with the environment's web ACL;</li>
 *   <li>every S3 bucket logs its server access to the log bucket ({@code s3/<service>/<bucket id>/});</li>
 *   <li>every log group without a key of its own is encrypted with the environment's key, and every image repository
 *       too;</li>
 *   <li>a log group keeping its logs less than the baseline's minimum fails synth, naming it and the fix.</li>
 * </ul>
 * New resources are created next to the resource they harden (same scope, id suffixed), so their Terraform
 * addresses follow it.
 */
public final class ServiceHardening {
    private ServiceHardening() {
    }

    /**
     * How long the first apply retries associating the web ACL with a new load balancer: 20 minutes, four times the
     * provider's default, so that a first apply passes without a second run.
     */
    public static final String WEB_ACL_ASSOCIATION_TIMEOUT = "20m";

    public static void apply(Construct stack, Names names, EnvironmentSecurity.Shared shared) {
        Baseline baseline = shared.baseline();
        Check check = Check.in("security baseline");
        for (IConstruct node : stack.getNode().findAll()) {
            if (node instanceof Lb lb) {
                if (shared.logBucket() != null && lb.getAccessLogsInput() == null) {
                    lb.putAccessLogs(LbAccessLogs.builder().bucket(shared.logBucket())
                            .prefix(EnvironmentSecurity.ALB_PREFIX + "/" + names.service()).enabled(true).build());
                }
                if (shared.webAclArn() != null && !Boolean.TRUE.equals(lb.getInternalInput())) {
                    Wafv2WebAclAssociation association = Wafv2WebAclAssociation.Builder.create(
                                    (Construct) lb.getNode().getScope(), lb.getNode().getId() + "WebAcl")
                            .resourceArn(lb.getArn())
                            .webAclArn(shared.webAclArn())
                            .build();
                    // WAF sees a new load balancer minutes after ELB reports it active, and answers
                    // WAFUnavailableEntityException until then; the provider retries that error until the create
                    // timeout (5 minutes by default, often too short on a first apply:
                    // hashicorp/terraform-provider-aws#29080). The bindings predate the timeouts block.
                    association.addOverride("timeouts", java.util.Map.of("create", WEB_ACL_ASSOCIATION_TIMEOUT));
                }
            } else if (node instanceof S3Bucket bucket && shared.logBucket() != null) {
                S3BucketLoggingA.Builder.create((Construct) bucket.getNode().getScope(), bucket.getNode().getId() + "Logging")
                        .bucket(bucket.getId())
                        .targetBucket(shared.logBucket())
                        .targetPrefix(EnvironmentSecurity.S3_PREFIX + "/" + names.service() + "/" + bucket.getNode().getId() + "/")
                        .build();
            } else if (node instanceof CloudwatchLogGroup logs) {
                if (shared.keyArn() != null && logs.getKmsKeyIdInput() == null) {
                    logs.setKmsKeyId(shared.keyArn());
                }
                Number retention = logs.getRetentionInDaysInput();
                check.require(retention != null && retention.intValue() >= baseline.minLogRetentionDays(),
                        "log group " + logs.getNameInput() + " retention", retention == null ? "forever" : retention + " days",
                        "at least " + baseline.minLogRetentionDays() + " days (the environment's Baseline.minLogRetentionDays)",
                        "raise the retention of the setting behind it (ecs.logRetentionDays for /ecs and the smoke test,"
                                + " function.logRetentionDays for the function and its hooks, pipeline.logRetentionDays for"
                                + " /aws/codebuild and the EC2 green clean-up) to " + baseline.minLogRetentionDays()
                                + " or more, or lower the environment's minimum");
            } else if (node instanceof EcrRepository repository && shared.keyArn() != null) {
                repository.putEncryptionConfiguration(List.of(EcrRepositoryEncryptionConfiguration.builder()
                        .encryptionType("KMS").kmsKey(shared.keyArn()).build()));
            }
        }
    }
}
