package io.bluegreen.codedeploy;

import io.bluegreen.ecs.FargateService;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.validation.Check;

import java.util.List;

/**
 * @param names the naming helper
 * @param service the ECS service (must be under the CODE_DEPLOY controller); its traffic layer provides the
 *                listeners and target groups
 * @param settings strategy, readiness and termination waits
 * @param rollbackAlarms alarms that stop a deployment and roll back (at most 10); empty = none
 * @param notifications topic for deployment start/success/failure/rollback; null = none
 */
public record BlueGreenDeploymentProps(Names names, FargateService service, DeploymentSettings settings,
                                       List<String> rollbackAlarms, NotificationTopic notifications) {
    public BlueGreenDeploymentProps {
        Check check = Check.in("BlueGreenDeploymentProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("service", service, "pass the FargateService construct");
        check.require(FargateService.DEPLOYMENT_CONTROLLER.equals(service.getDeploymentController()),
                "service deployment controller", service.getDeploymentController(),
                "CODE_DEPLOY (blue/green needs CodeDeploy to own the service's deployments)",
                "create the service with deployment_controller { type = \"CODE_DEPLOY\" }");
        settings = Check.orDefault(settings, DeploymentSettings.DEFAULT);
        rollbackAlarms = List.copyOf(Check.orDefault(rollbackAlarms, List.of()));
        check.require(rollbackAlarms.size() <= MAX_ALARMS, "rollbackAlarms", rollbackAlarms.size() + " alarms",
                "at most " + MAX_ALARMS + " alarms (CodeDeploy's limit per deployment group)",
                "combine alarms into a composite alarm");
        check.distinct("rollbackAlarms", rollbackAlarms, "remove the duplicate alarm name");
    }

    /** CodeDeploy's limit of alarms per deployment group. */
    public static final int MAX_ALARMS = 10;

    /** Without alarms or notifications. */
    public BlueGreenDeploymentProps(Names names, FargateService service, DeploymentSettings settings) {
        this(names, service, settings, List.of(), null);
    }
}
