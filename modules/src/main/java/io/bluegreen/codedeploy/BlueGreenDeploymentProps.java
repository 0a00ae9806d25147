package io.bluegreen.codedeploy;

import io.bluegreen.ecs.FargateService;
import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;

/**
 * @param names the naming helper
 * @param service the ECS service (must be under the CODE_DEPLOY controller); its traffic layer provides the
 *                listeners and target groups
 * @param settings strategy, readiness and termination waits
 */
public record BlueGreenDeploymentProps(Names names, FargateService service, DeploymentSettings settings) {
    public BlueGreenDeploymentProps {
        Check check = Check.in("BlueGreenDeploymentProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("service", service, "pass the FargateService construct");
        check.require(FargateService.DEPLOYMENT_CONTROLLER.equals(service.getDeploymentController()),
                "service deployment controller", service.getDeploymentController(),
                "CODE_DEPLOY (blue/green needs CodeDeploy to own the service's deployments)",
                "create the service with deployment_controller { type = \"CODE_DEPLOY\" }");
        settings = Check.orDefault(settings, DeploymentSettings.DEFAULT);
    }
}
