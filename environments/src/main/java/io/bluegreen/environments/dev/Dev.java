package io.bluegreen.environments.dev;

import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.network.VpcSource;

/** dev: the quick-start environment. Creates its own VPC and keeps state locally; nothing to set up. */
public final class Dev {
    private Dev() {
    }

    public static EnvironmentConfig config() {
        return Defaults.environment("dev")
                .network(VpcSource.Create.of("10.10.0.0/16"))
                .build();
    }
}
