package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two releases of examples/ecs-app through the shipped ECS pipeline, played as AWS plays them (EcsRelease): the
 * registered task definition must run the pushed image with the image's own entrypoint and command, under the name and
 * port the appspec and the service's load balancer use, and the application must answer its health path when started
 * as the task definition says. docs/testing.md: an ECS release played end to end.
 */
class EcsReleaseTest {
    private static final Path APP = AppTest.projectRoot().resolve("examples/ecs-app");

    @Test
    void releasesOneAndTwoOfTheExampleApplicationRunTheApplication() throws Exception {
        EcsRelease pipeline = new EcsRelease(RealSynth.stack("prod-checkout"));

        Path source1 = pipeline.sourceArtifact(APP, "source-1");
        EcsRelease.Release release1 = pipeline.release(source1, "3f2a9c1e5b7d0a4c8e6f1b2d3c4a5e6f7a8b9c0d", 1);
        String served1 = verify(pipeline, release1);
        assertTrue(served1.contains("/ 200 checkout release 1"), served1);

        // Release 2: a changed application, another commit.
        Path source2 = pipeline.sourceArtifact(APP, "source-2");
        Files.writeString(source2.resolve("Dockerfile"), Files.readString(source2.resolve("Dockerfile"))
                .replace("APP_RELEASE=1", "APP_RELEASE=2"));
        EcsRelease.Release release2 = pipeline.release(source2, "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c", 2);
        String served2 = verify(pipeline, release2);
        assertTrue(served2.contains("/ 200 checkout release 2"), served2);
        assertNotEquals(release1.image(), release2.image(), "each release pushes an image of its own");
        assertEquals(release1.image().replaceAll(":[^:]+$", ""), release2.image().replaceAll(":[^:]+$", ""),
                "both into the service's repository");

        // A re-run of release 2 (same commit) reuses the pushed image: tags are immutable.
        Path rerun = pipeline.sourceArtifact(source2, "source-2-rerun");
        EcsRelease.Release again = pipeline.release(rerun, "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c", 3);
        assertEquals(0, again.build().exit(), again.build().output());
        assertTrue(again.build().output().contains("already exists; not rebuilding"), again.build().output());
        assertEquals(release2.image(), again.image());
    }

    @Test
    void aReleaseFromAnEcrImagePushRunsThePushedImageByDigest() throws Exception {
        Path stack = TestEnvironments.synth(TestEnvironments.everyPlatformOnEverySource()).stream()
                .filter(p -> p.getFileName().toString().equals("qa-ecs-image")).findFirst().orElseThrow();
        EcsRelease pipeline = new EcsRelease(stack);
        String repository = pipeline.buildEnvironment().get("IMAGE_REPOSITORY");
        String repositoryUri = EcsRelease.ACCOUNT + ".dkr.ecr." + EcsRelease.REGION + ".amazonaws.com/" + repository;
        for (int release = 1; release <= 2; release++) {
            Path context = pipeline.sourceArtifact(APP, "ci-" + release);
            Files.writeString(context.resolve("Dockerfile"), Files.readString(context.resolve("Dockerfile"))
                    .replace("APP_RELEASE=1", "APP_RELEASE=" + release));
            String pushed = pipeline.pushFromCi(context, repositoryUri, "release");
            // The ECR source action's output artifact: imageDetail.json of the pushed image, by digest.
            Path source = Files.createDirectories(context.resolveSibling("ecr-source-" + release));
            Files.writeString(source.resolve("imageDetail.json"), "{\"ImageURI\":\"" + pushed + "\",\"ImageTags\":[\"release\"],"
                    + "\"RegistryId\":\"" + EcsRelease.ACCOUNT + "\",\"RepositoryName\":\"" + repository + "\"}");
            EcsRelease.Release r = pipeline.release(source, "sha256:" + pushed.substring(pushed.indexOf(':') + 1), release);
            assertEquals(pushed, r.image());
            String served = verify(pipeline, r);
            assertTrue(served.contains("/ 200 checkout release " + release), served);
        }
    }

