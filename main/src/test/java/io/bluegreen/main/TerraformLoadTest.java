package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.environments.AppSynth;
import io.bluegreen.environments.Defaults;
import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.prod.Prod;
import io.bluegreen.platform.EcsBlueGreen;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Terraform itself loads every stack of a real synth (through the provider-free stand-in of
 * tools/terraform-load-check.cjs), and the check fails on what Terraform would refuse.
 */
class TerraformLoadTest {
    private Path scratch;

    @AfterEach
    void cleanUp() {
        io.bluegreen.testing.Scratch.delete(scratch);
    }

    @Test
    void terraformLoadsEveryStackOfARealSynth() {
        List<String> ids = RealSynth.ids();
        Path[] dirs = ids.stream().map(RealSynth::stack).toArray(Path[]::new);
        TerraformCli.Result result = TerraformCli.loadCheck(dirs);
        assertEquals(0, result.exitCode(), result.output());
        for (String id : ids) {
            assertTrue(result.output().contains("ok: Terraform loads " + RealSynth.stack(id)), result.output());
        }
    }

    @Test
    void terraformLoadsAnEnvironmentWithTwoServices() {
        EnvironmentConfig prod = Prod.config();
        EcsBlueGreen checkout = (EcsBlueGreen) prod.service(Defaults.CHECKOUT).platform();
        EnvironmentConfig two = prod.toBuilder()
                .service("payments", () -> checkout.toBuilder().container(ContainerSpec.of("api", 8080, "10001")).build())
                .build();
        Path out = io.bluegreen.testing.Scratch.dir("two-services");
        App app = new App(AppConfig.builder().context(AppSynth.CONTEXT).outdir(out.toString()).skipValidation(true).build());
        AppSynth.synth(app, AppSynth.addStacks(app, List.of(two)));
        Path stacks = out.resolve("stacks");
        TerraformCli.Result result = TerraformCli.loadCheck(stacks.resolve("prod-shared"), stacks.resolve("prod-checkout"),
                stacks.resolve("prod-catalog"), stacks.resolve("prod-payments"));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void terraformLoadsAServiceOfEveryPlatformStartedFromEveryKindOfSource() {
        List<Path> stacks = TestEnvironments.synth(TestEnvironments.everyPlatformOnEverySource());
        TerraformCli.Result result = TerraformCli.loadCheck(stacks.toArray(Path[]::new));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void failsOnAnUnescapedShellExpansionInAnEmbeddedDocument() throws IOException {
        // The project's escaping undone: shell text as a buildspec file holds it.
        TerraformCli.Result result = TerraformCli.loadCheck(brokenDevWith(stack ->
                ((ObjectNode) codebuild(stack).path("source")).put("buildspec", "echo \"${IMAGE_TAG:-latest}\"")));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("aws_codebuild_project."), result.output());
        assertTrue(result.output().contains("Extra characters after interpolation expression")
                || result.output().contains("Invalid character"), result.output());
    }

    @Test
    void acceptsTheSameTextEscaped() throws IOException {
        TerraformCli.Result result = TerraformCli.loadCheck(brokenDevWith(stack ->
                ((ObjectNode) codebuild(stack).path("source")).put("buildspec", "echo \"$${IMAGE_TAG:-latest}\" %%{x}")));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void failsOnAReferenceToAResourceThatDoesNotExist() throws IOException {
        TerraformCli.Result result = TerraformCli.loadCheck(brokenDevWith(stack ->
                ((ObjectNode) codebuild(stack)).put("service_role", "${aws_iam_role.Missing.arn}")));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("Reference to undeclared resource"), result.output());
    }

    @Test
    void failsOnADependsOnCycle() throws IOException {
        TerraformCli.Result result = TerraformCli.loadCheck(brokenDevWith(stack -> {
            ObjectNode roles = (ObjectNode) stack.path("resource").path("aws_iam_role");
            List<String> names = Synth.fields(roles).keySet().stream().limit(2).toList();
            ((ObjectNode) roles.path(names.get(0))).putArray("depends_on").add("aws_iam_role." + names.get(1));
            ((ObjectNode) roles.path(names.get(1))).putArray("depends_on").add("aws_iam_role." + names.get(0));
        }));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("Cycle"), result.output());
    }

    @Test
    void failsOnAnUnknownFunction() throws IOException {
        TerraformCli.Result result = TerraformCli.loadCheck(brokenDevWith(stack ->
                ((ObjectNode) codebuild(stack)).put("description", "${no_such_function(1)}")));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("Call to unknown function"), result.output());
    }

    @Test
    void failsClearlyWhenTerraformIsNotInstalled() throws IOException {
        scratch = Files.createTempDirectory("tf-no-terraform");
        TerraformCli.Result result = TerraformCli.loadCheck(Map.of("PATH", scratch.toString()),
                RealSynth.stack("dev-checkout"));
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("terraform CLI was not found")
                && result.output().contains("Install Terraform"), result.output());
    }

    private static JsonNode codebuild(JsonNode stack) {
        return stack.path("resource").path("aws_codebuild_project").elements().next();
    }

    /** A copy of the dev stack (with its assets), changed by {@code change}. */
    private Path brokenDevWith(Consumer<ObjectNode> change) throws IOException {
        scratch = Files.createTempDirectory("tf-broken");
        Path dev = RealSynth.stack("dev-checkout");
        ObjectNode stack = (ObjectNode) Synth.MAPPER.readTree(dev.resolve("cdk.tf.json").toFile());
        change.accept(stack);
        Path dir = scratch.resolve("dev-checkout");
        Files.createDirectories(dir);
        Synth.MAPPER.writeValue(dir.resolve("cdk.tf.json").toFile(), stack);
        Files.createSymbolicLink(dir.resolve("assets"), dev.resolve("assets"));
        return dir;
    }
}
