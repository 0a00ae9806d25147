package io.bluegreen.aws;

import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/** Values AWS accepts in more than one place of this project, checked one way everywhere. */
public final class AwsValues {
    /** The retention periods CloudWatch Logs accepts. */
    public static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    /** An S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
    public static final Pattern S3_BUCKET_NAME = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");

    private AwsValues() {
    }

    public static void checkLogRetention(Check check, String field, int days) {
        check.require(LOG_RETENTION_DAYS.contains(days), field, days, "one of " + LOG_RETENTION_DAYS, "use e.g. 30");
    }
}
