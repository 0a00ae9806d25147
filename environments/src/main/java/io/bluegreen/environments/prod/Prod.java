package io.bluegreen.environments.prod;

import io.bluegreen.platform.lambda.LambdaDeploymentConfig;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import io.bluegreen.platform.Scaling;
import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.ServiceDefaults;
import io.bluegreen.pipeline.DeploymentWindow;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.environments.StateBackend;
import io.bluegreen.network.VpcSource;
import io.bluegreen.security.Baseline;

import java.util.List;

/** prod: runs in an existing VPC, state in S3, locked by the state bucket. */
public final class Prod {
    private Prod() {
    }

    /**
     * CHANGE ME: a CodeStar connection in the prod account (a connection can only be used by pipelines of its own
     * account; it is global, so any region works).
     */
    public static final String CONNECTION_ARN =
            "arn:aws:codestar-connections:eu-west-1:444455556666:connection/2b3c4d5e-6f70-4a81-9b2c-3d4e5f6a7b8c";

    /**
     * What every prod service has: HTTPS with the production certificate (CHANGE ME: an ACM certificate for the
     * production domains, in the environment's region), load balancers protected from deletion, every log kept a year
     * (the baseline refuses less), the prod account's connection, an approval before every deploy, deployments only
     * Monday to Thursday 09:00-16:59 Berlin time (CHANGE ME: your team's hours), and none while the service's alarms
     * fire (emergency overrides: docs/runbook.md).
     */
    public static final ServiceDefaults SERVICES = ServiceDefaults.NONE
            .withCertificate("arn:aws:acm:eu-west-1:444455556666:certificate/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")
            .withDeletionProtection(true)
            .withLogRetentionDays(365)
            .withConnection(new PipelineSource.Existing(CONNECTION_ARN))
            .withApprovalStage(true)
            .withDeployWindow(new DeploymentWindow("* * 9-16 ? * MON-THU", "Europe/Berlin"))
            .withAlarmGate(true);

    public static EnvironmentConfig config() {
        return Defaults.environment("prod")
                // Access logs, WAF, customer-managed keys and a year of logs on every service (docs/security.md: the baseline).
                .baseline(Baseline.PRODUCTION)
                // CHANGE ME: the production account; Terraform refuses credentials of any other account.
                .account("444455556666")
                // CHANGE ME: your production VPC and subnets (two public for the ALB, two private for the tasks).
                .network(new VpcSource.Existing(
                        "vpc-0f1e2d3c4b5a69788",
                        List.of("subnet-0f1e2d3c4b5a69781", "subnet-0f1e2d3c4b5a69782"),
                        List.of("subnet-0f1e2d3c4b5a69791", "subnet-0f1e2d3c4b5a69792")))
                // CHANGE ME: the state bucket from the one-time bootstrap (docs/operations.md).
                .stateBackend(new StateBackend.S3("acme-terraform-state-444455556666"))
                .service(Defaults.CHECKOUT, () -> Defaults.checkout(SERVICES)
                        .ecs(s -> s.withCapacity(2, Scaling.between(2, 10)))
                        .build())
                .service(Defaults.CATALOG, () -> Defaults.catalog(SERVICES)
                        .fleet(f -> f.withSize(2, 6, 3))
                        .deploymentConfig(ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(50))
                        .build())
                .service(Defaults.ORDERS, () -> Defaults.orders(SERVICES)
                        .fleet(f -> f.withSize(2, 6, 3))
                        .deploymentConfig(ServerDeploymentConfig.MinimumHealthyHosts.percentOfFleet(50))
                        // prod: blue stays an hour after the switch (instant rollback), green waits for a go-ahead,
                        // which takes the place of the pipeline's approval.
                        .green(g -> g.withManualGoAhead(120).withTerminationWait(60))
                        .pipeline(p -> p.withApprovalStage(false))
                        .build())
                .service(Defaults.PRICING, () -> Defaults.pricing(SERVICES)
                        // prod: 5% for 15 minutes, then the rest; in the VPC.
                        .deploymentConfig(new LambdaDeploymentConfig.TimeBasedCanary(5, 15))
                        .function(f -> f.withMemory(512).withVpc(true))
                        .build())
                .build();
    }
}
