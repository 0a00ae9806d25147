package io.bluegreen.platform.existingservers;

import com.hashicorp.cdktf.providers.aws.iam_instance_profile.IamInstanceProfile;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What servers this project does not launch need to take part in a deployment: an identity whose CodeDeploy agent may
 * read this service's revisions (its artifact objects, decrypted with its key) and the agent's own installer, and
 * nothing else.
 * <ul>
 *   <li>EC2 instances: a role and an instance profile, an output for the instances' owners to attach; with SSM's
 *       managed core policy, so the agent can be installed and kept current by SSM (AWS-ConfigureAWSPackage).</li>
 *   <li>On-premises servers (when the service selects any): a role that {@link OnPremisesTrust} may take; the servers
 *       register with the resulting IAM session ARN.</li>
 * </ul>
 */
public class ServerAccess extends Construct {
    /**
     * @param names naming helper
     * @param artifactBucketArn the bucket the pipeline writes revisions to
     * @param artifactKeyArn its KMS key
     * @param ec2 whether EC2 instances are selected (the instance role and profile are made)
     * @param onPremises who may take the on-premises role; null = no on-premises servers
     */
    public record Props(Names names, String artifactBucketArn, String artifactKeyArn, boolean ec2, OnPremisesTrust onPremises) {
        public Props {
            Check check = Check.in("ServerAccess.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("artifactBucketArn", artifactBucketArn, "pass the artifact store's bucket ARN");
            check.notNull("artifactKeyArn", artifactKeyArn, "pass the artifact store's key ARN");
            check.require(ec2 || onPremises != null, "servers", "none", "EC2 instances or on-premises servers",
                    "select servers by tags");
        }
    }

    private final IamRole instanceRole;
    private final IamInstanceProfile instanceProfile;
    private final IamRole onPremisesRole;

    public ServerAccess(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        AwsContext aws = AwsContext.of(this);
        List<PolicyStatement> agent = List.of(
                PolicyStatement.allow("ReadRevisions", List.of("s3:GetObject", "s3:GetObjectVersion"),
                        List.of(props.artifactBucketArn() + "/*")),
                PolicyStatement.allow("DecryptRevisions", List.of("kms:Decrypt"), List.of(props.artifactKeyArn())),
                PolicyStatement.allow("ReadAgent", List.of("s3:GetObject"),
                        List.of("arn:" + aws.partition() + ":s3:::aws-codedeploy-" + aws.region() + "/*")));
        if (props.ec2()) {
            instanceRole = IamRole.Builder.create(this, "InstanceRole")
                    .name(names.physical("instance", NameLimit.IAM_ROLE))
                    .description("Existing EC2 instances of " + names.base() + ": SSM, the CodeDeploy agent and its revisions")
                    .assumeRolePolicy(PolicyDocument.trust("ec2.amazonaws.com", aws.accountId()))
                    .build();
            IamRolePolicyAttachment.Builder.create(this, "InstanceRoleSsm")
                    .role(instanceRole.getName())
                    .policyArn(aws.managedPolicy("AmazonSSMManagedInstanceCore"))
                    .build();
            IamRolePolicy.Builder.create(this, "InstanceRolePolicy")
                    .name("codedeploy-agent")
                    .role(instanceRole.getName())
                    .policy(PolicyDocument.of(agent))
                    .build();
            instanceProfile = IamInstanceProfile.Builder.create(this, "InstanceProfile")
                    .name(names.physical("instance", NameLimit.IAM_ROLE))
                    .role(instanceRole.getName())
                    .build();
        } else {
            instanceRole = null;
            instanceProfile = null;
        }
        if (props.onPremises() != null) {
            onPremisesRole = IamRole.Builder.create(this, "OnPremisesRole")
                    .name(names.physical("on-premises", NameLimit.IAM_ROLE))
                    .description("On-premises servers of " + names.base() + ": the CodeDeploy agent and its revisions ("
                            + props.onPremises().describe().replaceAll("[^\\w+=,.@ :/-]", "") + ")")
                    .maxSessionDuration(3600)
                    .assumeRolePolicy(trust(props.onPremises()))
                    .build();
            IamRolePolicy.Builder.create(this, "OnPremisesRolePolicy")
                    .name("codedeploy-agent")
                    .role(onPremisesRole.getName())
                    .policy(PolicyDocument.of(agent))
                    .build();
        } else {
            onPremisesRole = null;
        }
    }

    private static String trust(OnPremisesTrust trust) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        if (trust instanceof OnPremisesTrust.RolesAnywhere ra) {
            statement.put("Principal", Map.of("Service", "rolesanywhere.amazonaws.com"));
            statement.put("Action", List.of("sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"));
            // A server's session is named after its certificate's common name, so the session ARN it registered
            // with survives a certificate renewal and no certificate can take another server's session name.
            statement.put("Condition", Map.of(
                    "ArnEquals", Map.of("aws:SourceArn", ra.trustAnchorArn()),
                    "StringEquals", Map.of("sts:RoleSessionName", "${aws:PrincipalTag/x509Subject/CN}")));
        } else if (trust instanceof OnPremisesTrust.AssumedBy by) {
            // The account as principal, narrowed to the role's ARN: IAM accepts a trust policy naming a role that does
            // not exist (yet), and the trust survives the role being deleted and created again (a role principal is
            // stored as its unique id).
            statement.put("Principal", Map.of("AWS", "arn:" + by.partition() + ":iam::" + by.accountId() + ":root"));
            statement.put("Action", "sts:AssumeRole");
            statement.put("Condition", Map.of("ArnEquals", Map.of("aws:PrincipalArn", by.roleArn())));
        }
        return PolicyDocument.json(Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
    }

    /** The role for existing EC2 instances, or null when the service selects none. */
    public IamRole getInstanceRole() {
        return instanceRole;
    }

    /** The instance profile to attach to existing EC2 instances, or null. */
    public IamInstanceProfile getInstanceProfile() {
        return instanceProfile;
    }

    /** The role whose sessions on-premises servers register with, or null. */
    public IamRole getOnPremisesRole() {
        return onPremisesRole;
    }
}
