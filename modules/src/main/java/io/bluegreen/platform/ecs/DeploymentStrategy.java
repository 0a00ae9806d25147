package io.bluegreen.platform.ecs;

import io.bluegreen.validation.Check;

/**
 * How CodeDeploy shifts production traffic from blue to green. Maps to the deployment config's traffic routing.
 */
public sealed interface DeploymentStrategy {

    /** Short role used in the deployment config's physical name. */
    String role();

    /** All traffic at once (after the test listener checks pass). */
    record AllAtOnce() implements DeploymentStrategy {
        @Override
        public String role() {
            return "all-at-once";
        }
    }

    /** {@code percent} of traffic first, the rest after {@code intervalMinutes}. */
    record Canary(int percent, int intervalMinutes) implements DeploymentStrategy {
        public Canary {
            check("Canary", percent, intervalMinutes);
        }

        @Override
        public String role() {
            return "canary-" + percent + "pct-" + intervalMinutes + "min";
        }
    }

    /** {@code percent} more traffic every {@code intervalMinutes} until all traffic is on green. */
    record Linear(int percent, int intervalMinutes) implements DeploymentStrategy {
        public Linear {
            check("Linear", percent, intervalMinutes);
        }

        @Override
        public String role() {
            return "linear-" + percent + "pct-" + intervalMinutes + "min";
        }
    }

    private static void check(String kind, int percent, int intervalMinutes) {
        Check check = Check.in("DeploymentStrategy." + kind);
        check.between("percent", percent, 1, 99, "use e.g. 10 (100% is AllAtOnce)");
        check.between("intervalMinutes", intervalMinutes, 1, 2880, "use e.g. 5");
    }
}
