package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.environments.AppSynth;
import io.bluegreen.environments.Environments;
import io.bluegreen.environments.EnvironmentStack;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppTest {
    static Path projectRoot() {
        return Path.of(System.getProperty("project.root", ".."));
    }

    static JsonNode cdktfJson() throws IOException {
        return Synth.MAPPER.readTree(projectRoot().resolve("cdktf.json").toFile());
    }

    @Test
    void cdktfJsonRunsTheJavaAppWithoutProviderGeneration() throws IOException {
        JsonNode cdktf = cdktfJson();
        assertEquals("java", cdktf.path("language").asText());
        assertEquals("node tools/cdktf-app.cjs", cdktf.path("app").asText());
        assertTrue(Files.readString(projectRoot().resolve("tools/cdktf-app.cjs")).contains("'exec:exec', '-pl', 'main', '-am'"),
                "the launcher compiles what changed and runs main through Maven");
        assertEquals(0, cdktf.path("terraformProviders").size(), "the AWS provider is prebuilt; nothing to generate");
    }

    @Test
    void aConfigurationErrorShowsOneLineAndExitsNonZero() {
        // What `cdktf synth` runs, with a bad value: the user sees the one line, not Maven's report of the exit code.
        TerraformCli.Result result = TerraformCli.run(List.of(TerraformCli.nodeExecutable(), "tools/cdktf-app.cjs"),
                projectRoot(), Map.of("BLUEGREEN_ENVIRONMENTS", "nope"));
        assertEquals(1, result.exitCode(), result.output());
        List<String> lines = result.output().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), result.output());
        assertTrue(lines.get(0).startsWith("Synth failed, nothing was written: environment selection: environment = 'nope'"),
                lines.get(0));
    }

    @Test
    void cdktfJsonContextEqualsTheContextOfRealAndTestApps() throws IOException {
        Map<String, Object> context = Synth.MAPPER.convertValue(cdktfJson().path("context"), Map.class);
        assertEquals(AppSynth.CONTEXT, context);
    }

    @Test
    void resourceAddressesInTestsEqualThoseOfRealSynths() throws IOException {
        Map<String, Object> context = Synth.MAPPER.convertValue(cdktfJson().path("context"), Map.class);
        Path outdir = io.bluegreen.testing.Scratch.dir("real");
        try {
            App real = new App(AppConfig.builder().context(context).outdir(outdir.toString()).build());
            List<EnvironmentStack> realStacks = AppSynth.addStacks(real, List.of(Environments.all().get(0)));
            List<EnvironmentStack> testStacks = AppSynth.addStacks(Synth.testApp(), List.of(Environments.all().get(0)));
            for (int i = 0; i < realStacks.size(); i++) {
                assertEquals(addresses(Synth.json(testStacks.get(i))), addresses(Synth.json(realStacks.get(i))),
                        realStacks.get(i).getNode().getId());
            }
        } finally {
            io.bluegreen.testing.Scratch.delete(outdir);
        }
    }

    private static TreeSet<String> addresses(JsonNode json) {
        TreeSet<String> out = new TreeSet<>();
        Synth.fields(json.path("resource")).forEach((type, byName) ->
                Synth.fields(byName).keySet().forEach(name -> out.add(type + "." + name)));
        return out;
    }

    @Test
    void synthWritesASharedStackAndOneStackPerServiceForEveryEnvironment() throws IOException {
        Path out = RealSynth.outdir();
        for (String id : RealSynth.ids()) {
            assertTrue(Files.isRegularFile(out.resolve("stacks").resolve(id).resolve("cdk.tf.json")), id);
        }
        assertEquals(List.of("dev-shared", "dev-checkout", "dev-catalog", "dev-orders", "dev-pricing", "dev-inventory", "staging-shared",
                "staging-checkout", "staging-catalog", "staging-orders", "staging-pricing", "prod-shared", "prod-checkout",
                "prod-catalog", "prod-orders", "prod-pricing"),
                RealSynth.ids());
    }

    @Test
    void cdktfDeploysAServiceStackAfterItsSharedStack() throws IOException {
        // cdktf reads the order from the manifest: `cdktf deploy prod-shared prod-checkout` deploys shared first.
        JsonNode manifest = Synth.MAPPER.readTree(RealSynth.outdir().resolve("manifest.json").toFile());
        for (String env : List.of("dev", "staging", "prod")) {
            for (String service : List.of("checkout", "catalog", "orders", "pricing")) {
                assertEquals(List.of(env + "-shared"),
                        Synth.texts(manifest.path("stacks").path(env + "-" + service).path("dependencies")), env);
            }
            assertEquals(List.of(), Synth.texts(manifest.path("stacks").path(env + "-shared").path("dependencies")), env);
        }
    }

    @Test
    void failedValidationWritesNothing() throws IOException {
        Path out = io.bluegreen.testing.Scratch.dir("cdktf.out");
        App app = new App(AppConfig.builder().context(AppSynth.CONTEXT).outdir(out.toString()).build());
        List<EnvironmentStack> stacks = AppSynth.addStacks(app, Environments.all());
        // A construct deep inside the last stack fails: no stack may be written, not even the valid ones before it.
        EnvironmentStack last = stacks.stream().filter(st -> st.getNode().getId().equals("prod-checkout")).findFirst().orElseThrow();
        last.getNode().findChild("Deployment").getNode().addValidation(() -> List.of("broken on purpose"));
        AppSynth.ValidationFailedException e = assertThrows(AppSynth.ValidationFailedException.class, () -> AppSynth.synth(app, stacks));
        assertTrue(e.getMessage().contains("stack 'prod-checkout'") && e.getMessage().contains("broken on purpose"), e.getMessage());
        try (var files = Files.walk(out)) {
            // App creates the empty folders cdktf.out/stacks on construction; no file may be written.
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(),
                    "no stack may be written when any stack is invalid");
        }
    }
}
