package io.bluegreen.codedeploy;

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

    /** Half of the instances at a time. */
    record HalfAtATime() implements ServerDeploymentConfig {
        public String role() {
            return "CodeDeployDefault.HalfAtATime";
        }

        public int requiredHealthy(int fleetSize) {
            return fleetSize / 2;
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
            return percent ? (int) Math.ceil(value * fleetSize / 100.0) : value;
        }
    }
}
