package io.bluegreen.testing;

import org.yaml.snakeyaml.Yaml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a buildspec's commands the way CodeBuild does: bash, one command after the other, stopping at the first failure. */
public final class Buildspecs {
    private Buildspecs() {
    }

    /** What the commands printed (stdout and stderr together) and the exit code of the last one that ran. */
    public record Result(int exit, String output) {
    }

    /** The commands of {@code phase} (e.g. build) in the buildspec {@code yaml}. */
    @SuppressWarnings("unchecked")
    public static List<String> commands(String yaml, String phase) {
        Map<String, Object> spec = new Yaml().load(yaml);
        return (List<String>) ((Map<String, Object>) ((Map<String, Object>) spec.get("phases")).get(phase)).get("commands");
    }

    /** Runs {@code commands} in {@code dir} with {@code env} added to this process's environment. */
    public static Result run(List<String> commands, Path dir, Map<String, String> env) throws Exception {
        StringBuilder output = new StringBuilder();
        int exit = 0;
        for (String command : commands) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
            exit = p.exitValue();
            if (exit != 0) {
                break;
            }
        }
        return new Result(exit, output.toString());
    }
}
