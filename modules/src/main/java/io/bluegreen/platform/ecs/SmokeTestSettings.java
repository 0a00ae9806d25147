package io.bluegreen.platform.ecs;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the AfterAllowTestTraffic smoke test checks on the test listener before production traffic shifts.
 *
 * @param enabled false = no hook (green takes production traffic once healthy)
 * @param checks HTTP checks, each must pass; empty (the default) means one check derived from the target groups'
 *               health check: GET its path, and accept the statuses its matcher accepts ({@link #resolved})
 * @param maxAttempts attempts per check, 1..20
 * @param retryIntervalSeconds pause between attempts, 0..60
 * @param totalSeconds time budget for all checks, 10..840 (the function's timeout is this plus a margin)
 * @param requestTimeoutSeconds timeout of one request, 1..30, below totalSeconds
 */
public record SmokeTestSettings(boolean enabled, List<SmokeCheck> checks, int maxAttempts, int retryIntervalSeconds,
                                int totalSeconds, int requestTimeoutSeconds)
        implements Settings<SmokeTestSettings, SmokeTestSettings.Builder> {
    /** Margin between the checks' budget and the Lambda timeout, so the result is always reported. */
    public static final int REPORT_MARGIN_SECONDS = 15;

    /**
     * One check: GET {@code path} must answer a status {@code statuses} accepts (and contain {@code contains}, when
     * given).
     *
     * @param statuses the accepted statuses in the target groups' matcher syntax: "200", "200-399", "200,302"
     */
    public record SmokeCheck(String path, String statuses, String contains) {
        private static final Pattern PATH = Pattern.compile("^/[\\x21-\\x7e]{0,1023}$");
        private static final Pattern STATUSES =
                Pattern.compile("^[1-5][0-9]{2}(?:-[1-5][0-9]{2})?(?:,[1-5][0-9]{2}(?:-[1-5][0-9]{2})?)*$");

        public SmokeCheck {
            Check check = Check.in("SmokeCheck");
            check.matches("path", path, PATH, "a path starting with '/' without spaces", "e.g. /health");
            check.matches("statuses", statuses, STATUSES, "HTTP statuses such as 200, 200-299 or 200,302",
                    "list the statuses a healthy response has, e.g. \"200\"");
        }

        /** GET {@code path} must answer 200. */
        public static SmokeCheck ok(String path) {
            return new SmokeCheck(path, "200", null);
        }
    }

    /**
     * On, with one check derived from the target groups' health check (the same path, the same accepted statuses: the
     * smoke test never demands less or more than what makes a task healthy), 5 attempts 5 s apart within 120 s, 5 s
     * per request.
     */
    public static final SmokeTestSettings DEFAULT = Settings.defaults(SmokeTestSettings.class);
    /** Off: green takes production traffic once its tasks are healthy. */
    public static final SmokeTestSettings OFF = DEFAULT.with(s -> s.enabled = false);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default true: green answers real requests on the test port before it takes production traffic. */
        public boolean enabled = true;
        /** @default none, which means one check: the health check's path and statuses. */
        public List<SmokeCheck> checks = List.of();
        /** @default 5: a task that is still warming up gets a few chances. */
        public int maxAttempts = 5;
        /** @default 5: seconds between attempts. */
        public int retryIntervalSeconds = 5;
        /** @default 120: two minutes for every check, well inside the hook's hour and Lambda's 900 s. */
        public int totalSeconds = 120;
        /** @default 5: a request slower than 5 s on an idle green is a failure. */
        public int requestTimeoutSeconds = 5;
    }

    public SmokeTestSettings {
        Check check = Check.in("SmokeTestSettings");
        checks = List.copyOf(Check.orDefault(checks, List.of()));
        check.between("maxAttempts", maxAttempts, 1, 20, "use e.g. 5");
        check.between("retryIntervalSeconds", retryIntervalSeconds, 0, 60, "use e.g. 5");
        check.between("totalSeconds", totalSeconds, 10, 900 - REPORT_MARGIN_SECONDS - 45,
                "use e.g. 120 (Lambda runs at most 900 s)");
        check.between("requestTimeoutSeconds", requestTimeoutSeconds, 1, 30, "use e.g. 5");
        check.require(requestTimeoutSeconds < totalSeconds, "requestTimeoutSeconds", requestTimeoutSeconds,
                "less than totalSeconds (" + totalSeconds + ")", "lower the request timeout");
    }

    public SmokeTestSettings withChecks(List<SmokeCheck> value) {
        return with(s -> s.checks = value);
    }

    public SmokeTestSettings withRetries(int attempts, int intervalSeconds, int total) {
        return with(s -> {
            s.maxAttempts = attempts;
            s.retryIntervalSeconds = intervalSeconds;
            s.totalSeconds = total;
        });
    }

    /**
     * These settings with their checks made explicit: the given ones, or, when none were given, GET the target groups'
     * health check path accepting what its matcher accepts.
     */
    public SmokeTestSettings resolved(String healthPath, String healthMatcher) {
        return checks.isEmpty() ? withChecks(List.of(new SmokeCheck(healthPath, healthMatcher, null))) : this;
    }

    /** The function's timeout: the checks' budget plus the reporting margin. */
    public int functionTimeoutSeconds() {
        return totalSeconds + REPORT_MARGIN_SECONDS;
    }
}
