package io.bluegreen.environments;

import io.bluegreen.naming.Names;
import io.bluegreen.platform.Platform;
import io.bluegreen.validation.Check;

/**
 * A service: the unit a team owns. It has a name (part of every physical name, its stack id and its state key) and
 * exactly one platform, the way CodeDeploy delivers it.
 *
 * @param name the service's name: lowercase letters, digits and single hyphens, 2..{@value Names#MAX_SERVICE_LENGTH}
 * @param platform how it is delivered, e.g. {@code EcsBlueGreen}
 */
public record ServiceConfig(String name, Platform platform) {
    /** The name of each environment's shared stack: no service may use it. */
    public static final String SHARED = "shared";

    public ServiceConfig {
        Check check = Check.in("service '" + name + "'");
        Names.checkService(check, "name", name);
        check.require(!SHARED.equals(name), "name", name, "any name but '" + SHARED + "' (the environment's shared stack)",
                "rename the service");
        check.notNull("platform", platform, "choose how the service is delivered, e.g. EcsBlueGreen.builder()...build()");
    }
}
