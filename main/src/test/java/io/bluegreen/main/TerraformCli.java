package io.bluegreen.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Terraform load check ({@code tools/terraform-load-check.cjs}), the real-provider checks
 * ({@code tools/terraform-check.cjs}) and Terraform itself from tests.
 */
final class TerraformCli {
    static final Path LOAD_CHECK = AppTest.projectRoot().resolve("tools").resolve("terraform-load-check.cjs");

    static final Path PROVIDER_CHECK = AppTest.projectRoot().resolve("tools").resolve("terraform-check.cjs");

    /** Exit code and everything the process printed (stdout then stderr). */
    record Result(int exitCode, String output) {
    }

    private TerraformCli() {
    }

    /** The load check over {@code stackDirs}. */
    static Result loadCheck(Path... stackDirs) {
        return loadCheck(Map.of(), stackDirs);
    }

    /** The load check with extra environment variables (e.g. a PATH without terraform). */
    static Result loadCheck(Map<String, String> environment, Path... stackDirs) {
        List<String> command = new ArrayList<>(List.of(nodeExecutable(), LOAD_CHECK.toString()));
        for (Path dir : stackDirs) {
            command.add(dir.toString());
        }
        return run(command, AppTest.projectRoot(), environment);
    }

    /** The real-provider checks (validate and Terraform tests) over {@code stackDirs}. */
    static Result providerCheck(Path... stackDirs) {
        return providerCheck(Map.of(), stackDirs);
    }

    /** The real-provider checks with extra environment variables. */
    static Result providerCheck(Map<String, String> environment, Path... stackDirs) {
        List<String> command = new ArrayList<>(List.of(nodeExecutable(), PROVIDER_CHECK.toString()));
        for (Path dir : stackDirs) {
            command.add(dir.toString());
        }
        return run(command, AppTest.projectRoot(), environment, 900);
    }

    /** What Terraform makes of {@code value} as a string in a .tf.json file (see {@link #evaluateAll}). */
    static String evaluate(String value) {
        return evaluateAll(Map.of("value", value)).get("value");
    }

    /**
     * What Terraform makes of each of {@code values} as strings in a .tf.json file, in one Terraform run: the texts
     * a provider (and so AWS) receives. Applies a configuration holding only outputs with those values (no provider,
     * local state in a temporary folder) and reads the outputs back. Keys must be valid output names.
     */
    static Map<String, String> evaluateAll(Map<String, String> values) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tf-evaluate");
            Map<String, Object> outputs = new java.util.LinkedHashMap<>();
            values.forEach((name, value) -> outputs.put(name, Map.of("value", value)));
            io.bluegreen.testing.Synth.MAPPER.writeValue(dir.resolve("main.tf.json").toFile(), Map.of("output", outputs));
            Path rc = Files.writeString(dir.resolve("terraformrc"), "");
            Map<String, String> env = Map.of("TF_CLI_CONFIG_FILE", rc.toString(), "TF_IN_AUTOMATION", "1");
            Result apply = run(List.of("terraform", "apply", "-auto-approve", "-input=false", "-no-color"), dir, env);
            if (apply.exitCode() != 0) {
                throw new AssertionError("Terraform refuses the values: " + apply.output());
            }
            Result output = run(List.of("terraform", "output", "-json"), dir, env);
            com.fasterxml.jackson.databind.JsonNode json = io.bluegreen.testing.Synth.MAPPER.readTree(output.output());
            Map<String, String> out = new java.util.LinkedHashMap<>();
            values.keySet().forEach(name -> out.put(name, json.path(name).path("value").asText()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            io.bluegreen.testing.Scratch.delete(dir);
        }
    }

    static Result run(List<String> command, Path workingDirectory, Map<String, String> environment) {
        return run(command, workingDirectory, environment, 180);
    }

    static Result run(List<String> command, Path workingDirectory, Map<String, String> environment, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("tf-cli", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().putAll(environment);
                pb.environment().put("CHECKPOINT_DISABLE", "1");
                Process process = pb.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out: " + command);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    /** The node binary the tests run under the same PATH as the build (an absolute path, for PATH-less runs). */
    static String nodeExecutable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new AssertionError("node is not on the PATH (README: prerequisites)");
    }

}
