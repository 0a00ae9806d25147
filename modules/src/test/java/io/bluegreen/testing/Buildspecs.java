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

    /**
     * Runs a whole buildspec (version 0.2) the way CodeBuild does: the phases install, pre_build, build and post_build
     * in order, their commands with bash in {@code sourceDir} (CODEBUILD_SRC_DIR), the shell's variables and working
     * folder carried from command to command and from phase to phase (0.2 runs every command in one shell instance),
     * a phase stopping at its first failing command. A failed install or pre_build ends the build; a failed build still
     * runs post_build, with CODEBUILD_BUILD_SUCCEEDING=0. The shell's state lives in a temporary folder, deleted after.
     *
     * @return the exit code of the first failing command (0 when every phase passed) and everything printed
     */
    @SuppressWarnings("unchecked")
    public static Result runBuild(String yaml, Path sourceDir, Map<String, String> env) throws Exception {
        Map<String, Object> spec = new Yaml().load(yaml);
        Map<String, Object> phases = (Map<String, Object>) spec.get("phases");
        Path state = java.nio.file.Files.createTempDirectory("codebuild-shell");
        try {
            java.nio.file.Files.writeString(state.resolve("vars"), "");
            java.nio.file.Files.writeString(state.resolve("cwd"), sourceDir.toString());
            // One command: the previous command's variables and folder, the command, then its variables and folder.
            String driver = String.join("\n",
                    "source \"$CB_STATE/vars\"",
                    "cd \"$(cat \"$CB_STATE/cwd\")\"",
                    "source \"$CB_STATE/command\"",
                    "cb_exit=$?",
                    "for cb_name in $(compgen -v); do",
                    "  case \"$cb_name\" in BASH*|FUNCNAME|GROUPS|DIRSTACK|PIPESTATUS|RANDOM|SRANDOM|SECONDS|LINENO|EPOCH*|HIST*|COMP*"
                            + "|SHLVL|PWD|OLDPWD|PPID|UID|EUID|SHELLOPTS|IFS|_|cb_*|CB_STATE|CODEBUILD_BUILD_SUCCEEDING) ;;",
                    "  *) declare -p \"$cb_name\" 2>/dev/null | grep -v '^declare -[a-zA-Z]*r' ;; esac",
                    "done > \"$CB_STATE/vars.next\"",
                    "mv \"$CB_STATE/vars.next\" \"$CB_STATE/vars\"",
                    "pwd > \"$CB_STATE/cwd\"",
                    "exit $cb_exit", "");
            StringBuilder output = new StringBuilder();
            String succeeding = "1";
            for (String phase : List.of("install", "pre_build", "build", "post_build")) {
                Map<String, Object> body = (Map<String, Object>) phases.get(phase);
                if (body == null) {
                    continue;
                }
                for (String command : (List<String>) body.get("commands")) {
                    java.nio.file.Files.writeString(state.resolve("command"), command);
                    ProcessBuilder pb = new ProcessBuilder("bash", "-c", driver).directory(sourceDir.toFile())
                            .redirectErrorStream(true);
                    pb.environment().putAll(env);
                    pb.environment().put("CB_STATE", state.toString());
                    pb.environment().put("CODEBUILD_SRC_DIR", sourceDir.toString());
                    pb.environment().put("CODEBUILD_BUILD_SUCCEEDING", succeeding);
                    Process p = pb.start();
                    output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    assertTrue(p.waitFor(120, TimeUnit.SECONDS), command);
                    if (p.exitValue() != 0) {
                        output.append("[codebuild] phase ").append(phase).append(" failed (exit ").append(p.exitValue())
                                .append("): ").append(command.strip().lines().findFirst().orElse("")).append('\n');
                        if (!phase.equals("build")) {
                            return new Result(p.exitValue(), output.toString());
                        }
                        succeeding = "0";
                        break;
                    }
                }
            }
            return new Result(succeeding.equals("1") ? 0 : 1, output.toString());
        } finally {
            Scratch.delete(state);
        }
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
