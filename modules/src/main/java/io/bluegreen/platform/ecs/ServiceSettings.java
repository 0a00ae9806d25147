package io.bluegreen.platform.ecs;

import io.bluegreen.settings.Settings;
import io.bluegreen.platform.Scaling;
import io.bluegreen.aws.AwsValues;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an environment tunes about its ECS service.
 *
 * @param desiredCount tasks at the first deployment (auto scaling owns it afterwards)
 * @param healthCheckGracePeriodSeconds 0..2147483647; time new tasks get before ALB health checks count
 * @param logRetentionDays CloudWatch Logs retention, one of the values CloudWatch accepts
 * @param assignPublicIp give tasks public IPs (off: tasks reach the internet through NAT)
 * @param existingClusterName run in this existing cluster instead of creating one (null = create)
 * @param taskRoleStatements permissions of the application (task role); empty by default
 * @param scaling auto scaling
 */
public record ServiceSettings(int desiredCount, int healthCheckGracePeriodSeconds, int logRetentionDays,
                              boolean assignPublicIp, String existingClusterName,
                              List<PolicyStatement> taskRoleStatements, Scaling scaling)
        implements Settings<ServiceSettings, ServiceSettings.Builder> {
    private static final Pattern CLUSTER = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");

    /**
     * Every field at its default ({@link Builder}): one task to start, 60 s health check grace, logs kept 30 days, no
     * public IP, a cluster of its own, no application permissions, and auto scaling {@link Scaling#SMALL}.
     */
    public static final ServiceSettings DEFAULT = Settings.defaults(ServiceSettings.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default 1: one task at the first deployment; auto scaling owns the count afterwards. */
        public int desiredCount = 1;
        /** @default 60: a JVM or a cold cache gets a minute before failed health checks replace the task. */
        public int healthCheckGracePeriodSeconds = 60;
        /** @default 30: a month of logs to investigate a release; longer in production (ServiceDefaults). */
        public int logRetentionDays = 30;
        /** @default false: tasks run in private subnets and reach the internet through NAT. */
        public boolean assignPublicIp = false;
        /** @default null: the service gets a cluster of its own. */
        public String existingClusterName = null;
        /** @default none: the application gets no AWS permissions until it asks for them. */
        public List<PolicyStatement> taskRoleStatements = List.of();
        /** @default {@link Scaling#SMALL}. */
        public Scaling scaling = Scaling.SMALL;
    }

    public ServiceSettings {
        Check check = Check.in("ServiceSettings");
        check.notNull("scaling", scaling, "e.g. Scaling.SMALL (DEFAULT's) or Scaling.OFF");
        check.between("desiredCount", desiredCount, 0, 1000, "use e.g. 2");
        if (scaling.enabled()) {
            check.require(desiredCount >= scaling.minCapacity() && desiredCount <= scaling.maxCapacity(), "desiredCount",
                    desiredCount, "between scaling minCapacity (" + scaling.minCapacity() + ") and maxCapacity ("
                            + scaling.maxCapacity() + ")", "set desiredCount inside the scaling bounds");
        }
        check.between("healthCheckGracePeriodSeconds", healthCheckGracePeriodSeconds, 0, Integer.MAX_VALUE, "use e.g. 60");
        AwsValues.checkLogRetention(check, "logRetentionDays", logRetentionDays);
        if (existingClusterName != null) {
            check.matches("existingClusterName", existingClusterName, CLUSTER, "an ECS cluster name",
                    "name an existing cluster, or null to create one");
        }
        taskRoleStatements = List.copyOf(Check.orDefault(taskRoleStatements, List.of()));
    }

    public ServiceSettings withCapacity(int desired, Scaling newScaling) {
        return with(s -> {
            s.desiredCount = desired;
            s.scaling = newScaling;
        });
    }

    public ServiceSettings withLogRetentionDays(int days) {
        return with(s -> s.logRetentionDays = days);
    }

    public ServiceSettings withExistingCluster(String name) {
        return with(s -> s.existingClusterName = name);
    }

    public ServiceSettings withTaskRoleStatements(List<PolicyStatement> statements) {
        return with(s -> s.taskRoleStatements = statements);
    }

    public ServiceSettings withHealthCheckGracePeriod(int seconds) {
        return with(s -> s.healthCheckGracePeriodSeconds = seconds);
    }
}
