package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.testing.Scratch;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda pipeline's two buildspecs, run the way CodeBuild runs them (bash, each command in order) against a fake
 * {@code aws} command that records its calls and answers like the real one.
 */
class LambdaBuildspecsTest {
    private static final String FAKE_AWS = String.join("\n",
            "#!/bin/bash",
            "echo \"$*\" >> \"$FAKE_LOG\"",
            "case \"$1 $2\" in",
            "  'lambda get-alias') echo \"$FAKE_CURRENT\" ;;",
            "  'lambda wait') exit 0 ;;",
            "  'lambda update-function-code') echo \"$FAKE_TARGET\" ;;",
            "  'deploy create-deployment') echo '{\"deploymentId\": \"d-TEST12345\"}' ;;",
            "  'deploy get-deployment') echo \"{\\\"deploymentInfo\\\": {\\\"status\\\": \\\"$FAKE_STATUS\\\","
                    + " \\\"errorInformation\\\": {\\\"code\\\": \\\"ALARM_ACTIVE\\\"}}}\" ;;",
            "  *) echo \"unexpected aws $*\" >&2; exit 2 ;;",
            "esac",
            "");
    /** Stands in for zip where the machine has none: the same archive through Python's zipfile. */
    private static final String FAKE_ZIP = String.join("\n",
            "#!/bin/bash",
            "out=\"${@: -2:1}\"; dir=\"${@: -1}\"",
            "python3 -c 'import sys, zipfile, os; z = zipfile.ZipFile(sys.argv[1], \"w\");"
                    + " [z.write(os.path.join(r, f), os.path.relpath(os.path.join(r, f), sys.argv[2])) for r, _, fs in os.walk(sys.argv[2]) for f in fs]'"
                    + " \"$out\" \"$dir\"",
            "");

    private record Run(int exit, String output, List<String> calls, Path dir) {
    }

