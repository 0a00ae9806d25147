package io.bluegreen.platform.lambda;

import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.aws.LambdaPackage;
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
 * The BeforeAllowTraffic and AfterAllowTraffic hooks of a Lambda deployment: two small Python functions
 * ({@code lambda_hooks.py}, one package) named {@code CodeDeployHook_...}, which the managed CodeDeploy role for
 * Lambda may invoke. Before: the new version directly, with the test event; after: the alias. Each reports exactly
 * once. Their role may read this group's deployments, report hook status in it, and invoke this function only.
 */
public class LambdaHooks extends Construct {
    public static final String RUNTIME = "python3.13";
    static final String SOURCE = "lambda_hooks.py";

    /**
     * @param names naming helper
     * @param functionArn the function the hooks invoke (its versions and alias too)
     * @param deploymentGroupArn the deployment group whose deployments they read and report to
     * @param settings names, test event, expected text
     * @param logRetentionDays retention of their log groups
     * @param functionTimeoutSeconds the invoked function's timeout: the hooks wait that long for its answer
     */
    public record Props(Names names, String functionArn, String deploymentGroupArn, HookSettings settings,
                        int logRetentionDays, int functionTimeoutSeconds) {
        public Props {
            Check check = Check.in("LambdaHooks.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("functionArn", functionArn, "pass the function's ARN");
            check.notNull("deploymentGroupArn", deploymentGroupArn, "pass LambdaDeployment.deploymentGroupArn()");
            check.notNull("settings", settings, "e.g. HookSettings.DEFAULT");
            check.between("functionTimeoutSeconds", functionTimeoutSeconds, 1, 900, "pass the function's timeout");
        }
    }

    private final LambdaFunction before;
    private final LambdaFunction after;

    public LambdaHooks(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        HookSettings settings = props.settings();
        AwsContext aws = AwsContext.of(this);
        String beforeName = Check.orDefault(settings.beforeName(), defaultName(names, "before"));
        String afterName = Check.orDefault(settings.afterName(), defaultName(names, "after"));

        IamRole role = IamRole.Builder.create(this, "Role")
                .name(names.physical("hooks", NameLimit.IAM_ROLE))
                .description("CodeDeploy hooks of " + names.base() + ": invoke the function, report hook status")
                .assumeRolePolicy(PolicyDocument.trust("lambda.amazonaws.com", aws.accountId()))
                .build();
        String logPrefix = "arn:" + aws.partition() + ":logs:" + aws.region() + ":" + aws.accountId() + ":log-group:/aws/lambda/";
        IamRolePolicy policy = IamRolePolicy.Builder.create(this, "RolePolicy")
                .name("hooks")
                .role(role.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                List.of(logPrefix + beforeName + ":*", logPrefix + afterName + ":*")),
                        PolicyStatement.allow("ReadDeploymentReportStatus", List.of("codedeploy:GetDeployment",
                                "codedeploy:PutLifecycleEventHookExecutionStatus"), List.of(props.deploymentGroupArn())),
                        PolicyStatement.allow("InvokeTheFunction", List.of("lambda:InvokeFunction"),
                                List.of(props.functionArn(), props.functionArn() + ":*")))))
                .build();
        TerraformAsset code = TerraformAsset.Builder.create(this, "Code")
                .path(LambdaPackage.of(LambdaHooks.class, SOURCE).toString())
                .type(AssetType.FILE)
                .build();
        int timeout = hookTimeoutSeconds(props.functionTimeoutSeconds());
        before = hook("Before", beforeName, "before", "BeforeAllowTraffic: invokes the new version before traffic moves",
                role, code, settings, props.logRetentionDays(), policy, timeout);
        after = hook("After", afterName, "after", "AfterAllowTraffic: invokes the alias once traffic has moved",
                role, code, settings, props.logRetentionDays(), policy, timeout);
    }

    private LambdaFunction hook(String id, String name, String mode, String description, IamRole role, TerraformAsset code,
                                HookSettings settings, int logRetentionDays, IamRolePolicy policy, int timeout) {
        CloudwatchLogGroup logs = CloudwatchLogGroup.Builder.create(this, id + "LogGroup")
                .name("/aws/lambda/" + name)
                .retentionInDays(logRetentionDays)
                .build();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("MODE", mode);
        // The test event and the expected text are data: escaped for Terraform's templates.
        environment.put("TEST_EVENT", TerraformStrings.literal(settings.testEvent()));
        // Below the hook's own timeout, so that even the slowest answer is still reported.
        environment.put("READ_TIMEOUT", String.valueOf(timeout - REPORT_MARGIN_SECONDS));
        if (settings.expect() != null) {
            environment.put("EXPECT", TerraformStrings.literal(settings.expect()));
        }
        return LambdaFunction.Builder.create(this, id)
                .functionName(name)
                .description(description)
                .role(role.getArn())
                .runtime(RUNTIME)
                .handler("lambda_hooks.handler")
                .filename(code.getPath())
                .sourceCodeHash(Fn.filebase64sha256(code.getPath()))
                .timeout(timeout)
                .memorySize(128)
                .environment(LambdaFunctionEnvironment.builder().variables(environment).build())
                .dependsOn(List.of(logs, policy))
                .build();
    }

    /** Seconds a hook keeps back to report after waiting for the function. */
    static final int REPORT_MARGIN_SECONDS = 15;

    /** The function's timeout plus a minute (at least two minutes, at most Lambda's 900 s). */
    static int hookTimeoutSeconds(int functionTimeoutSeconds) {
        return Math.min(900, Math.max(120, functionTimeoutSeconds + 60));
    }

    /** {@code CodeDeployHook_<service>-<env>-<which>}. */
    static String defaultName(Names names, String which) {
        return HookSettings.PREFIX + names.physical(which, NameLimit.LAMBDA_FUNCTION.shorterBy(HookSettings.PREFIX.length()));
    }

    public LambdaFunction getBefore() {
        return before;
    }

    public LambdaFunction getAfter() {
        return after;
    }
}
