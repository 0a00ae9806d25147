package io.bluegreen.platform.lambda;

import io.bluegreen.settings.Settings;
import io.bluegreen.codedeploy.DeploymentGroups;
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
public record HookSettings(String beforeName, String afterName, String testEvent, String expect)
        implements Settings<HookSettings, HookSettings.Builder> {
    /** CodeDeploy's managed role for Lambda may invoke only functions named so. */
    public static final String PREFIX = DeploymentGroups.HOOK_FUNCTION_PREFIX;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    /** Every field at its default ({@link Builder}): default names, an empty event, any successful response. */
    public static final HookSettings DEFAULT = Settings.defaults(HookSettings.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default null: {@code CodeDeployHook_<service>-<env>-before}, a name CodeDeploy's managed role may invoke. */
        public String beforeName = null;
        /** @default null: {@code CodeDeployHook_<service>-<env>-after}. */
        public String afterName = null;
        /** @default "{}": an empty JSON event, which any handler can be invoked with. */
        public String testEvent = "{}";
        /** @default null: any response without a function error passes. */
        public String expect = null;
    }

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
        return with(h -> {
            h.testEvent = json;
            h.expect = expectedText;
        });
    }
}
