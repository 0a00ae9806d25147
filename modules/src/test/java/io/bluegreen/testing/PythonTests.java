package io.bluegreen.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the tests of the project's own Lambda handlers (modules/src/test/python, standard-library unittest with fakes
 * of the AWS clients) as part of mvn verify. Requires python3 (3.9+), like the Lambda runtime.
 */
public final class PythonTests {
    private PythonTests() {
    }

    /**
     * Runs {@code src/test/python/<file>} with {@code sourceVariable} pointing at the handler's folder below
     * src/main/resources, and fails unless all of its {@code expected} tests ran and passed.
     */
    public static void run(String file, String sourceVariable, String sourceFolder, int expected)
            throws IOException, InterruptedException {
        Path module = Path.of("").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("python3", "-m", "unittest", "discover", "-v",
                "-s", module.resolve("src/test/python").toString(), "-p", file)
                .redirectErrorStream(true);
        pb.environment().put(sourceVariable, module.resolve("src/main/resources").resolve(sourceFolder).toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("python3 is needed to test the project's Lambda handlers (README: prerequisites)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "handler tests did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Ran " + expected + " tests"), "all " + expected + " handler tests ran:\n" + output);
    }
}
