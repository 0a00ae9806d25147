package io.bluegreen.main;

import io.bluegreen.testing.Scratch;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tools/ec2-bluegreen.cjs on the real prod-orders stack, against a stand-in AWS CLI: the deploy workflow's guard that no
 * deployment of an EC2 blue/green group runs while Terraform applies, and the removal of CodeDeploy's copies before a
 * destroy or a replacement.
 */
class Ec2BlueGreenToolTest {
    private static final Path TOOL = AppTest.projectRoot().resolve("tools").resolve("ec2-bluegreen.cjs");

    private record Run(int exit, String output, Path state) {
    }

    private static Run tool(String command, List<String> running, List<String> groups) throws Exception {
        Path state = Scratch.dir("fake-aws");
        Path bin = Files.createDirectories(state.resolve("bin"));
        Files.copy(EcsRelease.RESOURCES.resolve("aws-ec2"), bin.resolve("aws")).toFile().setExecutable(true);
        Files.write(state.resolve("running"), running);
        Files.write(state.resolve("groups"), groups);
        TerraformCli.Result result = TerraformCli.run(List.of(TerraformCli.nodeExecutable(), TOOL.toString(), command,
                RealSynth.stack("prod-orders").toString()), AppTest.projectRoot(), Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "FAKE_AWS", state.toString(), "BLUEGREEN_COPY_POLL_SECONDS", "0"));
        return new Run(result.exitCode(), result.output(), state);
    }

    @Test
    void theGuardPassesWhenNoDeploymentRuns() throws Exception {
        Run run = tool("idle", List.of(), List.of());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("ok: prod-orders: no deployment of orders-prod-app/orders-prod-dg is running"), run.output());
        String calls = Files.readString(run.state().resolve("calls.log"));
        assertTrue(calls.contains("\"--region\", \"eu-west-1\""), "the stack's own region: " + calls);
        assertTrue(calls.contains("\"InProgress\"") && calls.contains("\"Ready\""), calls);
    }

    @Test
    void theGuardStopsTheDeployWhileADeploymentRuns() throws Exception {
        Run run = tool("idle", List.of("d-ABCDEF123"), List.of());
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("deployment d-ABCDEF123 of orders-prod-app/orders-prod-dg is running"), run.output());
        assertTrue(run.output().contains("aws deploy stop-deployment --deployment-id d-ABCDEF123"), run.output());
    }

    @Test
    void removesEveryCopyOfTheFleetAndNothingElse() throws Exception {
        Run run = tool("remove-copies", List.of(), List.of("CodeDeploy_orders-prod-dg_d-LIVE00001",
                "CodeDeploy_orders-prod-dg_d-FAILED002", "catalog-prod-asg", "CodeDeploy_orders-prod-dg2_d-OTHER0003"));
        assertEquals(0, run.exit(), run.output());
        assertEquals(List.of("catalog-prod-asg", "CodeDeploy_orders-prod-dg2_d-OTHER0003"), Files.readAllLines(run.state().resolve("groups")));
        assertTrue(run.output().contains("ok: prod-orders: no CodeDeploy copy of orders-prod-dg is left"), run.output());
    }

    @Test
    void refusesToRemoveCopiesWhileADeploymentRuns() throws Exception {
        Run run = tool("remove-copies", List.of("d-RUNNING01"), List.of("CodeDeploy_orders-prod-dg_d-LIVE00001"));
        assertEquals(1, run.exit(), run.output());
        assertEquals(List.of("CodeDeploy_orders-prod-dg_d-LIVE00001"), Files.readAllLines(run.state().resolve("groups")));
    }
}
