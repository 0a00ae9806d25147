package io.bluegreen.codedeploy;

import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Whether the rollback alarms gate a service's deployments. Normally they do: a deployment stops and rolls back when
 * one of them fires, and none proceeds while one is in alarm. In an incident that leaves no way to ship the fix
 * through the pipeline (the alarms that fire are the reason for the fix). Opening the gate keeps every alarm, its
 * notifications and the rollback on failure, and only stops CodeDeploy from polling the alarms: the deployment group's
 * alarm configuration is disabled. docs/runbook.md: every platform, the emergency switch.
 */
public final class AlarmGate {
    private AlarmGate() {
    }

    /**
     * Opens the gate on every deployment group below {@code scope} (a service's stack): CodeDeploy ignores the alarms
     * for the deployments that start while it is open. Alarms, notifications and the rollback on failure stay.
     */
    public static void open(Construct scope) {
        for (IConstruct node : scope.getNode().findAll()) {
            if (node instanceof CodedeployDeploymentGroup group && group.getAlarmConfigurationInput() != null) {
                group.addOverride("alarm_configuration.enabled", false);
            }
        }
    }
}
