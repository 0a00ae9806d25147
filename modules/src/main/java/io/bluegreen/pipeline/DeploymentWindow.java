package io.bluegreen.pipeline;

import io.bluegreen.validation.Check;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * When a release may start deploying: CodePipeline's DeploymentWindow rule, checked when the stage before the deploy
 * stage succeeds. Outside the window the release waits for it there, before the alarm gate is checked on entry to
 * the deploy stage, so the gate sees production as it is when the deployment starts.
 *
 * @param cron the rule's cron: 6 fields and an optional year, separated by spaces: seconds (only {@code *}),
 *             minutes, hours, day of month, month, day of week, [year]; exactly one of day of month and day of week
 *             is {@code ?}. For example {@code * * 9-16 ? * MON-THU}: Monday to Thursday, 09:00 to 16:59.
 * @param timeZone the IANA time zone the cron reads in, e.g. Europe/Berlin (daylight saving follows it)
 */
public record DeploymentWindow(String cron, String timeZone) {
    private static final Pattern MINUTES = field("[0-5]?[0-9]");
    private static final Pattern HOURS = field("(?:[01]?[0-9]|2[0-3])");
    private static final Pattern DAY_OF_MONTH = Pattern.compile("^(?:\\?|L(?:-[0-9]{1,2})?|LW|[0-9]{1,2}W|"
            + "(?:\\*|(?:[1-9]|[12][0-9]|3[01])(?:-(?:[1-9]|[12][0-9]|3[01]))?)(?:/[0-9]{1,2})?"
            + "(?:,(?:[1-9]|[12][0-9]|3[01])(?:-(?:[1-9]|[12][0-9]|3[01]))?)*)$");
    private static final String MONTH_NAME = "(?:[1-9]|1[0-2]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)";
    private static final Pattern MONTH = Pattern.compile("^(?:\\*|" + MONTH_NAME + "(?:-" + MONTH_NAME + ")?)(?:/[0-9]{1,2})?"
            + "(?:," + MONTH_NAME + "(?:-" + MONTH_NAME + ")?)*$");
    private static final String DAY_NAME = "(?:[1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)";
    private static final Pattern DAY_OF_WEEK = Pattern.compile("^(?:\\?|" + DAY_NAME + "L|" + DAY_NAME + "#[1-5]|"
            + "(?:\\*|" + DAY_NAME + "(?:-" + DAY_NAME + ")?)(?:/[0-9])?(?:," + DAY_NAME + "(?:-" + DAY_NAME + ")?)*)$");
    private static final Pattern YEAR = Pattern.compile("^(?:\\*|(?:19[7-9][0-9]|2[01][0-9][0-9])(?:-(?:19[7-9][0-9]|2[01][0-9][0-9]))?"
            + "(?:/[0-9]{1,3})?(?:,(?:19[7-9][0-9]|2[01][0-9][0-9]))*)$");

    private static Pattern field(String value) {
        return Pattern.compile("^(?:\\*|" + value + "(?:-" + value + ")?)(?:/[0-9]{1,2})?(?:," + value + "(?:-" + value + ")?)*$");
    }

    public DeploymentWindow {
        Check check = Check.in("DeploymentWindow");
        String fix = "write 6 or 7 fields, e.g. \"* * 9-16 ? * MON-THU\" (any second, any minute, 09-16 h, any day of"
                + " the month, every month, Monday to Thursday)";
        check.require(cron != null && !cron.isBlank(), "cron", cron, "a cron expression", fix);
        List<String> f = List.of(cron.trim().split("\\s+"));
        check.require(f.size() == 6 || f.size() == 7, "cron", cron,
                "6 fields and an optional year (seconds minutes hours day-of-month month day-of-week [year])", fix);
        check.require(f.get(0).equals("*"), "cron", cron, "'*' in the seconds field (the rule has minute resolution)", fix);
        check.require(MINUTES.matcher(f.get(1)).matches(), "cron", cron, "minutes 0-59 with , - * /", fix);
        check.require(HOURS.matcher(f.get(2)).matches(), "cron", cron, "hours 0-23 with , - * /", fix);
        check.require(DAY_OF_MONTH.matcher(f.get(3)).matches(), "cron", cron, "day of month 1-31 with , - * ? / L W", fix);
        check.require(MONTH.matcher(f.get(4)).matches(), "cron", cron, "month 1-12 or JAN-DEC with , - * /", fix);
        check.require(DAY_OF_WEEK.matcher(f.get(5)).matches(), "cron", cron, "day of week 1-7 or SUN-SAT with , - * ? / L #", fix);
        check.require(f.get(3).equals("?") != f.get(5).equals("?"), "cron", cron,
                "'?' in exactly one of day of month and day of week (the other one says which days)", fix);
        if (f.size() == 7) {
            check.require(YEAR.matcher(f.get(6)).matches(), "cron", cron, "year 1970-2199 with , - * /", fix);
        }
        check.require(timeZone != null && validZone(timeZone), "timeZone", timeZone,
                "an IANA time zone such as Europe/Berlin, America/New_York or UTC",
                "name the zone the team works in; the window follows its daylight saving");
    }

    private static boolean validZone(String zone) {
        if (!zone.matches("^(?:UTC|[A-Z][A-Za-z_+-]*(?:/[A-Za-z0-9_+-]+){1,2})$")) {
            return false;
        }
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
