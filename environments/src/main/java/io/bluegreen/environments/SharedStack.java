package io.bluegreen.environments;

import io.bluegreen.network.Network;
import io.bluegreen.network.NetworkProps;
import io.bluegreen.security.Baseline;
import io.bluegreen.security.EnvironmentSecurity;
import software.constructs.Construct;

/**
 * What an environment's services share, in one stack ({@code <env>-shared}): the network (a created VPC, or the
 * lookups of an existing one) and what its security baseline shares (access-log bucket, KMS key, web ACL). Service stacks use it through cdktf cross-stack references (outputs here, remote
 * state there), so a team plans and deploys its service without touching the others.
 */
public class SharedStack extends EnvironmentStack {
    private final Network network;
    private final EnvironmentSecurity.Shared security;

    public SharedStack(Construct scope, EnvironmentConfig environment) {
        super(scope, environment, ServiceConfig.SHARED);
        this.network = new Network(this, "Network",
                new NetworkProps(environment.names(ServiceConfig.SHARED), environment.network()));
        Baseline baseline = environment.baseline();
        this.security = !baseline.sharesAnything() ? new EnvironmentSecurity.Shared(baseline, null, null, null)
                : new EnvironmentSecurity(this, "Security", new EnvironmentSecurity.Props(
                        environment.names(ServiceConfig.SHARED), environment.name(), environment.region(),
                        environment.services().stream().map(ServiceConfig::name).toList(), baseline)).getShared();
    }

    /** What the environment's baseline shares with its service stacks (values null where a part is off). */
    public EnvironmentSecurity.Shared getSecurity() {
        return security;
    }

    public Network getNetwork() {
        return network;
    }
}
