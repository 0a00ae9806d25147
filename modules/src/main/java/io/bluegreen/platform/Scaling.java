package io.bluegreen.platform;

import io.bluegreen.validation.Check;

/**
 * Application auto scaling of the service: target tracking on average CPU and memory utilisation.
 *
 * @param enabled false = fixed desired count
 * @param minCapacity 1..max
 * @param maxCapacity min..1000
 * @param cpuTargetPercent 10..90
 * @param memoryTargetPercent 10..90
 */
public record Scaling(boolean enabled, int minCapacity, int maxCapacity, int cpuTargetPercent, int memoryTargetPercent) {
    /** 1..2 tasks, 70% CPU and 80% memory targets: small bounds for dev. */
    public static final Scaling SMALL = new Scaling(true, 1, 2, 70, 80);
    public static final Scaling OFF = new Scaling(false, 1, 1, 70, 80);

    public Scaling {
        Check check = Check.in("Scaling");
        check.between("minCapacity", minCapacity, 1, 1000, "use e.g. 2 for production");
        check.between("maxCapacity", maxCapacity, 1, 1000, "use e.g. 10");
        check.require(minCapacity <= maxCapacity, "minCapacity", minCapacity,
                "at most maxCapacity (" + maxCapacity + ")", "raise maxCapacity or lower minCapacity");
        check.between("cpuTargetPercent", cpuTargetPercent, 10, 90, "use e.g. 70");
        check.between("memoryTargetPercent", memoryTargetPercent, 10, 90, "use e.g. 80");
    }

    public static Scaling between(int min, int max) {
        return new Scaling(true, min, max, 70, 80);
    }
}
