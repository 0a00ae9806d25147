package io.bluegreen.platform.ecs;

import java.util.List;

/**
 * The awsvpc network of the service's tasks: what the ECS service is created with and what each CodeDeploy
 * deployment applies to the replacement tasks (ECS refuses network changes in UpdateService under CODE_DEPLOY).
 *
 * @param subnets subnet ids (the private subnets)
 * @param securityGroups security group ids of the tasks
 * @param assignPublicIp whether tasks get public IPs
 */
public record TaskNetwork(List<String> subnets, List<String> securityGroups, boolean assignPublicIp) {
    public TaskNetwork {
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
    }
}
