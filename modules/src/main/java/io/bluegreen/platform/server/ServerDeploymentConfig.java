package io.bluegreen.platform.server;

import io.bluegreen.validation.Check;

/**
 * How many instances an EC2 in-place deployment updates at a time: CodeDeploy's built-in configs, or a custom
 * minimum of healthy hosts (a count or a percentage of the fleet) that must stay in service.
 */
public sealed interface ServerDeploymentConfig {
    /** The name CodeDeploy knows (built-in) or the role in this project's name (custom). */
    String role();

    /**
     * Healthy hosts this config requires while a fleet of {@code fleetSize} deploys; a deployment can only proceed
     * when at least one host may go out of service, so it must be below the fleet size.
     */
    int requiredHealthy(int fleetSize);

    /** Every instance at once: fastest, the service is down while they update. */
    record AllAtOnce() implements ServerDeploymentConfig {
        public String role() {
            return "CodeDeployDefault.AllAtOnce";
        }

        public int requiredHealthy(int fleetSize) {
            return 0;
        }
    }

    /**
     * Half of the instances at a time: CodeDeploy's FLEET_PERCENT 50, whose minimum of healthy hosts it rounds up (a
     * fleet of 1 keeps 1 healthy, so a deployment to it fails at once; a fleet of 3 keeps 2).
     */
    record HalfAtATime() implements ServerDeploymentConfig {
        /** CodeDeploy's minimum of healthy hosts for this config, in percent of the fleet. */
        static final int PERCENT = 50;

        public String role() {
            return "CodeDeployDefault.HalfAtATime";
        }

        public int requiredHealthy(int fleetSize) {
            return ServerDeploymentConfig.percentOf(PERCENT, fleetSize);
        }
    }

    /** One instance at a time (the default): the safest, the slowest. */
    record OneAtATime() implements ServerDeploymentConfig {
        public String role() {
            return "CodeDeployDefault.OneAtATime";
        }

        public int requiredHealthy(int fleetSize) {
            return Math.max(0, fleetSize - 1);
        }
    }

    /**
     * A custom config: at least {@code value} hosts ({@code percent} false) or {@code value}% of the fleet (rounded up,
     * as CodeDeploy does) stay healthy.
     */
    record MinimumHealthyHosts(int value, boolean percent) implements ServerDeploymentConfig {
        public MinimumHealthyHosts {
            Check check = Check.in("ServerDeploymentConfig.MinimumHealthyHosts");
            if (percent) {
                check.between("value", value, 1, 99, "use e.g. 75 (percent of the fleet that stays healthy)");
            } else {
                check.between("value", value, 1, 100, "use e.g. 1 (hosts that stay healthy)");
            }
        }

        public static MinimumHealthyHosts count(int hosts) {
            return new MinimumHealthyHosts(hosts, false);
        }

        public static MinimumHealthyHosts percentOfFleet(int percent) {
            return new MinimumHealthyHosts(percent, true);
        }

        public String role() {
            return percent ? "min-healthy-" + value + "pct" : "min-healthy-" + value + "-hosts";
        }

        public int requiredHealthy(int fleetSize) {
            return percent ? ServerDeploymentConfig.percentOf(value, fleetSize) : value;
        }
    }

    /**
     * {@code percent}% of {@code fleetSize} hosts as CodeDeploy counts a FLEET_PERCENT minimum: rounded up to whole
     * instances ("a FLEET_PERCENT of 40 of nine instances: four or more", CodeDeploy API reference, MinimumHealthyHosts).
     */
    static int percentOf(int percent, int fleetSize) {
        return (percent * fleetSize + 99) / 100;
    }
}
