package io.bluegreen.main;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.testing.Scratch;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Terraform with the real hashicorp/aws provider reads every stack: {@code terraform validate} (the provider's schema
 * and value checks) and {@code terraform test} with a mocked provider (a first apply, plus the scenario files of
 * terraform-tests/scenarios), through tools/terraform-check.cjs. docs/testing.md: Terraform checks.
 */
class TerraformProviderTest {
    private static final Path SCENARIOS = AppTest.projectRoot().resolve("terraform-tests").resolve("scenarios");
    private static final String ALB = "aws_lb.Traffic_LoadBalancer_6746E515";
    private static final String NAT_RULE = "aws_vpc_security_group_ingress_rule.Traffic_AlbTestIngressNat_03D3FC4B";

    /** One run of the check over broken copies of prod-checkout, each in a folder named after what is broken. */
    private static TerraformCli.Result broken;
    /** The folder of each broken copy, by name. */
    private static final Map<String, Path> BROKEN = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void checkBrokenCopies() throws IOException {
        Path scratch = Scratch.dir("tf-provider-broken");
        // Beside the copies, as beside prod-checkout: the shared stack whose outputs they read.
        Files.createSymbolicLink(scratch.resolve("prod-shared"), RealSynth.stack("prod-shared"));
        Path[] dirs = Stream.of(
                copy(scratch, "enum-typo", stack -> ((ObjectNode) resource(stack, "aws_codedeploy_deployment_group")
                        .path("deployment_style")).put("deployment_type", "BLUE_GREN")),
                copy(scratch, "unknown-attribute", stack -> ((ObjectNode) resource(stack, "aws_lb_target_group"))
                        .put("deregistration_delay_seconds", 30)),
                copy(scratch, "for-each-after-apply", stack -> ((ObjectNode) address(stack, NAT_RULE))
                        .put("for_each", "${{ (aws_lb.Traffic_LoadBalancer_6746E515.arn) = \"203.0.113.10\" }}")),
                copy(scratch, "failing-precondition", stack -> {
                    ObjectNode condition = (ObjectNode) address(stack, ALB).path("lifecycle").path("precondition").get(0);
                    condition.put("condition", condition.path("condition").asText().replace(">= 2)", ">= 3)"));
                    condition.put("error_message", "The public subnets must lie in at least three availability zones.");
                })).toArray(Path[]::new);
        broken = TerraformCli.providerCheck(dirs);
    }

    /** One run of the check over every stack of a real synth, shared by the tests that read it. */
    private static TerraformCli.Result wholeApp;

    private static synchronized TerraformCli.Result wholeApp() {
        if (wholeApp == null) {
            wholeApp = TerraformCli.providerCheck(RealSynth.ids().stream().map(RealSynth::stack).toArray(Path[]::new));
        }
        return wholeApp;
    }

