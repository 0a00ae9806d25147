package io.bluegreen.notifications;

import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.sns_topic.SnsTopic;
import com.hashicorp.cdktf.providers.aws.sns_topic_policy.SnsTopicPolicy;
import com.hashicorp.cdktf.providers.aws.sns_topic_subscription.SnsTopicSubscription;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.EncryptionKeys;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The environment's delivery notifications topic, encrypted with its own KMS key (rotation on). Only the pipeline's
 * notification rules (codestar-notifications) and CodeDeploy (through its service role: the topic name starts with
 * {@code CodeDeployTopic_}, which the managed AWSCodeDeployRoleForECS policy may publish to) publish to it.
 */
public class NotificationTopic extends Construct {
    /** Prefix the managed CodeDeploy-for-ECS policy grants sns:Publish on. */
    public static final String CODEDEPLOY_TOPIC_PREFIX = "CodeDeployTopic_";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /**
     * @param names naming helper
     * @param emails e-mail addresses to subscribe (each confirms by mail); empty for none
     */
    public record Props(Names names, List<String> emails) {
        public Props {
            Check check = Check.in("NotificationTopic.Props");
            check.notNull("names", names, "pass the environment's Names");
            emails = List.copyOf(Check.orDefault(emails, List.of()));
            for (String email : emails) {
                check.matches("emails", email, EMAIL, "e-mail addresses such as team@example.com", "fix the address");
            }
            check.distinct("emails", emails, "remove the address listed twice");
        }
    }

    private final SnsTopic topic;
    private final KmsKey key;
    private final SnsTopicPolicy topicPolicy;

    public NotificationTopic(Construct scope, String id, Props props) {
        super(scope, id);
        AwsContext aws = AwsContext.of(this);
        String topicName = CODEDEPLOY_TOPIC_PREFIX + props.names().physical("deployments", NameLimit.SNS_TOPIC);
        String topicArn = "arn:" + aws.partition() + ":sns:" + aws.region() + ":" + aws.accountId() + ":" + topicName;

        key = EncryptionKeys.create(this, props.names(), "notifications",
                "Delivery notifications of " + props.names().base(), List.of(
                        PolicyStatement.allow("PublishersUseKeyThroughSns",
                                        List.of("kms:GenerateDataKey*", "kms:Decrypt"), List.of("*"))
                                .forService("codestar-notifications.amazonaws.com")
                                .when("StringEquals", "kms:ViaService", List.of("sns." + aws.region() + ".amazonaws.com")),
                        PolicyStatement.allow("AlarmsUseKey", List.of("kms:GenerateDataKey*", "kms:Decrypt"), List.of("*"))
                                .forService("cloudwatch.amazonaws.com")));

        topic = SnsTopic.Builder.create(this, "Topic")
                .name(topicName)
                .kmsMasterKeyId(key.getArn())
                .build();
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.allow("AccountManagesTopic",
                        List.of("sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic"),
                        List.of(topicArn))
                .forAws("arn:" + aws.partition() + ":iam::" + aws.accountId() + ":root"));
        statements.add(PolicyStatement.allow("PipelineNotificationsPublish", List.of("sns:Publish"), List.of(topicArn))
                .forService("codestar-notifications.amazonaws.com")
                .when("StringEquals", "aws:SourceAccount", List.of(aws.accountId())));
        statements.add(PolicyStatement.allow("AlarmsPublish", List.of("sns:Publish"), List.of(topicArn))
                .forService("cloudwatch.amazonaws.com")
                .when("StringEquals", "aws:SourceAccount", List.of(aws.accountId())));
        topicPolicy = SnsTopicPolicy.Builder.create(this, "TopicPolicy")
                .arn(topic.getArn())
                .policy(PolicyDocument.of(statements))
                .build();
        // Keyed by the address, not its position: reordering the list keeps every subscription (and its confirmation).
        for (String email : props.emails()) {
            SnsTopicSubscription.Builder.create(this, "Email_" + email.replaceAll("[^A-Za-z0-9]", "_"))
                    .topicArn(topic.getArn())
                    .protocol("email")
                    .endpoint(email)
                    .build();
        }
    }

    public SnsTopic getTopic() {
        return topic;
    }

    public String getTopicArn() {
        return topic.getArn();
    }

    /** The topic's access policy: publishers that AWS checks at creation (notification rules) come after it. */
    public SnsTopicPolicy getTopicPolicy() {
        return topicPolicy;
    }

    public KmsKey getKey() {
        return key;
    }
}
