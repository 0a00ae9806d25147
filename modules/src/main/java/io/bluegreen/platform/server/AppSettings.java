package io.bluegreen.platform.server;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

import java.util.regex.Pattern;

/**
 * How the application runs on each instance and how CodeDeploy's lifecycle hooks treat it.
 *
 * @param port the port the application listens on (the target group's)
 * @param startCommand how to start it, run from its folder by systemd, e.g. {@code python3 app.py}
 * @param runAs the user the application runs as (hooks that install run as root)
 * @param hookTimeoutSeconds the timeout of ApplicationStop, BeforeInstall, AfterInstall and ApplicationStart (1..3600)
 * @param validateTimeoutSeconds how long ValidateService polls the health URL before it fails (1..3600)
 */
public record AppSettings(int port, String startCommand, String runAs, int hookTimeoutSeconds,
                          int validateTimeoutSeconds) implements Settings<AppSettings, AppSettings.Builder> {
    /** CodeDeploy's limit for one lifecycle hook script. */
    public static final int MAX_HOOK_SECONDS = 3600;
    private static final Pattern USER = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");

    public AppSettings {
        Check check = Check.in("AppSettings");
        check.between("port", port, 1024, 65535, "use an unprivileged port such as 8080 (the app does not run as root)");
        check.require(startCommand != null && !startCommand.isBlank() && !startCommand.contains("\n")
                        && !startCommand.contains("'"), "startCommand", startCommand,
                "one line without single quotes, e.g. python3 app.py", "put longer start logic in a script of the app");
        check.matches("runAs", runAs, USER, "a Linux user name such as ec2-user", "use ec2-user or a user your AMI has");
        check.between("hookTimeoutSeconds", hookTimeoutSeconds, 1, MAX_HOOK_SECONDS, "use e.g. 300");
        check.between("validateTimeoutSeconds", validateTimeoutSeconds, 1, MAX_HOOK_SECONDS, "use e.g. 120");
    }

    /** The settings and their defaults; {@link #of} sets the two that have none. */
    public static final class Builder {
        /** No default: the port the application listens on. */
        public int port;
        /** No default: the command that starts the application. */
        public String startCommand;
        /** @default "ec2-user": Amazon Linux's unprivileged user, so the application does not run as root. */
        public String runAs = "ec2-user";
        /** @default 300: five minutes for one lifecycle hook (stop, install, start), the agent's own default is 3600. */
        public int hookTimeoutSeconds = 300;
        /** @default 120: two minutes for a started application to answer its health check before the host fails. */
        public int validateTimeoutSeconds = 120;
    }

    /** An application started with {@code startCommand} on {@code port}, every other field at its default. */
    public static AppSettings of(int port, String startCommand) {
        return Settings.build(AppSettings.class, a -> {
            a.port = port;
            a.startCommand = startCommand;
        });
    }

    /** The same application with other hook timeouts. */
    public AppSettings withTimeouts(int hookSeconds, int validateSeconds) {
        return with(a -> {
            a.hookTimeoutSeconds = hookSeconds;
            a.validateTimeoutSeconds = validateSeconds;
        });
    }
}
