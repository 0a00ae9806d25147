package io.bluegreen.network;

import io.bluegreen.naming.Names;
import io.bluegreen.validation.Check;

/**
 * @param names the naming helper of the service and environment
 * @param source create a VPC, or use an existing one
 */
public record NetworkProps(Names names, VpcSource source) {
    public NetworkProps {
        Check check = Check.in("NetworkProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("source", source,
                "use VpcSource.Create.of(\"10.0.0.0/16\") or new VpcSource.Existing(vpcId, publicSubnetIds, privateSubnetIds)");
    }
}
