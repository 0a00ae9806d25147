package io.bluegreen.platform;

import io.bluegreen.platform.ecs.EcsBlueGreenService;
import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.platform.ecs.DeploymentSettings;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.platform.ecs.ServiceSettings;
import io.bluegreen.platform.ecs.SmokeTestSettings;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.function.UnaryOperator;

/**
 * ECS Fargate blue/green: an ALB with blue and green target groups, a production and a test listener, the service
 * under the CODE_DEPLOY controller, CodeDeploy shifting traffic after the smoke test on the test listener, rollback
 * alarms, and a pipeline that builds the image and deploys with CodeDeployToECS.
 *
 * @param container the container (name, initial image, port, size, environment, secrets)
 * @param traffic load balancer, listeners, target groups and who may reach them
 * @param ecs ECS service tuning: capacity, auto scaling, log retention, task role permissions
 * @param deployment CodeDeploy strategy, readiness and termination waits
 * @param pipeline source repository and branch, approval stage, build size, retention
 * @param alarms the alarms that roll a deployment back ({@code AlarmSettings.OFF} to switch them off)
 * @param smokeTest the AfterAllowTestTraffic smoke test of green ({@code SmokeTestSettings.OFF} to switch it off)
 * @param buildspec the pipeline's CodeBuild spec, escaped for Terraform (the project's buildspec.yml)
 */
public record EcsBlueGreen(ContainerSpec container, TrafficSettings traffic, ServiceSettings ecs,
                           DeploymentSettings deployment, PipelineSettings pipeline, AlarmSettings alarms,
                           SmokeTestSettings smokeTest, String buildspec) implements Platform {
    public EcsBlueGreen {
        Check check = Check.in("ECS blue/green");
        check.notNull("container", container, "describe the container, e.g. ContainerSpec.placeholder(\"web\")");
        check.notNull("traffic", traffic, "e.g. TrafficSettings.DEFAULT");
        check.notNull("ecs", ecs, "e.g. ServiceSettings.DEFAULT");
        check.notNull("deployment", deployment, "e.g. DeploymentSettings.DEFAULT");
        check.notNull("pipeline", pipeline, "call .pipeline(PipelineSettings.of(source))");
        check.notNull("alarms", alarms, "e.g. AlarmSettings.DEFAULT or AlarmSettings.OFF");
        check.notNull("smokeTest", smokeTest, "e.g. SmokeTestSettings.DEFAULT or SmokeTestSettings.OFF");
        check.require(buildspec != null && buildspec.contains("version: 0.2"), "buildspec",
                buildspec == null ? null : "<" + buildspec.length() + " characters>",
                "the contents of a CodeBuild buildspec (version: 0.2)", "pass the project's buildspec.yml (ProjectFiles.embed)");
    }

    @Override
    public String displayName() {
        return "ECS blue/green";
    }

    @Override
    public EcsBlueGreenService build(Construct stack, ServiceContext context) {
        return EcsBlueGreenService.compose(stack, context, this);
    }

    /**
     * A builder holding this platform's defaults: {@link TrafficSettings#DEFAULT}, {@link ServiceSettings#DEFAULT},
     * {@link DeploymentSettings#DEFAULT}, {@link AlarmSettings#DEFAULT}, {@link SmokeTestSettings#DEFAULT} (each
     * documented where it is declared). The container, the pipeline and the buildspec have no default.
     */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.container = container;
        b.traffic = traffic;
        b.ecs = ecs;
        b.deployment = deployment;
        b.pipeline = pipeline;
        b.alarms = alarms;
        b.smokeTest = smokeTest;
        b.buildspec = buildspec;
        return b;
    }

    /** Fluent builder; each setting can be given or changed from its current value ({@code t -> t.with...}). */
    public static final class Builder {
        /** No default: the application container ({@link ContainerSpec#of}). */
        private ContainerSpec container;
        /** @default {@link TrafficSettings#DEFAULT}. */
        private TrafficSettings traffic = TrafficSettings.DEFAULT;
        /** @default {@link ServiceSettings#DEFAULT}. */
        private ServiceSettings ecs = ServiceSettings.DEFAULT;
        /** @default {@link DeploymentSettings#DEFAULT}. */
        private DeploymentSettings deployment = DeploymentSettings.DEFAULT;
        /** No default: where releases come from ({@link PipelineSettings#of}). */
        private PipelineSettings pipeline;
        /** @default {@link AlarmSettings#DEFAULT}. */
        private AlarmSettings alarms = AlarmSettings.DEFAULT;
        /** @default {@link SmokeTestSettings#DEFAULT}. */
        private SmokeTestSettings smokeTest = SmokeTestSettings.DEFAULT;
        /** No default: the environments pass the project's buildspec.yml (environments' Defaults). */
        private String buildspec;

        private Builder() {
        }

        public Builder container(ContainerSpec value) {
            container = value;
            return this;
        }

        /** Changes the container, e.g. {@code .container(c -> c.withSize(new FargateSize(512, 1024)))}. */
        public Builder container(UnaryOperator<ContainerSpec> change) {
            container = change.apply(container);
            return this;
        }

        public Builder traffic(TrafficSettings value) {
            traffic = value;
            return this;
        }

        /** Changes the traffic settings, e.g. {@code .traffic(t -> t.withDeletionProtection(true))}. */
        public Builder traffic(UnaryOperator<TrafficSettings> change) {
            traffic = change.apply(traffic);
            return this;
        }

        public Builder ecs(ServiceSettings value) {
            ecs = value;
            return this;
        }

        /** Changes the ECS service settings, e.g. {@code .ecs(s -> s.withCapacity(2, Scaling.between(2, 10)))}. */
        public Builder ecs(UnaryOperator<ServiceSettings> change) {
            ecs = change.apply(ecs);
            return this;
        }

        public Builder deployment(DeploymentSettings value) {
            deployment = value;
            return this;
        }

        /** Changes the deployment settings, e.g. {@code .deployment(d -> d.withTerminationWait(15))}. */
        public Builder deployment(UnaryOperator<DeploymentSettings> change) {
            deployment = change.apply(deployment);
            return this;
        }

        public Builder pipeline(PipelineSettings value) {
            pipeline = value;
            return this;
        }

        /** Changes the pipeline settings, e.g. {@code .pipeline(p -> p.withApprovalStage(true))}. */
        public Builder pipeline(UnaryOperator<PipelineSettings> change) {
            pipeline = change.apply(pipeline);
            return this;
        }

        public Builder alarms(AlarmSettings value) {
            alarms = value;
            return this;
        }

        /** Changes the alarm settings, e.g. {@code .alarms(a -> a.withLatency(0.5, 1.0))}. */
        public Builder alarms(UnaryOperator<AlarmSettings> change) {
            alarms = change.apply(alarms);
            return this;
        }

        public Builder smokeTest(SmokeTestSettings value) {
            smokeTest = value;
            return this;
        }

        /** Changes the smoke test, e.g. {@code .smokeTest(t -> t.withChecks(List.of(SmokeCheck.ok("/health"))))}. */
        public Builder smokeTest(UnaryOperator<SmokeTestSettings> change) {
            smokeTest = change.apply(smokeTest);
            return this;
        }

        public Builder buildspec(String value) {
            buildspec = value;
            return this;
        }

        public EcsBlueGreen build() {
            return new EcsBlueGreen(container, traffic, ecs, deployment, pipeline, alarms, smokeTest, buildspec);
        }
    }
}
