package io.bluegreen.platform;

import io.bluegreen.platform.ec2inplace.Ec2InPlaceService;
import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import io.bluegreen.platform.server.AppSettings;
import io.bluegreen.platform.server.FleetSettings;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

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
        Ec2Builder.checkCommon(Check.in("EC2 in place"), app, fleet, traffic, deploymentConfig, pipeline, alarms, buildspec);
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
        return new Builder().copy(app, fleet, traffic, deploymentConfig, pipeline, alarms, buildspec);
    }

    /** Fluent builder; each setting can be given or changed from its current value. */
    public static final class Builder extends Ec2Builder<Builder> {
        private Builder() {
        }

        public Ec2InPlace build() {
            return new Ec2InPlace(app, fleet, traffic, deploymentConfig, pipeline, alarms, buildspec);
        }
    }
}
