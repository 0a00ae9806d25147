package io.bluegreen.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bluegreen.terraform.TerraformStrings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders JSON documents (IAM policies, task definitions, appspecs) deterministically, and IAM policy JSON in Java (no data source round trip). Token strings (ARNs of resources created in the
 * same stack) are kept as-is inside the JSON and resolved by cdktf at synth time.
 */
public final class PolicyDocument {
    /** Keys of every map are written in sorted order, so generated documents are byte-identical from run to run. */
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PolicyDocument() {
    }

    public static String of(List<PolicyStatement> statements) {
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (PolicyStatement s : statements) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Sid", s.sid());
            m.put("Effect", s.effect().name());
            if (s.principals().containsKey("*")) {
                m.put("Principal", "*");
            } else if (!s.principals().isEmpty()) {
                m.put("Principal", new TreeMap<>(s.principals()));
            }
            m.put("Action", s.actions());
            m.put("Resource", s.resources());
            if (!s.conditions().isEmpty()) {
                m.put("Condition", new TreeMap<>(s.conditions()));
            }
            rendered.add(m);
        }
        return json(Map.of("Version", "2012-10-17", "Statement", rendered));
    }

    /**
     * Services whose documented service-role trust policy carries no {@code aws:SourceAccount} condition, and for
     * which AWS does not document sending it: a condition the service does not satisfy would make every AssumeRole
     * fail (for CodePipeline: CreatePipeline itself). Their roles are still only usable through iam:PassRole in
     * this account, which no other account can hold.
     */
    static final java.util.Set<String> WITHOUT_SOURCE_ACCOUNT = java.util.Set.of("codepipeline.amazonaws.com",
            // EC2 assumes an instance profile's role for the instance; it sends no aws:SourceAccount.
            "ec2.amazonaws.com");

    /**
     * Trust policy letting {@code service} (e.g. ecs-tasks.amazonaws.com) assume the role, for this account only
     * ({@code aws:SourceAccount}) where the service documents sending that key.
     */
    public static String trust(String service, String accountId) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", service));
        statement.put("Action", "sts:AssumeRole");
        if (!WITHOUT_SOURCE_ACCOUNT.contains(service)) {
            statement.put("Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", accountId)));
        }
        return json(Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
    }

    /**
     * {@code value} as a JSON document embedded in Terraform: literal {@code ${} and {@code %{} escaped
     * ({@link TerraformStrings#literal}), cdktf tokens (references) kept.
     */
    public static String json(Object value) {
        try {
            return TerraformStrings.literal(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
