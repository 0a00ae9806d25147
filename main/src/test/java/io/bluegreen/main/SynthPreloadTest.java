package io.bluegreen.main;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synth preload (tools/synth-preload.cjs: lazy AWS provider, V8 code cache, no token stack traces) and the direct
 * jsii kernel change how fast the app synthesizes, never what it writes: every environment, synthesized by the real
 * Main in a fresh JVM with every part on (once filling an empty code cache, once reading it) and with every part off
 * (bundled jsii runtime), gives byte-identical output. Also: each part falls back to normal loading when it does not recognise what it loads,
 * and the user's NODE_OPTIONS are kept.
 */
class SynthPreloadTest {
    /** Every part of the preload off, and the bundled jsii runtime instead of the direct kernel (JsiiKernelTest). */
    private static final Map<String, String> ALL_OFF = Map.of("BLUEGREEN_LAZY_PROVIDER", "0", "BLUEGREEN_CODE_CACHE", "0",
            "BLUEGREEN_TOKEN_STACK_TRACES", "1", "JSII_RUNTIME", "");

    private static Path tool(String name) {
        return AppTest.projectRoot().resolve("tools").resolve(name);
    }

    private static Path preload() {
        return tool("synth-preload.cjs");
    }

    private record Run(Path outdir, String stderr) {
    }

