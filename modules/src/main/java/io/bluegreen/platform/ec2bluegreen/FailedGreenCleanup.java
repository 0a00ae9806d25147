package io.bluegreen.platform.ec2bluegreen;

import com.hashicorp.cdktf.AssetType;
import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.TerraformAsset;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunctionEnvironment;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.sfn_state_machine.SfnStateMachine;
import io.bluegreen.aws.AwsContext;
import io.bluegreen.aws.LambdaPackage;
import io.bluegreen.codedeploy.DeploymentStateEvents;
import io.bluegreen.iam.PolicyDocument;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.naming.NameLimit;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes the green Auto Scaling group a failed or stopped EC2 blue/green deployment leaves behind (CodeDeploy does
 * not): an EventBridge rule on this deployment group's FAILURE and STOP state changes starts a state machine that
 * waits the grace period (time to debug the failed instances) and then invokes a small Python function
 * ({@code green_cleanup.py}). The function deletes {@code CodeDeploy_<deployment group>_<deployment id>} with force
 * delete only when CodeDeploy reports the deployment failed or stopped, the deployment group does not name the group,
 * and none of its instances is registered in the target group (a copy merely attached, with nothing registered, is
 * deleted: it would register every instance it launched); otherwise it refuses.
 * What it deleted or refused goes to the service's topic; every run is visible in the state machine's history.
 *
 * <p>Least privilege: its role may delete only groups whose names start with the deployment group's copy prefix, and
 * read only this deployment group and its deployments.
 */
public class FailedGreenCleanup extends Construct {
    public static final String RUNTIME = "python3.13";
    static final String SOURCE = "green_cleanup.py";
    /** The deployment states whose copies are cleaned up (EventBridge's names). */
    public static final List<String> STATES = List.of("FAILURE", "STOP");

    /**
     * @param names naming helper
     * @param application the CodeDeploy application's name (a literal: it goes into the event pattern)
     * @param deploymentGroup the deployment group's name (a literal: it goes into the pattern and the delete permission)
     * @param copyPrefix the copies' names up to the deployment id
     * @param targetGroup the service's production target group (a group attached to it is never deleted)
     * @param notifications topic told what was deleted or refused
     * @param graceMinutes minutes to wait before deleting (0..2880)
     * @param logRetentionDays retention of the function's log group
     */
    public record Props(Names names, String application, String deploymentGroup, String copyPrefix,
                        LbTargetGroup targetGroup, NotificationTopic notifications, int graceMinutes,
                        int logRetentionDays) {
        public Props {
            Check check = Check.in("FailedGreenCleanup.Props");
            check.notNull("names", names, "pass the service's Names");
            check.notNull("application", application, "pass the CodeDeploy application's name");
            check.notNull("deploymentGroup", deploymentGroup, "pass ServerBlueGreenDeployment.groupName(names)");
            check.require(copyPrefix != null && copyPrefix.equals("CodeDeploy_" + deploymentGroup + "_"), "copyPrefix",
                    copyPrefix, "CodeDeploy_" + deploymentGroup + "_", "pass ServerBlueGreenDeployment.copyPrefix(names)");
            check.notNull("targetGroup", targetGroup, "pass the traffic layer's target group");
            check.notNull("notifications", notifications, "pass the service's NotificationTopic");
            check.between("graceMinutes", graceMinutes, 0, 2880, "use e.g. 60");
        }
    }

    private final LambdaFunction function;
    private final SfnStateMachine stateMachine;
    private final CloudwatchEventRule rule;
    private final IamRole functionRole;

