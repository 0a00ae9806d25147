package io.bluegreen.alarms;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rollback alarms of one environment. Every alarm evaluates {@code evaluationPeriods} periods of
 * {@code periodSeconds} and fires when all of them breach, so each fires {@link #secondsToFire()} after a problem
 * starts. Application Load Balancer metrics have 60-second resolution, so periods are whole minutes.
 *
 * @param enabled false = no alarms and no alarm-based rollback (the "off" switch)
 * @param periodSeconds 60, 120, ... (a multiple of the metrics' 60 s resolution)
 * @param evaluationPeriods 1..(86400 / period)
 * @param target5xxCount target 5xx responses per period (per target group) that count as a breach, at least 1
 * @param alb5xxCount load-balancer-generated 5xx per period that count as a breach, at least 1
 * @param unhealthyHosts unhealthy targets (per target group) that count as a breach, at least 1
 * @param p95LatencySeconds p95 target response time that counts as a breach, above 0 and below the ALB idle timeout
 * @param p99LatencySeconds p99 target response time that counts as a breach, above 0 and below the ALB idle timeout
 * @param extraAlarmNames names of existing alarms (for example on application metrics) that also roll back
 */
public record AlarmSettings(boolean enabled, int periodSeconds, int evaluationPeriods, int target5xxCount,
                            int alb5xxCount, int unhealthyHosts, double p95LatencySeconds, double p99LatencySeconds,
                            List<String> extraAlarmNames) implements Settings<AlarmSettings, AlarmSettings.Builder> {
    /** ALB metrics are published once a minute. */
    public static final int METRIC_RESOLUTION_SECONDS = 60;
    /** A response slower than the ALB idle timeout (default 60 s) is cut off, so the latency can never exceed it. */
    public static final int ALB_IDLE_TIMEOUT_SECONDS = 60;
    /** CodeDeploy's limit of alarms per deployment group. */
    public static final int MAX_ALARMS = io.bluegreen.codedeploy.DeploymentGroups.MAX_ALARMS;
    /** How many alarms {@code DeploymentAlarms} creates: 5xx, unhealthy hosts, p95 and p99 per target group, ALB 5xx. */
    public static final int DEFAULT_ALARM_COUNT = 9;
    private static final Pattern ALARM_NAME = Pattern.compile("^[^\\x00-\\x1f]{1,255}$");

    /** Every field at its default ({@link Builder}): nine alarms that fire after two breaching minutes. */
    public static final AlarmSettings DEFAULT = Settings.defaults(AlarmSettings.class);
    /** No alarms and no alarm-based rollback; deployments still roll back when they fail. */
    public static final AlarmSettings OFF = DEFAULT.with(a -> a.enabled = false);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default true: a release that breaks production is rolled back without waiting for a person. */
        public boolean enabled = true;
        /** @default 60: the load balancer's metric resolution, so an alarm sees a problem in the first minute. */
        public int periodSeconds = METRIC_RESOLUTION_SECONDS;
        /**
         * @default 2: two breaching minutes in a row, so one slow minute during a shift does not roll back a good
         * release, and a bad one is rolled back within about two minutes.
         */
        public int evaluationPeriods = 2;
        /** @default 5: a few 5xx a minute from one target group, not a single failed request. */
        public int target5xxCount = 5;
        /** @default 10: 5xx the load balancer itself generates (no healthy target, timeouts), fleet-wide. */
        public int alb5xxCount = 10;
        /** @default 1: any unhealthy target in a deployed group is worth a rollback. */
        public int unhealthyHosts = 1;
        /** @default 1.0: p95 above one second is a regression for an interactive service. */
        public double p95LatencySeconds = 1.0;
        /** @default 2.0: p99 above two seconds. */
        public double p99LatencySeconds = 2.0;
        /** @default none: only the alarms this project creates roll back. */
        public List<String> extraAlarmNames = List.of();
    }

    public AlarmSettings {
        Check check = Check.in("AlarmSettings");
        check.require(periodSeconds >= METRIC_RESOLUTION_SECONDS && periodSeconds % METRIC_RESOLUTION_SECONDS == 0,
                "periodSeconds", periodSeconds,
                "a multiple of 60 (load balancer metrics have 60-second resolution; a shorter period never has data)",
                "use 60");
        check.between("evaluationPeriods", evaluationPeriods, 1, 86400 / periodSeconds,
                "use e.g. 2 (the alarm window may not exceed one day)");
        check.between("target5xxCount", target5xxCount, 1, Integer.MAX_VALUE,
                "use e.g. 5; 0 would fire on every period, with or without errors");
        check.between("alb5xxCount", alb5xxCount, 1, Integer.MAX_VALUE, "use e.g. 10");
        check.between("unhealthyHosts", unhealthyHosts, 1, 1000, "use 1");
        latency(check, "p95LatencySeconds", p95LatencySeconds);
        latency(check, "p99LatencySeconds", p99LatencySeconds);
        extraAlarmNames = List.copyOf(Check.orDefault(extraAlarmNames, List.of()));
        for (String name : extraAlarmNames) {
            check.matches("extraAlarmNames", name, ALARM_NAME, "CloudWatch alarm names", "fix the name");
        }
        if (enabled) {
            int total = DEFAULT_ALARM_COUNT + extraAlarmNames.size();
            check.require(total <= MAX_ALARMS, "extraAlarmNames", extraAlarmNames,
                    "at most " + (MAX_ALARMS - DEFAULT_ALARM_COUNT) + " extra alarms ("
                            + DEFAULT_ALARM_COUNT + " default + extras = " + total
                            + "; CodeDeploy accepts at most " + MAX_ALARMS + ")",
                    "combine alarms into a composite alarm and list that");
        }
    }

    private static void latency(Check check, String field, double seconds) {
        check.require(seconds > 0 && seconds < ALB_IDLE_TIMEOUT_SECONDS, field, seconds,
                "more than 0 and less than " + ALB_IDLE_TIMEOUT_SECONDS + " seconds (the ALB idle timeout; slower responses are cut off, so the alarm could never fire)",
                "use e.g. 1.0 for p95 and 2.0 for p99");
    }

    /** How long a sustained problem takes to put an alarm into ALARM: period x evaluation periods. */
    public int secondsToFire() {
        return periodSeconds * evaluationPeriods;
    }

    /** The same alarms over {@code periods} periods of {@code period} seconds. */
    public AlarmSettings withWindow(int period, int periods) {
        return with(a -> {
            a.periodSeconds = period;
            a.evaluationPeriods = periods;
        });
    }

    /** The same alarms with other 5xx thresholds: per target group, and generated by the load balancer. */
    public AlarmSettings withErrorCounts(int target5xx, int alb5xx) {
        return with(a -> {
            a.target5xxCount = target5xx;
            a.alb5xxCount = alb5xx;
        });
    }

    /** The same alarms with other latency thresholds, in seconds. */
    public AlarmSettings withLatency(double p95, double p99) {
        return with(a -> {
            a.p95LatencySeconds = p95;
            a.p99LatencySeconds = p99;
        });
    }

    /** The same alarms, and these existing alarms also roll back. */
    public AlarmSettings withExtraAlarms(List<String> names) {
        return with(a -> a.extraAlarmNames = names);
    }
}
