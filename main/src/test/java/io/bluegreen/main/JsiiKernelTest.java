package io.bluegreen.main;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The direct jsii kernel (tools/jsii-kernel.sh): on Linux and macOS the tests' JVMs, like the app command's, talk
 * to the kernel without the bundled Node wrapper; what the kernel's own code prints cannot reach the protocol
 * channel; a missing kernel is one clear line. Byte-identical output with and without it: SynthPreloadTest.
 */
class JsiiKernelTest {
    private static Path root() {
        return AppTest.projectRoot();
    }

    private static Path kernel() {
        return root().resolve("main/target/jsii-kernel/software/amazon/jsii/lib/program.js");
    }

    @Test
    void testJvmsTalkToTheKernelDirectlyWithoutTheBundledWrapper() {
        // Only where the build chose the direct kernel (Linux and macOS, without -Djsii.bundled or a JSII_RUNTIME of
        // your own); CI always does.
        assumeTrue("exec sh \"$BLUEGREEN_JSII_SCRIPT\"".equals(System.getenv("JSII_RUNTIME")), "the bundled jsii runtime was chosen");
        assertEquals(root().resolve("tools/jsii-kernel.sh").toString(), System.getenv("BLUEGREEN_JSII_SCRIPT"));
        assertFalse(com.hashicorp.cdktf.Token.isUnresolved("plain"), "a jsii call: this JVM's jsii runtime runs");
        List<String> children;
        try (var stream = ProcessHandle.current().children()) {
            children = stream.map(p -> String.join(" ", p.info().arguments().orElse(new String[0]))).toList();
        }
        assertTrue(children.stream().anyMatch(c -> c.contains("jsii-direct-kernel.cjs") && c.endsWith("lib/program.js")),
                "the kernel is this JVM's own child: " + children);
        assertFalse(children.stream().anyMatch(c -> c.contains("jsii-runtime.js")), "no bundled wrapper: " + children);
    }

    private record Result(int exit, String stderr) {
    }

    private static Result synth(Path out, String nodeOptions, Path script) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName()).directory(root().toFile());
        pb.environment().put("JSII_RUNTIME", "exec sh \"$BLUEGREEN_JSII_SCRIPT\"");
        pb.environment().put("BLUEGREEN_JSII_SCRIPT", script.toString());
        pb.environment().put("BLUEGREEN_JSII_KERNEL", kernel().toString());
        pb.environment().put("CDKTF_OUTDIR", out.toString());
        pb.environment().put("BLUEGREEN_ENVIRONMENTS", "dev");
        pb.environment().put("NODE_OPTIONS", nodeOptions);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "synth timed out");
        return new Result(process.exitValue(), stderr);
    }

    @Test
    void whatTheKernelsCodePrintsOrReadsCannotDisturbTheProtocolWhateverThePath() throws Exception {
        Path scratch = io.bluegreen.testing.Scratch.dir("kernel-print-");
        // The launcher from a folder whose name has a space and a quote, as a project folder may.
        Path tools = Files.createDirectories(scratch.resolve("it's my project/tools"));
        for (String file : List.of("jsii-kernel.sh", "jsii-direct-kernel.cjs")) {
            Files.copy(root().resolve("tools").resolve(file), tools.resolve(file));
        }
        Path noisy = Files.writeString(scratch.resolve("noisy.cjs"),
                "if (process.argv[1].endsWith('program.js')) { console.log('printed by the kernel: {\"ok\":{}}');"
                        + " process.stdin.on('data', () => {}); }\n"); // a stdin stream makes its descriptor non-blocking
        Result result = synth(scratch.resolve("out"), "--require \"" + noisy + "\" " + System.getenv("NODE_OPTIONS"),
                tools.resolve("jsii-kernel.sh"));
        assertEquals(0, result.exit(), result.stderr());
        assertTrue(result.stderr().contains("printed by the kernel"), result.stderr());
        assertTrue(Files.size(scratch.resolve("out/stacks/dev-checkout/cdk.tf.json")) > 0);
    }

    @Test
    void aMissingKernelIsOneClearLine() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", root().resolve("tools/jsii-kernel.sh").toString()).redirectErrorStream(true);
        pb.environment().put("BLUEGREEN_JSII_KERNEL", "/nonexistent/program.js");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(127, process.exitValue(), output);
        assertEquals("jsii-kernel.sh: the jsii kernel '/nonexistent/program.js' is missing (BLUEGREEN_JSII_KERNEL): build"
                + " once with 'mvn -B verify' or keep the bundled jsii runtime (BLUEGREEN_JSII_DIRECT=0, or mvn -Djsii.bundled)", output);
    }
}
