package io.bluegreen.platform.ecs;

import com.hashicorp.cdktf.DefaultTokenResolver;
import com.hashicorp.cdktf.ResolveOptions;
import com.hashicorp.cdktf.StringConcat;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.Tokenization;
import com.hashicorp.cdktf.TerraformStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The blue/green contract between the ECS service, the traffic layer and the deployment group, checked on the
 * resources as they will be synthesized (validation of every stack that has a {@link BlueGreenDeployment}).
 * Each violation is a deployment that would fail or be undone by the next apply.
 */
public final class CodeDeployContract {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Positions of the resources the contract reads, in the order {@link #violations} resolves them. */
    private static final int SERVICE = 0;
    private static final int BLUE = 1;
    private static final int GREEN = 2;
    private static final int PROD = 3;
    private static final int TEST = 4;
    private static final int GROUP = 5;
    private static final int CONFIG = 6;

    private CodeDeployContract() {
    }

    /** Every violation of the contract, as messages naming the resource, the problem and the fix. */
    public static List<String> violations(BlueGreenDeployment deployment) {
        List<String> errors = new ArrayList<>();
        FargateService service = deployment.getService();
        Synthesized synthesized = Synthesized.of(TerraformStack.of(deployment), List.of(service.getService(),
                deployment.getBlueTargetGroup(), deployment.getGreenTargetGroup(), deployment.getProdListener(),
                deployment.getTestListener(), deployment.getDeploymentGroup(), deployment.getDeploymentConfig()));

        JsonNode svc = synthesized.config(SERVICE);
        List<String> ignored = texts(svc.path("lifecycle").path("ignore_changes"));
        for (String attribute : List.of("task_definition", "load_balancer", "network_configuration", "platform_version")) {
            if (!ignored.contains(attribute)) {
                errors.add("ECS service must ignore changes to '" + attribute + "' (CodeDeploy owns it after the first"
                        + " deployment; without it the next apply fails or rolls traffic back; ECS refuses network and"
                        + " platform changes under CODE_DEPLOY): add it to lifecycle.ignore_changes");
            }
        }
        if (!"CODE_DEPLOY".equals(svc.path("deployment_controller").path("type").asText())) {
            errors.add("ECS service must use deployment_controller CODE_DEPLOY");
        }

        String blue = synthesized.ref(BLUE, "arn");
        String green = synthesized.ref(GREEN, "arn");
        JsonNode lbBlocks = svc.path("load_balancer");
        if (lbBlocks.size() != 1) {
            errors.add("ECS service must have exactly one load_balancer block (found " + lbBlocks.size() + ")");
        } else {
            JsonNode lb = lbBlocks.get(0);
            String target = lb.path("target_group_arn").asText();
            if (!target.equals(blue) && !target.equals(green)) {
                errors.add("ECS service load_balancer must name the blue or the green target group, not " + target);
            }
            JsonNode appspec = readTree(AppSpec.render(service.getContainer().name(), service.getContainer().port(), service.getTaskNetwork(), List.of())).path("Resources").get(0).path("TargetService")
                    .path("Properties").path("LoadBalancerInfo");
            JsonNode container = readTree(service.taskDefinitionTemplate()).path("containerDefinitions").get(0);
            String name = lb.path("container_name").asText();
            int port = lb.path("container_port").asInt();
            if (!name.equals(appspec.path("ContainerName").asText()) || !name.equals(container.path("name").asText())) {
                errors.add("container name differs: service '" + name + "', appspec '" + appspec.path("ContainerName").asText()
                        + "', task definition '" + container.path("name").asText() + "'");
            }
            if (port != appspec.path("ContainerPort").asInt()
                    || port != container.path("portMappings").get(0).path("containerPort").asInt()) {
                errors.add("container port differs: service " + port + ", appspec " + appspec.path("ContainerPort").asInt()
                        + ", task definition " + container.path("portMappings").get(0).path("containerPort").asInt());
            }
        }

        JsonNode prod = synthesized.config(PROD);
        JsonNode test = synthesized.config(TEST);
        for (Map.Entry<String, JsonNode> listener : Map.of("prod", prod, "test", test).entrySet()) {
            if (!texts(listener.getValue().path("lifecycle").path("ignore_changes")).contains("default_action")) {
                errors.add(listener.getKey() + " listener must ignore changes to 'default_action' (CodeDeploy swaps it;"
                        + " without it the next apply routes traffic back to the old version)");
            }
        }
        if (!prod.path("load_balancer_arn").asText().equals(test.path("load_balancer_arn").asText())) {
            errors.add("prod and test listeners must belong to the same load balancer");
        }
        if (prod.path("port").asInt() == test.path("port").asInt()) {
            errors.add("prod and test listeners must use different ports (both " + prod.path("port").asInt() + ")");
        }
        List<String> forwarded = List.of(prod.path("default_action").get(0).path("target_group_arn").asText(),
                test.path("default_action").get(0).path("target_group_arn").asText());
        if (!forwarded.containsAll(List.of(blue, green))) {
            errors.add("the prod and test listeners must forward to the two target groups of the pair, found " + forwarded);
        }

        JsonNode group = synthesized.config(GROUP);
        JsonNode pair = group.path("load_balancer_info").path("target_group_pair_info");
        List<String> groupListeners = new ArrayList<>();
        groupListeners.addAll(texts(pair.path("prod_traffic_route").path("listener_arns")));
        groupListeners.addAll(texts(pair.path("test_traffic_route").path("listener_arns")));
        if (!groupListeners.equals(List.of(synthesized.ref(PROD, "arn"), synthesized.ref(TEST, "arn")))) {
            errors.add("deployment group must route prod and test traffic through the traffic layer's listeners, found " + groupListeners);
        }
        JsonNode ready = group.path("blue_green_deployment_config").path("deployment_ready_option");
        String action = ready.path("action_on_timeout").asText();
        int wait = ready.path("wait_time_in_minutes").asInt();
        if (wait < 0 || wait > DeploymentSettings.MAX_WAIT_MINUTES
                || ("CONTINUE_DEPLOYMENT".equals(action) && wait != 0) || ("STOP_DEPLOYMENT".equals(action) && wait == 0)) {
            errors.add("deployment_ready_option " + action + " with wait " + wait
                    + " is inconsistent: CONTINUE_DEPLOYMENT needs 0, STOP_DEPLOYMENT 1..2880");
        }
        JsonNode terminate = group.path("blue_green_deployment_config").path("terminate_blue_instances_on_deployment_success");
        int termination = terminate.path("termination_wait_time_in_minutes").asInt();
        if (!"TERMINATE".equals(terminate.path("action").asText()) || termination < 0 || termination > DeploymentSettings.MAX_WAIT_MINUTES) {
            errors.add("blue must be terminated (action TERMINATE) after 0..2880 minutes, found "
                    + terminate.path("action").asText() + " after " + termination);
        }
        JsonNode config = synthesized.config(CONFIG);
        if (!BlueGreenDeployment.COMPUTE_PLATFORM.equals(config.path("compute_platform").asText())) {
            errors.add("deployment config must have compute_platform ECS (the default config is EC2-only)");
        }
        return errors;
    }

