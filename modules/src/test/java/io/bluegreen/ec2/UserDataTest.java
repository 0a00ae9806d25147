package io.bluegreen.ec2;

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
        assertTrue(SCRIPT.contains("fail() { echo \"USER DATA FAILED: $*\"; exit 1; }"), SCRIPT);
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
}
