package io.bluegreen.main;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lazy AWS provider preload (tools/lazy-aws-provider.cjs) changes how fast the app synthesizes, never what
 * it writes: every environment, synthesized by the real Main in a fresh JVM with the preload and without it, gives
 * byte-identical output. Also: it keeps the user's NODE_OPTIONS, and it falls back to normal loading for an entry
 * point of any other shape.
 */
class LazyProviderTest {
    private static Path preload() {
        return AppTest.projectRoot().resolve("tools/lazy-aws-provider.cjs");
    }

    private record Run(Path outdir, String stderr) {
    }

    private static Run synth(String lazy) throws IOException, InterruptedException {
        Path out = io.bluegreen.testing.Scratch.dir("lazy-" + lazy + "-");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName())
                .directory(AppTest.projectRoot().toFile());
        pb.environment().put("CDKTF_OUTDIR", out.toString());
        pb.environment().put("NODE_OPTIONS", "--require \"" + preload() + "\"");
        pb.environment().put("BLUEGREEN_LAZY_PROVIDER", lazy);
        pb.environment().put("BLUEGREEN_LAZY_PROVIDER_DEBUG", "1");
        pb.environment().remove("BLUEGREEN_ENVIRONMENTS");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "synth timed out");
        assertEquals(0, process.exitValue(), stderr);
        return new Run(out, stderr);
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void everyEnvironmentIsByteIdenticalWithAndWithoutTheLazyProvider() throws Exception {
        Run lazy = synth("1");
        Run eager = synth("0");
        assertTrue(lazy.stderr().contains("serving") && lazy.stderr().contains("lazily"),
                "the preload must actually serve the provider lazily:\n" + lazy.stderr());
        assertTrue(!eager.stderr().contains("lazily"), "BLUEGREEN_LAZY_PROVIDER=0 turns it off:\n" + eager.stderr());
        Map<String, byte[]> lazyFiles = files(lazy.outdir());
        Map<String, byte[]> eagerFiles = files(eager.outdir());
        assertEquals(eagerFiles.keySet(), lazyFiles.keySet());
        for (String id : RealSynth.ids()) {
            assertTrue(lazyFiles.containsKey("stacks/" + id + "/cdk.tf.json"), id);
        }
        for (String file : eagerFiles.keySet()) {
            assertArrayEquals(eagerFiles.get(file), lazyFiles.get(file), file + " differs");
        }
    }

    private static String node(String script, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("node", "-e", script).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void fallsBackToNormalLoadingForAnUnknownEntryPointShape() throws Exception {
        String script = "const { rewrite } = require(process.env.PRELOAD);"
                + "const known = ['\"use strict\";', 'Object.defineProperty(exports, \"__esModule\", { value: true });',"
                + "  'exports.b = exports.a = void 0;'].concat(Array.from({length: 120}, (_, i) => `exports.m${i} = require(\"./m${i}\");`)).join('\\n');"
                + "const unknown = known + '\\nexports.helper = function () { return 1; };';"
                + "console.log(JSON.stringify({ known: rewrite(known) !== null, unknown: rewrite(unknown) === null,"
                + "  lazyGetter: /Object\\.defineProperty\\(exports, name/.test(rewrite(known)) }));";
        assertEquals("{\"known\":true,\"unknown\":true,\"lazyGetter\":true}", node(script, Map.of("PRELOAD", preload().toString())));
    }

    @Test
    void servesEachNamespaceOnFirstAccessOnly() throws Exception {
        Path pkg = io.bluegreen.testing.Scratch.dir("fake-provider").resolve("node_modules/@cdktf/provider-aws/lib");
        Files.createDirectories(pkg);
        StringBuilder index = new StringBuilder("\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\n");
        for (int i = 0; i < 120; i++) {
            index.append("exports.m").append(i).append(" = require(\"./m").append(i).append("\");\n");
            Files.writeString(pkg.resolve("m" + i + ".js"), "globalThis.loaded = (globalThis.loaded || 0) + 1; exports.value = " + i + ";\n");
        }
        Files.writeString(pkg.resolve("index.js"), index.toString());
        String script = "require(process.env.PRELOAD); const p = require(process.env.PKG);"
                + "const before = globalThis.loaded || 0; const v = p.m7.value; const again = p.m7.value;"
                + "console.log(JSON.stringify({ before, after: globalThis.loaded, v, again, keys: Object.keys(p).length }));";
        assertEquals("{\"before\":0,\"after\":1,\"v\":7,\"again\":7,\"keys\":120}",
                node(script, Map.of("PRELOAD", preload().toString(), "PKG", pkg.resolve("index.js").toString())));
    }

    @Test
    void testRunsKeepTheUsersNodeOptionsAndAddThePreload() throws IOException {
        String pom = Files.readString(AppTest.projectRoot().resolve("pom.xml"));
        assertTrue(pom.contains("<node.options>--require \"${lazy.provider.preload}\" ${node.options.user}</node.options>"));
        assertTrue(pom.contains("<node.options.user>${env.NODE_OPTIONS}</node.options.user>"));
        assertTrue(System.getProperty("lazy.provider.preload", "").endsWith("lazy-aws-provider.cjs"),
                "surefire passes the preload to the tests' JVM");
    }
}
