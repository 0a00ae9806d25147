package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.Environments;
import io.bluegreen.environments.ProjectFiles;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Documents embedded in a stack reach AWS exactly as written, read the way Terraform reads them. */
class EmbeddedDocumentsTest {
    @Test
    void theBuildspecReachesCodeBuildByteForByte() throws IOException {
        String file = ProjectFiles.read(ProjectFiles.BUILDSPEC);
        for (EnvironmentConfig env : Environments.all()) {
            JsonNode stack = Synth.MAPPER.readTree(RealSynth.stack(env.name() + "-checkout").resolve("cdk.tf.json").toFile());
            String embedded = stack.path("resource").path("aws_codebuild_project").elements().next()
                    .path("source").path("buildspec").asText();
            assertEquals(file, TerraformCli.evaluate(embedded), env.name());
        }
    }

    @Test
    void theEc2BuildspecReachesCodeBuildByteForByte() throws IOException {
        String file = ProjectFiles.read(ProjectFiles.BUILDSPEC_EC2);
        JsonNode stack = Synth.MAPPER.readTree(RealSynth.stack("prod-catalog").resolve("cdk.tf.json").toFile());
        String embedded = stack.path("resource").path("aws_codebuild_project").elements().next()
                .path("source").path("buildspec").asText();
        assertEquals(file, TerraformCli.evaluate(embedded));
    }

    @Test
    void theLambdaBuildspecsReachCodeBuildByteForByte() throws IOException {
        JsonNode stack = Synth.MAPPER.readTree(RealSynth.stack("prod-pricing").resolve("cdk.tf.json").toFile());
        java.util.List<String> embedded = new java.util.ArrayList<>();
        stack.path("resource").path("aws_codebuild_project").elements()
                .forEachRemaining(p -> embedded.add(TerraformCli.evaluate(p.path("source").path("buildspec").asText())));
        assertEquals(java.util.Set.of(ProjectFiles.read(ProjectFiles.BUILDSPEC_LAMBDA), ProjectFiles.read(ProjectFiles.BUILDSPEC_LAMBDA_DEPLOY)),
                java.util.Set.copyOf(embedded));
        assertNotEquals(ProjectFiles.read(ProjectFiles.BUILDSPEC_LAMBDA), ProjectFiles.embed(ProjectFiles.BUILDSPEC_LAMBDA),
                "the build's spec holds shell expansions Terraform would read as templates");
    }

    @Test
    void theBuildspecNeedsEscapingAtAll() {
        // Guards the test above: the file holds shell expansions that Terraform would read as templates.
        String file = ProjectFiles.read(ProjectFiles.BUILDSPEC);
        assertNotEquals(file, ProjectFiles.embed(ProjectFiles.BUILDSPEC));
    }
}
