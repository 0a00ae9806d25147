package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.testing.Scratch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tools/release.cjs against a stand-in AWS CLI, on real synthesized stacks: the chosen revision of each kind of source
 * reaches start-pipeline-execution as CodePipeline expects it (the source action's name, the revision type, the
 * stack's region), variables only where the pipeline declares them, and every refusal happens before any AWS call.
 */
class ReleaseToolTest {
    private static final Path TOOL = AppTest.projectRoot().resolve("tools").resolve("release.cjs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static Path stacks;

    private record Run(int exit, String output, List<JsonNode> calls) {
    }

    /** The shipped stacks and qa's next to each other, as one cdktf.out/stacks would hold them. */
    @BeforeAll
    static void stacks() throws Exception {
        stacks = Scratch.dir("release-stacks");
        for (String id : List.of("prod-checkout", "prod-pricing")) {
            Files.createSymbolicLink(stacks.resolve(id), RealSynth.stack(id));
        }
        for (Path dir : TestEnvironments.synth(TestEnvironments.everyPlatformOnEverySource())) {
            Files.createSymbolicLink(stacks.resolve(dir.getFileName()), dir);
        }
    }

    @AfterAll
    static void clean() throws Exception {
        Scratch.delete(stacks);
    }

    private static Run release(boolean withAws, String... args) throws Exception {
        Path state = Scratch.dir("fake-aws");
        try {
            Path bin = Files.createDirectories(state.resolve("bin"));
            if (withAws) {
                Files.copy(EcsRelease.RESOURCES.resolve("aws-release"), bin.resolve("aws")).toFile().setExecutable(true);
            }
            List<String> command = new ArrayList<>(List.of(TerraformCli.nodeExecutable(), TOOL.toString()));
            command.addAll(List.of(args));
            command.addAll(List.of("--stacks", stacks.toString()));
            // PATH: the stand-in first, then only what node needs (no real aws CLI)
            TerraformCli.Result result = TerraformCli.run(command, AppTest.projectRoot(),
                    Map.of("PATH", bin + ":/usr/bin:/bin", "FAKE_AWS", state.toString()));
            List<JsonNode> calls = new ArrayList<>();
            Path log = state.resolve("calls.log");
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    calls.add(JSON.readTree(line));
                }
            }
            return new Run(result.exitCode(), result.output(), calls);
        } finally {
            Scratch.delete(state);
        }
    }

    private static JsonNode option(JsonNode call, String name) throws Exception {
        for (int i = 0; i < call.size() - 1; i++) {
            if (call.get(i).asText().equals(name)) {
                String value = call.get(i + 1).asText();
                return value.startsWith("[") ? JSON.readTree(value) : call.get(i + 1);
            }
        }
        throw new AssertionError(name + " missing in " + call);
    }

    @Test
    void aCommitOfAConnectionSourceStartsThePipelineAndSaysHowToFollowIt() throws Exception {
        Run run = release(true, "prod-checkout", SHA);
        assertEquals(0, run.exit(), run.output());
        assertEquals(1, run.calls().size(), run.calls().toString());
        JsonNode call = run.calls().get(0);
        assertEquals("start-pipeline-execution", call.get(1).asText());
        assertEquals("checkout-prod-pipeline", option(call, "--name").asText());
        assertEquals("eu-west-1", option(call, "--region").asText(), "the stack's own region");
        assertEquals("[{\"actionName\":\"Source\",\"revisionType\":\"COMMIT_ID\",\"revisionValue\":\"" + SHA + "\"}]",
                option(call, "--source-revisions").toString());
        assertTrue(run.output().contains("started checkout-prod-pipeline execution 0f1e2d3c-aaaa-bbbb-cccc-123456789abc"), run.output());
        assertTrue(run.output().contains("aws codepipeline get-pipeline-execution --region eu-west-1 --pipeline-name checkout-prod-pipeline"
                + " --pipeline-execution-id 0f1e2d3c-aaaa-bbbb-cccc-123456789abc"), run.output());
        assertTrue(run.output().contains("approval, window, alarm gate"), run.output());
        assertTrue(run.output().contains("aws codepipeline override-stage-condition --region eu-west-1 --pipeline-name checkout-prod-pipeline"
                + " --stage-name <stage it waits at> --pipeline-execution-id 0f1e2d3c-aaaa-bbbb-cccc-123456789abc --condition-type BEFORE_ENTRY"),
                "prod is gated: the emergency override is named: " + run.output());
    }

    @Test
    void eachSourceTakesItsOwnKindOfRevision() throws Exception {
        Run commit = release(true, "qa-lambda-commit", SHA);
        assertEquals(0, commit.exit(), commit.output());
        assertEquals("COMMIT_ID", option(commit.calls().get(0), "--source-revisions").get(0).path("revisionType").asText());

        Run upload = release(true, "qa-inplace-upload", "3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo");
        assertEquals(0, upload.exit(), upload.output());
        assertEquals("S3_OBJECT_VERSION_ID", option(upload.calls().get(0), "--source-revisions").get(0).path("revisionType").asText());
        assertEquals("3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo",
                option(upload.calls().get(0), "--source-revisions").get(0).path("revisionValue").asText(), "S3 version ids hold '+'");
        assertFalse(upload.output().contains("override-stage-condition"), "qa-inplace-upload has no gate: " + upload.output());

        Run tag = release(true, "qa-ecs-image", "v1.2.3");
        assertEquals(0, tag.exit(), tag.output());
        assertEquals("describe-images", tag.calls().get(0).get(1).asText(), "the tag is resolved first: " + tag.calls());
        assertTrue(option(tag.calls().get(0), "--repository-name").asText().startsWith("ecs-image-qa"), tag.calls().toString());
        JsonNode revision = option(tag.calls().get(1), "--source-revisions").get(0);
        assertEquals("IMAGE_DIGEST", revision.path("revisionType").asText());
        assertEquals("sha256:" + "ab".repeat(32), revision.path("revisionValue").asText());

        Run unknown = release(true, "qa-ecs-image", "v9.9.9");
        assertEquals(1, unknown.exit(), unknown.output());
        assertEquals(1, unknown.calls().size(), "nothing started: " + unknown.calls());
    }

    @Test
    void variablesAreSetOnlyWhereThePipelineDeclaresThem() throws Exception {
        Run run = release(true, "qa-ecs-image", "sha256:" + "cd".repeat(32), "--variable", "RELEASE_NOTE=rollback, to 1.2 (INC-42)");
        assertEquals(0, run.exit(), run.output());
        assertEquals("[{\"name\":\"RELEASE_NOTE\",\"value\":\"rollback, to 1.2 (INC-42)\"}]",
                option(run.calls().get(0), "--variables").toString(), "commas and parentheses survive: JSON, not shorthand");
        Run empty = release(true, "qa-ecs-image", "sha256:" + "cd".repeat(32), "--variable", "RELEASE_NOTE=");
        assertEquals(2, empty.exit(), "CodePipeline takes values of 1-1000 characters: " + empty.output());
        assertEquals(List.of(), empty.calls());
        Run undeclared = release(true, "prod-checkout", SHA, "--variable", "RELEASE_NOTE=x");
        assertEquals(1, undeclared.exit(), undeclared.output());
        assertTrue(undeclared.output().contains("checkout-prod-pipeline has no variable RELEASE_NOTE"), undeclared.output());
        assertEquals(List.of(), undeclared.calls());
    }

    @Test
    void refusalsComeBeforeAnyAwsCall() throws Exception {
        Run shortSha = release(true, "prod-checkout", "0123abc");
        assertEquals(1, shortSha.exit(), shortSha.output());
        assertTrue(shortSha.output().contains("give the full 40-character SHA (git rev-parse 0123abc)"), shortSha.output());
        Run missing = release(true, "prod-nothing", SHA);
        assertEquals(1, missing.exit(), missing.output());
        assertTrue(missing.output().contains("no synthesized stack prod-nothing") && missing.output().contains("cdktf-cli@0.19.2 synth"),
                missing.output());
        Run usage = release(true, "prod-checkout");
        assertEquals(2, usage.exit(), usage.output());
        Run injected = release(true, "prod-checkout;rm", SHA);
        assertEquals(2, injected.exit(), injected.output());
        for (Run run : List.of(shortSha, missing, usage, injected)) {
            assertEquals(List.of(), run.calls());
        }
        Run noCli = release(false, "prod-pricing", SHA);
        assertEquals(1, noCli.exit(), noCli.output());
        assertTrue(noCli.output().contains("cannot run the AWS CLI (ENOENT)"), noCli.output());
    }
}
