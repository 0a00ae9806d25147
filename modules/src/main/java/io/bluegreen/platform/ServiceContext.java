package io.bluegreen.platform;

import io.bluegreen.naming.Names;
import io.bluegreen.network.Network;
import io.bluegreen.validation.Check;

import java.util.List;

/**
 * What a service gets from its environment.
 *
 * @param names the naming helper of the service in this environment ({@code <service>-<env>-<role>})
 * @param network the environment's network (usually in the environment's shared stack: its values reach the
 *                service's stack as cross-stack references)
 * @param notificationEmails addresses subscribed to the service's delivery notifications
 */
public record ServiceContext(Names names, Network network, List<String> notificationEmails) {
    public ServiceContext {
        Check check = Check.in("ServiceContext");
        check.notNull("names", names, "pass the service's Names");
        check.notNull("network", network, "pass the environment's Network");
        notificationEmails = List.copyOf(Check.orDefault(notificationEmails, List.of()));
    }
}
