package io.bluegreen.main;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The EC2 blue/green seed group through the states of its life, evaluated by Terraform itself: the synthesized
 * count expression of prod-orders' seed, with the region's Auto Scaling group names that the plan-time lookup
 * would return in each state (README: EC2 blue/green, the lifecycle).
 */
class SeedLifecycleTest {
    private static final String SEED = "orders-prod-asg";
    private static final String COPY_1 = "CodeDeploy_orders-prod-dg_d-1A2B3C4D5";
    private static final String COPY_2 = "CodeDeploy_orders-prod-dg_d-6E7F8G9H0";

    private static String seedCountExpression() throws IOException {
        JsonNode stack = Synth.MAPPER.readTree(RealSynth.stack("prod-orders").resolve("cdk.tf.json").toFile());
        JsonNode seed = stack.path("resource").path("aws_autoscaling_group").elements().next();
        String count = seed.path("count").asText();
        assertTrue(count.matches("\\$\\{local\\.[A-Za-z0-9_]+}"), count);
        return stack.path("locals").path(count.substring("${local.".length(), count.length() - 1)).asText();
    }

    /** What Terraform computes for the seed's count when the region holds {@code groups}. */
    private static String seedCount(String expression, List<String> groups) {
        String names = groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(", ", "[", "]"));
        String lookup = expression.replaceAll("data\\.aws_autoscaling_groups\\.[A-Za-z0-9_]+\\.names", java.util.regex.Matcher.quoteReplacement(names));
        assertTrue(!lookup.contains("data."), lookup);
        return TerraformCli.evaluate(lookup);
    }

    /**
     * A deployment group created when the seed is gone (the stack re-created while the live copy survived, or the
     * group replaced) takes the copy: CodeDeploy refuses a COPY_AUTO_SCALING_GROUP group with no Auto Scaling group.
     */
    @Test
    void aDeploymentGroupCreatedWithoutTheSeedTakesTheLiveCopy() throws IOException {
        JsonNode stack = Synth.MAPPER.readTree(RealSynth.stack("prod-orders").resolve("cdk.tf.json").toFile());
        String groups = stack.path("resource").path("aws_codedeploy_deployment_group").elements().next()
                .path("autoscaling_groups").asText();
        String expression = stack.path("locals").path(groups.substring("${local.".length(), groups.length() - 1)).asText();
        String seedSplat = "aws_autoscaling_group\\.[A-Za-z0-9_]+\\[\\*]\\.name";
        assertTrue(Pattern.compile(seedSplat).matcher(expression).find(), expression);
        assertEquals("[\"" + SEED + "\"]", withGroups(expression.replaceAll(seedSplat, "[\"" + SEED + "\"]"), List.of(SEED, COPY_1)));
        assertEquals("[\"" + COPY_1 + "\"]", withGroups(expression.replaceAll(seedSplat, "[]"), List.of(COPY_1)));
    }

    /** The JSON of what Terraform computes for {@code expression} when the region holds {@code groups}. */
    private static String withGroups(String expression, List<String> groups) {
        String names = groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(", ", "[", "]"));
        String lookup = expression.replaceAll("data\\.aws_autoscaling_groups\\.[A-Za-z0-9_]+\\.names",
                java.util.regex.Matcher.quoteReplacement(names));
        return TerraformCli.evaluate("${jsonencode(" + lookup.substring(2, lookup.length() - 1) + ")}");
    }

    @Test
    void theSeedIsInTheConfigurationExactlyWhileItExistsOrNoFleetDoes() throws IOException {
        String expression = seedCountExpression();
        assertTrue(expression.contains("data.aws_autoscaling_groups."), expression);
        Map<String, List<String>> states = new java.util.LinkedHashMap<>();
        states.put("1 first apply: no group yet", List.of());
        states.put("1 first apply beside other services' groups", List.of("catalog-prod-asg", "CodeDeploy_catalog-prod-dg_d-X"));
        states.put("1 deployment 1 running: seed and its copy", List.of(SEED, COPY_1));
        states.put("1 deployment 1 failed: seed live, its copy left for the clean-up", List.of(SEED, COPY_1));
        states.put("0 deployment 1 done: CodeDeploy deleted the seed", List.of(COPY_1));
        states.put("0 deployment 2 running or failed: two copies", List.of(COPY_1, COPY_2));
        states.put("0 deployment 2 done", List.of(COPY_2));
        states.put("1 the whole fleet deleted by hand: seeded again", List.of("CodeDeploy_orders-prod-dg2_d-X"));
        for (Map.Entry<String, List<String>> state : states.entrySet()) {
            assertEquals(state.getKey().substring(0, 1), seedCount(expression, state.getValue()), state.getKey());
        }
    }
}
