package io.bluegreen.environments;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.network.VpcSource;
import io.bluegreen.pipeline.PipelineSource;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service of every platform started from every kind of source, in a whole environment: the outputs a user acts on,
 * the security rules, and the refusal of a source a platform cannot use.
 */
class PipelineSourcesServiceTest {
    private static Map<String, JsonNode> stacks;

    /** checkout from an ECR image push, catalog from an S3 object, orders from CodeCommit, pricing from an S3 object. */
    static EnvironmentConfig qa() {
        return Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                .service(Defaults.CHECKOUT, () -> Defaults.checkout()
                        .pipeline(p -> p.withSource(new PipelineSource.EcrImagePush("release"))).build())
                .service(Defaults.CATALOG, () -> Defaults.catalog()
                        .pipeline(p -> p.withSource(new PipelineSource.S3Object("catalog/release.zip"))).build())
                .service(Defaults.ORDERS, () -> Defaults.orders()
                        .pipeline(p -> p.withSource(new PipelineSource.CodeCommit("orders", "main"))).build())
                .service(Defaults.PRICING, () -> Defaults.pricing()
                        .pipeline(p -> p.withSource(new PipelineSource.S3Object("pricing.zip"))).build())
                .build();
    }

    @BeforeAll
    static void synth() {
        stacks = ServiceStackTest.synthesize(qa());
    }

    private static JsonNode outputs(String service) {
        return stacks.get("qa-" + service).path("output");
    }

    private static String sourceProvider(String service) {
        return Synth.only(stacks.get("qa-" + service), "aws_codepipeline").path("stage").get(0).path("action").get(0)
                .path("provider").asText();
    }

    @Test
    void everyPlatformStartsFromTheSourceItDeclares() {
        assertEquals("ECR", sourceProvider(Defaults.CHECKOUT));
        assertEquals("S3", sourceProvider(Defaults.CATALOG));
        assertEquals("CodeCommit", sourceProvider(Defaults.ORDERS));
        assertEquals("S3", sourceProvider(Defaults.PRICING));
    }

    @Test
    void outputsNameOnlyWhatTheUserActsOn() {
        for (String service : List.of(Defaults.CHECKOUT, Defaults.CATALOG, Defaults.ORDERS, Defaults.PRICING)) {
            assertTrue(outputs(service).path("source_connection_arn").isMissingNode(), service + ": no connection, no output");
            assertFalse(outputs(service).path("pipeline_name").isMissingNode(), service);
        }
        assertFalse(outputs(Defaults.CHECKOUT).path("ecr_repository_url").isMissingNode(), "where the team's CI pushes");
        for (String service : List.of(Defaults.CATALOG, Defaults.PRICING)) {
            assertEquals(Synth.ref(stacks.get("qa-" + service), "aws_s3_bucket", "SourceBucket", "bucket"),
                    outputs(service).path("source_bucket").path("value").asText(), service);
            assertEquals(Synth.ref(stacks.get("qa-" + service), "aws_kms_key", "Artifacts_Key", "arn"),
                    outputs(service).path("source_bucket_key_arn").path("value").asText(), service + ": what the uploader encrypts with");
        }
        assertTrue(outputs(Defaults.ORDERS).path("source_bucket").isMissingNode());
        // The shipped environments keep the connection, and its output.
        assertFalse(ServiceStackTest.all().get("dev-checkout").path("output").path("source_connection_arn").isMissingNode());
    }

    @Test
    void securityRulesHoldForEverySource() {
        List<Function<JsonNode, List<String>>> rules = List.of(SecurityRules::artifactBucketIsHardened,
                SecurityRules::kmsKeysRotate, SecurityRules::logGroupsHaveRetention,
                SecurityRules::codeBuildArtifactsAndLogsEncrypted, SecurityRules::iamIsLeastPrivilege,
                SecurityRules::launchTemplatesRequireImdsV2, SecurityRules::tasksHaveNoPublicIps);
        stacks.forEach((id, json) -> rules.forEach(rule -> assertEquals(List.of(), rule.apply(json), id)));
        // The one reviewed difference: the release tag of an ECR image push moves, so that repository's tags are
        // mutable (deployments still run the pushed digest). Every other repository stays immutable.
        List<String> ecr = SecurityRules.ecrScansAndIsImmutable(stacks.get("qa-checkout"));
        assertEquals(1, ecr.size(), ecr.toString());
        assertTrue(ecr.get(0).endsWith("has mutable tags"), ecr.toString());
    }

    @Test
    void aSourceThePlatformCannotUseFailsSynthNamingServiceAndSource() {
        for (String service : List.of(Defaults.CATALOG, Defaults.ORDERS, Defaults.PRICING)) {
            assertInvalid(() -> Defaults.environment("qa").network(VpcSource.Create.of("10.0.0.0/16"))
                            .service(service, () -> switch (service) {
                                case Defaults.CATALOG -> Defaults.catalog().pipeline(p -> p.withSource(new PipelineSource.EcrImagePush("release"))).build();
                                case Defaults.ORDERS -> Defaults.orders().pipeline(p -> p.withSource(new PipelineSource.EcrImagePush("release"))).build();
                                default -> Defaults.pricing().pipeline(p -> p.withSource(new PipelineSource.EcrImagePush("release"))).build();
                            }).build(),
                    "environment 'qa'", "service '" + service + "'", "pipeline.source = 'ECR image push'",
                    "only ECS blue/green runs", "PipelineSource.S3Object");
        }
    }
}
