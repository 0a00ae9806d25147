package io.bluegreen.platform.ecs;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceLoadBalancer;
import io.bluegreen.Fixtures;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each contract rule, shown holding for the constructs as built and failing when its piece is removed. */
class CodeDeployContractTest {
    private static Fixtures.App app() {
        return Fixtures.app(ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT, DeploymentSettings.DEFAULT);
    }

    private static void assertViolation(Fixtures.App app, String expected) {
        List<String> violations = CodeDeployContract.violations(app.deployment());
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), "expected '" + expected + "' in " + violations);
    }

    @Test
    void holdsForTheConstructsAsBuilt() {
        assertEquals(List.of(), CodeDeployContract.violations(app().deployment()));
    }

    @Test
    void failsWhenTheServiceStopsIgnoringTaskDefinitionAndLoadBalancer() {
        Fixtures.App app = app();
        app.service().getService().setLifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("desired_count")).build());
        assertViolation(app, "ignore changes to 'task_definition'");
        assertViolation(app, "ignore changes to 'load_balancer'");
    }

    @Test
    void failsWhenAListenerStopsIgnoringDefaultAction() {
        Fixtures.App app = app();
        app.traffic().getTestListener().setLifecycle(TerraformResourceLifecycle.builder().build());
        assertViolation(app, "test listener must ignore changes to 'default_action'");
    }

    @Test
    void failsWhenListenersSitOnDifferentLoadBalancers() {
        Fixtures.App app = app();
        app.traffic().getTestListener().setLoadBalancerArn("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/other/0123456789abcdef");
        assertViolation(app, "same load balancer");
    }

    @Test
    void failsWhenProdPortEqualsTestPort() {
        Fixtures.App app = app();
        app.traffic().getTestListener().setPort(80);
        assertViolation(app, "different ports (both 80)");
    }

    @Test
    void failsWhenTheServiceNamesATargetGroupOutsideThePair() {
        Fixtures.App app = app();
        app.service().getService().putLoadBalancer(List.of(EcsServiceLoadBalancer.builder()
                .targetGroupArn("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/other/0123456789abcdef")
                .containerName("web").containerPort(80).build()));
        assertViolation(app, "must name the blue or the green target group");
    }

    @Test
    void failsWhenTheServicesContainerDiffersFromTheAppspec() {
        Fixtures.App app = app();
        app.service().getService().putLoadBalancer(List.of(EcsServiceLoadBalancer.builder()
                .targetGroupArn(app.traffic().getBlueTargetGroup().getArn())
                .containerName("api").containerPort(9090).build()));
        assertViolation(app, "container name differs: service 'api', appspec 'web'");
        assertViolation(app, "container port differs: service 9090, appspec 8080");
    }

    @Test
    void failsForInconsistentReadyWait() {
        Fixtures.App app = app();
        app.deployment().getDeploymentGroup().putBlueGreenDeploymentConfig(CodedeployDeploymentGroupBlueGreenDeploymentConfig.builder()
                .deploymentReadyOption(CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption.builder()
                        .actionOnTimeout("CONTINUE_DEPLOYMENT").waitTimeInMinutes(10).build())
                .terminateBlueInstancesOnDeploymentSuccess(
                        CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess.builder()
                                .action("TERMINATE").terminationWaitTimeInMinutes(5).build())
                .build());
        assertViolation(app, "CONTINUE_DEPLOYMENT with wait 10 is inconsistent");
    }

    @Test
    void failsForTerminationWaitOutOfBounds() {
        Fixtures.App app = app();
        app.deployment().getDeploymentGroup().putBlueGreenDeploymentConfig(CodedeployDeploymentGroupBlueGreenDeploymentConfig.builder()
                .deploymentReadyOption(CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption.builder()
                        .actionOnTimeout("CONTINUE_DEPLOYMENT").waitTimeInMinutes(0).build())
                .terminateBlueInstancesOnDeploymentSuccess(
                        CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess.builder()
                                .action("TERMINATE").terminationWaitTimeInMinutes(3000).build())
                .build());
        assertViolation(app, "after 3000");
    }

    @Test
    void failsWhenTheDeploymentConfigIsNotForEcs() {
        Fixtures.App app = app();
        app.deployment().getDeploymentConfig().setComputePlatform("Server");
        assertViolation(app, "compute_platform ECS");
    }

    @Test
    void refusesAServiceThatIsNotUnderTheCodeDeployController() {
        Fixtures.App app = app();
        app.service().getService().putDeploymentController(
                com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceDeploymentController.builder().type("ECS").build());
        io.bluegreen.testing.Synth.assertInvalid(() -> io.bluegreen.Fixtures.deploymentProps(app.service(), app.traffic(), DeploymentSettings.DEFAULT, java.util.List.of(), null),
                "service deployment controller = 'ECS'", "CODE_DEPLOY");
        assertViolation(app, "deployment_controller CODE_DEPLOY");
    }

    @Test
    void synthFailsOnAViolation() {
        Fixtures.App app = app();
        app.traffic().getProdListener().setLifecycle(TerraformResourceLifecycle.builder().build());
        RuntimeException e = assertThrows(RuntimeException.class, () -> Synth.json(app.stack()));
        assertTrue(e.getMessage().contains("prod listener must ignore changes to 'default_action'"), e.getMessage());
    }
}
