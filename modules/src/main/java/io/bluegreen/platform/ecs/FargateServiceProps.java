package io.bluegreen.platform.ecs;

import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import io.bluegreen.naming.Names;
import io.bluegreen.network.Network;
import io.bluegreen.validation.Check;

import java.util.List;

/**
 * @param names the naming helper
 * @param network the private subnets the tasks run in
 * @param tasksSecurityGroup the tasks' security group (the ALB's target)
 * @param targetGroup the target group the service starts on (blue)
 * @param listeners the listeners forwarding to the target groups: a target group must be attached to a listener
 *                  before a service can use it
 * @param container the container model
 * @param settings service tuning
 */
public record FargateServiceProps(Names names, Network network, SecurityGroup tasksSecurityGroup,
                                  LbTargetGroup targetGroup, List<LbListener> listeners, ContainerSpec container,
                                  ServiceSettings settings) {
    public FargateServiceProps {
        Check check = Check.in("FargateServiceProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("network", network, "pass the Network construct");
        check.notNull("tasksSecurityGroup", tasksSecurityGroup, "pass the traffic layer's tasks security group");
        check.notNull("targetGroup", targetGroup, "pass the blue target group");
        listeners = List.copyOf(Check.orDefault(listeners, List.of()));
        check.notNull("container", container, "describe the container with ContainerSpec");
        check.notNull("settings", settings, "pass ServiceSettings.DEFAULT or your own");
        Number targetPort = targetGroup.getPortInput();
        check.require(targetPort == null || targetPort.intValue() == container.port(), "container.port", container.port(),
                "the target group's port (" + targetPort + ")", "build the TrafficLayer with the container's port");
    }
}
