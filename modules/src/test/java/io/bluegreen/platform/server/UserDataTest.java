package io.bluegreen.platform.server;

import io.bluegreen.testing.Scratch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The boot script as text: what makes agent installs survive in practice, and that bash accepts it. */
class UserDataTest {
    private static final String SCRIPT = UserData.script("shop", 8080, "/health");

    @Test
    void installsRubyAndWgetWithABoundedRetry() {
        assertTrue(SCRIPT.contains("for attempt in $(seq 1 5); do"), SCRIPT);
        assertTrue(SCRIPT.contains("sleep 10"), SCRIPT);
        assertTrue(SCRIPT.contains("retry dnf install -y ruby wget || fail"), SCRIPT);
    }

    @Test
    void downloadsTheInstallerFromTheRegionsOwnBucketOverHttps() {
        assertTrue(SCRIPT.contains("https://aws-codedeploy-${REGION}.s3.${REGION}.amazonaws.com/latest/install"), SCRIPT);
        assertTrue(SCRIPT.contains("X-aws-ec2-metadata-token"), "the region comes from IMDSv2 (tokens required)");
    }

    @Test
    void failsVisiblyWhenTheAgentDoesNotRun() {
        assertTrue(SCRIPT.contains("  echo \"USER DATA FAILED: $*\"\n"), SCRIPT);
        assertTrue(SCRIPT.contains("systemctl is-active --quiet codedeploy-agent || fail"), SCRIPT);
        assertTrue(SCRIPT.contains("tee -a /var/log/bluegreen-user-data.log"), SCRIPT);
    }

    @Test
    void servesAPlaceholderOnTheApplicationPortUntilTheFirstDeployment() {
        assertTrue(SCRIPT.contains("python3 -m http.server 8080 --directory /opt/shop-placeholder"), SCRIPT);
        assertTrue(SCRIPT.contains("echo ok > /opt/shop-placeholder/health"), SCRIPT);
        assertTrue(SCRIPT.contains("if [ ! -f /etc/systemd/system/shop.service ]; then"), "not after a deployment");
    }

    @Test
    void bashParsesIt() throws Exception {
        Path file = Scratch.dir("user-data").resolve("user-data.sh");
        Files.writeString(file, SCRIPT);
        Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), new String(bash.getInputStream().readAllBytes()));
    }

    @Test
    void startsTheAgentAfterThePlaceholder() {
        assertTrue(SCRIPT.indexOf("systemctl enable --now shop-placeholder.service") < SCRIPT.indexOf("./install auto"),
                "a deployment the agent starts at once must find the placeholder already in place");
    }

    @Test
    void aBootThatGivesUpStopsThePlaceholderSoTheGroupReplacesTheInstance() throws Exception {
        // The script as cloud-init runs it (root), in a mount namespace whose /etc/systemd/system, /opt and /var/log are
        // empty and its own, with stand-ins for the instance metadata (curl), dnf (the rpm lock never frees), systemctl
        // (recording) and sleep (no wait).
        java.nio.file.Path scratch = io.bluegreen.testing.Scratch.dir("user-data");
        java.nio.file.Path bin = java.nio.file.Files.createDirectories(scratch.resolve("bin"));
        java.nio.file.Path calls = scratch.resolve("systemctl.log");
        fake(bin, "curl", "case \"$*\" in *api/token*) echo token ;; *placement/region*) echo eu-west-1 ;; *) exit 22 ;; esac");
        fake(bin, "dnf", "echo 'Error: Failed to obtain the transaction lock' >&2; exit 1");
        fake(bin, "systemctl", "echo \"$*\" >> " + calls);
        fake(bin, "sleep", "exit 0");
        java.nio.file.Path script = scratch.resolve("user-data.sh");
        java.nio.file.Files.writeString(script, UserData.script("shop", 8080, "/health"));
        io.bluegreen.testing.Buildspecs.Result run = io.bluegreen.testing.Sandbox.asRoot(
                java.util.List.of("/etc/systemd/system", "/opt", "/var/log"), "PATH=" + bin + ":$PATH bash " + script);
        String out = run.output();
        assertEquals(1, run.exit(), out);
        assertTrue(out.contains("USER DATA FAILED: cannot install ruby and wget"), out);
        assertTrue(out.contains("attempt 5/5"), "the bounded retry ran out first: " + out);
        java.util.List<String> systemctl = java.nio.file.Files.readAllLines(calls);
        assertTrue(systemctl.contains("enable --now shop-placeholder.service"), systemctl.toString());
        assertEquals("disable --now shop-placeholder.service", systemctl.get(systemctl.size() - 1),
                "the placeholder stops, so the health check fails and the instance is replaced: " + systemctl);
    }

    private static void fake(java.nio.file.Path bin, String name, String body) throws Exception {
        java.nio.file.Path file = bin.resolve(name);
        java.nio.file.Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        file.toFile().setExecutable(true);
    }
}
