package io.bluegreen.platform.ecs;

import io.bluegreen.codedeploy.DeploymentGroups;
import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.lambda_permission.LambdaPermission;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionVpcConfig;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.LambdaPackage;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.network.Network;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AfterAllowTestTraffic lifecycle hook: a small Python Lambda function (packaged from this module's resources
 * at synth time as a Terraform asset) that smoke-tests green through the test listener and reports Succeeded or
 * Failed to CodeDeploy. It runs in the private subnets with its own security group, which the composition admits on
 * the test port ({@code TrafficLayer.allowTestTrafficFrom}); add it to the deployment with
 * {@code BlueGreenDeployment.addLifecycleHook(hook.appSpecHook())}. Its name starts with {@code CodeDeployHook_}, which the managed CodeDeploy-for-ECS policy may
 * invoke.
 */
public class SmokeTestHook extends Construct {
    public static final String EVENT = "AfterAllowTestTraffic";
    public static final String FUNCTION_PREFIX = DeploymentGroups.HOOK_FUNCTION_PREFIX;
    /**
     * python3.13: supported by AWS for new functions until 2029 (python3.11 was deprecated on 2026-06-30). The
     * stacks constrain the AWS provider to the 5.x line, whose current releases accept it (docs/operations.md: versions).
     */
    public static final String RUNTIME = "python3.13";
    static final String SOURCE = "smoke_test.py";
    /**
     * How often the function is invoked between deployments: once a day. Lambda makes a function that stays idle for
     * weeks Inactive (it reclaims the function's VPC network interfaces), and the first invocation of an Inactive
     * function fails: for a service that releases rarely, that would be the next deployment's AfterAllowTestTraffic
     * hook, and the deployment would fail. A daily invocation keeps it Active; the handler recognizes
     * {@link #KEEP_ACTIVE_EVENT} and returns at once, reporting to no deployment. About 30 invocations a month.
     */
    public static final String KEEP_ACTIVE_SCHEDULE = "rate(1 day)";
    /** The scheduled event's input, which the handler recognizes and ignores (smoke_test.py: KEEP_ACTIVE). */
    public static final String KEEP_ACTIVE_EVENT = "{\"keepActive\":\"codedeploy-smoke-test\"}";

    /**
     * @param names naming helper
     * @param network the VPC and private subnets the function runs in
     * @param test the test listener to check (URL, port, whether the ALB is internet-facing)
     * @param deploymentGroup the deployment group whose lifecycle hook status the function reports
     * @param settings checks, retries and time budget
     * @param logRetentionDays retention of the function's log group
     */
    public record Props(Names names, Network network, TrafficLayer.TestEndpoint test,
                        CodedeployDeploymentGroup deploymentGroup, SmokeTestSettings settings, int logRetentionDays) {
        public Props {
            Check check = Check.in("SmokeTestHook.Props");
            check.notNull("names", names, "pass the environment's Names");
            check.notNull("network", network, "pass the Network construct");
            check.notNull("test", test, "pass the traffic layer's test endpoint");
            check.notNull("deploymentGroup", deploymentGroup, "pass the CodeDeploy deployment group");
            check.notNull("settings", settings, "pass SmokeTestSettings.DEFAULT or your own");
            check.require(settings.enabled(), "settings.enabled", false, "true (do not create the hook when it is off)",
                    "skip the SmokeTestHook construct when the smoke test is off");
            check.require(!settings.checks().isEmpty(), "settings.checks", "[]",
                    "the checks to run (settings.resolved(healthPath, matcher) derives one from the target groups' health check)",
                    "pass settings.resolved(...) or give checks with withChecks(...)");
        }
    }

    private final LambdaFunction function;
    private final SecurityGroup securityGroup;
    private final IamRole role;
    private final TerraformAsset code;

