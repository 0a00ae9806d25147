package io.bluegreen.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.pipeline.PipelineSettings.ExecutionMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every pipeline is a CodePipeline V2 pipeline, as CodePipeline reads its declaration: the execution mode, the trigger
 * of a connection source, the variables handed to the build, the build stage's retry; and the settings CodePipeline
 * would refuse at apply (or accept and then behave differently) fail at synth with one line.
 */
class PipelineV2Test {
    private static final PipelineSource CONNECTION = new PipelineSource.CodeStarConnection(
            new PipelineSource.Existing(DeliveryPipelineTest.CONNECTION), "acme/monorepo", "main");

    private static JsonNode pipeline(PipelineSettings settings) {
        return only(DeliveryPipelineTest.synth(settings), "aws_codepipeline");
    }

    @Test
    void aConnectionSourceIsV2QueuedAndStartsOnPushesToItsBranchAsBefore() {
        JsonNode p = pipeline(PipelineSettings.of(CONNECTION));
        assertEquals("V2", p.path("pipeline_type").asText());
        assertEquals("QUEUED", p.path("execution_mode").asText());
        JsonNode git = p.path("trigger").get(0).path("git_configuration").get(0);
        assertEquals("CodeStarSourceConnection", p.path("trigger").get(0).path("provider_type").asText());
        assertEquals("Source", git.path("source_action_name").asText(), "the trigger names the source action");
        assertEquals(p.path("stage").get(0).path("action").get(0).path("name").asText(), git.path("source_action_name").asText());
        assertEquals("[{\"branches\":[{\"includes\":[\"main\"]}]}]", git.path("push").toString());
        assertEquals(1, p.path("trigger").size(), "one trigger per source action");
        assertTrue(p.path("variable").isMissingNode(), "no variables unless declared");
        JsonNode build = p.path("stage").get(1);
        assertEquals("Build", build.path("name").asText());
        assertEquals("[{\"result\":\"RETRY\",\"retry_configuration\":[{\"retry_mode\":\"FAILED_ACTIONS\"}]}]", build.path("on_failure").toString());
        JsonNode deploy = p.path("stage").get(p.path("stage").size() - 1);
        assertTrue(deploy.path("on_failure").isMissingNode(), "ECS: CodeDeploy's own rollback is the rollback: " + deploy);
        assertTrue(deploy.path("before_entry").isMissingNode(), "no gate unless asked for");
    }

    @Test
    void tagsBranchesWithFilePathsAndVariablesReachTheTriggerAndTheBuild() {
        JsonNode p = pipeline(PipelineSettings.of(CONNECTION)
                .withExecutionMode(ExecutionMode.SUPERSEDED)
                .withTriggers(List.of(GitPushFilter.tags("v*"),
                        GitPushFilter.branches("main", "release/**").withFilePaths(List.of("services/checkout/**"), List.of("**/*.md"))))
                .withVariables(List.of(new PipelineVariable("RELEASE_NOTE", "none", "Shown in the build log"),
                        new PipelineVariable("FEATURE_X", "off", null))));
        assertEquals("SUPERSEDED", p.path("execution_mode").asText());
        assertEquals("[{\"tags\":[{\"includes\":[\"v*\"]}]},{\"branches\":[{\"includes\":[\"main\",\"release/**\"]}],"
                        + "\"file_paths\":[{\"excludes\":[\"**/*.md\"],\"includes\":[\"services/checkout/**\"]}]}]",
                p.path("trigger").get(0).path("git_configuration").get(0).path("push").toString());
        assertEquals("[{\"default_value\":\"none\",\"description\":\"Shown in the build log\",\"name\":\"RELEASE_NOTE\"},"
                + "{\"default_value\":\"off\",\"name\":\"FEATURE_X\"}]", p.path("variable").toString());
        String env = p.path("stage").get(1).path("action").get(0).path("configuration").path("EnvironmentVariables").asText();
        assertEquals("[{\"name\":\"RELEASE_NOTE\",\"type\":\"PLAINTEXT\",\"value\":\"#{variables.RELEASE_NOTE}\"},"
                + "{\"name\":\"FEATURE_X\",\"type\":\"PLAINTEXT\",\"value\":\"#{variables.FEATURE_X}\"}]", env);
    }

