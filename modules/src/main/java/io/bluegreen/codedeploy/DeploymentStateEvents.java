package io.bluegreen.codedeploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EventBridge pattern for CodeDeploy's deployment state changes: one deployment group's deployments that reach
 * the given states (SUCCESS, FAILURE, STOP, ...), nothing else. CodeDeploy sends these events without any setup.
 */
public final class DeploymentStateEvents {

    private DeploymentStateEvents() {
    }

    public static Map<String, Object> pattern(String application, String deploymentGroup, List<String> states) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("application", List.of(application));
        detail.put("deploymentGroup", List.of(deploymentGroup));
        detail.put("state", List.copyOf(states));
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("source", List.of("aws.codedeploy"));
        pattern.put("detail-type", List.of("CodeDeploy Deployment State-change Notification"));
        pattern.put("detail", detail);
        return pattern;
    }
}
