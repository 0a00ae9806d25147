package io.bluegreen.platform.ecs;

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
                              List<PolicyStatement> taskRoleStatements, Scaling scaling) {
    private static final Pattern CLUSTER = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");

    /**
     * One task to start, 60 s health check grace, logs kept 30 days, no public IP, a cluster of its own, no
     * application permissions, and auto scaling {@link Scaling#SMALL}.
     */
    public static final ServiceSettings DEFAULT = new ServiceSettings(1, 60, 30, false, null, List.of(), Scaling.SMALL);

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
        return new ServiceSettings(desired, healthCheckGracePeriodSeconds, logRetentionDays, assignPublicIp,
                existingClusterName, taskRoleStatements, newScaling);
    }

    public ServiceSettings withLogRetentionDays(int days) {
        return new ServiceSettings(desiredCount, healthCheckGracePeriodSeconds, days, assignPublicIp,
                existingClusterName, taskRoleStatements, scaling);
    }

    public ServiceSettings withExistingCluster(String name) {
        return new ServiceSettings(desiredCount, healthCheckGracePeriodSeconds, logRetentionDays, assignPublicIp,
                name, taskRoleStatements, scaling);
    }

    public ServiceSettings withTaskRoleStatements(List<PolicyStatement> statements) {
        return new ServiceSettings(desiredCount, healthCheckGracePeriodSeconds, logRetentionDays, assignPublicIp,
                existingClusterName, statements, scaling);
    }

    public ServiceSettings withHealthCheckGracePeriod(int seconds) {
        return new ServiceSettings(desiredCount, seconds, logRetentionDays, assignPublicIp, existingClusterName,
                taskRoleStatements, scaling);
    }
}
