package io.bluegreen.platform;

import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

/**
 * How a service is delivered: a closed choice of the ways CodeDeploy delivers software. Each platform composes the
 * reusable constructs (traffic, compute, deployment, hooks, pipeline parts) into the service's own stack and names
 * its outputs: ECS blue/green, EC2 in place, EC2 blue/green and Lambda canary.
 */
public sealed interface Platform permits EcsBlueGreen, Ec2InPlace, Ec2BlueGreen, LambdaCanary, ExistingServers {
    /** A short name for messages and docs, e.g. "ECS blue/green". */
    String displayName();

    /** The service's pipeline: its source, stages, build and retention. */
    PipelineSettings pipeline();

    /** The service's load balancer and listeners, or null for a platform without one. */
    TrafficSettings traffic();

    /**
     * Builds the service's resources and outputs into {@code stack} (the service's own stack).
     *
     * @return what was built, for tests and for stacks that add to it
     */
    Object build(Construct stack, ServiceContext context);

    /**
     * Refuses a source that delivers an image (ECR image push) to a platform that deploys files (a revision bundle or
     * a function package).
     */
    static void checkFileSource(Check check, PipelineSettings pipeline, String platform, String delivers) {
        check.require(!pipeline.source().deliversImage(), "pipeline.source", pipeline.source().kind(),
                "a source " + platform + " can deploy: a CodeStar connection, an S3 object or CodeCommit (an ECR image"
                        + " push delivers an image, which only ECS blue/green runs; " + platform + " deploys " + delivers + ")",
                "start the pipeline from the repository (PipelineSource.CodeStarConnection or CodeCommit) or from an"
                        + " uploaded zip (PipelineSource.S3Object)");
    }
}