    /**
     * The synthesized configuration of the resources the contract reads, references resolved to
     * ${type.name.attribute}: those resources alone (a stack's toTerraform() would cost a full synth per validation),
     * resolved in one call, with each resource's type and name read from its own output (no further jsii calls).
     */
    private record Synthesized(List<JsonNode> resources) {
        static Synthesized of(TerraformStack stack, List<TerraformResource> resources) {
            List<Object> raw = resources.stream().map(TerraformResource::toTerraform).toList();
            Object resolved = Tokenization.resolve(raw, ResolveOptions.builder()
                    .scope(stack)
                    .resolver(new DefaultTokenResolver(new StringConcat()))
                    .preparing(false)
                    .build());
            List<JsonNode> out = new ArrayList<>();
            MAPPER.valueToTree(resolved).forEach(out::add);
            return new Synthesized(out);
        }

        /** {type: {name: body}} of resource i. */
        private Map.Entry<String, JsonNode> typed(int i) {
            return resources.get(i).path("resource").fields().next();
        }

        JsonNode config(int i) {
            return typed(i).getValue().elements().next();
        }

        /** How a reference to {@code attribute} of resource i reads in the synthesized JSON. */
        String ref(int i, String attribute) {
            Map.Entry<String, JsonNode> typed = typed(i);
            return "${" + typed.getKey() + "." + typed.getValue().fieldNames().next() + "." + attribute + "}";
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("generated document is not JSON: " + json, e);
        }
    }
}
