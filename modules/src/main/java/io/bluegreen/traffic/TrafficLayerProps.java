package io.bluegreen.traffic;

import io.bluegreen.naming.Names;
import io.bluegreen.network.Network;
import io.bluegreen.validation.Check;

/**
 * @param names the naming helper of the service and environment
 * @param network where the ALB (public subnets, or private when internal) and the tasks (private subnets) live
 * @param containerPort the port the container listens on; target groups send HTTP to it
 * @param settings the environment's tunable values
 * @param targets ECS task IPs in a blue/green pair, or one group of EC2 instances
 */
public record TrafficLayerProps(Names names, Network network, int containerPort, TrafficSettings settings,
                                Targets targets) {
    public TrafficLayerProps {
        Check check = Check.in("TrafficLayerProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("network", network, "pass the Network construct");
        check.between("containerPort", containerPort, 1, 65535, "use the port your container listens on, e.g. 80");
        check.notNull("settings", settings, "pass TrafficSettings.DEFAULT or your own");
        check.notNull("targets", targets, "Targets.IP_BLUE_GREEN (ECS) or Targets.INSTANCE_SINGLE (EC2 in-place)");
        check.atLeast("network public subnets", network.getPublicSubnetIds(), 2, "subnets in different AZs",
                "an ALB needs two subnets in two availability zones");
        check.atLeast("network private subnets", network.getPrivateSubnetIds(), 2, "subnets in different AZs",
                "tasks need two subnets in two availability zones");
    }

    /** An ECS blue/green traffic layer. */
    public TrafficLayerProps(Names names, Network network, int containerPort, TrafficSettings settings) {
        this(names, network, containerPort, settings, Targets.IP_BLUE_GREEN);
    }
}
