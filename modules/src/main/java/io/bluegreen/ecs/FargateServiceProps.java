package io.bluegreen.ecs;

import io.bluegreen.naming.Names;
import io.bluegreen.traffic.TrafficLayer;
import io.bluegreen.validation.Check;

/**
 * @param names the naming helper
 * @param traffic the traffic layer: blue target group, tasks security group, private subnets
 * @param container the container model
 * @param settings service tuning
 */
public record FargateServiceProps(Names names, TrafficLayer traffic, ContainerSpec container, ServiceSettings settings) {
    public FargateServiceProps {
        Check check = Check.in("FargateServiceProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("traffic", traffic, "pass the TrafficLayer construct");
        check.notNull("container", container, "describe the container with ContainerSpec");
        settings = Check.orDefault(settings, ServiceSettings.DEFAULT);
        check.require(container.port() == traffic.getContainerPort(), "container.port", container.port(),
                "the traffic layer's container port (" + traffic.getContainerPort() + ")",
                "build the TrafficLayer with the container's port");
    }
}
