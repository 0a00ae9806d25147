package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.platform.ecs.BlueGreenDeployment;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-level buildspec.yml and the pipeline's deploy action agree on the artifact files. */
class BuildspecTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> buildspec() {
        return new Yaml().load(ProjectFiles.read(ProjectFiles.BUILDSPEC));
    }

    @Test
    void isVersion02() {
        assertEquals(0.2, buildspec().get("version"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void artifactFilesAreExactlyTheFilesTheDeployActionReads() {
        List<String> files = (List<String>) ((Map<String, Object>) buildspec().get("artifacts")).get("files");
        JsonNode prod = ServiceStackTest.synthesized("prod");
        JsonNode deploy = null;
        for (JsonNode stage : Synth.only(prod, "aws_codepipeline").path("stage")) {
            if (stage.path("name").asText().equals("Deploy")) {
                deploy = stage.path("action").get(0).path("configuration");
            }
        }
        Set<String> read = new TreeSet<>(List.of(deploy.path("TaskDefinitionTemplatePath").asText(),
                deploy.path("AppSpecTemplatePath").asText(), BlueGreenDeployment.IMAGE_DETAIL_FILE));
        assertEquals(read, new TreeSet<>(files));
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesEachArtifactFileFromThePipelineVariables() {
        Map<String, Object> phases = (Map<String, Object>) buildspec().get("phases");
        String commands = String.join("\n", (List<String>) ((Map<String, Object>) phases.get("post_build")).get("commands"));
        assertTrue(commands.contains("\"ImageURI\"") && commands.contains("> imageDetail.json"), commands);
        assertTrue(commands.contains("${TASKDEF_TEMPLATE}\" > taskdef.json"), commands);
        assertTrue(commands.contains("${APPSPEC_TEMPLATE}\" > appspec.yaml"), commands);
        String all = ProjectFiles.read(ProjectFiles.BUILDSPEC);
        assertTrue(all.contains("docker build") && all.contains("docker push") && all.contains("get-login-password"));
        assertTrue(all.contains("CODEBUILD_RESOLVED_SOURCE_VERSION"), "images are tagged with the source commit");
    }

    /** The tag lines of pre_build, run by bash with {@code revision} as the resolved source version. */
    @SuppressWarnings("unchecked")
    private static String imageTag(String revision) throws Exception {
        Map<String, Object> phases = (Map<String, Object>) buildspec().get("phases");
        List<String> lines = ((List<String>) ((Map<String, Object>) phases.get("pre_build")).get("commands")).stream()
                .filter(c -> c.startsWith("IMAGE_TAG=") || c.startsWith("case \"${IMAGE_TAG}\"")).toList();
        assertEquals(2, lines.size(), lines.toString());
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", String.join("\n", lines) + "\nprintf '%s' \"$IMAGE_TAG\"");
        pb.environment().put("CODEBUILD_RESOLVED_SOURCE_VERSION", revision);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return out;
    }

    @Test
    void everySourceRevisionBecomesATagEcrAccepts() throws Exception {
        assertEquals("0123456789ab", imageTag("0123456789abcdef0123456789abcdef01234567"), "a commit: its first 12 characters");
        assertEquals("v.3HL4kqtJlcp", imageTag(".3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"), "an S3 version id may start with '.'");
        assertEquals("Lpb1z_VeCn3s", imageTag("Lpb1z+VeCn3sBF1gGhUC"), "characters a tag cannot hold become '_'");
        for (String tag : List.of(imageTag("-abc"), imageTag("a/b:c d"))) {
            assertTrue(tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"), tag);
        }
    }

    /** What Terraform hands CodeBuild is checked by Terraform itself in main's EmbeddedDocumentsTest. */
    @Test
    void everyPipelineCarriesTheProjectsBuildspecEscapedForTerraform() {
        String buildspec = ProjectFiles.embed(ProjectFiles.BUILDSPEC);
        for (String env : List.of("dev", "staging", "prod")) {
            assertEquals(buildspec, Synth.only(ServiceStackTest.synthesized(env), "aws_codebuild_project")
                    .path("source").path("buildspec").asText(), env);
        }
    }
}
