package io.bluegreen.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAcl;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclDefaultAction;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclDefaultActionAllow;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAclVisibilityConfig;
import io.bluegreen.testing.Synth;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The web ACL written without the provider's binding class synthesizes exactly what the binding wrote for the same
 * settings (resource and stack metadata alike), so replacing the binding changed nothing for Terraform.
 */
class RegionalWebAclTest {
    private static final List<Map<String, Object>> RULES = List.of(Map.of("name", "RateLimitPerIp", "priority", 3,
            "action", List.of(Map.of("block", List.of(Map.of()))),
            "statement", List.of(Map.of("rate_based_statement", List.of(Map.of("limit", 2000, "aggregate_key_type", "IP")))),
            "visibility_config", List.of(Map.of("cloudwatch_metrics_enabled", true, "sampled_requests_enabled", true,
                    "metric_name", "shop-dev-web-acl-rate-limit"))));

    private static JsonNode withoutBinding() {
        TerraformStack stack = Synth.newStack();
        RegionalWebAcl acl = new RegionalWebAcl(stack, "WebAcl", new RegionalWebAcl.Props("shop-dev-web-acl", "Every ALB", RULES));
        TerraformOutput.Builder.create(stack, "arn").value(acl.arn()).build();
        return Synth.json(stack);
    }

    private static JsonNode withBinding() {
        TerraformStack stack = Synth.newStack();
        Wafv2WebAcl acl = Wafv2WebAcl.Builder.create(stack, "WebAcl")
                .name("shop-dev-web-acl")
                .description("Every ALB")
                .scope("REGIONAL")
                .defaultAction(Wafv2WebAclDefaultAction.builder().allow(Wafv2WebAclDefaultActionAllow.builder().build()).build())
                .visibilityConfig(Wafv2WebAclVisibilityConfig.builder()
                        .cloudwatchMetricsEnabled(true).sampledRequestsEnabled(true).metricName("shop-dev-web-acl").build())
                .build();
        acl.addOverride("rule", RULES);
        TerraformOutput.Builder.create(stack, "arn").value(acl.getArn()).build();
        return Synth.json(stack);
    }

    @Test
    void synthesizesWhatTheProviderBindingWroteForTheSameSettings() {
        JsonNode mine = withoutBinding();
        JsonNode binding = withBinding();
        assertEquals(binding.path("resource"), mine.path("resource"));
        assertEquals(binding.path("output"), mine.path("output"));
        assertEquals(binding.path("//").path("metadata").path("overrides"), mine.path("//").path("metadata").path("overrides"));
        assertEquals(Synth.ref(mine, "aws_wafv2_web_acl", "WebAcl", "arn"), mine.path("output").path("arn").path("value").asText());
    }

    @Test
    void failsWithoutAName() {
        assertInvalid(() -> new RegionalWebAcl.Props(null, "Every ALB", RULES), "RegionalWebAcl.Props", "name");
    }
}
