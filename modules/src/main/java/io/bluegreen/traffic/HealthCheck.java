package io.bluegreen.traffic;

import io.bluegreen.settings.Settings;
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
                          int healthyThreshold, int unhealthyThreshold)
        implements Settings<HealthCheck, HealthCheck.Builder> {
    /**
     * A health check path: letters, digits and {@code . _ ~ - /}. It lands in the target groups, in the EC2 boot
     * script (the placeholder's file) and hook scripts (shell), and in the smoke test's configuration, so characters
     * a shell or Terraform would read ({@code $ ` % ' " { } ( ) ; & | < > ? *}, spaces) are refused, not escaped.
     */
    public static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9._~/-]{0,1023}$");
    private static final Pattern MATCHER = Pattern.compile("^[1-5][0-9]{2}(?:-[1-5][0-9]{2})?(?:,[1-5][0-9]{2}(?:-[1-5][0-9]{2})?)*$");

    /** Every field at its default ({@link Builder}): GET / every 15 s, 5 s timeout, healthy after 2 and unhealthy after 3. */
    public static final HealthCheck DEFAULT = Settings.defaults(HealthCheck.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default "/": every web server answers it; point it at the application's own health endpoint. */
        public String path = "/";
        /** @default "200-399": success and redirects are healthy, so a root path that redirects (for example to a login page) passes; the ALB alone accepts only 200. */
        public String matcher = "200-399";
        /** @default 15: a new task or instance is healthy within about 30 s, twice as fast as the ALB's 30 s default. */
        public int intervalSeconds = 15;
        /** @default 5: the ALB's default for HTTP targets. */
        public int timeoutSeconds = 5;
        /** @default 2: two successes in a row; green is ready for traffic quickly. */
        public int healthyThreshold = 2;
        /** @default 3: three failures in a row, so one slow answer does not take a target out. */
        public int unhealthyThreshold = 3;
    }

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
        return with(h -> h.path = value);
    }
}
