package io.bluegreen.ecs;

import io.bluegreen.iam.PolicyDocument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the ECS appspec CodeDeploy reads (JSON, which is valid YAML for appspec.yaml). */
public final class AppSpec {
    /**
     * One lifecycle hook: the event (e.g. AfterAllowTestTraffic) and the Lambda function name or ARN.
     */
    public record Hook(String event, String functionName) {
    }

    /**
     * The awsvpc network of the replacement tasks. Under the CODE_DEPLOY controller ECS refuses network changes in
     * UpdateService; a deployment applies the appspec's network instead.
     */
    public record Network(List<String> subnets, List<String> securityGroups, boolean assignPublicIp) {
    }

    private AppSpec() {
    }

    public static String render(String containerName, int containerPort, Network network, List<Hook> hooks) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("TaskDefinition", FargateService.TASK_DEFINITION_PLACEHOLDER);
        properties.put("LoadBalancerInfo", Map.of("ContainerName", containerName, "ContainerPort", containerPort));
        properties.put("PlatformVersion", "LATEST");
        Map<String, Object> awsvpc = new LinkedHashMap<>();
        awsvpc.put("Subnets", network.subnets());
        awsvpc.put("SecurityGroups", network.securityGroups());
        awsvpc.put("AssignPublicIp", network.assignPublicIp() ? "ENABLED" : "DISABLED");
        properties.put("NetworkConfiguration", Map.of("AwsvpcConfiguration", awsvpc));
        Map<String, Object> target = Map.of("TargetService", Map.of("Type", "AWS::ECS::Service", "Properties", properties));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("version", 0.0);
        spec.put("Resources", List.of(target));
        if (!hooks.isEmpty()) {
            spec.put("Hooks", hooks.stream().map(h -> Map.of(h.event(), h.functionName())).toList());
        }
        return PolicyDocument.json(spec);
    }
}
