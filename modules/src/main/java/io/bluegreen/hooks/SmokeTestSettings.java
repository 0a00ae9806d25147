package io.bluegreen.hooks;

import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the AfterAllowTestTraffic smoke test checks on the test listener before production traffic shifts.
 *
 * @param enabled false = no hook (green takes production traffic once healthy)
 * @param checks HTTP checks, each must pass
 * @param maxAttempts attempts per check, 1..20
 * @param retryIntervalSeconds pause between attempts, 0..60
 * @param totalSeconds time budget for all checks, 10..840 (the function's timeout is this plus a margin)
 * @param requestTimeoutSeconds timeout of one request, 1..30, below totalSeconds
 */
public record SmokeTestSettings(boolean enabled, List<SmokeCheck> checks, int maxAttempts, int retryIntervalSeconds,
                                int totalSeconds, int requestTimeoutSeconds) {
    /** Margin between the checks' budget and the Lambda timeout, so the result is always reported. */
    public static final int REPORT_MARGIN_SECONDS = 15;

    /**
     * One check: GET {@code path} must answer {@code status} (and contain {@code contains}, when given).
     */
    public record SmokeCheck(String path, int status, String contains) {
        private static final Pattern PATH = Pattern.compile("^/[\\x21-\\x7e]{0,1023}$");

        public SmokeCheck {
            Check check = Check.in("SmokeCheck");
            check.matches("path", path, PATH, "a path starting with '/' without spaces", "e.g. /health");
            check.between("status", status, 100, 599, "use the status a healthy response has, e.g. 200");
        }

        public static SmokeCheck ok(String path) {
            return new SmokeCheck(path, 200, null);
        }
    }

    public static final SmokeTestSettings DEFAULT =
            new SmokeTestSettings(true, List.of(SmokeCheck.ok("/")), 5, 5, 120, 5);
    public static final SmokeTestSettings OFF =
            new SmokeTestSettings(false, List.of(SmokeCheck.ok("/")), 5, 5, 120, 5);

    public SmokeTestSettings {
        Check check = Check.in("SmokeTestSettings");
        checks = List.copyOf(check.atLeast("checks", Check.orDefault(checks, List.of()), 1, "check",
                "e.g. List.of(SmokeCheck.ok(\"/health\"))"));
        check.between("maxAttempts", maxAttempts, 1, 20, "use e.g. 5");
        check.between("retryIntervalSeconds", retryIntervalSeconds, 0, 60, "use e.g. 5");
        check.between("totalSeconds", totalSeconds, 10, 900 - REPORT_MARGIN_SECONDS - 45,
                "use e.g. 120 (Lambda runs at most 900 s)");
        check.between("requestTimeoutSeconds", requestTimeoutSeconds, 1, 30, "use e.g. 5");
        check.require(requestTimeoutSeconds < totalSeconds, "requestTimeoutSeconds", requestTimeoutSeconds,
                "less than totalSeconds (" + totalSeconds + ")", "lower the request timeout");
    }

    public SmokeTestSettings withChecks(List<SmokeCheck> value) {
        return new SmokeTestSettings(enabled, value, maxAttempts, retryIntervalSeconds, totalSeconds, requestTimeoutSeconds);
    }

    public SmokeTestSettings withRetries(int attempts, int intervalSeconds, int total) {
        return new SmokeTestSettings(enabled, checks, attempts, intervalSeconds, total, requestTimeoutSeconds);
    }

    /** The function's timeout: the checks' budget plus the reporting margin. */
    public int functionTimeoutSeconds() {
        return totalSeconds + REPORT_MARGIN_SECONDS;
    }
}
