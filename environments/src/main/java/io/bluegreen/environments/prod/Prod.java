package io.bluegreen.environments.prod;

import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.StateBackend;
import io.bluegreen.ecs.Scaling;
import io.bluegreen.network.VpcSource;

import java.util.List;

/** prod: runs in an existing VPC, state in S3 with DynamoDB locking. */
public final class Prod {
    private Prod() {
    }

    public static EnvironmentConfig config() {
        return Defaults.environment("prod")
                // CHANGE ME: your production VPC and subnets (two public for the ALB, two private for the tasks).
                .network(new VpcSource.Existing(
                        "vpc-0f1e2d3c4b5a69788",
                        List.of("subnet-0f1e2d3c4b5a69781", "subnet-0f1e2d3c4b5a69782"),
                        List.of("subnet-0f1e2d3c4b5a69791", "subnet-0f1e2d3c4b5a69792")))
                // CHANGE ME: the state bucket and lock table from the one-time bootstrap (README).
                .stateBackend(new StateBackend.S3("acme-terraform-state-444455556666", "terraform-locks"))
                // CHANGE ME: an ACM certificate for the production domain, in the environment's region.
                .traffic(t -> t.withCertificateArn(
                                "arn:aws:acm:eu-west-1:444455556666:certificate/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")
                        .withDeletionProtection(true))
                .ecs(s -> s.withCapacity(2, Scaling.between(2, 10)).withLogRetentionDays(90))
                .pipeline(p -> p.withManualApproval(true))
                .build();
    }
}
