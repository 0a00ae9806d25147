package io.bluegreen.platform;

import io.bluegreen.platform.ec2bluegreen.Ec2BlueGreenService;
import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.platform.ec2bluegreen.GreenFleetSettings;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import io.bluegreen.platform.server.AppSettings;
import io.bluegreen.platform.server.FleetSettings;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.function.UnaryOperator;

/**
 * EC2 blue/green: on every push CodeDeploy copies the service's Auto Scaling group, installs the revision on the
 * copy (green), validates it, moves the target group to it, and terminates the old fleet (blue) after a wait; a
 * failed or stopped deployment's copy is deleted by the project's clean-up after a grace period. The same
 * application model, fleet, revision and pipeline as EC2 in place.
 *
 * @param app how the application runs (port, start command, user) and the hooks' timeouts
 * @param fleet instance type, the first fleet's sizes, image, root volume
 * @param traffic load balancer, production listener, target group health check, who may reach it
 * @param deploymentConfig how many green instances install at a time (OneAtATime by default)
 * @param green ready option (at once, or a manual go-ahead), blue's termination wait, the clean-up's grace period
 * @param pipeline source repository and branch, approval stage, build size, retention
 * @param alarms the alarms that roll a deployment back
 * @param buildspec the pipeline's CodeBuild spec, escaped for Terraform (the project's buildspec-ec2.yml)
 */
public record Ec2BlueGreen(AppSettings app, FleetSettings fleet, TrafficSettings traffic,
                           ServerDeploymentConfig deploymentConfig, GreenFleetSettings green, PipelineSettings pipeline,
                           AlarmSettings alarms, String buildspec) implements Platform {
    public Ec2BlueGreen {
        Check check = Check.in("EC2 blue/green");
        Ec2Builder.checkCommon(check, app, fleet, traffic, deploymentConfig, pipeline, alarms, buildspec);
        check.notNull("green", green, "e.g. GreenFleetSettings.DEFAULT");
    }

    @Override
    public String displayName() {
        return "EC2 blue/green";
    }

    @Override
    public Ec2BlueGreenService build(Construct stack, ServiceContext context) {
        return Ec2BlueGreenService.compose(stack, context, this);
    }

    /**
     * A builder holding this platform's defaults: {@link FleetSettings#DEFAULT}, {@link TrafficSettings#DEFAULT},
     * OneAtATime, {@link GreenFleetSettings#DEFAULT}, {@link AlarmSettings#DEFAULT}. The application, the pipeline and
     * the buildspec have no default.
     */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().copy(app, fleet, traffic, deploymentConfig, pipeline, alarms, buildspec).green(green);
    }

    /** Fluent builder; each setting can be given or changed from its current value. */
    public static final class Builder extends Ec2Builder<Builder> {
        private GreenFleetSettings green = GreenFleetSettings.DEFAULT;

        private Builder() {
        }

        public Builder green(GreenFleetSettings value) {
            green = value;
            return this;
        }

        /** Changes the green fleet settings, e.g. {@code .green(g -> g.withManualGoAhead(60))}. */
        public Builder green(UnaryOperator<GreenFleetSettings> change) {
            green = change.apply(green);
            return this;
        }

        public Ec2BlueGreen build() {
            return new Ec2BlueGreen(app, fleet, traffic, deploymentConfig, green, pipeline, alarms, buildspec);
        }
    }
}
