package io.bluegreen.platform.lambda;

import io.bluegreen.platform.ecs.SmokeTestHook;
import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * The validation hooks of a Lambda deployment.
 *
 * @param beforeName the BeforeAllowTraffic function's name (invokes the new version); null = the default
 *                   {@code CodeDeployHook_<service>-<env>-before}
 * @param afterName the AfterAllowTraffic function's name (invokes through the alias); null = the default
 * @param testEvent the JSON event both invoke the function with
 * @param expect text the function's response must contain (null: any response without a function error passes)
 */
public record HookSettings(String beforeName, String afterName, String testEvent, String expect) {
    /** CodeDeploy's managed role for Lambda may invoke only functions named so. */
    public static final String PREFIX = SmokeTestHook.FUNCTION_PREFIX;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    /** Default names, an empty event, any successful response. */
    public static final HookSettings DEFAULT = new HookSettings(null, null, "{}", null);

    public HookSettings {
        Check check = Check.in("HookSettings");
        for (String[] hook : new String[][] {{"beforeName", beforeName}, {"afterName", afterName}}) {
            if (hook[1] != null) {
                check.matches(hook[0], hook[1], NAME, "a function name of letters, digits, - and _ (at most 64)",
                        "shorten or rename the hook function");
                check.require(hook[1].startsWith(PREFIX), hook[0], hook[1],
                        "a name starting with " + PREFIX + " (CodeDeploy's managed role for Lambda invokes only those)",
                        "name it " + PREFIX + hook[1]);
            }
        }
        testEvent = Check.orDefault(testEvent, "{}");
        check.require(testEvent.strip().startsWith("{") && testEvent.strip().endsWith("}"), "testEvent", testEvent,
                "a JSON object", "e.g. {\"path\": \"/health\"}");
    }

    public HookSettings withTestEvent(String json, String expectedText) {
        return new HookSettings(beforeName, afterName, json, expectedText);
    }
}
