package io.bluegreen.platform;

import io.bluegreen.settings.Settings;
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
public record Scaling(boolean enabled, int minCapacity, int maxCapacity, int cpuTargetPercent, int memoryTargetPercent)
        implements Settings<Scaling, Scaling.Builder> {
    /** Every field at its default ({@link Builder}): 1..2, 70% CPU and 80% memory targets; small bounds for dev. */
    public static final Scaling SMALL = Settings.defaults(Scaling.class);
    /** A fixed count: no scaling policies. */
    public static final Scaling OFF = SMALL.with(s -> {
        s.enabled = false;
        s.maxCapacity = 1;
    });

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default true: capacity follows load instead of a number chosen once. */
        public boolean enabled = true;
        /** @default 1: the smallest fleet that serves. */
        public int minCapacity = 1;
        /** @default 2: small bounds, so a forgotten dev environment cannot scale up a bill. */
        public int maxCapacity = 2;
        /** @default 70: leaves headroom for a burst while the next task or instance starts. */
        public int cpuTargetPercent = 70;
        /** @default 80: memory grows more slowly than CPU, and running out of it kills the process. */
        public int memoryTargetPercent = 80;
    }

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
        return SMALL.with(s -> {
            s.minCapacity = min;
            s.maxCapacity = max;
        });
    }
}