    public SmokeTestHook(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        Network network = props.network();
        TrafficLayer.TestEndpoint test = props.test();
        SmokeTestSettings settings = props.settings();
        AwsContext aws = AwsContext.of(this);
        String functionName = FUNCTION_PREFIX + names.physical("smoke-test",
                NameLimit.LAMBDA_FUNCTION.shorterBy(FUNCTION_PREFIX.length()));

        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .name(names.physical("smoke-test", NameLimit.SECURITY_GROUP))
                .description("CodeDeploy smoke test of " + names.base() + ": reaches the test listener and AWS APIs")
                .vpcId(network.getVpcId())
                .build();
        egress("ToTestListener", test.port(), "test listener (ALB public or private address)");
        if (test.port() != 443) {
            egress("ToAwsApis", 443, "CodeDeploy API (PutLifecycleEventHookExecutionStatus) through NAT");
        }

        CloudwatchLogGroup logs = CloudwatchLogGroup.Builder.create(this, "LogGroup")
                .name("/aws/lambda/" + functionName)
                .retentionInDays(props.logRetentionDays())
                .build();
        role = IamRole.Builder.create(this, "Role")
                .name(names.physical("smoke-test", NameLimit.IAM_ROLE))
                .description("CodeDeploy smoke-test hook of " + names.base() + ": logs and hook status only")
                .assumeRolePolicy(PolicyDocument.trust("lambda.amazonaws.com", aws.accountId()))
                .build();
        CodedeployDeploymentGroup deploymentGroup = props.deploymentGroup();
        String group = aws.deploymentGroupArn(deploymentGroup.getAppName(), deploymentGroup.getDeploymentGroupName());
        IamRolePolicy policy = IamRolePolicy.Builder.create(this, "RolePolicy")
                .name("smoke-test")
                .role(role.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                List.of(logs.getArn() + ":*")),
                        PolicyStatement.allow("ReportHookStatus", List.of("codedeploy:PutLifecycleEventHookExecutionStatus"),
                                List.of(group)))))
                .build();
        // The managed policy AWS maintains for VPC functions: network interfaces and the subnet lookups Lambda makes.
        IamRolePolicyAttachment eni = IamRolePolicyAttachment.Builder.create(this, "VpcAccess")
                .role(role.getName())
                .policyArn(aws.managedPolicy(AwsContext.LAMBDA_VPC_ACCESS))
                .build();

        code = TerraformAsset.Builder.create(this, "Code")
                .path(LambdaPackage.of(SmokeTestHook.class, SOURCE).toString())
                .type(AssetType.FILE)
                .build();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TEST_URL", test.url());
        environment.put("CHECKS", PolicyDocument.json(settings.checks().stream().map(SmokeTestHook::checkJson).toList()));
        environment.put("MAX_ATTEMPTS", String.valueOf(settings.maxAttempts()));
        environment.put("RETRY_INTERVAL_SECONDS", String.valueOf(settings.retryIntervalSeconds()));
        environment.put("TOTAL_SECONDS", String.valueOf(settings.totalSeconds()));
        environment.put("REQUEST_TIMEOUT_SECONDS", String.valueOf(settings.requestTimeoutSeconds()));

        function = LambdaFunction.Builder.create(this, "Function")
                .functionName(functionName)
                .description("Smoke-tests green on the test listener before CodeDeploy shifts production traffic")
                .role(role.getArn())
                .runtime(RUNTIME)
                .handler("smoke_test.handler")
                .filename(code.getPath())
                // What the provider stores and compares: the package's base64 SHA-256 (an asset id would show a
                // change on every plan).
                .sourceCodeHash(Fn.filebase64sha256(code.getPath()))
                .timeout(settings.functionTimeoutSeconds())
                .memorySize(128)
                .environment(LambdaFunctionEnvironment.builder().variables(environment).build())
                .vpcConfig(LambdaFunctionVpcConfig.builder()
                        .subnetIds(network.getPrivateSubnetIds())
                        .securityGroupIds(List.of(securityGroup.getId()))
                        .build())
                .dependsOn(dependencies(network.getPrivateEgress(this), logs, policy, eni))
                .lifecycle(reachability(network, test))
                .build();
        keepActive(names);
    }

    /** The daily invocation that keeps the function Active between rare deployments ({@link #KEEP_ACTIVE_SCHEDULE}). */
    private void keepActive(Names names) {
        CloudwatchEventRule rule = CloudwatchEventRule.Builder.create(this, "KeepActiveRule")
                .name(names.physical("smoke-test-keep-active", NameLimit.EVENT_RULE))
                .description("Invokes the smoke test daily so that it is Active when the next deployment calls it")
                .scheduleExpression(KEEP_ACTIVE_SCHEDULE)
                .build();
        LambdaPermission permission = LambdaPermission.Builder.create(this, "KeepActivePermission")
                .statementId("KeepActiveSchedule")
                .action("lambda:InvokeFunction")
                .functionName(function.getFunctionName())
                .principal("events.amazonaws.com")
                .sourceArn(rule.getArn())
                .build();
        CloudwatchEventTarget.Builder.create(this, "KeepActiveTarget")
                .rule(rule.getName())
                .arn(function.getArn())
                .input(KEEP_ACTIVE_EVENT)
                .dependsOn(List.of(permission))
                .build();
    }

    /**
     * An internet-facing ALB sees the hook's requests from the VPC's NAT addresses, which the traffic layer admits
     * on the test port. When they are looked up at plan time, the plan stops with a clear message if the VPC has
     * none (the checks could only time out and roll every deployment back).
     */
    private TerraformResourceLifecycle reachability(Network network, TrafficLayer.TestEndpoint test) {
        Network.EgressLookup lookup = network.getEgressLookup(this);
        if (!test.internetFacing() || lookup == null) {
            return null;
        }
        return TerraformResourceLifecycle.builder().precondition(List.of(lookup.found())).build();
    }

    /** Its log group and permissions, and (created VPC) the private routes it calls the CodeDeploy API through. */
    private static List<ITerraformDependable> dependencies(List<ITerraformDependable> network, ITerraformDependable... own) {
        List<ITerraformDependable> all = new java.util.ArrayList<>(List.of(own));
        all.addAll(network);
        return all;
    }

    private void egress(String id, int port, String what) {
        VpcSecurityGroupEgressRule.Builder.create(this, id)
                .securityGroupId(securityGroup.getId())
                .cidrIpv4("0.0.0.0/0")
                .ipProtocol("tcp")
                .fromPort(port)
                .toPort(port)
                .description(what)
                .build();
    }

    private static Map<String, Object> checkJson(SmokeTestSettings.SmokeCheck check) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", check.path());
        m.put("statuses", check.statuses());
        if (check.contains() != null) {
            m.put("contains", check.contains());
        }
        return m;
    }

    /** The appspec hook entry naming this function. */
    public AppSpec.Hook appSpecHook() {
        return new AppSpec.Hook(EVENT, function.getArn());
    }

    public LambdaFunction getFunction() {
        return function;
    }

    public SecurityGroup getSecurityGroup() {
        return securityGroup;
    }

    public IamRole getRole() {
        return role;
    }

    public TerraformAsset getCode() {
        return code;
    }
}
