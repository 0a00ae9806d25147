package io.bluegreen.platform.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this project adds to the application's code to make a CodeDeploy revision for EC2: {@code appspec.yml} at
 * the root (the files go to {@code /opt/<service>/current}; the hooks ApplicationStop, BeforeInstall, AfterInstall,
 * ApplicationStart and ValidateService with their timeouts and users, and for blue/green also the traffic hooks,
 * see {@link Style}) and the hook scripts, all generated from the Java model. The build writes them next to the application's files (buildspec-ec2.yml).
 *
 * <p>The scripts' contract: the application runs as a systemd unit {@code <service>.service} from its folder with
 * the start command, as the configured user, with {@code PORT} set; ValidateService polls
 * {@code http://127.0.0.1:<port><health path>} until it answers 2xx or the timeout passes (then it prints the unit's
 * status and last log lines and fails, which rolls the deployment back). Each script reads its settings from the
 * environment first, so a test can run it against a local server.
 */
public final class Revision {
    public static final String APPSPEC = "appspec.yml";
    public static final String SCRIPTS = "scripts/";

    private Revision() {
    }

    /** The folder the revision's files are installed in on each instance. */
    public static String installDir(String service) {
        return "/opt/" + service + "/current";
    }

    /** How CodeDeploy delivers the revision: which lifecycle events exist, and so which hooks the appspec names. */
    public enum Style {
        /** Each instance in turn: stop, install, start, validate, out of the target group meanwhile. */
        IN_PLACE,
        /**
         * A copied fleet: install and validate on green, then BeforeAllowTraffic/AfterAllowTraffic on green and
         * BeforeBlockTraffic/AfterBlockTraffic on blue (which run the scripts of blue's own, earlier revision).
         */
        BLUE_GREEN
    }

    /** appspec.yml of an in-place deployment (YAML; the hooks run the scripts of {@link #scripts}). */
    public static String appSpec(String service, AppSettings app) {
        return appSpec(service, app, Style.IN_PLACE);
    }

    /** appspec.yml for {@code style} (YAML; the hooks run the scripts of {@link #scripts}). */
    public static String appSpec(String service, AppSettings app, Style style) {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.0\n");
        y.append("os: linux\n");
        y.append("files:\n");
        y.append("  - source: /\n");
        y.append("    destination: ").append(installDir(service)).append("\n");
        y.append("file_exists_behavior: OVERWRITE\n");
        y.append("hooks:\n");
        hook(y, "ApplicationStop", "application_stop.sh", app.hookTimeoutSeconds(), "root");
        hook(y, "BeforeInstall", "before_install.sh", app.hookTimeoutSeconds(), "root");
        hook(y, "AfterInstall", "after_install.sh", app.hookTimeoutSeconds(), "root");
        hook(y, "ApplicationStart", "application_start.sh", app.hookTimeoutSeconds(), "root");
        // The poll's own budget plus time to report: CodeDeploy must never kill it first.
        int validate = Math.min(AppSettings.MAX_HOOK_SECONDS, app.validateTimeoutSeconds() + 30);
        // As root: when the application does not come up, the script reports why (systemctl status and the unit's
        // journal) into the deployment's log, and the application's user may not read the journal.
        hook(y, "ValidateService", "validate_service.sh", validate, "root");
        if (style == Style.BLUE_GREEN) {
            // Green, right before and after it joins the target group: still healthy, or the deployment rolls back.
            hook(y, "BeforeAllowTraffic", "validate_service.sh", validate, "root");
            hook(y, "AfterAllowTraffic", "validate_service.sh", validate, "root");
            // Blue, as it leaves the target group: record it, and keep the application running, so that a rollback
            // during the termination wait has blue serving at once.
            hook(y, "BeforeBlockTraffic", "block_traffic.sh", 60, "root");
            hook(y, "AfterBlockTraffic", "block_traffic.sh", 60, "root");
        }
        return y.toString();
    }

    /**
     * {@code text} as systemd reads it back in ExecStart: its specifiers ({@code %}) and variable expansion ({@code $})
     * doubled. Between the single quotes of {@code bash -lc '...'} bash takes the rest literally (AppSettings refuses
     * single quotes and newlines in a start command).
     */
    static String systemdLiteral(String text) {
        return text.replace("%", "%%").replace("$", "$$");
    }

    private static void hook(StringBuilder y, String event, String script, int timeout, String runAs) {
        y.append("  ").append(event).append(":\n");
        y.append("    - location: ").append(SCRIPTS).append(script).append("\n");
        y.append("      timeout: ").append(timeout).append("\n");
        y.append("      runas: ").append(runAs).append("\n");
    }

    /** The hook scripts of an in-place revision, by path in the revision. */
    public static Map<String, String> scripts(String service, AppSettings app, String healthPath) {
        return scripts(service, app, healthPath, Style.IN_PLACE);
    }

