package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.platform.ecs.ContainerSpec;
import io.bluegreen.environments.prod.Prod;
import io.bluegreen.platform.EcsBlueGreen;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several services in one environment: one stack each, sharing the network, colliding nowhere. */
class ServicesTest {
    private static Map<String, JsonNode> stacks;

    /** prod with a second ECS service, "payments", declared in a few lines. */
    static EnvironmentConfig prodWithPayments() {
        EnvironmentConfig prod = Prod.config();
        EcsBlueGreen checkout = (EcsBlueGreen) prod.service(Defaults.CHECKOUT).platform();
        return prod.toBuilder()
                .service("payments", () -> checkout.toBuilder().container(ContainerSpec.of("api", 8080, "10001")).build())
                .build();
    }

    @BeforeAll
    static void synth() {
        stacks = ServiceStackTest.synthesize(prodWithPayments());
    }

    @Test
    void eachServiceGetsItsOwnStackBesideTheSharedOne() {
        assertEquals(List.of("prod-shared", "prod-checkout", "prod-catalog", "prod-orders", "prod-pricing", "prod-payments"), List.copyOf(stacks.keySet()));
        assertEquals("payments/prod/terraform.tfstate",
                stacks.get("prod-payments").path("terraform").path("backend").path("s3").path("key").asText());
        assertEquals("payments", stacks.get("prod-payments").path("provider").path("aws").get(0)
                .path("default_tags").get(0).path("tags").path("service").asText());
    }

    @Test
    void noPhysicalNameIsUsedTwice() {
        Map<String, String> owner = new HashMap<>();
        stacks.forEach((id, json) -> WholeAppTest.physicalNames(json).forEach((type, names) -> names.forEach(name ->
                assertNull(owner.put(type + "/" + name, id), type + " " + name + " is used by two stacks"))));
        assertTrue(owner.keySet().stream().anyMatch(n -> n.contains("payments-prod")), owner.keySet().toString());
    }

    @Test
    void bothServicesUseTheOneSharedNetwork() {
        for (String id : List.of("prod-checkout", "prod-payments")) {
            JsonNode remote = stacks.get(id).path("data").path("terraform_remote_state").elements().next();
            assertEquals("shared/prod/terraform.tfstate", remote.path("config").path("key").asText(), id);
        }
    }

    @Test
    void everySecurityRuleAndEveryReferenceHoldsInEveryStack() {
        stacks.forEach((id, json) -> {
            assertEquals(List.of(), SecurityRules.testPortNotOpenToTheWorld(json), id);
            assertEquals(List.of(), SecurityRules.worldIngressOnlyOnAlbProdPorts(json), id);
            assertEquals(new TreeSet<>(), WholeAppTest.danglingReferences(json), id);
            assertEquals(List.of(), WholeAppTest.nameViolations(json), id);
        });
    }

    @Test
    void theSameAddressesInBothServiceStacksAreSeparateResourcesInSeparateStates() {
        // Construct ids are the same in every service stack; the state (and so the resource) is the stack's own.
        TreeSet<String> checkout = addresses(stacks.get("prod-checkout"));
        TreeSet<String> payments = addresses(stacks.get("prod-payments"));
        assertEquals(checkout, payments);
    }

    private static TreeSet<String> addresses(JsonNode json) {
        TreeSet<String> out = new TreeSet<>();
        Synth.fields(json.path("resource")).forEach((type, byName) ->
                Synth.fields(byName).keySet().forEach(name -> out.add(type + "." + name)));
        return out;
    }
}
