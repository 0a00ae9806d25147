package io.bluegreen.platform.ecs;

import io.bluegreen.iam.PolicyDocument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the ECS appspec CodeDeploy reads (JSON, which is valid YAML for appspec.yaml). */
public final class AppSpec {
    /** Placeholder CodeDeploy replaces with the registered task definition ARN. */
    public static final String TASK_DEFINITION_PLACEHOLDER = "<TASK_DEFINITION>";

    /**
     * One lifecycle hook: the event (e.g. AfterAllowTestTraffic) and the Lambda function name or ARN.
     */
    public record Hook(String event, String functionName) {
    }

    private AppSpec() {
    }

    /**
     * The appspec of an ECS blue/green deployment: the task definition placeholder, the container and port the load
     * balancer sends to, the tasks' network (applied on every deployment) and the lifecycle hooks.
     */
    public static String render(String containerName, int containerPort, TaskNetwork network, List<Hook> hooks) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("TaskDefinition", TASK_DEFINITION_PLACEHOLDER);
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
