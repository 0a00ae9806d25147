package io.bluegreen.aws;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.data_aws_caller_identity.DataAwsCallerIdentity;
import com.hashicorp.cdktf.providers.aws.data_aws_partition.DataAwsPartition;
import com.hashicorp.cdktf.providers.aws.data_aws_region.DataAwsRegion;
import software.constructs.Construct;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Account, region and partition of the stack, read once per stack (one set of data sources however many
 * constructs ask). Use {@link #of(Construct)}.
 */
public final class AwsContext extends Construct {
    private static final String ID = "AwsContext";
    private static final Map<TerraformStack, AwsContext> BY_STACK = Collections.synchronizedMap(new WeakHashMap<>());

    private final String accountId;
    private final String region;
    private final String partition;

    private AwsContext(Construct scope) {
        super(scope, ID);
        this.accountId = new DataAwsCallerIdentity(this, "Account").getAccountId();
        this.region = new DataAwsRegion(this, "Region").getName();
        this.partition = new DataAwsPartition(this, "Partition").getPartition();
    }

    public static AwsContext of(Construct scope) {
        // Remembered per stack on the Java side: asking the construct tree again (stack node, then its child) would
        // cost two more jsii round trips on every call, about a dozen times per service stack.
        return BY_STACK.computeIfAbsent(TerraformStack.of(scope), AwsContext::new);
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    public String partition() {
        return partition;
    }

    /**
     * The managed policy AWS maintains for Lambda functions in a VPC: the network interfaces Lambda creates, and
     * ec2:DescribeSubnets, ec2:DescribeSecurityGroups and ec2:DescribeVpcs, which Lambda calls for a VPC function
     * (AWSLambdaENIManagementAccess lacks the subnet lookup). Also logs:CreateLogStream/PutLogEvents.
     */
    public static final String LAMBDA_VPC_ACCESS = "service-role/AWSLambdaVPCAccessExecutionRole";

    /** arn:<partition>:iam::aws:policy/<path>: an AWS managed policy. */
    public String managedPolicy(String path) {
        return "arn:" + partition + ":iam::aws:policy/" + path;
    }

    /** arn:<partition>:codedeploy:<region>:<account>:deploymentgroup:<application>/<group>: a deployment group. */
    public String deploymentGroupArn(String application, String deploymentGroup) {
        return "arn:" + partition + ":codedeploy:" + region + ":" + accountId + ":deploymentgroup:" + application + "/"
                + deploymentGroup;
    }
}