    /** The hook scripts the appspec of {@code style} runs, by path in the revision. */
    public static Map<String, String> scripts(String service, AppSettings app, String healthPath, Style style) {
        String unit = service + ".service";
        String header = String.join("\n",
                "#!/bin/bash",
                "# Generated by the EC2 platform (Revision.java) for " + service + ". Settings may be overridden from",
                "# the environment (tests run these scripts against a local server).",
                "set -euo pipefail",
                "SERVICE=\"${SERVICE:-" + service + "}\"",
                "PORT=\"${PORT:-" + app.port() + "}\"",
                "HEALTH_PATH=\"${HEALTH_PATH:-" + healthPath + "}\"",
                "INSTALL_DIR=\"${INSTALL_DIR:-" + installDir(service) + "}\"",
                "RUN_AS=\"${RUN_AS:-" + app.runAs() + "}\"",
                "VALIDATE_TIMEOUT=\"${VALIDATE_TIMEOUT:-" + app.validateTimeoutSeconds() + "}\"",
                "");
        Map<String, String> files = new LinkedHashMap<>();
        files.put(SCRIPTS + "application_stop.sh", header + String.join("\n",
                "# The running version (or the first-boot placeholder) stops; a missing unit is not an error.",
                "systemctl stop \"${SERVICE}.service\" 2>/dev/null || true",
                "systemctl disable --now \"" + UserData.placeholderUnit(service) + "\" 2>/dev/null || true",
                ""));
        files.put(SCRIPTS + "before_install.sh", header + String.join("\n",
                "# The first-boot placeholder holds the port until the first deployment; CodeDeploy skips ApplicationStop",
                "# on an instance's first deployment (no earlier revision), so it is stopped for good here.",
                "systemctl disable --now \"" + UserData.placeholderUnit(service) + "\" 2>/dev/null || true",
                "# CodeDeploy copies the new files into an empty folder.",
                "rm -rf \"${INSTALL_DIR}\"",
                "mkdir -p \"${INSTALL_DIR}\"",
                ""));
        files.put(SCRIPTS + "after_install.sh", header + String.join("\n",
                "# The application as a systemd unit, run from its folder as ${RUN_AS}: a system user without a login,",
                "# made here on a server that has none yet (a server this project did not launch).",
                "id -u \"${RUN_AS}\" >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin \"${RUN_AS}\"",
                "chown -R \"${RUN_AS}\" \"${INSTALL_DIR}\"",
                "cat > \"/etc/systemd/system/${SERVICE}.service\" <<UNIT",
                "[Unit]",
                "Description=${SERVICE} (deployed by CodeDeploy)",
                "After=network-online.target",
                "Conflicts=" + UserData.placeholderUnit(service),
                "[Service]",
                "User=${RUN_AS}",
                "WorkingDirectory=${INSTALL_DIR}",
                "Environment=PORT=${PORT}",
                "UNIT",
                "# The start command is data: a quoted heredoc (no shell expansion), escaped for systemd (% and $).",
                "cat >> \"/etc/systemd/system/${SERVICE}.service\" <<'EXECSTART'",
                "ExecStart=/bin/bash -lc '" + systemdLiteral(app.startCommand()) + "'",
                "EXECSTART",
                "cat >> \"/etc/systemd/system/${SERVICE}.service\" <<UNIT",
                "Restart=on-failure",
                "[Install]",
                "WantedBy=multi-user.target",
                "UNIT",
                "systemctl daemon-reload",
                ""));
        files.put(SCRIPTS + "application_start.sh", header + String.join("\n",
                "systemctl enable \"" + unit + "\"",
                "systemctl restart \"" + unit + "\"",
                ""));
        files.put(SCRIPTS + "validate_service.sh", header + String.join("\n",
                "# Healthy when the application answers 2xx on its health URL, before the timeout.",
                "command -v curl >/dev/null || { echo \"curl is missing on this server: install it (the check uses it)\" >&2; exit 1; }",
                "url=\"http://127.0.0.1:${PORT}${HEALTH_PATH}\"",
                "deadline=$(( $(date +%s) + VALIDATE_TIMEOUT ))",
                "while [ \"$(date +%s)\" -lt \"${deadline}\" ]; do",
                "  # The unit itself must run (not just anything on the port), where it is installed.",
                "  if [ -f \"/etc/systemd/system/${SERVICE}.service\" ] && ! systemctl is-active --quiet \"${SERVICE}.service\"; then",
                "    sleep 2",
                "    continue",
                "  fi",
                "  if curl -fsS -o /dev/null --max-time 5 \"${url}\"; then",
                "    echo \"${SERVICE} is healthy: ${url}\"",
                "    exit 0",
                "  fi",
                "  sleep 2",
                "done",
                "echo \"${SERVICE} did not answer 2xx on ${url} within ${VALIDATE_TIMEOUT} s\" >&2",
                "systemctl status \"${SERVICE}.service\" --no-pager 2>&1 | tail -n 20 >&2 || true",
                "journalctl -u \"${SERVICE}.service\" -n 50 --no-pager >&2 2>&1 || true",
                "exit 1",
                ""));
        if (style == Style.IN_PLACE) {
            return files;
        }
        files.put(SCRIPTS + "block_traffic.sh", header + String.join("\n",
                "# Blue/green, on blue: the instance leaves (Before...) or has left (After...) the target group. The",
                "# application keeps running: a rollback during the termination wait routes traffic back to it at once.",
                "# Never fails, so an old instance cannot block a release (CodeDeploy runs blue's own earlier revision).",
                "echo \"$(date -u +%FT%TZ) ${LIFECYCLE_EVENT:-BlockTraffic} of deployment ${DEPLOYMENT_ID:-?}: ${SERVICE} keeps"
                        + " running until the instance is terminated\"",
                "exit 0",
                ""));
        return files;
    }
}