    @Test
    void sourcesWithoutGitStartThroughEventBridgeAndHaveNoTrigger() {
        for (PipelineSource source : List.of(new PipelineSource.EcrImagePush("release"), new PipelineSource.S3Object("a.zip"),
                new PipelineSource.CodeCommit("shop", "main"))) {
            JsonNode p = pipeline(PipelineSettings.of(source));
            assertEquals("V2", p.path("pipeline_type").asText(), source.kind());
            assertTrue(p.path("trigger").isMissingNode(), source.kind() + ": " + p.path("trigger"));
        }
    }

    @Test
    void aWindowWaitsBeforeTheStageBeforeDeployAndTheGateIsCheckedOnEntryToDeploy() {
        PipelineSettings settings = PipelineSettings.of(CONNECTION).withApprovalStage(true)
                .withDeployWindow(new DeploymentWindow("* * 9-16 ? * MON-THU", "Europe/Berlin"));
        JsonNode stages = pipeline(settings).path("stage");
        assertEquals("Approve", stages.get(2).path("name").asText());
        JsonNode rule = stages.get(2).path("before_entry").get(0).path("condition").get(0);
        assertEquals("FAIL", rule.path("result").asText());
        assertEquals("DeploymentWindow", rule.path("rule").get(0).path("rule_type_id").get(0).path("provider").asText());
        assertEquals("{\"Cron\":\"* * 9-16 ? * MON-THU\",\"TimeZone\":\"Europe/Berlin\"}", rule.path("rule").get(0).path("configuration").toString());
        assertEquals("[" + rule.path("rule").get(0) + "]", stages.get(3).path("before_entry").get(0).path("condition").get(0)
                .path("rule").toString(), "Deploy checks the window again (an approval outside it waits): " + stages.get(3));
        // without an approval stage the window waits before the build
        JsonNode direct = pipeline(settings.withApprovalStage(false)).path("stage");
        assertEquals("DeploymentWindow", direct.get(1).path("before_entry").get(0).path("condition").get(0).path("rule").get(0)
                .path("name").asText());
    }

