package io.bluegreen.naming;

/** AWS length limits of the physical names this project creates. */
public enum NameLimit {
    /** Application Load Balancer and target group names. */
    LOAD_BALANCER(32),
    IAM_ROLE(64),
    /** S3 bucket_prefix: Terraform appends 26 unique characters; bucket names are limited to 63 (lowercase). */
    S3_BUCKET_PREFIX(36),
    /** CodeStar connection names. */
    CODESTAR_CONNECTION(32),
    /** CodeStar notification rule names. */
    NOTIFICATION_RULE(64),
    CODEDEPLOY(100),
    CODEPIPELINE(100),
    CODEBUILD(150),
    ECS(255),
    SECURITY_GROUP(255),
    LAMBDA_FUNCTION(64),
    STATE_MACHINE(80),
    EVENT_RULE(64),
    SNS_TOPIC(256),
    /** WAFv2 web ACL names (and their metric names). */
    WEB_ACL(128),
    CLOUDWATCH_ALARM(255),
    /** Anything else: Name tags and similar free-form labels. */
    TAG(256);

    private final int maxLength;

    NameLimit(int maxLength) {
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** A limit {@code chars} shorter, for names that get a fixed prefix (e.g. CodeDeployHook_). */
    public Shortened shorterBy(int chars) {
        return new Shortened(this, maxLength - chars);
    }

    /** A limit reduced for a fixed prefix. */
    public record Shortened(NameLimit base, int maxLength) {
    }
}
