package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.testing.Buildspecs;
import io.bluegreen.testing.Scratch;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            "  'lambda get-alias') echo \"{\\\"FunctionVersion\\\": \\\"$FAKE_CURRENT\\\", \\\"RoutingConfig\\\": $FAKE_ROUTING}\" ;;",
            "  'lambda wait') exit 0 ;;",
            "  'lambda update-function-code') echo \"{\\\"Version\\\": \\\"$FAKE_TARGET\\\"}\" ;;",
            "  'deploy create-deployment') echo '{\"deploymentId\": \"d-TEST12345\"}' ;;",
            "  'deploy get-deployment')",
            "    n=$(grep -c 'get-deployment' \"$FAKE_LOG\")",
            "    if [ \"$n\" -le \"${FAKE_GET_FAILURES:-0}\" ]; then echo 'ThrottlingException: Rate exceeded' >&2; exit 255; fi",
            "    echo \"{\\\"deploymentInfo\\\": {\\\"status\\\": \\\"$FAKE_STATUS\\\","
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

    private static Run run(String buildspec, Map<String, String> env, Map<String, String> files) throws Exception {
        List<String> commands = Buildspecs.commands(ProjectFiles.read(buildspec), "build");
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
        Map<String, String> environment = new HashMap<>(env);
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        environment.put("FAKE_LOG", log.toString());
        environment.put("RETRY_SECONDS", "0");
        environment.put("POLL_SECONDS", "0");
        Buildspecs.Result result = Buildspecs.run(commands, src, environment);
        return new Run(result.exit(), result.output(), Files.readAllLines(log), src);
    }

    private static Map<String, String> buildEnv() {
        return new HashMap<>(Map.of("FUNCTION_NAME", "pricing-prod-function", "ALIAS_NAME", "live",
                "BEFORE_HOOK", "CodeDeployHook_pricing-prod-before", "AFTER_HOOK", "CodeDeployHook_pricing-prod-after"));
    }

    @Test
    void theBuildPackagesTheFunctionAndWritesTheAppSpecWithoutCallingAws() throws Exception {
        Run run = run(ProjectFiles.BUILDSPEC_LAMBDA, buildEnv(), Map.of("app.py", "def handler(e, c):\n    return 1\n"));
        try {
            assertEquals(0, run.exit(), run.output());
            assertEquals(List.of(), run.calls(), "the build publishes nothing: that happens after the approval");
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(run.dir().resolve(".deploy/function.zip").toFile())) {
                assertTrue(zip.stream().anyMatch(e -> e.getName().equals("app.py")));
            }
            JsonNode appspec = Synth.MAPPER.readTree(run.dir().resolve(".deploy/appspec.json").toFile());
            JsonNode resource = appspec.path("Resources").get(0).path("pricing-prod-function");
            assertEquals("AWS::Lambda::Function", resource.path("Type").asText());
            assertEquals("live", resource.path("Properties").path("Alias").asText());
            assertEquals("CodeDeployHook_pricing-prod-before", appspec.path("Hooks").get(0).path("BeforeAllowTraffic").asText());
            assertEquals("CodeDeployHook_pricing-prod-after", appspec.path("Hooks").get(1).path("AfterAllowTraffic").asText());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    private static Run deploy(String current, String target, String status, String routing, int getFailures) throws Exception {
        Run build = run(ProjectFiles.BUILDSPEC_LAMBDA, buildEnv(), Map.of("app.py", "x = 1\n"));
        try {
            assertEquals(0, build.exit(), build.output());
            Map<String, String> env = new HashMap<>(Map.of("APPLICATION", "pricing-prod-app", "DEPLOYMENT_GROUP", "pricing-prod-dg",
                    "FAKE_STATUS", status, "FAKE_CURRENT", current, "FAKE_TARGET", target, "FAKE_ROUTING", routing,
                    "FAKE_GET_FAILURES", String.valueOf(getFailures)));
            return run(ProjectFiles.BUILDSPEC_LAMBDA_DEPLOY, env, Map.of(
                    "appspec.json", Files.readString(build.dir().resolve(".deploy/appspec.json")),
                    "function.zip", "zip bytes"));
        } finally {
            Scratch.delete(build.dir().getParent());
        }
    }

    @Test
    void theDeployStepPublishesAfterApprovalAndDeploysFromTheAliasesVersionOfThatMoment() throws Exception {
        Run run = deploy("4", "5", "Succeeded", "null", 0);
        try {
            assertEquals(0, run.exit(), run.output());
            List<String> calls = run.calls();
            assertTrue(calls.get(0).startsWith("lambda get-alias --function-name pricing-prod-function --name live"), calls.toString());
            assertTrue(calls.stream().anyMatch(c -> c.startsWith("lambda update-function-code --function-name pricing-prod-function"
                    + " --zip-file fileb://function.zip --publish")), calls.toString());
            assertTrue(calls.indexOf("deploy create-deployment --cli-input-json file://request.json --output json")
                    > calls.indexOf(calls.stream().filter(c -> c.contains("update-function-code")).findFirst().orElseThrow()));
            JsonNode request = Synth.MAPPER.readTree(run.dir().resolve("request.json").toFile());
            assertEquals("pricing-prod-dg", request.path("deploymentGroupName").asText());
            assertEquals("AppSpecContent", request.path("revision").path("revisionType").asText());
            JsonNode appspec = Synth.MAPPER.readTree(request.path("revision").path("appSpecContent").path("content").asText());
            JsonNode props = appspec.path("Resources").get(0).path("pricing-prod-function").path("Properties");
            assertEquals("4", props.path("CurrentVersion").asText());
            assertEquals("5", props.path("TargetVersion").asText());
            assertTrue(run.output().contains("deployment d-TEST12345"), run.output());
            assertTrue(run.output().contains("stop-deployment --deployment-id d-TEST12345 --auto-rollback-enabled"), run.output());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void theDeployStepFailsThePipelineWhenTheDeploymentFailsOrStops() throws Exception {
        for (String status : List.of("Failed", "Stopped")) {
            Run run = deploy("4", "5", status, "null", 0);
            try {
                assertEquals(1, run.exit(), status + ": " + run.output());
                assertTrue(run.output().contains("ALARM_ACTIVE"), "the reason is shown: " + run.output());
            } finally {
                Scratch.delete(run.dir().getParent());
            }
        }
    }

    @Test
    void aThrottledPollIsRetriedNotFatal() throws Exception {
        Run run = deploy("4", "5", "Succeeded", "null", 1);
        try {
            assertEquals(0, run.exit(), run.output());
            assertEquals(2, run.calls().stream().filter(c -> c.startsWith("deploy get-deployment")).count(), run.calls().toString());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void anAliasOnLatestOrStillShiftingIsRefusedBeforeAnythingIsPublished() throws Exception {
        Run latest = deploy("$LATEST", "5", "Succeeded", "null", 0);
        Run shifting = deploy("4", "5", "Succeeded", "{\"AdditionalVersionWeights\": {\"5\": 0.1}}", 0);
        try {
            assertEquals(1, latest.exit(), latest.output());
            assertTrue(latest.output().contains("serves '$LATEST', not a published version"), latest.output());
            assertEquals(1, shifting.exit(), shifting.output());
            assertTrue(shifting.output().contains("another deployment is running"), shifting.output());
            for (Run run : List.of(latest, shifting)) {
                assertTrue(run.calls().stream().noneMatch(c -> c.contains("update-function-code") || c.contains("create-deployment")),
                        run.calls().toString());
            }
        } finally {
            Scratch.delete(latest.dir().getParent());
            Scratch.delete(shifting.dir().getParent());
        }
    }

    @Test
    void anUnchangedPackageIsNotDeployedAgain() throws Exception {
        Run run = deploy("5", "5", "Succeeded", "null", 0);
        try {
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("nothing to deploy"), run.output());
            assertTrue(run.calls().stream().noneMatch(c -> c.contains("create-deployment")), run.calls().toString());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }
}
