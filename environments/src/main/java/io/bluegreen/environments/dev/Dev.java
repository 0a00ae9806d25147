package io.bluegreen.environments.dev;

import io.bluegreen.environments.Defaults;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.network.VpcSource;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.pipeline.PipelineSource;

/**
 * dev: the quick-start environment. Creates its own VPC and GitHub connection and keeps state locally; nothing to
 * set up before the first deploy.
 */
public final class Dev {
    private Dev() {
    }

    public static EnvironmentConfig config() {
        return Defaults.environment("dev")
                .network(VpcSource.Create.of("10.10.0.0/16"))
                .service(Defaults.CHECKOUT, () -> Defaults.checkout()
                        // dev creates its own GitHub connection: complete the handshake once in the console (README).
                        .pipeline(p -> PipelineSettings.of(new PipelineSource.CodeStarConnection(
                                        new PipelineSource.Create(PipelineSource.ProviderType.GITHUB),
                                        Defaults.APP_REPOSITORY, Defaults.APP_BRANCH))
                                .withForceDestroyArtifacts(true))
                        .build())
                .service(Defaults.CATALOG, () -> Defaults.catalog()
                        .pipeline(p -> PipelineSettings.of(new PipelineSource.CodeStarConnection(
                                        new PipelineSource.Create(PipelineSource.ProviderType.GITHUB),
                                        Defaults.CATALOG_REPOSITORY, Defaults.APP_BRANCH))
                                .withForceDestroyArtifacts(true))
                        .build())
                .service(Defaults.ORDERS, () -> Defaults.orders()
                        .pipeline(p -> PipelineSettings.of(new PipelineSource.CodeStarConnection(
                                        new PipelineSource.Create(PipelineSource.ProviderType.GITHUB),
                                        Defaults.ORDERS_REPOSITORY, Defaults.APP_BRANCH))
                                .withForceDestroyArtifacts(true))
                        // dev: failed greens go after 15 minutes.
                        .green(g -> g.withCleanupGrace(15))
                        .build())
                .service(Defaults.PRICING, () -> Defaults.pricing()
                        .pipeline(p -> PipelineSettings.of(new PipelineSource.CodeStarConnection(
                                        new PipelineSource.Create(PipelineSource.ProviderType.GITHUB),
                                        Defaults.PRICING_REPOSITORY, Defaults.APP_BRANCH))
                                .withForceDestroyArtifacts(true))
                        // dev: every version at once, no waiting.
                        .deploymentConfig(new LambdaDeploymentConfig.BuiltIn("LambdaAllAtOnce"))
                        .build())
                .build();
    }
}
