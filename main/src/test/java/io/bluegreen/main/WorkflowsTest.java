package io.bluegreen.main;

import io.bluegreen.environments.EnvironmentConfig;
import io.bluegreen.environments.Environments;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CI workflows cover exactly the environments the app synthesizes, in deployment order. */
class WorkflowsTest {
    private static final List<String> ENVIRONMENTS = Environments.all().stream().map(EnvironmentConfig::name).toList();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> workflow(String name) throws IOException {
        return new Yaml().load(Files.readString(AppTest.projectRoot().resolve(".github/workflows/" + name)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jobs(Map<String, Object> workflow) {
        return (Map<String, Object>) workflow.get("jobs");
    }

    /** What tools/stack-matrix.cjs prints for a real synth. */
    private static String stackMatrix(String what) {
        TerraformCli.Result result = TerraformCli.run(List.of(TerraformCli.nodeExecutable(),
                AppTest.projectRoot().resolve("tools/stack-matrix.cjs").toString(), RealSynth.outdir().toString(), what),
                AppTest.projectRoot(), Map.of());
        assertEquals(0, result.exitCode(), result.output());
        return result.output().strip();
    }

    @Test
    @SuppressWarnings("unchecked")
    void planMatrixIsEveryStackOfTheSynthesizedManifestAndNamesNone() throws Exception {
        Map<String, Object> test = (Map<String, Object>) jobs(workflow("pr.yml")).get("test");
        Map<String, Object> plan = (Map<String, Object>) jobs(workflow("pr.yml")).get("plan");
        Map<String, Object> matrix = (Map<String, Object>) ((Map<String, Object>) plan.get("strategy")).get("matrix");
        assertEquals("${{ fromJSON(needs.test.outputs.stacks) }}", matrix.get("include"));
        assertEquals("${{ steps.stacks.outputs.stacks }}", ((Map<String, Object>) test.get("outputs")).get("stacks"));
        List<Map<String, String>> include = io.bluegreen.testing.Synth.MAPPER.readValue(stackMatrix("stacks"), List.class);
        assertEquals(RealSynth.ids(), include.stream().map(e -> e.get("stack")).toList());
        include.forEach(e -> assertTrue(e.get("stack").startsWith(e.get("environment") + "-"), e.toString()));
        for (String file : List.of("pr.yml", "deploy.yml", "deploy-environment.yml")) {
            String text = Files.readString(AppTest.projectRoot().resolve(".github/workflows/" + file));
            for (String id : RealSynth.ids()) {
                assertTrue(!text.contains(id), file + " names the stack " + id);
            }
        }
    }

    @Test
    void deployWorkflowDeploysEveryStackOfTheEnvironment() throws IOException {
        String text = Files.readString(AppTest.projectRoot().resolve(".github/workflows/deploy-environment.yml"));
        assertTrue(text.contains("cdktf-cli@0.19.2 deploy \"${ENVIRONMENT}-*\" --auto-approve"), text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void deployWorkflowDeploysEveryEnvironmentOfTheManifestInOrderOneAtATime() throws Exception {
        Map<String, Object> deploy = (Map<String, Object>) jobs(workflow("deploy.yml")).get("deploy");
        Map<String, Object> strategy = (Map<String, Object>) deploy.get("strategy");
        assertEquals(1, strategy.get("max-parallel"));
        assertEquals(true, strategy.get("fail-fast"));
        assertEquals("${{ fromJSON(needs.test.outputs.environments) }}",
                ((Map<String, Object>) strategy.get("matrix")).get("environment"));
        assertEquals("./.github/workflows/deploy-environment.yml", deploy.get("uses"));
        assertEquals(ENVIRONMENTS, io.bluegreen.testing.Synth.MAPPER.readValue(stackMatrix("environments"), List.class),
                "the promotion order is the order the app declares its environments");
    }

    @Test
    @SuppressWarnings("unchecked")
    void deployJobRunsBehindTheGitHubEnvironmentWithOidc() throws IOException {
        Map<String, Object> deploy = (Map<String, Object>) jobs(workflow("deploy-environment.yml")).get("deploy");
        assertEquals("${{ inputs.environment }}", deploy.get("environment"));
        String text = Files.readString(AppTest.projectRoot().resolve(".github/workflows/deploy-environment.yml"));
        assertTrue(text.contains("aws-actions/configure-aws-credentials@") && text.contains("role-to-assume:"));
        assertTrue(text.contains("id-token: write"));
        assertTrue(!text.contains("aws-access-key-id") && !text.contains("aws-secret-access-key"), "no long-lived keys");
    }

    @Test
    void workflowsRunTheReadmesCommands() throws IOException {
        String readme = Files.readString(AppTest.projectRoot().resolve("README.md"));
        String pr = Files.readString(AppTest.projectRoot().resolve(".github/workflows/pr.yml"));
        for (String command : List.of("mvn -B verify", "npx --yes cdktf-cli@0.19.2 synth")) {
            assertTrue(readme.contains(command), "README names " + command);
            assertTrue(pr.contains(command), "pr.yml runs " + command);
        }
    }
}