    private record Started(Process process, Path outdir, Path stderr) {
        Run finish() throws IOException, InterruptedException {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "synth timed out");
            String text = Files.readString(stderr, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), text);
            return new Run(outdir, text);
        }
    }

    /** Starts the real Main in a fresh JVM (its stderr to a file, so several can run at once). */
    private static Started start(String name, Map<String, String> env) throws IOException {
        Path scratch = io.bluegreen.testing.Scratch.dir("preload-" + name + "-");
        Path out = scratch.resolve("out");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Main.class.getName())
                .directory(AppTest.projectRoot().toFile());
        pb.environment().put("CDKTF_OUTDIR", out.toString());
        pb.environment().put("NODE_OPTIONS", "--require \"" + preload() + "\"");
        pb.environment().put("BLUEGREEN_LAZY_PROVIDER_DEBUG", "1");
        pb.environment().put("BLUEGREEN_CODE_CACHE_DEBUG", "1");
        pb.environment().remove("BLUEGREEN_ENVIRONMENTS");
        env.forEach((variable, value) -> {
            if (value.isEmpty()) {
                pb.environment().remove(variable);
            } else {
                pb.environment().put(variable, value);
            }
        });
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(scratch.resolve("stderr.txt").toFile());
        return new Started(pb.start(), out, scratch.resolve("stderr.txt"));
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
    void everyEnvironmentIsByteIdenticalWithEveryPartOnColdAndWarmAndWithEveryPartOff() throws Exception {
        Path cache = io.bluegreen.testing.Scratch.dir("code-cache-");
        Map<String, String> allOn = Map.of("BLUEGREEN_CODE_CACHE_DIR", cache.toString());
        Started offRun = start("off", ALL_OFF); // beside the cold run: two cores, two JVMs
        Run cold = start("cold", allOn).finish();
        Run warm = start("warm", allOn).finish();
        Run off = offRun.finish();
        assertTrue(cold.stderr().contains("serving") && cold.stderr().contains("lazily"),
                "the preload must actually serve the provider lazily:\n" + cold.stderr());
        assertTrue(cold.stderr().contains("[node-code-cache] wrote "), "a cold run fills the code cache:\n" + cold.stderr());
        assertTrue(warm.stderr().matches("(?s).*\\[node-code-cache\\] [1-9][0-9]* modules from the cache, 0 to write.*"),
                "a warm run compiles from the cache:\n" + warm.stderr());
        assertTrue(!off.stderr().contains("lazily") && !off.stderr().contains("[node-code-cache]"),
                "the switches turn the parts off:\n" + off.stderr());
        Map<String, byte[]> offFiles = files(off.outdir());
        for (String id : RealSynth.ids()) {
            assertTrue(offFiles.containsKey("stacks/" + id + "/cdk.tf.json"), id);
        }
        for (Run run : List.of(cold, warm)) {
            Map<String, byte[]> onFiles = files(run.outdir());
            assertEquals(offFiles.keySet(), onFiles.keySet());
            for (String file : offFiles.keySet()) {
                assertArrayEquals(offFiles.get(file), onFiles.get(file), file + " differs");
            }
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
        String script = "const { rewrite } = require(process.env.LAZY);"
                + "const known = ['\"use strict\";', 'Object.defineProperty(exports, \"__esModule\", { value: true });',"
                + "  'exports.b = exports.a = void 0;'].concat(Array.from({length: 120}, (_, i) => `exports.m${i} = require(\"./m${i}\");`)).join('\\n');"
                + "const unknown = known + '\\nexports.helper = function () { return 1; };';"
                + "console.log(JSON.stringify({ known: rewrite(known) !== null, unknown: rewrite(unknown) === null,"
                + "  lazyGetter: /Object\\.defineProperty\\(exports, name/.test(rewrite(known)) }));";
        assertEquals("{\"known\":true,\"unknown\":true,\"lazyGetter\":true}", node(script, Map.of("LAZY", tool("lazy-aws-provider.cjs").toString())));
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

    /** A module of more than the cache's 16 KB threshold that uses require, module, exports, __filename and __dirname. */
    private static void writeModule(Path dir, String value) throws IOException {
        Files.writeString(dir.resolve("helper.js"), "exports.twice = (x) => x + x;\n");
        Files.writeString(dir.resolve("big.js"), "#!/usr/bin/env node\n"
                + "const path = require('path'); const helper = require('./helper');\n"
                + "module.exports = { value: helper.twice(" + value + "), file: path.basename(__filename),"
                + " dir: path.basename(__dirname), self: this === module.exports, main: require.main === undefined ? 'none' : 'set',"
                + " resolved: path.basename(require.resolve('./helper')) };\n"
                + "module.exports.load = () => Promise.resolve('function');\n"
                + "// padding\n".repeat(2000));
    }

    private static String requireBig(Path dir, Path cache) throws IOException, InterruptedException {
        return requireBig(dir, cache, "1");
    }

    private static String requireBig(Path dir, Path cache, String on) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("node", "-e", "const m = require(process.env.BIG); m.load().then((t) => console.log(JSON.stringify(Object.assign({}, m, { load: t }))))")
                .redirectErrorStream(true);
        pb.environment().put("NODE_OPTIONS", "--require \"" + tool("node-code-cache.cjs") + "\"");
        pb.environment().put("BLUEGREEN_CODE_CACHE_DIR", cache.toString());
        pb.environment().put("BLUEGREEN_CODE_CACHE_DEBUG", "1");
        pb.environment().put("BLUEGREEN_CODE_CACHE", on);
        pb.environment().put("BIG", dir.resolve("big.js").toString());
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void codeCacheServesAModuleWithNodesOwnSemanticsAndKeysEntriesByContent() throws Exception {
        Path dir = io.bluegreen.testing.Scratch.dir("code-cache-module-");
        Path cache = io.bluegreen.testing.Scratch.dir("code-cache-dir-");
        writeModule(dir, "21");
        String expected = "{\"value\":42,\"file\":\"big.js\",\"dir\":\"" + dir.getFileName()
                + "\",\"self\":true,\"main\":\"none\",\"resolved\":\"helper.js\",\"load\":\"function\"}";
        assertEquals(expected, requireBig(dir, cache, "0"), "what plain Node gives");
        String cold = requireBig(dir, cache);
        assertTrue(cold.contains("miss: ") && cold.contains("wrote "), cold);
        assertTrue(cold.contains(expected), cold);
        String warm = requireBig(dir, cache);
        assertTrue(warm.contains("1 modules from the cache, 0 to write"), warm);
        assertTrue(warm.contains(expected), warm);

        writeModule(dir, "12"); // same length, other content: a new entry, never the old code
        String changed = requireBig(dir, cache);
        assertTrue(changed.contains("miss: "), changed);
        assertTrue(changed.contains("\"value\":24"), changed);

        try (var entries = Files.list(cache.resolve(Files.list(cache).findFirst().orElseThrow()))) {
            for (Path entry : entries.toList()) {
                byte[] bytes = Files.readAllBytes(entry);
                for (int i = bytes.length / 2; i < bytes.length / 2 + 64 && i < bytes.length; i++) {
                    bytes[i] ^= 0x5a; // damaged, same length: V8 itself would crash on it
                }
                Files.write(entry, bytes);
            }
        }
        String corrupt = requireBig(dir, cache);
        assertTrue(corrupt.contains("damaged entry ignored: "), "a damaged entry never reaches V8: " + corrupt);
        assertTrue(corrupt.contains("\"value\":24"), corrupt);
        assertTrue(requireBig(dir, cache).contains("1 modules from the cache"), "and is rewritten");
    }

    @Test
    void aModuleThatMayImportIsLeftToNode() throws Exception {
        Path dir = io.bluegreen.testing.Scratch.dir("code-cache-import-");
        Path cache = io.bluegreen.testing.Scratch.dir("code-cache-dir-");
        Files.writeString(dir.resolve("helper.js"), "exports.twice = (x) => x + x;\n");
        Files.writeString(dir.resolve("big.js"), "module.exports = { value: 42 };\n"
                + "module.exports.load = () => import('node:path').then((m) => typeof m.join);\n" + "// padding\n".repeat(2000));
        for (int run = 0; run < 2; run++) {
            String output = requireBig(dir, cache);
            assertTrue(output.contains("{\"value\":42,\"load\":\"function\"}"), "import() works: " + output);
            assertTrue(!output.contains("miss: ") && !output.contains("wrote "), "not cached: " + output);
        }
    }

    @Test
    void tokenStackTracesAreOffOnlyInCdktfsKnownStackTraceModule() throws Exception {
        Path lib = io.bluegreen.testing.Scratch.dir("fake-cdktf").resolve("node_modules/cdktf/lib/tokens/private");
        Files.createDirectories(lib);
        Files.writeString(lib.resolve("stack-trace.js"), "\"use strict\";\n"
                + "function captureStackTrace(below) {\n    return new Error().stack.split('\\n').slice(1);\n}\n"
                + "exports.captureStackTrace = captureStackTrace;\n");
        String script = "const { NOTE } = require(process.env.TRACES); const t = require(process.env.FILE).captureStackTrace();"
                + "console.log(JSON.stringify({ off: t.length === 1 && t[0] === NOTE }));";
        Map<String, String> env = Map.of("TRACES", tool("token-stack-traces.cjs").toString(),
                "FILE", lib.resolve("stack-trace.js").toString());
        assertEquals("{\"off\":true}", node("require(process.env.TRACES);" + script, env));
        Map<String, String> on = new java.util.HashMap<>(env);
        on.put("BLUEGREEN_TOKEN_STACK_TRACES", "1");
        assertEquals("{\"off\":false}", node("require(process.env.TRACES);" + script, on));
        String unknown = "const { rewrite } = require(process.env.TRACES);"
                + "console.log(JSON.stringify({ known: rewrite('function captureStackTrace(below) {\\n}') !== null,"
                + " unknown: rewrite('function captureStackTrace(below, limit) {\\n}') === null }));";
        assertEquals("{\"known\":true,\"unknown\":true}", node(unknown, env));
    }

    @Test
    void testRunsKeepTheUsersNodeOptionsAndAddThePreload() throws IOException {
        String pom = Files.readString(AppTest.projectRoot().resolve("pom.xml"));
        assertTrue(pom.contains("<node.options>--require \"${synth.preload}\" ${node.options.user}</node.options>"));
        assertTrue(pom.contains("<node.options.user>${env.NODE_OPTIONS}</node.options.user>"));
        assertTrue(System.getProperty("synth.preload", "").endsWith("synth-preload.cjs"),
                "surefire passes the preload to the tests' JVM");
    }
}
