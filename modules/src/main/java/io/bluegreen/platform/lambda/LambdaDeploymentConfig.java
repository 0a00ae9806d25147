package io.bluegreen.platform.lambda;

import io.bluegreen.validation.Check;

import java.util.List;

/**
 * How CodeDeploy shifts a Lambda alias from the current version to the new one: one of its built-in configs
 * (canary: a share first, the rest after a wait; linear: equal steps; all at once), or a custom time-based canary or
 * linear config, which this project creates under a name that carries its settings (a changed config is a new one,
 * created before the old is deleted: CodeDeploy configs cannot be changed in place).
 */
public sealed interface LambdaDeploymentConfig {
    /** The built-in configs CodeDeploy offers for Lambda. */
    List<String> BUILT_IN = List.of(
            "LambdaCanary10Percent5Minutes", "LambdaCanary10Percent10Minutes", "LambdaCanary10Percent15Minutes",
            "LambdaCanary10Percent30Minutes", "LambdaLinear10PercentEvery1Minute", "LambdaLinear10PercentEvery2Minutes",
            "LambdaLinear10PercentEvery3Minutes", "LambdaLinear10PercentEvery10Minutes", "LambdaAllAtOnce");

    /** CodeDeploy's limit for the minutes between traffic shifts (two days). */
    int MAX_INTERVAL_MINUTES = 2880;

    /** The name CodeDeploy knows (built-in) or the role in this project's name (custom). */
    String role();

    /** Minutes from the first shift to the last (hooks not included). */
    int shiftMinutes();

    /** A built-in config, e.g. {@code new BuiltIn("LambdaCanary10Percent5Minutes")}. */
    record BuiltIn(String name) implements LambdaDeploymentConfig {
        public BuiltIn {
            Check.in("LambdaDeploymentConfig.BuiltIn").require(BUILT_IN.contains(name), "name", name,
                    "one of " + BUILT_IN, "or use TimeBasedCanary / TimeBasedLinear for other steps");
        }

        public String role() {
            return "CodeDeployDefault." + name;
        }

        public int shiftMinutes() {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(Canary|Linear)10Percent(?:Every)?(\\d+)Minutes?").matcher(name);
            if (!m.find()) {
                return 0;
            }
            int minutes = Integer.parseInt(m.group(2));
            return m.group(1).equals("Canary") ? minutes : 9 * minutes;
        }
    }

    /** {@code percent}% of traffic first, the rest after {@code intervalMinutes}. */
    record TimeBasedCanary(int percent, int intervalMinutes) implements LambdaDeploymentConfig {
        public TimeBasedCanary {
            checkSteps("LambdaDeploymentConfig.TimeBasedCanary", percent, intervalMinutes);
        }

        public String role() {
            return "canary-" + percent + "pct-" + intervalMinutes + "min";
        }

        public int shiftMinutes() {
            return intervalMinutes;
        }
    }

    /** {@code percent}% more traffic every {@code intervalMinutes} until all of it has moved. */
    record TimeBasedLinear(int percent, int intervalMinutes) implements LambdaDeploymentConfig {
        public TimeBasedLinear {
            checkSteps("LambdaDeploymentConfig.TimeBasedLinear", percent, intervalMinutes);
        }

        public String role() {
            return "linear-" + percent + "pct-every-" + intervalMinutes + "min";
        }

        public int shiftMinutes() {
            return ((100 + percent - 1) / percent - 1) * intervalMinutes;
        }
    }

    private static void checkSteps(String where, int percent, int intervalMinutes) {
        Check check = Check.in(where);
        check.between("percent", percent, 1, 99,
                "use e.g. 10 (0 would never shift, 100 is all at once: use BuiltIn(\"LambdaAllAtOnce\"))");
        check.between("intervalMinutes", intervalMinutes, 1, MAX_INTERVAL_MINUTES, "use e.g. 5 (CodeDeploy allows 1..2880)");
    }
}