    @Test
    void everyStackOfARealSynthValidatesAndPassesItsTerraformTests() {
        List<String> ids = RealSynth.ids();
        TerraformCli.Result result = wholeApp();
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("hashicorp/aws 5."), result.output());
        for (String id : ids) {
            assertTrue(result.output().contains("ok: " + RealSynth.stack(id) + ": validate clean"), id + "\n" + result.output());
        }
    }

    @Test
    void everyScenarioFolderNamesAStackAndItsFilesRun() throws IOException {
        List<String> ids = RealSynth.ids();
        try (Stream<Path> folders = Files.list(SCENARIOS)) {
            List<Path> all = folders.toList();
            assertFalse(all.isEmpty());
            for (Path folder : all) {
                String id = folder.getFileName().toString();
                assertTrue(ids.contains(id), "terraform-tests/scenarios/" + id + " names no stack of the app: " + ids);
                try (Stream<Path> files = Files.list(folder)) {
                    assertTrue(files.allMatch(f -> f.toString().endsWith(".tftest.hcl")), "only .tftest.hcl files in " + folder);
                }
            }
        }
        // Each file is reported as run with its stack.
        String output = wholeApp().output();
        try (Stream<Path> folders = Files.list(SCENARIOS)) {
            for (Path folder : folders.toList()) {
                String line = output.lines().filter(l -> l.startsWith("ok: " + RealSynth.stack(folder.getFileName().toString()) + ":"))
                        .findFirst().orElseThrow(() -> new AssertionError(folder + " has no passing stack:\n" + output));
                try (Stream<Path> files = Files.list(folder)) {
                    files.forEach(f -> assertTrue(line.contains(f.getFileName().toString()), f + " did not run: " + line));
                }
            }
        }
    }

    @Test
    void everyPlatformOnEverySourceInOneEnvironmentValidatesAndApplies() {
        List<Path> stacks = TestEnvironments.synth(TestEnvironments.everyPlatformOnEverySource());
        assertEquals(10, stacks.size());
        TerraformCli.Result result = TerraformCli.providerCheck(stacks.toArray(Path[]::new));
        assertEquals(0, result.exitCode(), result.output());
        for (Path stack : stacks) {
            assertTrue(result.output().contains("ok: " + stack + ": validate clean"), stack + "\n" + result.output());
        }
    }

    @Test
    void failsOnAnEnumTypo() {
        assertEquals(1, broken.exitCode(), broken.output());
        assertTrue(failure("enum-typo").contains("aws_codedeploy_deployment_group.Deployment_DeploymentGroup_92D916CE: expected"
                + " deployment_type to be one of [\"IN_PLACE\" \"BLUE_GREEN\"], got BLUE_GREN"), broken.output());
    }

    @Test
    void theProviderFreeLoadCheckDoesNotSeeAnEnumTypo() throws IOException {
        // Why both checks exist: the stand-in knows Terraform's language, not the provider's values.
        Path scratch = Scratch.dir("tf-load-enum");
        Path dir = copy(scratch, "enum-typo", stack -> ((ObjectNode) resource(stack, "aws_codedeploy_deployment_group")
                .path("deployment_style")).put("deployment_type", "BLUE_GREN"));
        assertEquals(0, TerraformCli.loadCheck(dir).exitCode());
    }

    @Test
    void failsOnAnUnknownAttributeWrittenThroughAnOverride() {
        assertTrue(failure("unknown-attribute").contains("aws_lb_target_group.Traffic_BlueTargetGroup_FF7630CE"), broken.output());
        assertTrue(failure("unknown-attribute").contains("No argument or block type is named \"deregistration_delay_seconds\""),
                broken.output());
    }

    @Test
    void failsOnAForEachOverAValueKnownOnlyAfterApply() {
        assertTrue(failure("for-each-after-apply").contains("Invalid for_each argument"), broken.output());
        assertTrue(failure("for-each-after-apply").contains(NAT_RULE), broken.output());
    }

    @Test
    void failsOnAFailingPrecondition() {
        String failure = failure("failing-precondition");
        assertTrue(failure.contains("Resource precondition failed"), broken.output());
        assertTrue(failure.contains("The public subnets must lie in at least three availability zones."), broken.output());
    }

    @Test
    void aVpcWithoutPublicNatGatewayStopsThePlanWithTheDocumentedAdvice() throws IOException {
        // The scenario without expect_failures: what the person running the plan reads.
        Path scenarios = Scratch.dir("tf-scenarios");
        Path folder = Files.createDirectories(scenarios.resolve("prod-checkout"));
        Files.writeString(folder.resolve("no_gateway.tftest.hcl"), String.join("\n",
                "run \"no_gateway\" {",
                "  command = plan",
                "  override_data {",
                "    target = data.aws_nat_gateways.ExistingVpc_NatGateways_D6550DB7",
                "    values = { ids = [] }",
                "  }",
                "}", ""));
        TerraformCli.Result result = TerraformCli.providerCheck(Map.of("BLUEGREEN_TERRAFORM_SCENARIOS", scenarios.toString()),
                RealSynth.stack("prod-checkout"));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("has no available public NAT gateway"), result.output());
        assertTrue(result.output().contains("VpcSource.Existing.withEgressPublicIps("), result.output());
    }

    @Test
    void failsInOneLineWhenTheNamedMirrorHoldsNoProvider() {
        Path empty = Scratch.dir("tf-empty-mirror");
        TerraformCli.Result result = TerraformCli.providerCheck(Map.of("BLUEGREEN_TERRAFORM_MIRROR", empty.toString()),
                RealSynth.stack("dev-shared"));
        assertEquals(2, result.exitCode(), result.output());
        assertEquals(1, result.output().strip().lines().count(), result.output());
        assertTrue(result.output().contains("BLUEGREEN_TERRAFORM_MIRROR=" + empty + " holds no registry.terraform.io/hashicorp/aws"),
                result.output());
    }

    @Test
    void failsInOneLineWhenNeitherAMirrorNorTheRegistryIsReachable() {
        // The registry through a proxy that refuses every connection: what a machine without access sees.
        Path cache = Scratch.dir("tf-plugin-cache");
        TerraformCli.Result result = TerraformCli.providerCheck(Map.of("BLUEGREEN_TERRAFORM_MIRROR", "registry",
                "TF_PLUGIN_CACHE_DIR", cache.toString(), "TF_CLI_CONFIG_FILE", cache.resolve("none.rc").toString(),
                "HTTPS_PROXY", "http://127.0.0.1:9", "HTTP_PROXY", "http://127.0.0.1:9", "NO_PROXY", ""),
                RealSynth.stack("dev-shared"));
        assertEquals(2, result.exitCode(), result.output());
        assertEquals(1, result.output().strip().lines().count(), result.output());
        assertTrue(result.output().contains("cannot install hashicorp/aws (>= 5.100.0, < 6.0.0) from registry.terraform.io"),
                result.output());
        assertTrue(result.output().contains("set BLUEGREEN_TERRAFORM_MIRROR to a folder that holds"), result.output());
    }

    @Test
    void failsClearlyWhenTerraformIsNotInstalled() {
        Path noTerraform = Scratch.dir("tf-no-terraform");
        TerraformCli.Result result = TerraformCli.providerCheck(Map.of("PATH", noTerraform.toString()),
                RealSynth.stack("dev-shared"));
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("terraform CLI was not found") && result.output().contains("Install Terraform"),
                result.output());
    }

    /** What the check printed for the copy in folder {@code name}: its FAILED block, up to the next stack's. */
    private static String failure(String name) {
        String output = broken.output();
        int start = output.indexOf("FAILED: " + BROKEN.get(name) + ":");
        assertTrue(start >= 0, name + " did not fail:\n" + output);
        int end = Stream.of(output.indexOf("\nFAILED: ", start + 1), output.indexOf("\nok: ", start + 1),
                output.indexOf("\nTerraform checks: ", start + 1)).filter(i -> i >= 0).min(Integer::compare).orElse(output.length());
        return output.substring(start, end);
    }

    private static com.fasterxml.jackson.databind.JsonNode resource(com.fasterxml.jackson.databind.JsonNode stack, String type) {
        return stack.path("resource").path(type).elements().next();
    }

    private static com.fasterxml.jackson.databind.JsonNode address(com.fasterxml.jackson.databind.JsonNode stack, String address) {
        String[] parts = address.split("\\.", 2);
        return stack.path("resource").path(parts[0]).path(parts[1]);
    }

    /** A copy of prod-checkout (with its assets) in {@code scratch/name}, changed by {@code change}. */
    private static Path copy(Path scratch, String name, Consumer<ObjectNode> change) {
        try {
            Path source = RealSynth.stack("prod-checkout");
            ObjectNode stack = (ObjectNode) Synth.MAPPER.readTree(source.resolve("cdk.tf.json").toFile());
            change.accept(stack);
            Path dir = Files.createDirectories(scratch.resolve(name));
            BROKEN.put(name, dir);
            // Indented as cdktf writes it, so that Terraform's messages point at a line of their own.
            Synth.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("cdk.tf.json").toFile(), stack);
            if (Files.exists(source.resolve("assets"))) {
                Files.createSymbolicLink(dir.resolve("assets"), source.resolve("assets"));
            }
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
