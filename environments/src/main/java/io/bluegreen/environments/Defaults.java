package io.bluegreen.environments;

import io.bluegreen.codedeploy.DeploymentSettings;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.ecs.ServiceSettings;
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
                .deployment(DeploymentSettings.DEFAULT);
    }
}
