package io.bluegreen.environments.dev;

import io.bluegreen.environments.Defaults;
import io.bluegreen.platform.lambda.LambdaDeploymentConfig;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.ServiceDefaults;
import io.bluegreen.network.VpcSource;
import io.bluegreen.pipeline.PipelineSource;

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
                .build();
    }
}
