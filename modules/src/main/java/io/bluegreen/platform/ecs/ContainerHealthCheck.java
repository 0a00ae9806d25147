package io.bluegreen.platform.ecs;

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
                                   int startPeriodSeconds) {
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

    public static ContainerHealthCheck shell(String command) {
        return new ContainerHealthCheck(List.of("CMD-SHELL", command), 30, 5, 3, 10);
    }
}
