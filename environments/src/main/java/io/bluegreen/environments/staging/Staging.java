package io.bluegreen.environments.staging;

import io.bluegreen.platform.Scaling;
import io.bluegreen.platform.lambda.LambdaDeploymentConfig;
import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.ServiceDefaults;
import io.bluegreen.environments.StateBackend;
import io.bluegreen.network.VpcSource;

import java.util.List;

/** staging: runs in an existing VPC, state in S3. */
public final class Staging {
    private Staging() {
    }

    /** What every staging service has: HTTPS with staging's certificate (CHANGE ME: in the environment's region). */
    static final ServiceDefaults SERVICES = ServiceDefaults.NONE
            .withCertificate("arn:aws:acm:eu-west-1:111122223333:certificate/3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b");

    public static EnvironmentConfig config() {
        return Defaults.environment("staging")
                // CHANGE ME: the staging account (also the account of Defaults.CONNECTION_ARN and the certificate).
                .account("111122223333")
                // CHANGE ME: your staging VPC and subnets (two public for the ALB, two private for the tasks).
                .network(new VpcSource.Existing(
                        "vpc-0a1b2c3d4e5f60718",
                        List.of("subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60712"),
                        List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722")))
                // CHANGE ME: the state bucket from the one-time bootstrap (docs/operations.md).
                .stateBackend(new StateBackend.S3("acme-terraform-state-111122223333"))
                .service(Defaults.CHECKOUT, () -> Defaults.checkout(SERVICES)
                        .ecs(s -> s.withCapacity(2, Scaling.between(2, 4)))
                        .build())
                .service(Defaults.CATALOG, () -> Defaults.catalog(SERVICES)
                        .fleet(f -> f.withSize(2, 4, 2))
                        .build())
                .service(Defaults.ORDERS, () -> Defaults.orders(SERVICES)
                        .fleet(f -> f.withSize(2, 4, 2))
                        .build())
                .service(Defaults.PRICING, () -> Defaults.pricing(SERVICES)
                        // staging: 10% more every minute.
                        .deploymentConfig(new LambdaDeploymentConfig.BuiltIn("LambdaLinear10PercentEvery1Minute"))
                        .build())
                .build();
    }
}
