package io.bluegreen.platform.ecs;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

import java.util.List;

/**
 * Optional container-level health check (in addition to the target group's).
 *
 * @param command e.g. ["CMD-SHELL", "curl -f http://localhost/health || exit 1"]
 * @param intervalSeconds 5..300
 * @param timeoutSeconds 2..60
 * @param retries 1..10
 * @param startPeriodSeconds 0..300 grace before failures count
 */
public record ContainerHealthCheck(List<String> command, int intervalSeconds, int timeoutSeconds, int retries,
                                   int startPeriodSeconds)
        implements Settings<ContainerHealthCheck, ContainerHealthCheck.Builder> {
    public ContainerHealthCheck {
        Check check = Check.in("ContainerHealthCheck");
        command = List.copyOf(check.atLeast("command", command, 2, "entries, starting with CMD or CMD-SHELL",
                "e.g. List.of(\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\")"));
        check.require(command.get(0).equals("CMD") || command.get(0).equals("CMD-SHELL"), "command[0]", command.get(0),
                "CMD or CMD-SHELL", "start the command with CMD-SHELL");
        check.between("intervalSeconds", intervalSeconds, 5, 300, "use e.g. 30");
        check.between("timeoutSeconds", timeoutSeconds, 2, 60, "use e.g. 5");
        check.between("retries", retries, 1, 10, "use e.g. 3");
        check.between("startPeriodSeconds", startPeriodSeconds, 0, 300, "use e.g. 10");
    }

    /** The settings and their defaults; {@link #shell} sets the command, which has none. */
    public static final class Builder {
        /** No default: the check, starting with CMD or CMD-SHELL. */
        public List<String> command;
        /** @default 30: ECS's own default interval. */
        public int intervalSeconds = 30;
        /** @default 5: ECS's own default timeout. */
        public int timeoutSeconds = 5;
        /** @default 3: ECS's own default; three failures in a row mark the container unhealthy. */
        public int retries = 3;
        /** @default 10: a short grace for the process to start; the target group's grace period covers the rest. */
        public int startPeriodSeconds = 10;
    }

    /** A shell command run in the container ({@code CMD-SHELL}), every other field at its default. */
    public static ContainerHealthCheck shell(String command) {
        return Settings.build(ContainerHealthCheck.class, h -> h.command = List.of("CMD-SHELL", command));
    }
}
