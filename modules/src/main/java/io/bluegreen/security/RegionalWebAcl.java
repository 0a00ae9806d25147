package io.bluegreen.security;

import com.hashicorp.cdktf.TerraformProviderGeneratorMetadata;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code aws_wafv2_web_acl} of scope REGIONAL that allows by default, with CloudWatch metrics and sampled requests,
 * and the rules given (in the provider's block form).
 *
 * <p>Written without the provider's {@code Wafv2WebAcl} binding on purpose: its JavaScript is 56 MB of generated
 * classes for every nested WAF statement type, which the jsii Node child must load and compile on every synth that
 * has one web ACL (about 0.4 s and 130 MB, docs/performance.md), although nothing here uses them: the rules were
 * always written in block form. The synthesized resource is the one the binding wrote, byte for byte
 * ({@code RegionalWebAclTest}).
 */
final class RegionalWebAcl extends TerraformResource {
    /** The binding's own metadata for this resource type (provider-aws 18.0.3). */
    private static final TerraformProviderGeneratorMetadata GENERATOR = TerraformProviderGeneratorMetadata.builder()
            .providerName("aws").providerVersion("5.23.1").providerVersionConstraint("~> 5.0").build();

    /** What the web ACL is called and describes, and its rules. */
    record Props(String name, String description, List<Map<String, Object>> rules) {
        Props {
            Check check = Check.in("RegionalWebAcl.Props");
            check.notNull("name", name, "name the web ACL (Names.physical)");
            check.notNull("description", description, "describe what the web ACL protects");
            rules = List.copyOf(check.notNull("rules", rules, "pass the rules, or List.of() for none"));
        }
    }

    private final Props props;

    RegionalWebAcl(Construct scope, String id, Props props) {
        super(scope, id, TerraformResourceConfig.builder()
                .terraformResourceType("aws_wafv2_web_acl")
                .terraformGeneratorMetadata(GENERATOR)
                .build());
        this.props = props;
        if (!props.rules().isEmpty()) {
            addOverride("rule", props.rules());
        }
    }

    @Override
    protected Map<String, Object> synthesizeAttributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", props.name());
        attributes.put("description", props.description());
        attributes.put("scope", "REGIONAL");
        attributes.put("default_action", Map.of("allow", Map.of()));
        attributes.put("visibility_config", Map.of("cloudwatch_metrics_enabled", true, "sampled_requests_enabled", true,
                "metric_name", props.name()));
        return attributes;
    }

    /** The ARN, for associations. */
    String arn() {
        return getStringAttribute("arn");
    }
}
