package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.environments.ProjectFiles;
import io.bluegreen.testing.Scratch;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app command's choice (tools/cdktf-app.cjs): start the synth JVM directly only while nothing the compiled app
 * depends on changed since the Maven build that wrote the launch files; otherwise compile through Maven. Checked on
 * a scratch project tree with controlled modification times. (That both paths write byte-identical output, and that
 * a changed value reaches the output, is checked end to end by .ci/run.)
 */
class AppCommandTest {
    private static final Instant BUILD = Instant.parse("2026-11-23T10:00:00Z");
    private Path root;

    @BeforeEach
    void project() throws Exception {
        root = Scratch.dir("app-command");
        Path launch = Files.createDirectories(root.resolve("main/target/app-launch"));
        Path jar = Files.writeString(root.resolve("dep.jar"), "jar");
        Path preload = Files.writeString(root.resolve("preload.cjs"), "");
        Files.writeString(launch.resolve("classpath.txt"), root.resolve("environments/target/classes") + java.io.File.pathSeparator + jar);
        Files.createDirectories(root.resolve("environments/target/classes"));
        Files.writeString(launch.resolve("launch.properties"), "jvm.options=-XX:TieredStopAtLevel=1\nsynth.preload=" + preload
                + "\njsii.silence.eol.node=20\nmain.class=io.bluegreen.main.Main\n");
        for (String file : List.of("pom.xml", "modules/pom.xml", "modules/src/main/java/A.java",
                "environments/src/main/java/dev/Dev.java", "main/src/main/java/Main.java")) {
            Path p = root.resolve(file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
            Files.setLastModifiedTime(p, FileTime.from(BUILD.minusSeconds(60)));
        }
        Files.setLastModifiedTime(launch.resolve("classpath.txt"), FileTime.from(BUILD));
    }

    @AfterEach
    void cleanUp() {
        Scratch.delete(root);
    }

    private JsonNode decide(Map<String, String> env) throws Exception {
        String script = "const { decide } = require(process.argv[1]);"
                + " console.log(JSON.stringify(decide(process.argv[2], JSON.parse(process.argv[3]))));";
        Process p = new ProcessBuilder("node", "-e", script,
                ProjectFiles.root().resolve("tools/cdktf-app.cjs").toString(), root.toString(),
                Synth.MAPPER.writeValueAsString(env)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return Synth.MAPPER.readTree(out);
    }

    @Test
    void nothingChangedStartsTheJvmDirectlyWithTheBuildsClasspathAndPreload() throws Exception {
        JsonNode decision = decide(Map.of("NODE_OPTIONS", "--max-old-space-size=2048"));
        assertTrue(decision.path("direct").asBoolean(), decision.toString());
        List<String> args = Synth.texts(decision.path("launch").path("args"));
        assertEquals("-XX:TieredStopAtLevel=1", args.get(0));
        assertEquals("-classpath", args.get(1));
        assertTrue(args.get(2).startsWith(root.resolve("main/target/classes").toString()), "the app's own classes first: " + args);
        assertTrue(args.get(2).endsWith("dep.jar"), args.toString());
        assertEquals("io.bluegreen.main.Main", args.get(3));
        assertEquals("--require \"" + root.resolve("preload.cjs") + "\" --max-old-space-size=2048",
                decision.path("launch").path("env").path("NODE_OPTIONS").asText(), "the preload, then the user's options");
    }

    @Test
    void aChangedSourceOrPomGoesThroughMavenAndSaysWhich() throws Exception {
        Path source = root.resolve("environments/src/main/java/dev/Dev.java");
        Files.setLastModifiedTime(source, FileTime.from(BUILD.plusSeconds(1)));
        JsonNode decision = decide(Map.of());
        assertFalse(decision.path("direct").asBoolean());
        assertEquals("environments/src/main/java/dev/Dev.java changed since the last build", decision.path("reason").asText());

        Files.setLastModifiedTime(source, FileTime.from(BUILD.minusSeconds(1)));
        Path newFile = Files.writeString(root.resolve("modules/src/main/java/B.java"), "new");
        Files.setLastModifiedTime(newFile, FileTime.from(BUILD.plusSeconds(5)));
        assertEquals("modules/src/main/java/B.java changed since the last build", decide(Map.of()).path("reason").asText());

        Files.delete(newFile);
        Files.setLastModifiedTime(root.resolve("modules/pom.xml"), FileTime.from(BUILD.plusSeconds(5)));
        assertEquals("modules/pom.xml changed since the last build", decide(Map.of()).path("reason").asText());
    }

    @Test
    void unusableLaunchFilesGoThroughMavenWithAReason() throws Exception {
        Files.delete(root.resolve("dep.jar"));
        JsonNode gone = decide(Map.of());
        assertFalse(gone.path("direct").asBoolean());
        assertTrue(gone.path("reason").asText().endsWith("dep.jar, which is gone"), gone.toString());

        Files.writeString(root.resolve("dep.jar"), "jar");
        Files.setLastModifiedTime(root.resolve("main/target/app-launch/classpath.txt"), FileTime.from(BUILD));
        Files.writeString(root.resolve("main/target/app-launch/launch.properties"), "jvm.options=\n");
        assertEquals("the launch files are incomplete", decide(Map.of()).path("reason").asText());

        Files.delete(root.resolve("main/target/app-launch/classpath.txt"));
        assertEquals("no launch files yet (ENOENT)", decide(Map.of()).path("reason").asText());
    }

    @Test
    void directStartCanBeSwitchedOff() throws Exception {
        assertEquals("BLUEGREEN_APP_DIRECT=0", decide(Map.of("BLUEGREEN_APP_DIRECT", "0")).path("reason").asText());
    }

    private Path launchFile(String name) {
        return root.resolve("main/target/app-launch").resolve(name);
    }

    @Test
    void classDataSharingDumpsOnceAfterABuildThenUsesTheArchive() throws Exception {
        Path jar = Files.writeString(launchFile("app.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(BUILD.plusSeconds(10)));
        JsonNode dump = decide(Map.of());
        assertEquals("dump", dump.path("cds").path("state").asText(), dump.toString());
        List<String> args = Synth.texts(dump.path("launch").path("args"));
        assertTrue(args.contains("-XX:ArchiveClassesAtExit=" + launchFile("app.jsa.tmp")), args.toString());
        String classpath = args.get(args.indexOf("-classpath") + 1);
        assertEquals(jar + java.io.File.pathSeparator + root.resolve("dep.jar"), classpath,
                "the app jar replaces the class folders; the libraries stay");

        Files.writeString(launchFile("app.jsa"), "archive");
        JsonNode use = decide(Map.of());
        assertEquals("use", use.path("cds").path("state").asText());
        assertTrue(Synth.texts(use.path("launch").path("args")).contains("-XX:SharedArchiveFile=" + launchFile("app.jsa")));
        assertTrue(Synth.texts(use.path("launch").path("args")).contains("-Xlog:cds=off"), "a rejected archive prints nothing");
    }

    @Test
    void classDataSharingIsOffWithoutAJarOfThisBuildAfterAFailedDumpOrWhenSwitchedOff() throws Exception {
        assertEquals("no app.jar", decide(Map.of()).path("cds").path("reason").asText());
        Path jar = Files.writeString(launchFile("app.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(BUILD.minusSeconds(10)));
        assertEquals("app.jar is older than the last build", decide(Map.of()).path("cds").path("reason").asText());
        Files.setLastModifiedTime(jar, FileTime.from(BUILD.plusSeconds(10)));
        Files.writeString(launchFile("app.jsa.tried"), "");
        JsonNode failed = decide(Map.of());
        assertEquals("off", failed.path("cds").path("state").asText());
        List<String> args = Synth.texts(failed.path("launch").path("args"));
        assertTrue(args.get(args.indexOf("-classpath") + 1).startsWith(root.resolve("main/target/classes").toString()),
                "the class folders, as without sharing: " + args);
        assertEquals("BLUEGREEN_APP_CDS=0", decide(Map.of("BLUEGREEN_APP_CDS", "0")).path("cds").path("reason").asText());
    }

    @Test
    void theAppJarHoldsEveryClassFolderFileOnceTheFirstOnTheClasspathWinning() throws Exception {
        Path mainClasses = Files.createDirectories(root.resolve("main/target/classes/io/bluegreen/main"));
        Files.writeString(mainClasses.resolve("Main.class"), "main");
        Files.createDirectories(root.resolve("main/target/classes/com"));
        Files.writeString(root.resolve("main/target/classes/com/bundle.tgz"), "from main");
        Path env = Files.createDirectories(root.resolve("environments/target/classes/com"));
        Files.writeString(env.resolve("bundle.tgz"), "from environments");
        Files.writeString(env.resolve("Other.class"), "other");
        Files.writeString(launchFile("app.jsa"), "the previous build's archive");
        String script = "const { buildAppJar } = require(process.argv[1]);"
                + " console.log(JSON.stringify(buildAppJar(process.argv[2], process.env)));";
        Process p = new ProcessBuilder("node", "-e", script, ProjectFiles.root().resolve("tools/cdktf-app.cjs").toString(),
                root.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("null", out, "no reason: the jar was built");
        assertFalse(Files.exists(launchFile("app.jsa")), "the previous build's archive is gone");
        Map<String, String> entries = new java.util.TreeMap<>();
        try (var zip = new java.util.zip.ZipFile(launchFile("app.jar").toFile())) {
            zip.stream().filter(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/")).forEach(e -> {
                try {
                    assertEquals(java.util.zip.ZipEntry.STORED, e.getMethod(), e.getName() + " is stored, not compressed");
                    entries.put(e.getName(), new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            });
        }
        assertEquals(Map.of("io/bluegreen/main/Main.class", "main", "com/bundle.tgz", "from main", "com/Other.class", "other"), entries);
    }
}
