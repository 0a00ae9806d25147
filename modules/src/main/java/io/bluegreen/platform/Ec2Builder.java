package io.bluegreen.platform;

import io.bluegreen.platform.server.AppSettings;
import io.bluegreen.platform.server.FleetSettings;
import io.bluegreen.platform.server.ServerDeploymentConfig;

import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.platform.server.ServerDeployments;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;

import java.util.function.UnaryOperator;

/**
 * What the EC2 platforms (in place, blue/green) share: the settings of the application, fleet, traffic, deployment
 * config, pipeline, alarms and buildspec, their defaults, checks and fluent setters.
 *
 * @param <B> the platform's own builder
 */
public abstract class Ec2Builder<B extends Ec2Builder<B>> {
    /** No default: how the application runs ({@link AppSettings#of}). */
    AppSettings app;
    /** @default {@link FleetSettings#DEFAULT}. */
    FleetSettings fleet = FleetSettings.DEFAULT;
    /** @default {@link TrafficSettings#DEFAULT}. */
    TrafficSettings traffic = TrafficSettings.DEFAULT;
    /** @default one instance at a time: the fleet keeps all but one instance serving, and a bad revision stops at the first host. */
    ServerDeploymentConfig deploymentConfig = new ServerDeploymentConfig.OneAtATime();
    /** No default: where releases come from ({@link PipelineSettings#of}). */
    PipelineSettings pipeline;
    /** @default {@link AlarmSettings#DEFAULT}. */
    AlarmSettings alarms = AlarmSettings.DEFAULT;
    /** No default: the environments pass the project's buildspec-ec2.yml (environments' Defaults). */
    String buildspec;

    Ec2Builder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    B copy(AppSettings app, FleetSettings fleet, TrafficSettings traffic, ServerDeploymentConfig deploymentConfig,
           PipelineSettings pipeline, AlarmSettings alarms, String buildspec) {
        this.app = app;
        this.fleet = fleet;
        this.traffic = traffic;
        this.deploymentConfig = deploymentConfig;
        this.pipeline = pipeline;
        this.alarms = alarms;
        this.buildspec = buildspec;
        return self();
    }

    public B app(AppSettings value) {
        app = value;
        return self();
    }

    public B fleet(FleetSettings value) {
        fleet = value;
        return self();
    }

    /** Changes the fleet, e.g. {@code .fleet(f -> f.withSize(2, 6, 2))}. */
    public B fleet(UnaryOperator<FleetSettings> change) {
        fleet = change.apply(fleet);
        return self();
    }

    /** Changes the traffic settings, e.g. {@code .traffic(t -> t.withCertificateArn(arn))}. */
    public B traffic(UnaryOperator<TrafficSettings> change) {
        traffic = change.apply(traffic);
        return self();
    }

    public B deploymentConfig(ServerDeploymentConfig value) {
        deploymentConfig = value;
        return self();
    }

    public B pipeline(PipelineSettings value) {
        pipeline = value;
        return self();
    }

    /** Changes the pipeline settings, e.g. {@code .pipeline(p -> p.withApprovalStage(true))}. */
    public B pipeline(UnaryOperator<PipelineSettings> change) {
        pipeline = change.apply(pipeline);
        return self();
    }

    public B alarms(AlarmSettings value) {
        alarms = value;
        return self();
    }

    public B buildspec(String value) {
        buildspec = value;
        return self();
    }

    /** The checks every EC2 platform makes of the shared settings, in {@code check}'s name. */
    static void checkCommon(Check check, AppSettings app, FleetSettings fleet, TrafficSettings traffic,
                            ServerDeploymentConfig deploymentConfig, PipelineSettings pipeline, AlarmSettings alarms,
                            String buildspec) {
        check.notNull("app", app, "e.g. AppSettings.of(8080, \"python3 app.py\")");
        check.notNull("fleet", fleet, "e.g. FleetSettings.DEFAULT");
        check.notNull("traffic", traffic, "e.g. TrafficSettings.DEFAULT");
        check.notNull("deploymentConfig", deploymentConfig, "e.g. new ServerDeploymentConfig.OneAtATime()");
        check.notNull("pipeline", pipeline, "call .pipeline(PipelineSettings.of(source))");
        Platform.checkFileSource(check, pipeline, check.where(), "a revision bundle built from files");
        check.notNull("alarms", alarms, "e.g. AlarmSettings.DEFAULT or AlarmSettings.OFF");
        checkBuildspec(check, buildspec);
        ServerDeployments.checkConfig(check, "deploymentConfig", deploymentConfig, fleet.minSize());
    }

    /** The server platforms' buildspec: the contents of a CodeBuild spec, like the project's buildspec-ec2.yml. */
    static void checkBuildspec(Check check, String buildspec) {
        check.require(buildspec != null && buildspec.contains("version: 0.2"), "buildspec",
                buildspec == null ? null : "<" + buildspec.length() + " characters>",
                "the contents of a CodeBuild buildspec (version: 0.2)", "pass the project's buildspec-ec2.yml (ProjectFiles.embed)");
    }
}
