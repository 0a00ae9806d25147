package io.bluegreen.platform.ecs;

import io.bluegreen.platform.Scaling;
import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.Fixtures;
import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.MAPPER;
import static io.bluegreen.testing.Synth.assertInvalid;
import static io.bluegreen.testing.Synth.json;
import static io.bluegreen.testing.Synth.named;
import static io.bluegreen.testing.Synth.only;
import static io.bluegreen.testing.Synth.ref;
import static io.bluegreen.testing.Synth.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FargateServiceTest {
    static final String SSM = "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db-password";
    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-key-AbCdEf";

    /** An application that brings its own first image (run as the application), so both task definitions are its own. */
    static final ContainerSpec CONTAINER = new ContainerSpec("web", 8000,
            new FargateSize(512, 1024), Map.of("LOG_LEVEL", "info"),
            List.of(new ContainerSecret("DB_PASSWORD", SSM), new ContainerSecret("API_KEY", SECRET)),
            ContainerHealthCheck.shell("curl -f http://localhost:8000/ || exit 1"), true, "1000:1000", List.of("/tmp", "/var/cache/app"),
            false, List.of(), new ContainerSpec.InitialTask.Image("public.ecr.aws/nginx/nginx:stable"));

    private static JsonNode json;
    private static FargateService service;

    @BeforeAll
    static void synth() {
        TerraformStack stack = Synth.newStack();
        service = Fixtures.service(stack, CONTAINER, ServiceSettings.DEFAULT.withTaskRoleStatements(List.of(
                PolicyStatement.allow("ReadOrders", List.of("dynamodb:GetItem"),
                        List.of("arn:aws:dynamodb:eu-west-1:123456789012:table/orders")))));
        json = json(stack);
    }

    @Test
    void clusterHasContainerInsights() {
        JsonNode cluster = only(json, "aws_ecs_cluster");
        assertEquals("shop-dev-cluster", cluster.path("name").asText());
        assertEquals("containerInsights", cluster.path("setting").get(0).path("name").asText());
        assertEquals("enabled", cluster.path("setting").get(0).path("value").asText());
    }

    @Test
    void usesAnExistingClusterByName() {
        TerraformStack stack = Synth.newStack();
        Fixtures.service(stack, ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT.withExistingCluster("shared"));
        JsonNode existing = json(stack);
        assertTrue(resources(existing, "aws_ecs_cluster").isEmpty());
        assertEquals("shared", Synth.dataSources(existing, "aws_ecs_cluster").values().iterator().next().path("cluster_name").asText());
    }

    @Test
    void logGroupKeepsLogsFor30DaysByDefault() {
        JsonNode logs = only(json, "aws_cloudwatch_log_group");
        assertEquals(30, logs.path("retention_in_days").asInt());
        assertEquals("/ecs/shop-dev", logs.path("name").asText());
    }

    @Test
    void executionRoleHasTheManagedPolicyAndReadsOnlyTheContainersSecrets() throws Exception {
        JsonNode attachment = named(json, "aws_iam_role_policy_attachment", "ExecutionRoleManagedPolicy");
        assertTrue(attachment.path("policy_arn").asText().endsWith(":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        assertEquals(ref(json, "aws_iam_role", "ExecutionRole", "name"), attachment.path("role").asText());
        JsonNode policy = MAPPER.readTree(named(json, "aws_iam_role_policy", "ExecutionRoleSecrets").path("policy").asText());
        JsonNode statements = policy.path("Statement");
        assertEquals(List.of("ssm:GetParameters"), Synth.texts(statements.get(0).path("Action")));
        assertEquals(List.of(SSM), Synth.texts(statements.get(0).path("Resource")));
        assertEquals(List.of("secretsmanager:GetSecretValue"), Synth.texts(statements.get(1).path("Action")));
        assertEquals(List.of(SECRET), Synth.texts(statements.get(1).path("Resource")));
    }

    @Test
    void taskRoleIsSeparateAndCarriesOnlyTheUsersStatements() throws Exception {
        assertNotEquals(named(json, "aws_iam_role", "ExecutionRole").path("name").asText(),
                named(json, "aws_iam_role", "TaskRole").path("name").asText());
        JsonNode policy = MAPPER.readTree(named(json, "aws_iam_role_policy", "TaskRolePolicy").path("policy").asText());
        assertEquals(List.of("dynamodb:GetItem"), Synth.texts(policy.path("Statement").get(0).path("Action")));
        JsonNode trust = MAPPER.readTree(named(json, "aws_iam_role", "TaskRole").path("assume_role_policy").asText());
        assertEquals("ecs-tasks.amazonaws.com", trust.path("Statement").get(0).path("Principal").path("Service").asText());
    }

    @Test
    void taskDefinitionIsFargateWithTheContainerModel() throws Exception {
        JsonNode td = only(json, "aws_ecs_task_definition");
        assertEquals(List.of("FARGATE"), Synth.texts(td.path("requires_compatibilities")));
        assertEquals("awsvpc", td.path("network_mode").asText());
        assertEquals("512", td.path("cpu").asText());
        assertEquals("1024", td.path("memory").asText());
        assertEquals(ref(json, "aws_iam_role", "ExecutionRole", "arn"), td.path("execution_role_arn").asText());
        assertEquals(ref(json, "aws_iam_role", "TaskRole", "arn"), td.path("task_role_arn").asText());
        JsonNode container = MAPPER.readTree(td.path("container_definitions").asText()).get(0);
        assertEquals("web", container.path("name").asText());
        assertEquals(8000, container.path("portMappings").get(0).path("containerPort").asInt());
        assertEquals("LOG_LEVEL", container.path("environment").get(0).path("name").asText());
        assertEquals(SSM, container.path("secrets").get(0).path("valueFrom").asText());
        assertTrue(container.path("readonlyRootFilesystem").asBoolean());
        assertEquals("CMD-SHELL", container.path("healthCheck").path("command").get(0).asText());
        assertEquals("awslogs", container.path("logConfiguration").path("logDriver").asText());
        assertEquals(ref(json, "aws_cloudwatch_log_group", "LogGroup", "name"),
                container.path("logConfiguration").path("options").path("awslogs-group").asText());
    }

    @Test
    void serviceIsUnderCodeDeployOnTheBlueTargetGroupInPrivateSubnets() {
        JsonNode svc = only(json, "aws_ecs_service");
        assertEquals("CODE_DEPLOY", svc.path("deployment_controller").path("type").asText());
        assertEquals("FARGATE", svc.path("launch_type").asText());
        JsonNode lb = svc.path("load_balancer").get(0);
        assertEquals(ref(json, "aws_lb_target_group", "Blue", "arn"), lb.path("target_group_arn").asText());
        assertEquals("web", lb.path("container_name").asText());
        assertEquals(8000, lb.path("container_port").asInt());
        JsonNode net = svc.path("network_configuration");
        assertEquals(List.of("subnet-0a1b2c3d4e5f60721", "subnet-0a1b2c3d4e5f60722"), Synth.texts(net.path("subnets")));
        assertEquals(List.of(ref(json, "aws_security_group", "TasksSecurityGroup", "id")), Synth.texts(net.path("security_groups")));
        assertFalse(net.path("assign_public_ip").asBoolean());
        assertEquals(60, svc.path("health_check_grace_period_seconds").asInt());
        assertEquals(1, svc.path("desired_count").asInt());
    }

    @Test
    void serviceIgnoresWhatCodeDeployAndAutoScalingOwn() {
        assertEquals(List.of("task_definition", "load_balancer", "network_configuration", "platform_version", "desired_count"),
                Synth.texts(only(json, "aws_ecs_service").path("lifecycle").path("ignore_changes")));
    }

    @Test
    void serviceChecksAtPlanTimeThatItsExistingSubnetsSpanTwoZones() {
        JsonNode precondition = only(json, "aws_ecs_service").path("lifecycle").path("precondition").get(0);
        assertTrue(precondition.path("condition").asText().contains("data.aws_subnet.ExistingVpc_Subnet_subnet_0a1b2c3d4e5f60722"),
                precondition.toString());
        assertTrue(precondition.path("error_message").asText().contains("privateSubnetIds"));
    }

    @Test
    void serviceWithoutAutoScalingKeepsDesiredCountUnderTerraform() {
        TerraformStack stack = Synth.newStack();
        Fixtures.service(stack, ContainerSpec.of("web", 8080, "10001"), ServiceSettings.DEFAULT.withCapacity(2, Scaling.OFF));
        JsonNode fixed = json(stack);
        assertEquals(List.of("task_definition", "load_balancer", "network_configuration", "platform_version"),
                Synth.texts(only(fixed, "aws_ecs_service").path("lifecycle").path("ignore_changes")));
        assertTrue(resources(fixed, "aws_appautoscaling_target").isEmpty());
    }

    @Test
    void serviceWaitsForBothListeners() {
        List<String> dependsOn = Synth.texts(only(json, "aws_ecs_service").path("depends_on"));
        assertTrue(dependsOn.stream().anyMatch(d -> d.contains("ProdListener")), dependsOn.toString());
        assertTrue(dependsOn.stream().anyMatch(d -> d.contains("TestListener")), dependsOn.toString());
    }

    @Test
    void autoScalingTracksCpuAndMemoryWithinSmallBounds() {
        JsonNode target = only(json, "aws_appautoscaling_target");
        assertEquals(1, target.path("min_capacity").asInt());
        assertEquals(2, target.path("max_capacity").asInt());
        assertEquals("ecs:service:DesiredCount", target.path("scalable_dimension").asText());
        assertEquals("service/shop-dev-cluster/" + ref(json, "aws_ecs_service", "Service", "name"), target.path("resource_id").asText());
        JsonNode cpu = named(json, "aws_appautoscaling_policy", "Cpu").path("target_tracking_scaling_policy_configuration");
        assertEquals("ECSServiceAverageCPUUtilization", cpu.path("predefined_metric_specification").path("predefined_metric_type").asText());
        assertEquals(70, cpu.path("target_value").asInt());
        JsonNode memory = named(json, "aws_appautoscaling_policy", "Memory").path("target_tracking_scaling_policy_configuration");
        assertEquals("ECSServiceAverageMemoryUtilization", memory.path("predefined_metric_specification").path("predefined_metric_type").asText());
    }

    @Test
    void pipelineTaskDefinitionUsesTheImagePlaceholderAndTheSameContainer() throws Exception {
        JsonNode template = MAPPER.readTree(service.taskDefinitionTemplate());
        JsonNode container = template.path("containerDefinitions").get(0);
        assertEquals("<IMAGE1_NAME>", container.path("image").asText());
        assertEquals("web", container.path("name").asText());
        assertEquals(8000, container.path("portMappings").get(0).path("containerPort").asInt());
        assertEquals("shop-dev-task", template.path("family").asText());
        assertEquals(List.of("FARGATE"), Synth.texts(template.path("requiresCompatibilities")));
        // CodeDeploy registers this document: it must carry the user, read-only root and volumes the service's has.
        assertEquals("1000:1000", container.path("user").asText());
        assertTrue(container.path("readonlyRootFilesystem").asBoolean());
        assertEquals(List.of("tmp", "var-cache-app"), template.path("volumes").findValuesAsText("name"));
    }

    @Test
    void containerRunsAsItsUserWithAReadOnlyRootAndVolumesWhereItWrites() throws Exception {
        JsonNode td = only(json, "aws_ecs_task_definition");
        JsonNode container = MAPPER.readTree(td.path("container_definitions").asText()).get(0);
        assertEquals("1000:1000", container.path("user").asText());
        JsonNode mounts = container.path("mountPoints");
        assertEquals(List.of("/tmp", "/var/cache/app"), mounts.findValuesAsText("containerPath"));
        assertEquals(List.of("tmp", "var-cache-app"), mounts.findValuesAsText("sourceVolume"));
        assertEquals(List.of("tmp", "var-cache-app"), td.path("volume").findValuesAsText("name"),
                "empty task-scoped volumes (no host path, no EFS)");
        for (JsonNode volume : td.path("volume")) {
            assertTrue(volume.path("host_path").isMissingNode() && volume.path("efs_volume_configuration").isMissingNode(), volume.toString());
        }
    }

    /** The Terraform task definition's container and the pipeline template's container of {@code container}. */
    private static JsonNode[] bothContainers(ContainerSpec container) throws Exception {
        TerraformStack stack = Synth.newStack();
        FargateService placeholderService = Fixtures.service(stack, container, ServiceSettings.DEFAULT);
        JsonNode td = only(json(stack), "aws_ecs_task_definition");
        return new JsonNode[] {MAPPER.readTree(td.path("container_definitions").asText()).get(0),
                MAPPER.readTree(placeholderService.taskDefinitionTemplate()).path("containerDefinitions").get(0)};
    }

    @Test
    void beforeTheFirstReleaseThePlaceholderServesOnTheApplicationsPortAsNobody() throws Exception {
        ContainerSpec app = ContainerSpec.of("web", 9000, "10001").withHealthCheck(ContainerHealthCheck.shell("wget -q -O- localhost:9000/health"));
        JsonNode initial = bothContainers(app)[0];
        assertEquals(ContainerSpec.InitialTask.Placeholder.IMAGE, initial.path("image").asText());
        assertEquals(ContainerSpec.InitialTask.Placeholder.command(9000), Synth.texts(initial.path("command")));
        assertEquals("65534", initial.path("user").asText(), "the placeholder runs as nobody, whatever user the application names");
        assertEquals(9000, initial.path("portMappings").get(0).path("containerPort").asInt());
        assertTrue(initial.path("readonlyRootFilesystem").asBoolean(), "it writes nothing");
        assertTrue(initial.path("healthCheck").isMissingNode(), "the application's health check would run inside the placeholder's image");
    }

    @Test
    void thePlaceholderRegistersInAFamilyOfItsOwnSoNoRollbackCanPickIt() throws Exception {
        TerraformStack stack = Synth.newStack();
        FargateService placeholder = Fixtures.service(stack, ContainerSpec.of("web", 9000, "10001"), ServiceSettings.DEFAULT);
        String initial = only(json(stack), "aws_ecs_task_definition").path("family").asText();
        String releases = MAPPER.readTree(placeholder.taskDefinitionTemplate()).path("family").asText();
        assertEquals("shop-dev-placeholder", initial);
        assertEquals("shop-dev-task", releases);
        // An image of your own is the application: one family.
        assertEquals("shop-dev-task", only(json, "aws_ecs_task_definition").path("family").asText());
    }

    @Test
    void everyReleaseRegistersTheApplicationNeverThePlaceholder() throws Exception {
        ContainerSpec app = ContainerSpec.of("web", 9000, "10001").withHealthCheck(ContainerHealthCheck.shell("wget -q -O- localhost:9000/health"));
        JsonNode release = bothContainers(app)[1];
        assertEquals("<IMAGE1_NAME>", release.path("image").asText());
        assertTrue(release.path("command").isMissingNode(), "the image's own ENTRYPOINT and CMD run: " + release);
        assertTrue(release.path("entryPoint").isMissingNode(), release.toString());
        assertEquals("10001", release.path("user").asText());
        assertEquals("CMD-SHELL", release.path("healthCheck").path("command").get(0).asText());
        assertFalse(release.toString().contains(ContainerSpec.InitialTask.Placeholder.IMAGE), release.toString());
        assertFalse(release.toString().contains("http.server"), release.toString());
    }

    @Test
    void aDeclaredCommandIsTheApplicationsInBothTaskDefinitionsOfYourOwnImage() throws Exception {
        ContainerSpec app = ContainerSpec.of("web", 9000, "10001").withCommand(List.of("serve", "--port", "9000"))
                .withBeforeFirstRelease(new ContainerSpec.InitialTask.Image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:1.4.2"));
        JsonNode[] both = bothContainers(app);
        assertEquals("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:1.4.2", both[0].path("image").asText());
        for (JsonNode container : both) {
            assertEquals(List.of("serve", "--port", "9000"), Synth.texts(container.path("command")));
            assertEquals("10001", container.path("user").asText());
        }
    }

    @Test
    void thePlaceholdersCommandAnswersEveryGetOnTheGivenPort() throws Exception {
        // The command, run by this machine's python3 as the container would run it, answers GET /health with 200.
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        java.util.List<String> command = ContainerSpec.InitialTask.Placeholder.command(port);
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> response = null;
            for (int attempt = 0; attempt < 50 && response == null; attempt++) {
                try {
                    response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertTrue(response != null, "the placeholder never answered");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().startsWith("placeholder"), response.body());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void failsForAMalformedFirstImage() {
        assertInvalid(() -> new ContainerSpec.InitialTask.Image("My Image"), "image = 'My Image'", "image reference");
    }

    @Test
    void rootAndAWritableRootNeedAnExplicitOptOut() {
        assertInvalid(() -> ContainerSpec.of("web", 8080, "10001").withUser("0"), "user = '0'", "non-root", ".runAsRoot()");
        assertInvalid(() -> ContainerSpec.of("web", 8080, "10001").withUser(null), "user = 'the image's default'", "non-root");
        assertInvalid(() -> ContainerSpec.of("web", 8080, "10001").withUser("root:root"), "user = 'root:root'");
        ContainerSpec root = ContainerSpec.of("web", 8080, "10001").runAsRoot().withWritableRootFilesystem();
        assertEquals("0", root.user());
        assertTrue(root.rootAccepted() && !root.readOnlyRootFilesystem());
        assertInvalid(() -> ContainerSpec.of("web", 8080, "10001").withWritablePaths(List.of("tmp")), "writablePaths", "absolute path");
    }

    @Test
    void taskNetworkIsTheServicesOwnNetwork() {
        // What each deployment's appspec applies (BlueGreenDeployment.appSpec): the same subnets, group and public IP.
        JsonNode svc = only(json, "aws_ecs_service").path("network_configuration");
        assertEquals(Synth.texts(svc.path("subnets")), service.getTaskNetwork().subnets());
        assertEquals(1, service.getTaskNetwork().securityGroups().size());
        assertFalse(service.getTaskNetwork().assignPublicIp());
    }

    @Test
    void serviceStartsAfterTheExecutionRoleCanPullAndLog() {
        List<String> dependsOn = Synth.texts(only(json, "aws_ecs_service").path("depends_on"));
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_iam_role_policy_attachment.")
                && d.contains("ExecutionRoleManagedPolicy")), dependsOn.toString());
        assertTrue(dependsOn.stream().anyMatch(d -> d.startsWith("aws_iam_role_policy.") && d.contains("ExecutionRoleSecrets")),
                dependsOn.toString());
    }

    @Test
    void failsForInvalidFargatePair() {
        assertInvalid(() -> new FargateSize(256, 4096), "memory = 4096", "for cpu 256: [512, 1024, 2048]");
        assertInvalid(() -> new FargateSize(300, 1024), "cpu = 300", "[");
    }

    @Test
    void failsForContainerPortOutsideRange() {
        assertInvalid(() -> ContainerSpec.of("web", 70000, "10001"), "port = 70000", "1 to 65535");
    }

    @Test
    void failsForMinCapacityAboveMax() {
        assertInvalid(() -> Scaling.between(5, 2), "minCapacity = 5", "at most maxCapacity (2)");
    }

    @Test
    void failsForSecretGivenAsPlainValueWithoutEchoingIt() {
        var e = assertInvalid(() -> new ContainerSecret("DB_PASSWORD", "hunter2-super-secret"), "valueFrom", "never the secret value");
        assertFalse(e.getMessage().contains("hunter2"), "the message must not echo the secret: " + e.getMessage());
    }

    @Test
    void failsForSecretLookingPlainEnvironmentVariable() {
        assertInvalid(() -> ContainerSpec.of("web", 8080, "10001").withEnvironment(Map.of("DB_PASSWORD", "x")),
                "environment key = 'DB_PASSWORD'", "move it to secrets");
    }

    @Test
    void failsForUnsupportedLogRetention() {
        assertInvalid(() -> ServiceSettings.DEFAULT.withLogRetentionDays(10), "logRetentionDays = 10", "one of [1, 3");
    }

    @Test
    void failsForWildcardActionInTaskRole() {
        assertInvalid(() -> PolicyStatement.allow("All", List.of("*"), List.of("*")), "actions = '*'", "no \"*\"");
    }
}
