package io.bluegreen.platform;

import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.traffic.TrafficSettings;
import software.constructs.Construct;

/**
 * How a service is delivered: a closed choice of the ways CodeDeploy delivers software. Each platform composes the
 * reusable constructs (traffic, compute, deployment, hooks, pipeline parts) into the service's own stack and names
 * its outputs: ECS blue/green, EC2 in place, EC2 blue/green and Lambda canary.
 */
public sealed interface Platform permits EcsBlueGreen, Ec2InPlace, Ec2BlueGreen, LambdaCanary {
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
}
