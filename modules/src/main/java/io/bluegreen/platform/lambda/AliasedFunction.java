package io.bluegreen.platform.lambda;

import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionVpcConfig;
import com.hashicorp.cdktf.providers.aws.lambda_function_url.LambdaFunctionUrl;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.terraform.TerraformStrings;
import io.bluegreen.aws.LambdaPackage;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.network.Network;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The function of a Lambda service and the alias callers use. The first apply publishes version 1 from a placeholder
 * package generated at synth (a deterministic zip of a handler answering 200 for the configured runtime and
 * handler); from then on the pipeline updates the code, publishes versions and CodeDeploy moves the alias. So
 * Terraform ignores the function's code ({@code filename}, {@code source_code_hash}) and the alias's
 * {@code function_version} and {@code routing_config}: a plan never puts the placeholder or an old version back.
 * Configuration (memory, timeout, environment) stays Terraform's: a change reaches {@code $LATEST} at once and the
 * alias with the next deployment, whose version is published from {@code $LATEST}.
 *
 * <p>Its execution role may write its own log group and do what {@link FunctionSettings#permissions()} declares;
 * in a VPC also manage its network interfaces (the managed ENI policy), with a security group allowing HTTPS out.
 */
public class AliasedFunction extends Construct {
    private static final Pattern ALIAS = Pattern.compile("^[a-zA-Z][a-zA-Z0-9_-]{0,127}$");

    /**
     * @param names naming helper
     * @param network the private subnets (used when the function runs in the VPC)
     * @param settings runtime, handler, memory, timeout, environment, permissions
     * @param aliasName the alias callers use, e.g. live (not a number, not $LATEST)
     * @param functionUrl whether the alias gets a function URL (IAM-authenticated)
     */
    public record Props(Names names, Network network, FunctionSettings settings, String aliasName, boolean functionUrl) {
        public Props {
            Check check = Check.in("AliasedFunction.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("settings", settings, "e.g. FunctionSettings.of(\"python3.13\", \"app.handler\")");
            check.matches("aliasName", aliasName, ALIAS, "a name starting with a letter, e.g. live",
                    "use e.g. live (a number or $LATEST would name a version, not an alias)");
            check.require(!settings.inVpc() || network != null, "network", null, "the environment's network for a VPC function",
                    "pass the Network, or turn inVpc off");
        }
    }

    private final LambdaFunction function;
    private final LambdaAlias alias;
    private final IamRole role;
    private final LambdaFunctionUrl url;
    private final String functionName;

    public AliasedFunction(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        FunctionSettings settings = props.settings();
        AwsContext aws = AwsContext.of(this);
        functionName = functionName(names);

        CloudwatchLogGroup logs = CloudwatchLogGroup.Builder.create(this, "LogGroup")
                .name("/aws/lambda/" + functionName)
                .retentionInDays(settings.logRetentionDays())
                .build();
        role = IamRole.Builder.create(this, "Role")
                .name(names.physical("function", NameLimit.IAM_ROLE))
                .description("Execution role of " + functionName + ": its logs and what it declares")
                .assumeRolePolicy(PolicyDocument.trust("lambda.amazonaws.com", aws.accountId()))
                .build();
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(PolicyStatement.allow("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logs.getArn() + ":*")));
        statements.addAll(settings.permissions());
        if (settings.inVpc()) {
            // Lambda's documented VPC permissions: the ENI policy (below), and reading the subnets, which it lacks.
            statements.add(PolicyStatement.allow("DescribeSubnets", List.of("ec2:DescribeSubnets"), List.of("*")));
        }
        List<ITerraformDependable> ready = new ArrayList<>(List.of(logs));
        ready.add(IamRolePolicy.Builder.create(this, "RolePolicy")
                .name("function")
                .role(role.getName())
                .policy(PolicyDocument.of(statements))
                .build());

        LambdaFunction.Builder builder = LambdaFunction.Builder.create(this, "Function");
        if (settings.inVpc()) {
            SecurityGroup group = SecurityGroup.Builder.create(this, "SecurityGroup")
                    .name(names.physical("function", NameLimit.SECURITY_GROUP))
                    .description("Lambda " + functionName + ": HTTPS out only")
                    .vpcId(props.network().getVpcId())
                    .build();
            VpcSecurityGroupEgressRule.Builder.create(this, "HttpsOut")
                    .securityGroupId(group.getId())
                    .cidrIpv4("0.0.0.0/0")
                    .ipProtocol("tcp")
                    .fromPort(443)
                    .toPort(443)
                    .description("AWS APIs and HTTPS services")
                    .build();
            ready.add(IamRolePolicyAttachment.Builder.create(this, "VpcAccess")
                    .role(role.getName())
                    .policyArn(aws.managedPolicy(AwsContext.LAMBDA_VPC_ACCESS))
                    .build());
            ready.addAll(props.network().getPrivateEgress(this));
            builder.vpcConfig(LambdaFunctionVpcConfig.builder()
                    .subnetIds(props.network().getPrivateSubnetIds())
                    .securityGroupIds(List.of(group.getId()))
                    .build());
        }

        TerraformAsset placeholder = TerraformAsset.Builder.create(this, "Placeholder")
                .path(LambdaPackage.ofFiles(Placeholder.files(settings, names.service())).toString())
                .type(AssetType.FILE)
                .build();
        if (!settings.environment().isEmpty()) {
            // Values are data: escaped for Terraform, which would read ${ and %{ in them as its own templates.
            Map<String, String> variables = new java.util.TreeMap<>();
            settings.environment().forEach((key, value) -> variables.put(key, TerraformStrings.literal(value)));
            builder.environment(LambdaFunctionEnvironment.builder().variables(variables).build());
        }
        function = builder
                .functionName(functionName)
                .description(names.base() + " (released by CodeDeploy through the alias " + props.aliasName() + ")")
                .role(role.getArn())
                .runtime(settings.runtime())
                .handler(settings.handler())
                .memorySize(settings.memoryMb())
                .timeout(settings.timeoutSeconds())
                .filename(placeholder.getPath())
                .sourceCodeHash(Fn.filebase64sha256(placeholder.getPath()))
                // Version 1 (the placeholder) exists for the alias to point at; the pipeline publishes the others.
                .publish(true)
                .dependsOn(ready)
                // The pipeline owns the code from the first deployment on.
                .lifecycle(TerraformResourceLifecycle.builder()
                        .ignoreChanges(List.of("filename", "source_code_hash", "s3_bucket", "s3_key", "s3_object_version"))
                        .build())
                .build();
        alias = LambdaAlias.Builder.create(this, "Alias")
                .name(props.aliasName())
                .description("What callers use; CodeDeploy moves it from version to version")
                .functionName(function.getFunctionName())
                .functionVersion(function.getVersion())
                .lifecycle(TerraformResourceLifecycle.builder()
                        .ignoreChanges(List.of("function_version", "routing_config"))
                        .build())
                .build();
        url = props.functionUrl() ? LambdaFunctionUrl.Builder.create(this, "Url")
                .functionName(function.getFunctionName())
                .qualifier(alias.getName())
                .authorizationType("AWS_IAM")
                .build() : null;
    }

    /** The function's name: {@code <service>-<env>-function}. */
    public static String functionName(Names names) {
        return names.physical("function", NameLimit.LAMBDA_FUNCTION);
    }

    public LambdaFunction getFunction() {
        return function;
    }

    public LambdaAlias getAlias() {
        return alias;
    }

    public IamRole getRole() {
        return role;
    }

    /** The alias's function URL, or null. */
    public LambdaFunctionUrl getUrl() {
        return url;
    }

    /** The first apply's handler, answering 200 until the first deployment, for the runtime's family. */
    static final class Placeholder {
        private Placeholder() {
        }

        static Map<String, String> files(FunctionSettings settings, String service) {
            String body = "placeholder of " + service + ": no deployment yet";
            String fn = settings.handlerFunction();
            return switch (LambdaRuntime.check(Check.in("FunctionSettings"), "runtime", settings.runtime())) {
                case PYTHON -> Map.of(settings.handlerFile().replace('.', '/') + ".py",
                        "def " + fn + "(event, context):\n    return {\"statusCode\": 200, \"body\": \"" + body + "\"}\n");
                case NODEJS -> Map.of(settings.handlerFile() + ".js",
                        "exports." + fn + " = async () => ({ statusCode: 200, body: \"" + body + "\" });\n");
                case RUBY -> Map.of(settings.handlerFile() + ".rb",
                        "def " + fn + "(event:, context:)\n  { statusCode: 200, body: \"" + body + "\" }\nend\n");
            };
        }
    }
}