    public FailedGreenCleanup(Construct scope, String id, Props props) {
        super(scope, id);
        Names names = props.names();
        AwsContext aws = AwsContext.of(this);
        String functionName = names.physical("green-cleanup", NameLimit.LAMBDA_FUNCTION);
        String region = aws.partition() + ":%s:" + aws.region() + ":" + aws.accountId() + ":";
        String deploymentGroupArn = aws.deploymentGroupArn(props.application(), props.deploymentGroup());

        CloudwatchLogGroup logs = CloudwatchLogGroup.Builder.create(this, "LogGroup")
                .name("/aws/lambda/" + functionName)
                .retentionInDays(props.logRetentionDays())
                .build();
        functionRole = IamRole.Builder.create(this, "FunctionRole")
                .name(names.physical("green-cleanup", NameLimit.IAM_ROLE))
                .description("Clean-up of failed blue/green deployments of " + names.base()
                        + ": deletes only CodeDeploy's copies of its fleet")
                .assumeRolePolicy(PolicyDocument.trust("lambda.amazonaws.com", aws.accountId()))
                .build();
        IamRolePolicy functionPolicy = IamRolePolicy.Builder.create(this, "FunctionPolicy")
                .name("green-cleanup")
                .role(functionRole.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                List.of(logs.getArn() + ":*")),
                        PolicyStatement.allow("ReadDeployments", List.of("codedeploy:GetDeployment", "codedeploy:GetDeploymentGroup"),
                                List.of(deploymentGroupArn)),
                        // Neither action supports resource-level permissions.
                        PolicyStatement.allow("DescribeFleets", List.of("autoscaling:DescribeAutoScalingGroups",
                                "elasticloadbalancing:DescribeTargetHealth"), List.of("*")),
                        PolicyStatement.allow("DeleteCopiesOnly", List.of("autoscaling:DeleteAutoScalingGroup"),
                                List.of("arn:" + String.format(region, "autoscaling") + "autoScalingGroup:*:autoScalingGroupName/"
                                        + props.copyPrefix() + "*")),
                        PolicyStatement.allow("Notify", List.of("sns:Publish"), List.of(props.notifications().getTopicArn())),
                        PolicyStatement.allow("EncryptNotifications", List.of("kms:GenerateDataKey*", "kms:Decrypt"),
                                List.of(props.notifications().getKey().getArn())))))
                .build();

        TerraformAsset code = TerraformAsset.Builder.create(this, "Code")
                .path(LambdaPackage.of(FailedGreenCleanup.class, SOURCE).toString())
                .type(AssetType.FILE)
                .build();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("APPLICATION", props.application());
        environment.put("DEPLOYMENT_GROUP", props.deploymentGroup());
        environment.put("TARGET_GROUP_ARN", props.targetGroup().getArn());
        environment.put("TOPIC_ARN", props.notifications().getTopicArn());
        function = LambdaFunction.Builder.create(this, "Function")
                .functionName(functionName)
                .description("Deletes the green Auto Scaling group of a failed or stopped blue/green deployment of "
                        + names.base())
                .role(functionRole.getArn())
                .runtime(RUNTIME)
                .handler("green_cleanup.handler")
                .filename(code.getPath())
                .sourceCodeHash(Fn.filebase64sha256(code.getPath()))
                .timeout(60)
                .memorySize(128)
                .environment(LambdaFunctionEnvironment.builder().variables(environment).build())
                .dependsOn(List.of(logs, functionPolicy))
                .build();

        IamRole machineRole = IamRole.Builder.create(this, "StateMachineRole")
                .name(names.physical("green-cleanup-sfn", NameLimit.IAM_ROLE))
                .description("Waits the grace period, then invokes the green clean-up of " + names.base())
                .assumeRolePolicy(PolicyDocument.trust("states.amazonaws.com", aws.accountId()))
                .build();
        IamRolePolicy machinePolicy = IamRolePolicy.Builder.create(this, "StateMachinePolicy")
                .name("invoke-cleanup")
                .role(machineRole.getName())
                .policy(PolicyDocument.of(List.of(
                        PolicyStatement.allow("InvokeCleanup", List.of("lambda:InvokeFunction"),
                                List.of(function.getArn(), function.getArn() + ":*")),
                        PolicyStatement.allow("ReportFailure", List.of("sns:Publish"), List.of(props.notifications().getTopicArn())),
                        PolicyStatement.allow("EncryptReport", List.of("kms:GenerateDataKey*", "kms:Decrypt"),
                                List.of(props.notifications().getKey().getArn())))))
                .build();
        stateMachine = SfnStateMachine.Builder.create(this, "StateMachine")
                .name(names.physical("green-cleanup", NameLimit.STATE_MACHINE))
                .roleArn(machineRole.getArn())
                .definition(PolicyDocument.json(definition(aws.partition(), function.getArn(),
                        props.notifications().getTopicArn(), props.graceMinutes())))
                .dependsOn(List.of(machinePolicy))
                .build();

        IamRole eventsRole = IamRole.Builder.create(this, "EventsRole")
                .name(names.physical("green-cleanup-events", NameLimit.IAM_ROLE))
                .description("Starts the green clean-up of " + names.base() + " when a deployment fails or stops")
                .assumeRolePolicy(PolicyDocument.trust("events.amazonaws.com", aws.accountId()))
                .build();
        IamRolePolicy eventsPolicy = IamRolePolicy.Builder.create(this, "EventsPolicy")
                .name("start-cleanup")
                .role(eventsRole.getName())
                .policy(PolicyDocument.of(List.of(PolicyStatement.allow("StartCleanup", List.of("states:StartExecution"),
                        List.of(stateMachine.getArn())))))
                .build();
        rule = CloudwatchEventRule.Builder.create(this, "Rule")
                .name(names.physical("green-cleanup", NameLimit.EVENT_RULE))
                .description("Failed or stopped blue/green deployments of " + names.base() + " -> green clean-up")
                .eventPattern(PolicyDocument.json(DeploymentStateEvents.pattern(props.application(), props.deploymentGroup(), STATES)))
                .build();
        CloudwatchEventTarget.Builder.create(this, "Target")
                .rule(rule.getName())
                .arn(stateMachine.getArn())
                .roleArn(eventsRole.getArn())
                .dependsOn(List.of(eventsPolicy))
                .build();
    }

    /**
     * Wait the grace period (skipped when 0), then invoke the function with the event; retried with back-off on
     * errors (a scaling activity in progress, throttling), never on a decision (refused, gone: those are results).
     * When the retries are spent, the failure goes to the topic (the green group is still running and billing) and
     * the execution fails.
     */
    static Map<String, Object> definition(String partition, String functionArn, String topicArn, int graceMinutes) {
        Map<String, Object> states = new LinkedHashMap<>();
        if (graceMinutes > 0) {
            Map<String, Object> wait = new LinkedHashMap<>();
            wait.put("Type", "Wait");
            wait.put("Comment", "Time to debug the failed green instances before they go");
            wait.put("Seconds", graceMinutes * 60);
            wait.put("Next", "CleanUp");
            states.put("GracePeriod", wait);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("FunctionName", functionArn);
        parameters.put("Payload.$", "$");
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("ErrorEquals", List.of("States.ALL"));
        retry.put("IntervalSeconds", 60);
        retry.put("MaxAttempts", 5);
        retry.put("BackoffRate", 2);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("Type", "Task");
        task.put("Resource", "arn:" + partition + ":states:::lambda:invoke");
        task.put("Parameters", parameters);
        task.put("OutputPath", "$.Payload");
        task.put("Retry", List.of(retry));
        Map<String, Object> catchAll = new LinkedHashMap<>();
        catchAll.put("ErrorEquals", List.of("States.ALL"));
        catchAll.put("ResultPath", "$.error");
        catchAll.put("Next", "ReportFailure");
        task.put("Catch", List.of(catchAll));
        task.put("End", true);
        states.put("CleanUp", task);
        Map<String, Object> publish = new LinkedHashMap<>();
        publish.put("TopicArn", topicArn);
        publish.put("Subject", "Blue/green clean-up FAILED: the green group may still be running");
        publish.put("Message.$", "States.Format('The clean-up of failed deployment {} could not finish after its retries:"
                + " {} {}. Its green Auto Scaling group may still be running: check it and delete it by hand"
                + " (aws autoscaling delete-auto-scaling-group --force-delete --auto-scaling-group-name"
                + " CodeDeploy_<deployment group>_<deployment id>).', $.detail.deploymentId, $.error.Error, $.error.Cause)");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("Type", "Task");
        report.put("Resource", "arn:" + partition + ":states:::sns:publish");
        report.put("Parameters", publish);
        report.put("Next", "CleanupFailed");
        states.put("ReportFailure", report);
        Map<String, Object> fail = new LinkedHashMap<>();
        fail.put("Type", "Fail");
        fail.put("Error", "CleanupFailed");
        fail.put("Cause", "the clean-up function failed after its retries; the topic was told");
        states.put("CleanupFailed", fail);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("Comment", "Deletes the green Auto Scaling group of a failed or stopped blue/green deployment");
        definition.put("StartAt", graceMinutes > 0 ? "GracePeriod" : "CleanUp");
        definition.put("States", states);
        return definition;
    }

    public LambdaFunction getFunction() {
        return function;
    }

    public SfnStateMachine getStateMachine() {
        return stateMachine;
    }

    public CloudwatchEventRule getRule() {
        return rule;
    }

    public IamRole getFunctionRole() {
        return functionRole;
    }
}
