package io.bluegreen.platform.ecs;

import io.bluegreen.testing.Buildspecs;
import io.bluegreen.testing.Scratch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The light build of an ECS service released by an ECR image push, run the way CodeBuild runs it (bash, each command
 * in order, in the source artifact's folder): it writes the deploy files and refuses a source that is not the pushed
 * image of this repository by digest.
 */
class ImageSourceBuildspecTest {
    private static final String REPOSITORY = "shop-dev";
    private static final String DIGEST_URI = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-dev@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private record Run(int exit, String output, Path dir) {
    }

    private static Run run(String imageDetail) throws Exception {
        String raw;
        try (var in = EcsBlueGreenService.class.getResourceAsStream("/io/bluegreen/platform/ecs/buildspec-image-source.yml")) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path dir = Scratch.dir("image-source-build");
        if (imageDetail != null) {
            Files.writeString(dir.resolve("imageDetail.json"), imageDetail);
        }
        Buildspecs.Result result = Buildspecs.run(Buildspecs.commands(raw, "build"), dir, Map.of(
                "TASKDEF_TEMPLATE", "{\"family\": \"shop-dev\", \"image\": \"<IMAGE1_NAME>\"}",
                "APPSPEC_TEMPLATE", "version: 0.0\nResources: []\n", "IMAGE_REPOSITORY", REPOSITORY));
        return new Run(result.exit(), result.output(), dir);
    }

    @Test
    void writesTheDeployFilesForThePushedDigest() throws Exception {
        Run run = run("{\"ImageURI\": \"" + DIGEST_URI + "\", \"ImageTags\": [\"release\"], \"RepositoryName\": \"shop-dev\"}");
        try {
            assertEquals(0, run.exit(), run.output());
            assertEquals("{\"family\": \"shop-dev\", \"image\": \"<IMAGE1_NAME>\"}", Files.readString(run.dir().resolve("taskdef.json")));
            assertEquals("version: 0.0\nResources: []\n", Files.readString(run.dir().resolve("appspec.yaml")));
            assertTrue(run.output().contains("releasing " + DIGEST_URI + " (tags release"), run.output());
        } finally {
            Scratch.delete(run.dir());
        }
    }

    @Test
    void refusesASourceWithoutThePushedImageOfThisRepositoryByDigest() throws Exception {
        Map<String, String> bad = Map.of(
                "no readable imageDetail.json", "",
                "not an image of shop-dev by digest", "{\"ImageURI\": \"" + DIGEST_URI.replace("/shop-dev@", "/other@") + "\"}",
                "not an image of shop-dev by digest ", "{\"ImageURI\": \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-dev:release\"}");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            Run run = run(c.getValue().isEmpty() ? null : c.getValue());
            try {
                assertNotEquals(0, run.exit(), run.output());
                assertTrue(run.output().contains(c.getKey().trim()), run.output());
                assertFalse(Files.exists(run.dir().resolve("taskdef.json")), "nothing to deploy is written");
            } finally {
                Scratch.delete(run.dir());
            }
        }
    }

    @Test
    void theEmbeddedSpecIsTheFileEscapedForTerraform() {
        assertTrue(EcsBlueGreenService.IMAGE_SOURCE_BUILDSPEC.contains("$${!v:-}"), "shell expansions reach Terraform escaped");
        assertFalse(EcsBlueGreenService.IMAGE_SOURCE_BUILDSPEC.replace("$${", "").contains("${"));
    }
}
