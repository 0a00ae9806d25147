package io.bluegreen.environments;

import io.bluegreen.network.Network;
import io.bluegreen.network.NetworkProps;
import software.constructs.Construct;

/**
 * What an environment's services share, in one stack ({@code <env>-shared}): the network (a created VPC, or the
 * lookups of an existing one). Service stacks use it through cdktf cross-stack references (outputs here, remote
 * state there), so a team plans and deploys its service without touching the others.
 */
public class SharedStack extends EnvironmentStack {
    private final Network network;

    public SharedStack(Construct scope, EnvironmentConfig environment) {
        super(scope, environment, ServiceConfig.SHARED);
        this.network = new Network(this, "Network",
                new NetworkProps(environment.names(ServiceConfig.SHARED), environment.network()));
    }

    public Network getNetwork() {
        return network;
    }
}
