package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.Testing;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every environment synthesizes; backend and provider per environment. Each stack is synthesized once. */
class ServiceStackTest {
    static final Map<String, JsonNode> STACKS = new LinkedHashMap<>();

    @BeforeAll
    static void synthAll() {
        for (EnvironmentConfig config : Environments.all()) {
            STACKS.put(config.name(), Synth.json(new ServiceStack(Testing.app(), config)));
        }
    }

    @Test
    void everyEnvironmentSynthesizes() {
        assertEquals(List.of("dev", "staging", "prod"), List.copyOf(STACKS.keySet()));
        STACKS.forEach((env, json) -> assertFalse(json.path("provider").path("aws").isMissingNode(), env));
    }

    @Test
    void devKeepsStateInALocalFileInTheProjectRoot() {
        JsonNode backend = STACKS.get("dev").path("terraform").path("backend");
        assertEquals(List.of("local"), Synth.fields(backend).keySet().stream().toList());
        assertEquals("../../../terraform.dev.tfstate", backend.path("local").path("path").asText());
    }

    @Test
    void prodKeepsStateInS3WithLockingAndAKeyPerEnvironment() {
        JsonNode s3 = STACKS.get("prod").path("terraform").path("backend").path("s3");
        assertFalse(s3.isMissingNode(), "prod uses the S3 backend");
        assertEquals("checkout/prod/terraform.tfstate", s3.path("key").asText());
        assertEquals("terraform-locks", s3.path("dynamodb_table").asText());
        assertTrue(s3.path("encrypt").asBoolean());
        assertEquals("eu-west-1", s3.path("region").asText());
        String stagingKey = STACKS.get("staging").path("terraform").path("backend").path("s3").path("key").asText();
        assertEquals("checkout/staging/terraform.tfstate", stagingKey);
    }

    @Test
    void providerSetsRegionAndDefaultTags() {
        STACKS.forEach((env, json) -> {
            JsonNode aws = json.path("provider").path("aws").get(0);
            assertEquals("eu-west-1", aws.path("region").asText());
            JsonNode tags = aws.path("default_tags").get(0).path("tags");
            assertEquals("checkout", tags.path("service").asText(), env);
            assertEquals(env, tags.path("environment").asText());
            assertEquals("cdktf", tags.path("managed-by").asText(), env);
        });
    }

    @Test
    void devCreatesItsVpcAndTheOthersReadAnExistingOne() {
        assertEquals(1, Synth.resources(STACKS.get("dev"), "aws_vpc").size());
        assertTrue(Synth.resources(STACKS.get("prod"), "aws_vpc").isEmpty());
        assertEquals(1, Synth.dataSources(STACKS.get("prod"), "aws_vpc").size());
        assertEquals(1, Synth.dataSources(STACKS.get("staging"), "aws_vpc").size());
    }

    @Test
    void devServesPlainHttpAndStagingAndProdServeHttpsWithRedirect() {
        assertEquals("HTTP", Synth.named(STACKS.get("dev"), "aws_lb_listener", "ProdListener").path("protocol").asText());
        assertEquals(2, Synth.resources(STACKS.get("dev"), "aws_lb_listener").size());
        for (String env : List.of("staging", "prod")) {
            JsonNode json = STACKS.get(env);
            assertEquals("HTTPS", Synth.named(json, "aws_lb_listener", "ProdListener").path("protocol").asText(), env);
            assertEquals("HTTPS", Synth.named(json, "aws_lb_listener", "TestListener").path("protocol").asText(), env);
            assertEquals("redirect", Synth.named(json, "aws_lb_listener", "HttpRedirect")
                    .path("default_action").get(0).path("type").asText(), env);
        }
    }

    @Test
    void onlyProdProtectsItsLoadBalancerFromDeletion() {
        STACKS.forEach((env, json) -> assertEquals(env.equals("prod"),
                Synth.only(json, "aws_lb").path("enable_deletion_protection").asBoolean(), env));
    }

    @Test
    void everyEnvironmentOutputsItsUrlsAndAlbDnsName() {
        STACKS.forEach((env, json) -> {
            JsonNode outputs = json.path("output");
            String dns = Synth.ref(json, "aws_lb", "LoadBalancer", "dns_name");
            assertEquals(dns, outputs.path("alb_dns_name").path("value").asText(), env);
            String scheme = env.equals("dev") ? "http://" : "https://";
            assertEquals(scheme + dns, outputs.path("prod_url").path("value").asText(), env);
            assertEquals(scheme + dns + ":8080", outputs.path("test_url").path("value").asText(), env);
        });
    }
}