    @Test
    void aTemplateCopiedFromThePlaceholderIsRefusedAndNamesItsCommand() throws Exception {
        // The defect this test exists for: the pipeline's container copied from the placeholder's definition.
        EcsRelease pipeline = new EcsRelease(RealSynth.stack("prod-checkout"));
        EcsRelease.Release release = pipeline.release(pipeline.sourceArtifact(APP, "source"), "0123456789abcdef", 1);
        ObjectNode container = (ObjectNode) release.container();
        ArrayNode command = container.putArray("command");
        ContainerSpec.InitialTask.Placeholder.command(8080).forEach(command::add);
        List<String> problems = problems(pipeline, release);
        assertTrue(problems.stream().anyMatch(p -> p.contains("runs the command [python3, -c, import http.server")
                && p.contains("instead of the image's own")), problems.toString());
    }

    /** Everything a release must satisfy, then the application started as registered; returns what it served. */
    private static String verify(EcsRelease pipeline, EcsRelease.Release release) throws Exception {
        assertEquals(0, release.build().exit(), release.build().output());
        List<String> problems = problems(pipeline, release);
        assertEquals(List.of(), problems, release.taskDefinition().toString());
        String served = pipeline.run(pipeline.pushedImage(release.image()), release.container(), List.of("/health", "/"));
        assertTrue(served.contains("/health 200 ok"), served);
        assertTrue(served.contains("as uid 10001") || !io.bluegreen.testing.Sandbox.runningAsRoot(), "the application runs as the task definition's user: " + served);
        return served;
    }

    /** What is wrong with a release, as the person on call would read it; empty when nothing is. */
    private static List<String> problems(EcsRelease pipeline, EcsRelease.Release release) throws Exception {
        List<String> problems = new ArrayList<>();
        String model = pipeline.checkAgainstTheEcsModel(release.taskDefinition());
        if (!model.isEmpty()) {
            problems.add("ECS's RegisterTaskDefinition model refuses the task definition: " + model);
        }
        JsonNode container = release.container();
        if (!container.path("image").asText().equals(release.image())) {
            problems.add("the container runs " + container.path("image").asText() + ", not the pushed " + release.image());
        }
        for (String override : List.of("command", "entryPoint")) {
            if (container.has(override)) {
                problems.add("the container runs the " + override + " " + Synth.texts(container.path(override))
                        + " instead of the image's own ENTRYPOINT and CMD");
            }
        }
        JsonNode loadBalancer = pipeline.stack().path("resource").path("aws_ecs_service").elements().next().path("load_balancer");
        loadBalancer = loadBalancer.isArray() ? loadBalancer.get(0) : loadBalancer;
        JsonNode target = release.appSpec().path("Resources").get(0).path("TargetService").path("Properties")
                .path("LoadBalancerInfo");
        String name = container.path("name").asText();
        int port = container.path("portMappings").get(0).path("containerPort").asInt();
        if (!name.equals(target.path("ContainerName").asText()) || port != target.path("ContainerPort").asInt()) {
            problems.add("the appspec routes to " + target.path("ContainerName").asText() + ":" + target.path("ContainerPort").asInt()
                    + ", the container is " + name + ":" + port);
        }
        if (!name.equals(loadBalancer.path("container_name").asText()) || port != loadBalancer.path("container_port").asInt()) {
            problems.add("the service's load balancer names " + loadBalancer.path("container_name").asText() + ":"
                    + loadBalancer.path("container_port").asInt() + ", the container is " + name + ":" + port);
        }
        if (!release.appSpec().path("Resources").get(0).path("TargetService").path("Properties").path("TaskDefinition").asText()
                .startsWith("arn:aws:ecs:")) {
            problems.add("the appspec's TaskDefinition was not replaced by the registered task definition");
        }
        return problems;
    }
}
