package io.bluegreen.environments;

import io.bluegreen.alarms.AlarmSettings;
import io.bluegreen.codedeploy.DeploymentSettings;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.ServiceSettings;
import io.bluegreen.hooks.SmokeTestSettings;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.traffic.TrafficSettings;

import java.util.Map;

/**
 * Values shared by every environment. An environment package starts from {@link #environment(String)} and
 * overrides only what differs.
 */
public final class Defaults {
    /** The service this repository delivers. Change it once here; every physical name follows. */
    public static final String SERVICE = "checkout";
    public static final String REGION = "eu-west-1";
    public static final Map<String, String> TAGS = Map.of("owner", "platform-team");
    /**
     * The container: name "web", the nginx placeholder image on port 80 for the first deployment (the pipeline
     * deploys your image from then on), 0.25 vCPU / 512 MiB.
     */
    public static final ContainerSpec CONTAINER = ContainerSpec.placeholder("web");
    /** CHANGE ME: the application repository (owner/name) whose pushes the pipeline deploys. */
    public static final String APP_REPOSITORY = "acme/checkout";
    public static final String APP_BRANCH = "main";
    /**
     * CHANGE ME: an existing CodeStar connection (Developer Tools > Settings > Connections), used by every environment
     * that does not choose its own (staging). A connection serves pipelines of its own account only: an environment
     * in another account sets its own (prod). dev creates its own connection (README: completing the handshake).
     */
    public static final String CONNECTION_ARN =
            "arn:aws:codestar-connections:eu-west-1:111122223333:connection/6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";

    /** The pipeline source through the shared, existing connection. */
    public static PipelineSource sharedConnectionSource() {
        return connectionSource(CONNECTION_ARN);
    }

    /** The application repository's {@link #APP_BRANCH} through the existing connection {@code connectionArn}. */
    public static PipelineSource connectionSource(String connectionArn) {
        return new PipelineSource.CodeStarConnection(new PipelineSource.Existing(connectionArn), APP_REPOSITORY, APP_BRANCH);
    }

    private Defaults() {
    }

    /** A builder holding the shared defaults for the environment {@code name}. */
    public static EnvironmentConfig.Builder environment(String name) {
        return EnvironmentConfig.builder()
                .serviceName(SERVICE)
                .name(name)
                .region(REGION)
                .tags(TAGS)
                .stateBackend(new StateBackend.Local())
                .container(CONTAINER)
                .traffic(TrafficSettings.DEFAULT)
                .ecs(ServiceSettings.DEFAULT)
                .deployment(DeploymentSettings.DEFAULT)
                .pipeline(PipelineSettings.of(sharedConnectionSource()))
                .alarms(AlarmSettings.DEFAULT)
                .smokeTest(SmokeTestSettings.DEFAULT);
    }
}
