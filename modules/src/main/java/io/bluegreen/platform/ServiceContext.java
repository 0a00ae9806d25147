package io.bluegreen.platform;

import io.bluegreen.naming.Names;
import io.bluegreen.network.Network;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.Map;

/**
 * What a service gets from its environment.
 *
 * @param names the naming helper of the service in this environment ({@code <service>-<env>-<role>})
 * @param network the environment's network (usually in the environment's shared stack: its values reach the
 *                service's stack as cross-stack references)
 * @param notificationEmails addresses subscribed to the service's delivery notifications
 * @param tags the environment's tags of the service (what the stack's provider sets as default tags), for what the
 *             provider's default tags never reach: instances and volumes an Auto Scaling group launches, including
 *             every copy CodeDeploy makes of it
 */
public record ServiceContext(Names names, Network network, List<String> notificationEmails, Map<String, String> tags) {
    public ServiceContext {
        Check check = Check.in("ServiceContext");
        check.notNull("names", names, "pass the service's Names");
        check.notNull("network", network, "pass the environment's Network");
        notificationEmails = List.copyOf(Check.orDefault(notificationEmails, List.of()));
        tags = Map.copyOf(Check.orDefault(tags, Map.of()));
    }

    /** A service of {@code names} in {@code network}, with no notification addresses and no tags. */
    public ServiceContext(Names names, Network network, List<String> notificationEmails) {
        this(names, network, notificationEmails, Map.of());
    }
}