    @SuppressWarnings("unchecked")
    private static Run run(String buildspec, Map<String, String> env, Map<String, String> files) throws Exception {
        Map<String, Object> spec = new Yaml().load(ProjectFiles.read(buildspec));
        List<String> commands = (List<String>) ((Map<String, Object>) ((Map<String, Object>) spec.get("phases")).get("build")).get("commands");
        Path dir = Scratch.dir("lambda-buildspec");
        Path bin = Files.createDirectories(dir.resolve(".bin"));
        Files.writeString(bin.resolve("aws"), FAKE_AWS).toFile().setExecutable(true);
        Files.writeString(bin.resolve("zip"), FAKE_ZIP).toFile().setExecutable(true);
        Path src = Files.createDirectories(dir.resolve("src"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(src.resolve(f.getKey()), f.getValue());
        }
        Path log = dir.resolve("calls.log");
        Files.writeString(log, "");
        StringBuilder output = new StringBuilder();
        int exit = 0;
        for (String command : commands) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(src.toFile()).redirectErrorStream(true);
            Map<String, String> environment = pb.environment();
            environment.putAll(env);
            environment.put("PATH", bin + ":" + environment.get("PATH"));
            environment.put("FAKE_LOG", log.toString());
            Process p = pb.start();
            output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), command);
            exit = p.exitValue();
            if (exit != 0) {
                break;
            }
        }
        return new Run(exit, output.toString(), Files.readAllLines(log), src);
    }

    private static Map<String, String> buildEnv(String current, String target) {
        Map<String, String> env = new HashMap<>(Map.of("FUNCTION_NAME", "pricing-prod-function", "ALIAS_NAME", "live",
                "BEFORE_HOOK", "CodeDeployHook_pricing-prod-before", "AFTER_HOOK", "CodeDeployHook_pricing-prod-after"));
        env.put("FAKE_CURRENT", current);
        env.put("FAKE_TARGET", target);
        return env;
    }

    @Test
    void theBuildPublishesAVersionAndWritesTheAppSpecFromTheAliasesCurrentVersion() throws Exception {
        Run run = run(ProjectFiles.BUILDSPEC_LAMBDA, buildEnv("4", "5"), Map.of("app.py", "def handler(e, c):\n    return 1\n"));
        try {
            assertEquals(0, run.exit(), run.output());
            JsonNode appspec = Synth.MAPPER.readTree(run.dir().resolve(".deploy/appspec.json").toFile());
            JsonNode props = appspec.path("Resources").get(0).path("pricing-prod-function").path("Properties");
            assertEquals("AWS::Lambda::Function", appspec.path("Resources").get(0).path("pricing-prod-function").path("Type").asText());
            assertEquals("live", props.path("Alias").asText());
            assertEquals("4", props.path("CurrentVersion").asText());
            assertEquals("5", props.path("TargetVersion").asText());
            assertEquals("CodeDeployHook_pricing-prod-before", appspec.path("Hooks").get(0).path("BeforeAllowTraffic").asText());
            assertEquals("CodeDeployHook_pricing-prod-after", appspec.path("Hooks").get(1).path("AfterAllowTraffic").asText());
            assertTrue(run.calls().stream().anyMatch(c -> c.startsWith("lambda update-function-code --function-name pricing-prod-function")
                    && c.contains("--publish")), run.calls().toString());
            assertFalse(Files.exists(run.dir().resolve(".deploy/function.zip")), "only the appspec is the artifact");
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void theBuildRefusesAnAliasThatServesLatest() throws Exception {
        Run run = run(ProjectFiles.BUILDSPEC_LAMBDA, buildEnv("$LATEST", "5"), Map.of("app.py", "x = 1\n"));
        try {
            assertEquals(1, run.exit(), run.output());
            assertTrue(run.output().contains("serves '$LATEST', not a published version"), run.output());
            assertTrue(run.calls().stream().noneMatch(c -> c.contains("update-function-code")), "nothing published");
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    private static Run deploy(String current, String target, String status) throws Exception {
        String appspec = "{\"version\": 0.0, \"Resources\": [{\"fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\":"
                + " {\"Name\": \"fn\", \"Alias\": \"live\", \"CurrentVersion\": \"" + current + "\", \"TargetVersion\": \""
                + target + "\"}}}], \"Hooks\": []}";
        Map<String, String> env = new HashMap<>(Map.of("APPLICATION", "pricing-prod-app", "DEPLOYMENT_GROUP", "pricing-prod-dg",
                "FAKE_STATUS", status));
        return run(ProjectFiles.BUILDSPEC_LAMBDA_DEPLOY, env, Map.of("appspec.json", appspec));
    }

    @Test
    void theDeployStepCreatesTheDeploymentFromTheAppSpecAndSucceedsWithIt() throws Exception {
        Run run = deploy("4", "5", "Succeeded");
        try {
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.calls().contains("deploy create-deployment --cli-input-json file://request.json --output json"), run.calls().toString());
            JsonNode request = Synth.MAPPER.readTree(run.dir().resolve("request.json").toFile());
            assertEquals("pricing-prod-dg", request.path("deploymentGroupName").asText());
            assertEquals("AppSpecContent", request.path("revision").path("revisionType").asText());
            assertTrue(request.path("revision").path("appSpecContent").path("content").asText().contains("\"TargetVersion\": \"5\""));
            assertTrue(run.output().contains("deployment d-TEST12345"), run.output());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void theDeployStepFailsThePipelineWhenTheDeploymentFailsOrStops() throws Exception {
        for (String status : List.of("Failed", "Stopped")) {
            Run run = deploy("4", "5", status);
            try {
                assertEquals(1, run.exit(), status + ": " + run.output());
                assertTrue(run.output().contains("ALARM_ACTIVE"), "the reason is shown: " + run.output());
            } finally {
                Scratch.delete(run.dir().getParent());
            }
        }
    }

    @Test
    void anUnchangedVersionIsNotDeployedAgain() throws Exception {
        Run run = deploy("5", "5", "Succeeded");
        try {
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("nothing to deploy"), run.output());
            assertEquals(List.of(), run.calls());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }
}
