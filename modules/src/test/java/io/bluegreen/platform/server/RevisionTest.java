package io.bluegreen.platform.server;

import io.bluegreen.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The revision this project adds to an application: appspec.yml and the hook scripts, run for real where possible. */
class RevisionTest {
    private static final AppSettings APP = AppSettings.of(8080, "python3 app.py");
    private Process app;

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.destroyForcibly();
        }
    }

    @Test
    void appSpecInstallsTheFilesAndRunsEveryHookWithItsTimeoutAndUser() {
        String appspec = Revision.appSpec("catalog", APP);
        assertTrue(appspec.startsWith("version: 0.0\nos: linux\n"), appspec);
        assertTrue(appspec.contains("  - source: /\n    destination: /opt/catalog/current\n"), appspec);
        for (String hook : new String[] {"ApplicationStop", "BeforeInstall", "AfterInstall", "ApplicationStart"}) {
            assertTrue(appspec.contains("  " + hook + ":\n    - location: scripts/"), hook);
        }
        assertTrue(appspec.contains("      timeout: 300\n      runas: root\n"), appspec);
        assertTrue(appspec.contains("  ValidateService:\n    - location: scripts/validate_service.sh\n      timeout: 150\n"
                + "      runas: root\n"), "the poll's 120 s plus time to report, as root: the application's user may not"
                + " read the journal whose lines explain a crash");
    }

    @Test
    void aBlueGreenAppSpecAddsTheTrafficHooksOfBothFleets() {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
        Map<String, Object> inPlace = yaml.load(Revision.appSpec("orders", APP, Revision.Style.IN_PLACE));
        Map<String, Object> blueGreen = yaml.load(Revision.appSpec("orders", APP, Revision.Style.BLUE_GREEN));
        @SuppressWarnings("unchecked")
        Map<String, Object> hooks = (Map<String, Object>) blueGreen.get("hooks");
        assertEquals(java.util.List.of("ApplicationStop", "BeforeInstall", "AfterInstall", "ApplicationStart",
                "ValidateService", "BeforeAllowTraffic", "AfterAllowTraffic", "BeforeBlockTraffic", "AfterBlockTraffic"),
                java.util.List.copyOf(hooks.keySet()));
        assertEquals(5, ((Map<?, ?>) inPlace.get("hooks")).size(), "in place has no traffic hooks");
        assertEquals(hooks.get("ValidateService"), hooks.get("BeforeAllowTraffic"), "green is checked again before it joins");
        assertEquals(hooks.get("ValidateService"), hooks.get("AfterAllowTraffic"), "and after");
        Map<String, String> scripts = Revision.scripts("orders", APP, "/health", Revision.Style.BLUE_GREEN);
        assertTrue(!Revision.scripts("orders", APP, "/health").containsKey("scripts/block_traffic.sh"),
                "an in-place revision carries only the scripts its appspec runs");
        for (String blue : new String[] {"BeforeBlockTraffic", "AfterBlockTraffic"}) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = ((java.util.List<Map<String, Object>>) hooks.get(blue)).get(0);
            assertTrue(scripts.containsKey((String) entry.get("location")), blue + " runs a script the revision carries");
        }
    }

    @Test
    void blueKeepsServingWhenItLeavesTheTargetGroupAndTheHookNeverFails() throws Exception {
        String script = Revision.scripts("orders", APP, "/health", Revision.Style.BLUE_GREEN).get("scripts/block_traffic.sh");
        assertTrue(!script.contains("systemctl stop") && !script.contains("systemctl disable"),
                "a rollback during the termination wait needs blue's application running");
        Path dir = Scratch.dir("block-traffic");
        Path file = Files.writeString(dir.resolve("block_traffic.sh"), script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("LIFECYCLE_EVENT", "BeforeBlockTraffic");
        pb.environment().put("DEPLOYMENT_ID", "d-TEST12345");
        Process run = pb.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), output);
        assertTrue(output.contains("BeforeBlockTraffic of deployment d-TEST12345: orders keeps running"), output);
    }

    @Test
    void everyHookScriptIsValidBash() throws Exception {
        Path dir = Scratch.dir("revision");
        for (Map.Entry<String, String> script : Revision.scripts("catalog", APP, "/health").entrySet()) {
            Path file = dir.resolve(script.getKey().replace('/', '_'));
            Files.writeString(file, script.getValue());
            Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, bash.exitValue(), script.getKey() + ": " + new String(bash.getInputStream().readAllBytes()));
        }
    }

    @Test
    void validateServicePassesOnceTheExampleApplicationAnswersItsHealthUrl() throws Exception {
        int port = freePort();
        Path exampleApp = Path.of(System.getProperty("project.root", "..")).resolve("examples/ec2-app/app.py");
        app = startApp(exampleApp, port);
        ValidateRun run = validate(port, 20);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("is healthy: http://127.0.0.1:" + port + "/health"), run.output());
        assertEquals("ok\n", HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void validateServiceFailsWhenNothingAnswersWithinTheTimeout() throws Exception {
        ValidateRun run = validate(freePort(), 3);
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("did not answer 2xx on http://127.0.0.1:"), run.output());
    }

    @Test
    void failsForAHookTimeoutAboveCodeDeploysLimit() {
        assertInvalid(() -> APP.withTimeouts(3601, 120), "hookTimeoutSeconds = 3601", "1 to 3600");
        assertInvalid(() -> APP.withTimeouts(300, 4000), "validateTimeoutSeconds = 4000", "1 to 3600");
    }

    @Test
    void failsForAStartCommandOnSeveralLines() {
        assertInvalid(() -> AppSettings.of(8080, "python3 app.py\nrm -rf /"), "startCommand", "one line");
    }

    @Test
    void aServiceThatDoesNotComeUpIsExplainedInTheDeploymentLog() throws Exception {
        // The agent logs what a hook prints. Stand-ins for systemctl and journalctl print what the real ones would for
        // a crashed unit; the script runs as root (the appspec's runas), which may read the journal.
        Path bin = Scratch.dir("validate-bin");
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\necho \"catalog.service: Failed with result 'exit-code'\"\n");
        Files.writeString(bin.resolve("journalctl"), "#!/bin/sh\necho \"catalog[812]: ModuleNotFoundError: No module named 'flask'\"\n");
        bin.resolve("systemctl").toFile().setExecutable(true);
        bin.resolve("journalctl").toFile().setExecutable(true);
        ValidateRun run = validate(freePort(), 2, Map.of("PATH", bin + ":" + System.getenv("PATH")));
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("did not answer 2xx"), run.output());
        assertTrue(run.output().contains("Failed with result 'exit-code'"), run.output());
        assertTrue(run.output().contains("ModuleNotFoundError: No module named 'flask'"), "the journal's reason: " + run.output());
    }

    private record ValidateRun(int exitCode, String output) {
    }

    private static ValidateRun validate(int port, int timeoutSeconds) throws Exception {
        return validate(port, timeoutSeconds, Map.of());
    }

    private static ValidateRun validate(int port, int timeoutSeconds, Map<String, String> env) throws Exception {
        Path script = Scratch.dir("validate").resolve("validate_service.sh");
        Files.writeString(script, Revision.scripts("catalog", APP, "/health").get("scripts/validate_service.sh"));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("VALIDATE_TIMEOUT", String.valueOf(timeoutSeconds));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(timeoutSeconds + 30L, TimeUnit.SECONDS), "validate_service.sh did not stop");
        return new ValidateRun(process.exitValue(), output);
    }

    private static Process startApp(Path exampleApp, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("python3", exampleApp.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", String.valueOf(port));
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theFirstDeploymentStopsThePlaceholderBeforeItInstalls() {
        // CodeDeploy runs no ApplicationStop on an instance's first deployment: BeforeInstall must free the port.
        Map<String, String> scripts = Revision.scripts("catalog", APP, "/health");
        assertTrue(scripts.get("scripts/before_install.sh").contains("systemctl disable --now \"catalog-placeholder.service\""));
        assertTrue(scripts.get("scripts/after_install.sh").contains("Conflicts=catalog-placeholder.service"));
        assertTrue(scripts.get("scripts/validate_service.sh").contains("systemctl is-active --quiet"),
                "healthy means the unit runs, not just anything answering on the port");
    }
}
