package io.bluegreen.environments;

import io.bluegreen.platform.ServiceContext;
import io.bluegreen.security.ServiceHardening;
import io.bluegreen.validation.InvalidConfigException;
import software.constructs.Construct;

/**
 * One service in one environment ({@code <env>-<service>}): the resources its platform composes, using the
 * environment's shared network from the {@link SharedStack}. {@code cdktf deploy <env>-shared <env>-<service>}
 * deploys the shared stack first (cdktf orders stacks by their cross-stack references).
 */
public class ServiceStack extends EnvironmentStack {
    private final ServiceConfig service;

    public ServiceStack(Construct scope, EnvironmentConfig environment, ServiceConfig service, SharedStack shared) {
        super(scope, environment, service.name());
        this.service = service;
        addDependency(shared);
        try {
            service.platform().build(this, new ServiceContext(environment.names(service.name()),
                    shared.getNetwork(), environment.notificationEmails(), environment.defaultTags(service.name())));
            // The environment's baseline, on whatever the platform composed (access logs, WAF, keys, retention).
            ServiceHardening.apply(this, environment.names(service.name()), shared.getSecurity());
            // What a destroy keeps: nothing in a disposable environment, the readable data in any other.
            io.bluegreen.aws.KeptOnDestroy.apply(this, service.platform().pipeline().forceDestroyArtifacts());
            if (environment.deploymentsIgnoreAlarms()) {
                io.bluegreen.codedeploy.AlarmGate.open(this);
            }
        } catch (InvalidConfigException e) {
            throw e.within("environment '" + environment.name() + "' > service '" + service.name() + "'");
        }
    }

    public ServiceConfig getService() {
        return service;
    }

}
