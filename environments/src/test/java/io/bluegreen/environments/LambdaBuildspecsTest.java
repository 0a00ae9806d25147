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
            "  'lambda get-function-configuration')",
            "    state=Active",
            "    if [ -n \"${FAKE_INACTIVE:-}\" ] && [[ \"$*\" == *\"--qualifier $FAKE_INACTIVE \"* ]] && ! grep -q '^lambda invoke' \"$FAKE_LOG\"; then state=Inactive; fi",
            "    memory=256; if [[ \"$*\" != *--qualifier* ]]; then memory=${FAKE_LATEST_MEMORY:-256}; fi",
            "    echo \"{\\\"State\\\": \\\"$state\\\", \\\"MemorySize\\\": $memory, \\\"CodeSha256\\\": \\\"${FAKE_SERVED_SHA:-none}\\\", \\\"LastUpdateStatus\\\": \\\"${FAKE_UPDATE_STATUS:-Successful}\\\","
                    + " \\\"LastUpdateStatusReason\\\": \\\"bad layer\\\"}\" ;;",
            "  'lambda invoke') echo '{\"StatusCode\": 200}' ;;",
            "  'deploy list-deployments') echo \"{\\\"deployments\\\": ${FAKE_ACTIVE:-[]}}\" ;;",
            "  'deploy stop-deployment') echo '{\"status\": \"Pending\"}' ;;",
            "  'lambda list-aliases') echo \"{\\\"Aliases\\\": ${FAKE_ALIASES:-[]}}\" ;;",
            "  'lambda list-versions-by-function') echo \"{\\\"Versions\\\": ${FAKE_VERSIONS:-[]}}\" ;;",
            "  'lambda delete-function') echo '' ;;",
            "  'lambda update-function-code') echo \"{\\\"Version\\\": \\\"$FAKE_TARGET\\\"}\" ;;",
            "  'deploy create-deployment') echo '{\"deploymentId\": \"d-TEST12345\"}' ;;",
            "  'deploy get-deployment')",
            "    if [[ \"$*\" == *d-ROLLBACK1* ]]; then",
            "      r=$(grep -c 'd-ROLLBACK1' \"$FAKE_LOG\"); set -- $FAKE_ROLLBACK_STATUSES; eval \"st=\\${$r:-Succeeded}\"",
            "      echo \"{\\\"deploymentInfo\\\": {\\\"status\\\": \\\"$st\\\"}}\"; exit 0",
            "    fi",
            "    n=$(grep -c 'get-deployment' \"$FAKE_LOG\")",
            "    if [ \"$n\" -le \"${FAKE_GET_FAILURES:-0}\" ]; then echo 'ThrottlingException: Rate exceeded' >&2; exit 255; fi",
            "    echo \"{\\\"deploymentInfo\\\": {\\\"status\\\": \\\"$FAKE_STATUS\\\", ${FAKE_ROLLBACK_INFO:-}"
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
        environment.put("STOP_GRACE_SECONDS", "0");
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
        return deploy(current, target, status, routing, getFailures, Map.of());
    }

    private static Run deploy(String current, String target, String status, String routing, int getFailures,
                              Map<String, String> more) throws Exception {
        Run build = run(ProjectFiles.BUILDSPEC_LAMBDA, buildEnv(), Map.of("app.py", "x = 1\n"));
        try {
            assertEquals(0, build.exit(), build.output());
            Map<String, String> env = new HashMap<>(Map.of("APPLICATION", "pricing-prod-app", "DEPLOYMENT_GROUP", "pricing-prod-dg",
                    "FAKE_STATUS", status, "FAKE_CURRENT", current, "FAKE_TARGET", target, "FAKE_ROUTING", routing,
                    "FAKE_GET_FAILURES", String.valueOf(getFailures)));
            env.putAll(more);
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
            assertTrue(calls.get(0).startsWith("deploy list-deployments --application-name pricing-prod-app"
                    + " --deployment-group-name pricing-prod-dg --include-only-statuses Created Queued InProgress Baking Ready"),
                    "first: no deployment of the group is active: " + calls);
            assertTrue(calls.get(1).startsWith("lambda get-alias --function-name pricing-prod-function --name live"), calls.toString());
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
    void aFailedDeploymentFailsTheStepOnlyOnceCodeDeploysRollbackHasEnded() throws Exception {
        // The pipeline rolls the stage back as soon as this step fails: the group must be quiet by then.
        Run run = deploy("4", "5", "Failed", "null", 0, Map.of(
                "FAKE_ROLLBACK_INFO", "\"rollbackInfo\": {\"rollbackDeploymentId\": \"d-ROLLBACK1\"},",
                "FAKE_ROLLBACK_STATUSES", "InProgress InProgress Succeeded"));
        try {
            assertEquals(1, run.exit(), run.output());
            assertEquals(3, run.calls().stream().filter(c -> c.contains("d-ROLLBACK1")).count(),
                    "polled until the rollback ended: " + run.calls());
            assertEquals("deploy get-deployment --deployment-id d-ROLLBACK1 --output json", run.calls().get(run.calls().size() - 1),
                    "nothing after the rollback's end: " + run.calls());
            assertTrue(run.output().contains("rollback deployment d-ROLLBACK1 succeeded"), run.output());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void thePackageTheAliasAlreadyServesIsNeitherPublishedNorDeployed() throws Exception {
        // After CodeDeploy rolled a release back, the pipeline's stage rollback brings the previous package again.
        String sha = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest("zip bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Run run = deploy("4", "5", "Succeeded", "null", 0, Map.of("FAKE_SERVED_SHA", sha));
        try {
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("already serves version 4, this package"), run.output());
            assertTrue(run.calls().stream().noneMatch(c -> c.startsWith("lambda update-function-code") || c.startsWith("deploy create")),
                    "nothing published, nothing deployed: " + run.calls());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
        // the same package under a configuration Terraform changed since (here: the memory of $LATEST) deploys
        Run changed = deploy("4", "5", "Succeeded", "null", 0, Map.of("FAKE_SERVED_SHA", sha, "FAKE_LATEST_MEMORY", "1024"));
        try {
            assertEquals(0, changed.exit(), changed.output());
            assertTrue(changed.calls().stream().anyMatch(c -> c.startsWith("deploy create-deployment")), changed.calls().toString());
        } finally {
            Scratch.delete(changed.dir().getParent());
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
            assertTrue(shifting.output().contains("no deployment of this group is active: a deployment was stopped without"
                    + " rollback"), shifting.output());
            assertTrue(shifting.output().contains("aws lambda update-alias --function-name pricing-prod-function --name live"
                    + " --function-version 4 --routing-config '{\"AdditionalVersionWeights\":{}}'"), "how to reset: " + shifting.output());
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

    @Test
    void anActiveDeploymentOfTheGroupIsRefusedBeforeAnythingIsPublished() throws Exception {
        // Still in BeforeAllowTraffic, or left running by a build that timed out: the alias has no weights yet.
        Run run = deploy("4", "5", "Succeeded", "null", 0, Map.of("FAKE_ACTIVE", "[\"d-OLDER0001\"]"));
        try {
            assertEquals(1, run.exit(), run.output());
            assertTrue(run.output().contains("deployment d-OLDER0001 of pricing-prod-dg is still active"), run.output());
            assertTrue(run.output().contains("aws deploy stop-deployment --deployment-id d-OLDER0001"), run.output());
            assertTrue(run.calls().stream().noneMatch(c -> c.contains("update-function-code")), run.calls().toString());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void aFunctionWhoseLastUpdateFailedIsRepairedByTheRelease() throws Exception {
        Run run = deploy("4", "5", "Succeeded", "null", 0, Map.of("FAKE_UPDATE_STATUS", "Failed"));
        try {
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("the last update of pricing-prod-function failed"), run.output());
            assertTrue(run.calls().stream().noneMatch(c -> c.startsWith("lambda wait function-updated")),
                    "the waiter fails on Failed: " + run.calls());
            assertTrue(run.calls().stream().anyMatch(c -> c.contains("update-function-code")), run.calls().toString());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void aDeploymentStillRunningWhenTheStepsTimeRunsOutIsStoppedWithRollback() throws Exception {
        Run run = deploy("4", "5", "InProgress", "null", 0, Map.of("DEPLOY_DEADLINE_MINUTES", "0"));
        try {
            assertEquals(1, run.exit(), run.output());
            assertTrue(run.calls().contains("deploy stop-deployment --deployment-id d-TEST12345 --auto-rollback-enabled --output json"),
                    run.calls().toString());
            assertTrue(run.output().contains("stopped with rollback (the alias goes back to version 4)"), run.output());
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void afterASuccessVersionsOlderThanThePredecessorThatNoAliasServesAreDeleted() throws Exception {
        String versions = "[{\"Version\": \"$LATEST\"}, {\"Version\": \"1\"}, {\"Version\": \"2\"}, {\"Version\": \"3\"},"
                + " {\"Version\": \"4\"}, {\"Version\": \"5\"}]";
        String aliases = "[{\"Name\": \"live\", \"FunctionVersion\": \"5\"}, {\"Name\": \"beta\", \"FunctionVersion\": \"2\"}]";
        Run run = deploy("4", "5", "Succeeded", "null", 0, Map.of("FAKE_VERSIONS", versions, "FAKE_ALIASES", aliases));
        try {
            assertEquals(0, run.exit(), run.output());
            List<String> deleted = run.calls().stream().filter(c -> c.startsWith("lambda delete-function")).toList();
            assertEquals(List.of("lambda delete-function --function-name pricing-prod-function --qualifier 1 --output json",
                    "lambda delete-function --function-name pricing-prod-function --qualifier 3 --output json"), deleted,
                    "4 (the predecessor, for a rollback), 5 (live), 2 (another alias) and $LATEST stay");
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }

    @Test
    void anIdleVersionIsWokenBeforeTheDeploymentInsteadOfWaitedForInVain() throws Exception {
        // The current version (95% of the traffic during a canary) went Inactive after weeks without invocations.
        Run run = deploy("4", "5", "Succeeded", "null", 0, Map.of("FAKE_INACTIVE", "4", "TEST_EVENT", "{\"path\": \"/health\"}"));
        try {
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("version 4 of pricing-prod-function is Inactive (idle): invoking it once"), run.output());
            List<String> calls = run.calls();
            int woken = calls.indexOf(calls.stream().filter(c -> c.startsWith("lambda invoke --function-name pricing-prod-function"
                    + " --qualifier 4 --payload fileb://wake.json")).findFirst().orElseThrow());
            int deployed = calls.indexOf("deploy create-deployment --cli-input-json file://request.json --output json");
            assertTrue(woken < deployed, "woken before the shift starts: " + calls);
            assertEquals("{\"path\": \"/health\"}", Files.readString(run.dir().resolve("wake.json")), "the hooks' test event");
            assertTrue(calls.stream().noneMatch(c -> c.startsWith("lambda wait published-version-active")),
                    "that waiter polls an Inactive version for half an hour: " + calls);
        } finally {
            Scratch.delete(run.dir().getParent());
        }
    }
}
