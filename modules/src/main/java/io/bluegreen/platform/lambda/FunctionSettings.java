package io.bluegreen.platform.lambda;

import io.bluegreen.settings.Settings;
import io.bluegreen.aws.AwsValues;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.validation.Check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The function a Lambda service runs.
 *
 * @param runtime one of {@link LambdaRuntime}'s accepted runtimes, e.g. python3.13
 * @param handler {@code <file>.<function>}, e.g. {@code app.handler} (app.py's handler; for Node.js index.js's)
 * @param memoryMb 128..10240 MB
 * @param timeoutSeconds 1..900 s
 * @param environment environment variables (names: letters, digits, underscores; not AWS_ reserved ones)
 * @param inVpc whether the function runs in the environment's private subnets (HTTPS egress only)
 * @param logRetentionDays retention of its log group
 * @param permissions what the function may do beyond writing its logs (its execution role holds nothing else)
 */
public record FunctionSettings(String runtime, String handler, int memoryMb, int timeoutSeconds,
                               Map<String, String> environment, boolean inVpc, int logRetentionDays,
                               List<PolicyStatement> permissions)
        implements Settings<FunctionSettings, FunctionSettings.Builder> {
    private static final Pattern HANDLER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_-]*)*\\.[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern VARIABLE = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");

    public FunctionSettings {
        Check check = Check.in("FunctionSettings");
        LambdaRuntime.check(check, "runtime", runtime);
        check.matches("handler", handler, HANDLER, "<file>.<function>, e.g. app.handler (app.py's or index.js's handler)",
                "name the file without its extension and the function, separated by a dot");
        check.between("memoryMb", memoryMb, 128, 10240, "use e.g. 256 (Lambda allows 128..10240 MB)");
        check.between("timeoutSeconds", timeoutSeconds, 1, 900, "use e.g. 30 (Lambda allows at most 900 s)");
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Check.orDefault(environment, Map.of())));
        for (String name : environment.keySet()) {
            check.matches("environment", name, VARIABLE, "names of letters, digits and underscores", "rename the variable");
            check.require(!name.startsWith("AWS_") && !name.equals("_HANDLER"), "environment", name,
                    "a name Lambda does not reserve (AWS_* and _HANDLER are reserved)", "rename the variable");
        }
        AwsValues.checkLogRetention(check, "logRetentionDays", logRetentionDays);
        permissions = List.copyOf(Check.orDefault(permissions, List.of()));
    }

    /** The settings and their defaults; {@link #of} sets the two that have none. */
    public static final class Builder {
        /** No default: the Lambda runtime, e.g. python3.12. */
        public String runtime;
        /** No default: the handler, e.g. app.handler. */
        public String handler;
        /** @default 256: enough for a small handler; Lambda gives CPU in proportion to memory. */
        public int memoryMb = 256;
        /** @default 30: a request-serving function should answer well within it; Lambda's own default is 3 s. */
        public int timeoutSeconds = 30;
        /** @default none. */
        public Map<String, String> environment = Map.of();
        /** @default false: outside the VPC, no NAT needed to reach AWS APIs. */
        public boolean inVpc = false;
        /** @default 30: a month of logs to investigate a release; longer in production (ServiceDefaults). */
        public int logRetentionDays = 30;
        /** @default none: the function gets no AWS permissions until it asks for them. */
        public List<PolicyStatement> permissions = List.of();
    }

    /** A function of {@code runtime} with {@code handler}, every other field at its default. */
    public static FunctionSettings of(String runtime, String handler) {
        return Settings.build(FunctionSettings.class, f -> {
            f.runtime = runtime;
            f.handler = handler;
        });
    }

    public FunctionSettings withMemory(int mb) {
        return with(f -> f.memoryMb = mb);
    }

    public FunctionSettings withTimeout(int seconds) {
        return with(f -> f.timeoutSeconds = seconds);
    }

    public FunctionSettings withEnvironment(Map<String, String> variables) {
        return with(f -> f.environment = variables);
    }

    public FunctionSettings withVpc(boolean value) {
        return with(f -> f.inVpc = value);
    }

    public FunctionSettings withLogRetentionDays(int days) {
        return with(f -> f.logRetentionDays = days);
    }

    public FunctionSettings withPermissions(List<PolicyStatement> statements) {
        return with(f -> f.permissions = statements);
    }

    /** The handler's file without extension, e.g. {@code app} or {@code src/index}. */
    String handlerFile() {
        return handler.substring(0, handler.lastIndexOf('.'));
    }

    /** The handler's function name, e.g. {@code handler}. */
    String handlerFunction() {
        return handler.substring(handler.lastIndexOf('.') + 1);
    }
}
