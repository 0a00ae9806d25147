package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.environments.staging.Staging;
import io.bluegreen.network.VpcSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service and an environment added the way a user adds them (docs/extending.md: a new service, a new environment): a new
 * ECS service in prod's file, and a new environment "qa" started from staging's. Nothing else changes: the reviewed
 * security exceptions already cover them (they are written as patterns), the stacks are named and keyed by the
 * environment and the service alone, and the workflows take both from the synthesized manifest (WorkflowsTest).
 */
class AddingAServiceAndAnEnvironmentTest {
    private static EnvironmentConfig environment(String name) {
        return Environments.select(Environments.all(), name).get(0);
    }

    @Test
    void aNewServiceOfAKnownPlatformNeedsNoReviewedExceptionOfItsOwn() throws Exception {
        EnvironmentConfig prod = environment("prod");
        // What a user writes in Prod.java: one more .service(...) line.
        EnvironmentConfig withPayments = prod.toBuilder()
                .service("payments", () -> Defaults.checkout(io.bluegreen.environments.prod.Prod.SERVICES)
                        .container(c -> c.withPort(9000))
                        .build())
                .build();
        Map<String, JsonNode> stacks = ServiceStackTest.synthesize(withPayments);
        assertTrue(stacks.containsKey("prod-payments"), stacks.keySet().toString());
        assertEquals(List.of(), ReviewedExceptionsTest.unreviewed(stacks),
                "the new service's findings are covered by the list as it is");
        JsonNode backend = stacks.get("prod-payments").path("terraform").path("backend").path("s3");
        assertEquals("payments/prod/terraform.tfstate", backend.path("key").asText(), "its own state");
    }

    @Test
    void aNewEnvironmentStartedFromAnotherNeedsNothingOutsideItsOwnFile() throws Exception {
        // What a user writes in qa/Qa.java: staging's file with another name and network, in staging's account (the
        // same state bucket, keys of its own; the same certificate and connection).
        EnvironmentConfig qa = Staging.config().toBuilder()
                .name("qa")
                .network(VpcSource.Create.of("10.30.0.0/16"))
                .build();
        ReviewedExceptionsTest.register(qa);
        Map<String, JsonNode> stacks = ServiceStackTest.synthesize(qa);
        assertEquals(List.of("qa-shared", "qa-checkout", "qa-catalog", "qa-orders", "qa-pricing"), List.copyOf(stacks.keySet()));
        assertEquals(List.of(), ReviewedExceptionsTest.unreviewed(stacks),
                "the new environment's findings are covered by the list as it is (its baseline is off, as staging's)");
        for (JsonNode stack : stacks.values()) {
            assertEquals("qa", stack.path("provider").path("aws").get(0).path("default_tags").get(0).path("tags")
                    .path("environment").asText());
            assertTrue(stack.path("terraform").path("backend").path("s3").path("key").asText().contains("/qa/"),
                    "state of its own in the shared bucket");
        }
    }
}
