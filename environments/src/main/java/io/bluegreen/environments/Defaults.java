package io.bluegreen.environments;

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
    /** The port the container listens on (the default image, nginx, listens on 80). */
    public static final int CONTAINER_PORT = 80;

    private Defaults() {
    }

    /** A builder holding the shared defaults for the environment {@code name}. */
    public static EnvironmentConfig.Builder environment(String name) {
        return EnvironmentConfig.builder()
                .service(SERVICE)
                .name(name)
                .region(REGION)
                .tags(TAGS)
                .stateBackend(new StateBackend.Local())
                .containerPort(CONTAINER_PORT)
                .traffic(TrafficSettings.DEFAULT);
    }
}
