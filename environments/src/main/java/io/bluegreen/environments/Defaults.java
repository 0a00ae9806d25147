package io.bluegreen.environments;

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

    private Defaults() {
    }

    /** A builder holding the shared defaults for the environment {@code name}. */
    public static EnvironmentConfig.Builder environment(String name) {
        return EnvironmentConfig.builder()
                .service(SERVICE)
                .name(name)
                .region(REGION)
                .tags(TAGS)
                .stateBackend(new StateBackend.Local());
    }
}
