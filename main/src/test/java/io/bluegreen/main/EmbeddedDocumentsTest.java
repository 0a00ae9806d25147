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
    void theBuildspecNeedsEscapingAtAll() {
        // Guards the test above: the file holds shell expansions that Terraform would read as templates.
        String file = ProjectFiles.read(ProjectFiles.BUILDSPEC);
        assertNotEquals(file, ProjectFiles.embed(ProjectFiles.BUILDSPEC));
    }
}
