package io.bluegreen.environments.dev;

import io.bluegreen.environments.Defaults;
import io.bluegreen.platform.lambda.LambdaDeploymentConfig;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.ServiceDefaults;
import io.bluegreen.network.VpcSource;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.platform.existingservers.OnPremisesTrust;

/**
 * dev: the quick-start environment. Creates its own VPC and GitHub connection and keeps state locally; nothing to
 * set up before the first deploy.
 */
public final class Dev {
    private Dev() {
    }

    /**
     * What every dev service has: a GitHub connection dev creates itself (complete the handshake once in the console,
     * docs/configuration.md: source connection), and a destroy that takes the artifacts, images and logs with it.
     */
    static final ServiceDefaults SERVICES = ServiceDefaults.NONE
            .withConnection(new PipelineSource.Create(PipelineSource.ProviderType.GITHUB))
            .withForceDestroyArtifacts(true);

    public static EnvironmentConfig config() {
        return Defaults.environment("dev")
                .network(VpcSource.Create.of("10.10.0.0/16"))
                .service(Defaults.CHECKOUT, () -> Defaults.checkout(SERVICES).build())
                .service(Defaults.CATALOG, () -> Defaults.catalog(SERVICES).build())
                .service(Defaults.ORDERS, () -> Defaults.orders(SERVICES)
                        // dev: failed greens go after 15 minutes.
                        .green(g -> g.withCleanupGrace(15))
                        .build())
                .service(Defaults.PRICING, () -> Defaults.pricing(SERVICES)
                        // dev: every version at once, no waiting.
                        .deploymentConfig(new LambdaDeploymentConfig.BuiltIn("LambdaAllAtOnce"))
                        .build())
                // Servers dev does not launch: tagged EC2 instances and registered on-premises servers. CHANGE ME: the
                // role of your job that refreshes the on-premises servers' credentials (or a Roles Anywhere trust anchor).
                .service(Defaults.INVENTORY, () -> Defaults.inventory("dev", SERVICES,
                        new OnPremisesTrust.AssumedBy("arn:aws:iam::111122223333:role/onprem-credential-refresher")))
                .build();
    }
}