    @Test
    void badInputFailsSynthWithOneLine() {
        PipelineSettings connection = PipelineSettings.of(CONNECTION);
        // triggers only where git has branches and tags
        assertInvalid(() -> PipelineSettings.of(new PipelineSource.S3Object("a.zip")).withTriggers(List.of(GitPushFilter.tags("v*"))),
                "PipelineSettings", "triggers", "tags v*", "only on a CodeStar connection source", "S3 object source has no tags");
        assertInvalid(() -> PipelineSettings.of(new PipelineSource.CodeCommit("shop", "main")).withTriggers(List.of(GitPushFilter.branches("main"))),
                "triggers", "CodeCommit");
        // at most 3 filters, at least 1
        assertInvalid(() -> connection.withTriggers(List.of(GitPushFilter.tags("a"), GitPushFilter.tags("b"), GitPushFilter.tags("c"),
                GitPushFilter.tags("d"))), "triggers", "4 push filters", "1 to 3");
        assertInvalid(() -> connection.withTriggers(List.of()), "triggers", "0 push filters");
        // at most 8 patterns per list, each a glob CodePipeline takes
        List<String> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add("release/" + i);
        }
        assertInvalid(() -> new GitPushFilter.Branches(nine, List.of(), List.of(), List.of()), "GitPushFilter.Branches", "includes",
                "9 patterns", "at most 8");
        assertInvalid(() -> GitPushFilter.branches("main").withFilePaths(nine, List.of()), "filePathIncludes", "9 patterns");
        assertInvalid(() -> GitPushFilter.branches("feature/[abc"), "includes", "feature/[abc", "closed brackets");
        assertInvalid(() -> GitPushFilter.branches("release/{a,b"), "release/{a,b", "closed brackets");
        assertInvalid(() -> GitPushFilter.branches("a b"), "includes", "'a b'");
        assertInvalid(() -> GitPushFilter.branches("../main"), "'../main'");
        assertInvalid(() -> GitPushFilter.tags(), "GitPushFilter.Tags", "includes", "at least one pattern");
        assertInvalid(() -> GitPushFilter.branches("main").withFilePaths(List.of("/abs/**"), List.of()), "filePathIncludes", "/abs/**");
        assertInvalid(() -> GitPushFilter.tags("x".repeat(256)), "1-255 characters");
        // variables: names the build can use, defaults CodePipeline accepts, at most 50
        assertInvalid(() -> new PipelineVariable("release-note", "x", null), "PipelineVariable", "name", "release-note", "letters, digits and '_'");
        assertInvalid(() -> new PipelineVariable("9LIVES", "x", null), "9LIVES");
        assertInvalid(() -> new PipelineVariable("AWS_REGION", "x", null), "AWS_REGION", "does not already use");
        assertInvalid(() -> new PipelineVariable("REPOSITORY_URI", "x", null), "REPOSITORY_URI", "does not already use");
        assertInvalid(() -> new PipelineVariable("TASKDEF_TEMPLATE", "x", null), "TASKDEF_TEMPLATE");
        assertInvalid(() -> new PipelineVariable("NOTE", "", null), "defaultValue", "refuses an empty default");
        assertInvalid(() -> new PipelineVariable("NOTE", "x".repeat(1001), null), "defaultValue", "1-1000 characters");
        assertInvalid(() -> new PipelineVariable("NOTE", "x", "d".repeat(201)), "description", "at most 200");
        List<PipelineVariable> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(new PipelineVariable("V" + i, "x", null));
        }
        assertInvalid(() -> connection.withVariables(many), "variables", "51 variables", "at most 50");
        // the build action's EnvironmentVariables value holds at most 1000 characters
        List<PipelineVariable> long12 = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            long12.add(new PipelineVariable("VARIABLE_N" + (char) ('A' + i) + "X", "x", null));
        }
        assertInvalid(() -> connection.withVariables(long12), "variables", "13 variables", "characters in the build action's",
                "at most 1000");
        assertEquals(12, connection.withVariables(long12.subList(0, 12)).variables().size());
        assertInvalid(() -> connection.withVariables(List.of(new PipelineVariable("A", "x", null), new PipelineVariable("A", "y", null))),
                "variables names", "A");
        // windows: a cron and a zone the rule reads
        assertInvalid(() -> new DeploymentWindow("0 9-16 * * MON-THU", "UTC"), "DeploymentWindow", "cron", "6 fields");
        assertInvalid(() -> new DeploymentWindow("0 * 9-16 ? * MON-THU", "UTC"), "'*' in the seconds field");
        assertInvalid(() -> new DeploymentWindow("* * 9-25 ? * MON-THU", "UTC"), "hours 0-23");
        assertInvalid(() -> new DeploymentWindow("* * 9-16 * * MON-THU", "UTC"), "'?' in exactly one");
        assertInvalid(() -> new DeploymentWindow("* * 9-16 ? * MON-THX", "UTC"), "day of week");
        assertInvalid(() -> new DeploymentWindow("* * 9-16 ? * MON-THU", "Europe/Atlantis"), "timeZone", "Europe/Atlantis", "IANA time zone");
        assertInvalid(() -> new DeploymentWindow("* * 9-16 ? * MON-THU", "CET; rm -rf /"), "timeZone");
        assertEquals("* * 9-16 ? * MON-THU", new DeploymentWindow("* * 9-16 ? * MON-THU", "Europe/Berlin").cron());
        assertEquals("UTC", new DeploymentWindow("* 0/30 22-23 L * ? 2027", "UTC").timeZone());
    }

    @Test
    void anAlarmGateNeedsAlarmsToWatch() {
        // the fixture's ECS deployment has no rollback alarms
        assertInvalid(() -> DeliveryPipelineTest.synth(PipelineSettings.of(CONNECTION).withAlarmGate(true)),
                "DeliveryPipeline.Props", "settings.alarmGate", "a service with rollback alarms");
        assertFalse(PipelineSettings.of(CONNECTION).alarmGate());
    }
}
