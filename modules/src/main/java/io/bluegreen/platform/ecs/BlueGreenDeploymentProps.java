package io.bluegreen.platform.ecs;

import io.bluegreen.codedeploy.DeploymentGroups;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.validation.Check;

import java.util.List;

/**
 * What a blue/green deployment of an ECS service needs, as in AWS CDK's EcsDeploymentGroup: the service, the two
 * target groups and the two listeners CodeDeploy swaps.
 *
 * @param names the naming helper
 * @param service the ECS service (must be under the CODE_DEPLOY controller)
 * @param blueTargetGroup the target group the service starts on
 * @param greenTargetGroup the target group replacement tasks start on
 * @param prodListener the production listener (forwards to blue until a deployment shifts it)
 * @param testListener the test listener (forwards to green)
 * @param settings strategy, readiness and termination waits
 * @param rollbackAlarms alarms that stop a deployment and roll back (at most 10); empty = none
 * @param notifications topic for deployment start/success/failure/rollback; null = none
 */
public record BlueGreenDeploymentProps(Names names, FargateService service, LbTargetGroup blueTargetGroup,
                                       LbTargetGroup greenTargetGroup, LbListener prodListener, LbListener testListener,
                                       DeploymentSettings settings, List<String> rollbackAlarms,
                                       NotificationTopic notifications) {

    public BlueGreenDeploymentProps {
        Check check = Check.in("BlueGreenDeploymentProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("service", service, "pass the FargateService construct");
        check.notNull("blueTargetGroup", blueTargetGroup, "pass the traffic layer's blue target group");
        check.notNull("greenTargetGroup", greenTargetGroup, "pass the traffic layer's green target group");
        check.notNull("prodListener", prodListener, "pass the traffic layer's production listener");
        check.notNull("testListener", testListener, "pass the traffic layer's test listener");
        check.require(FargateService.DEPLOYMENT_CONTROLLER.equals(service.getDeploymentController()),
                "service deployment controller", service.getDeploymentController(),
                "CODE_DEPLOY (blue/green needs CodeDeploy to own the service's deployments)",
                "create the service with deployment_controller { type = \"CODE_DEPLOY\" }");
        check.notNull("settings", settings, "pass DeploymentSettings.DEFAULT or your own");
        rollbackAlarms = DeploymentGroups.checkAlarms(check, rollbackAlarms);
        check.distinct("rollbackAlarms", rollbackAlarms, "remove the duplicate alarm name");
    }
}
