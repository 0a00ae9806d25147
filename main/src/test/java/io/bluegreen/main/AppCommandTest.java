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
}
