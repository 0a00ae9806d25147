package io.bluegreen.platform;

import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.codedeploy.InPlaceDeployment;
import io.bluegreen.codedeploy.ServerDeploymentConfig;
import io.bluegreen.ec2.AppSettings;
import io.bluegreen.ec2.FleetSettings;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.function.UnaryOperator;

/**
 * EC2 in place: an Auto Scaling group of Amazon Linux 2023 instances running the CodeDeploy agent behind an ALB;
 * each push is built into a revision (the application's files plus the generated appspec.yml and hook scripts) and
 * CodeDeploy rolls it out a few instances at a time, taking each out of the target group while it updates.
 *
 * @param app how the application runs (port, start command, user) and the hooks' timeouts
 * @param fleet instance type, group sizes, image, root volume
 * @param traffic load balancer, production listener, target group health check, who may reach it
 * @param deploymentConfig how many instances at a time (OneAtATime by default)
 * @param pipeline source repository and branch, approval stage, build size, retention
 * @param alarms the alarms that roll a deployment back
 * @param buildspec the pipeline's CodeBuild spec, escaped for Terraform (the project's buildspec-ec2.yml)
 */
public record Ec2InPlace(AppSettings app, FleetSettings fleet, TrafficSettings traffic,
                         ServerDeploymentConfig deploymentConfig, PipelineSettings pipeline, AlarmSettings alarms,
                         String buildspec) implements Platform {
    public Ec2InPlace {
        Check check = Check.in("EC2 in place");
        check.notNull("app", app, "e.g. AppSettings.of(8080, \"python3 app.py\")");
        check.notNull("fleet", fleet, "e.g. FleetSettings.DEFAULT");
        check.notNull("traffic", traffic, "e.g. TrafficSettings.DEFAULT");
        check.notNull("deploymentConfig", deploymentConfig, "e.g. new ServerDeploymentConfig.OneAtATime()");
        check.notNull("pipeline", pipeline, "call .pipeline(PipelineSettings.of(source))");
        check.notNull("alarms", alarms, "e.g. AlarmSettings.DEFAULT or AlarmSettings.OFF");
        check.require(buildspec != null && buildspec.contains("version: 0.2"), "buildspec",
                buildspec == null ? null : "<" + buildspec.length() + " characters>",
                "the contents of a CodeBuild buildspec (version: 0.2)", "pass the project's buildspec-ec2.yml (ProjectFiles.embed)");
        InPlaceDeployment.checkConfig(check, "deploymentConfig", deploymentConfig, fleet.minSize());
    }

    @Override
    public String displayName() {
        return "EC2 in place";
    }

    @Override
    public Ec2InPlaceService build(Construct stack, ServiceContext context) {
        return Ec2InPlaceService.compose(stack, context, this);
    }

    /**
     * A builder holding this platform's defaults: {@link FleetSettings#DEFAULT}, {@link TrafficSettings#DEFAULT},
     * OneAtATime, {@link AlarmSettings#DEFAULT}. The application, the pipeline and the buildspec have no default.
     */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.app = app;
        b.fleet = fleet;
        b.traffic = traffic;
        b.deploymentConfig = deploymentConfig;
        b.pipeline = pipeline;
        b.alarms = alarms;
        b.buildspec = buildspec;
        return b;
    }

    /** Fluent builder; each setting can be given or changed from its current value. */
    public static final class Builder {
        private AppSettings app;
        private FleetSettings fleet = FleetSettings.DEFAULT;
        private TrafficSettings traffic = TrafficSettings.DEFAULT;
        private ServerDeploymentConfig deploymentConfig = new ServerDeploymentConfig.OneAtATime();
        private PipelineSettings pipeline;
        private AlarmSettings alarms = AlarmSettings.DEFAULT;
        private String buildspec;

        private Builder() {
        }

        public Builder app(AppSettings value) {
            app = value;
            return this;
        }

        public Builder fleet(FleetSettings value) {
            fleet = value;
            return this;
        }

        /** Changes the fleet, e.g. {@code .fleet(f -> f.withSize(2, 6, 2))}. */
        public Builder fleet(UnaryOperator<FleetSettings> change) {
            fleet = change.apply(fleet);
            return this;
        }

        /** Changes the traffic settings, e.g. {@code .traffic(t -> t.withCertificateArn(arn))}. */
        public Builder traffic(UnaryOperator<TrafficSettings> change) {
            traffic = change.apply(traffic);
            return this;
        }

        public Builder deploymentConfig(ServerDeploymentConfig value) {
            deploymentConfig = value;
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

        public Builder buildspec(String value) {
            buildspec = value;
            return this;
        }

        public Ec2InPlace build() {
            return new Ec2InPlace(app, fleet, traffic, deploymentConfig, pipeline, alarms, buildspec);
        }
    }
}
