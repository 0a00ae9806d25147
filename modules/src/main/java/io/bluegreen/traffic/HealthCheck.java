package io.bluegreen.traffic;

import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * Target group health check, used by both blue and green. CodeDeploy only shifts traffic to green once its tasks
 * pass this check.
 *
 * @param path HTTP path, starting with '/'
 * @param matcher HTTP codes that count as healthy, e.g. "200" or "200-399"
 * @param intervalSeconds 5..300
 * @param timeoutSeconds 2..120 and below the interval
 * @param healthyThreshold 2..10 consecutive successes
 * @param unhealthyThreshold 2..10 consecutive failures
 */
public record HealthCheck(String path, String matcher, int intervalSeconds, int timeoutSeconds,
                          int healthyThreshold, int unhealthyThreshold) {
    /**
     * A health check path: letters, digits and {@code . _ ~ - /}. It lands in the target groups, in the EC2 boot
     * script (the placeholder's file) and hook scripts (shell), and in the smoke test's configuration, so characters
     * a shell or Terraform would read ({@code $ ` % ' " { } ( ) ; & | < > ? *}, spaces) are refused, not escaped.
     */
    static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9._~/-]{0,1023}$");
    private static final Pattern MATCHER = Pattern.compile("^[1-5][0-9]{2}(?:-[1-5][0-9]{2})?(?:,[1-5][0-9]{2}(?:-[1-5][0-9]{2})?)*$");

    /** GET / every 15 s, 5 s timeout, healthy after 2 and unhealthy after 3 results, 200-399 healthy. */
    public static final HealthCheck DEFAULT = new HealthCheck("/", "200-399", 15, 5, 2, 3);

    public HealthCheck {
        Check check = Check.in("HealthCheck");
        check.matches("path", path, PATH, "an HTTP path starting with '/' of letters, digits and . _ ~ - / (no query,"
                + " no characters a shell or Terraform would read)", "use the path of the service's health endpoint, e.g. /health");
        check.matches("matcher", matcher, MATCHER, "HTTP codes such as 200, 200-299 or 200,302",
                "list the status codes a healthy task returns");
        check.between("intervalSeconds", intervalSeconds, 5, 300, "use e.g. 15");
        check.between("timeoutSeconds", timeoutSeconds, 2, 120, "use e.g. 5");
        check.require(timeoutSeconds < intervalSeconds, "timeoutSeconds", timeoutSeconds,
                "a timeout below intervalSeconds (" + intervalSeconds + ")", "lower the timeout or raise the interval");
        check.between("healthyThreshold", healthyThreshold, 2, 10, "use e.g. 2");
        check.between("unhealthyThreshold", unhealthyThreshold, 2, 10, "use e.g. 3");
    }

    /** The same check on another path, e.g. the application's /health. */
    public HealthCheck withPath(String value) {
        return new HealthCheck(value, matcher, intervalSeconds, timeoutSeconds, healthyThreshold, unhealthyThreshold);
    }
}
