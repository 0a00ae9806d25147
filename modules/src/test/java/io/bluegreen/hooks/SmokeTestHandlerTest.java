package io.bluegreen.hooks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the hook handler's own tests (modules/src/test/python, standard-library unittest with a fake HTTP server on
 * localhost and a fake CodeDeploy client) as part of mvn verify. Requires python3 (3.9+), like the Lambda runtime.
 */
class SmokeTestHandlerTest {
    @Test
    void handlerReportsTheRightStatusExactlyOnceInEveryCase() throws IOException, InterruptedException {
        Path module = Path.of("").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("python3", "-m", "unittest", "discover", "-v",
                "-s", module.resolve("src/test/python").toString(), "-p", "test_*.py")
                .redirectErrorStream(true);
        pb.environment().put("HOOK_SOURCE_DIR", module.resolve("src/main/resources/io/bluegreen/hooks").toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("python3 is needed to test the CodeDeploy hook handler (README: prerequisites)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "handler tests did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Ran 12 tests"), "all twelve handler tests ran:\n" + output);
    }
}
