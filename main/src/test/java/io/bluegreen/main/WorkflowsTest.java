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

    @Test
    @SuppressWarnings("unchecked")
    void planMatrixEqualsTheSynthesizedStacks() throws IOException {
        Map<String, Object> plan = (Map<String, Object>) jobs(workflow("pr.yml")).get("plan");
        Map<String, Object> matrix = (Map<String, Object>) ((Map<String, Object>) plan.get("strategy")).get("matrix");
        List<Map<String, String>> include = (List<Map<String, String>>) matrix.get("include");
        assertEquals(RealSynth.ids(), include.stream().map(e -> e.get("stack")).toList());
        include.forEach(e -> assertTrue(e.get("stack").startsWith(e.get("environment") + "-"), e.toString()));
    }

    @Test
    void deployWorkflowDeploysEveryStackOfTheEnvironment() throws IOException {
        String text = Files.readString(AppTest.projectRoot().resolve(".github/workflows/deploy-environment.yml"));
        assertTrue(text.contains("cdktf-cli@0.19.2 deploy \"${ENVIRONMENT}-*\" --auto-approve"), text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void deployWorkflowDeploysEveryEnvironmentInOrderEachAfterThePrevious() throws IOException {
        Map<String, Object> jobs = jobs(workflow("deploy.yml"));
        List<String> deployed = new ArrayList<>();
        String previous = "test";
        for (Map.Entry<String, Object> job : jobs.entrySet()) {
            Map<String, Object> body = (Map<String, Object>) job.getValue();
            if (body.containsKey("uses")) {
                String env = (String) ((Map<String, Object>) body.get("with")).get("environment");
                deployed.add(env);
                assertEquals(previous, body.get("needs"), env + " must wait for " + previous);
                previous = job.getKey();
            }
        }
        assertEquals(ENVIRONMENTS, deployed);
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
