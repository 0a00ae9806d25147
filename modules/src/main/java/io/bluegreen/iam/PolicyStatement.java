package io.bluegreen.iam;

import io.bluegreen.validation.Check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One IAM policy statement. Rejects {@code "Action": "*"} and {@code iam:PassRole} on {@code "*"} or without an
 * {@code iam:PassedToService} condition: grant named actions on named resources.
 *
 * @param sid statement id (letters and digits)
 * @param effect Allow or Deny
 * @param principals for resource policies: "Service"/"AWS" -> values, or "*" -> ["*"] for anyone; empty for
 *                   identity policies
 * @param actions service:Action names, no bare "*"
 * @param resources ARNs ("*" only for actions without resource-level permissions)
 * @param conditions operator -> (key -> values), e.g. StringEquals -> iam:PassedToService -> [ecs-tasks.amazonaws.com]
 */
public record PolicyStatement(String sid, Effect effect, Map<String, List<String>> principals, List<String> actions,
                              List<String> resources, Map<String, Map<String, List<String>>> conditions) {
    private static final Pattern SID = Pattern.compile("^[A-Za-z0-9]+$");

    public enum Effect {
        Allow,
        Deny
    }

    public PolicyStatement {
        Check check = Check.in("PolicyStatement " + sid);
        check.matches("sid", sid, SID, "letters and digits", "name the statement, e.g. ReadSecrets");
        effect = Check.orDefault(effect, Effect.Allow);
        principals = Map.copyOf(Check.orDefault(principals, Map.of()));
        actions = List.copyOf(check.atLeast("actions", actions, 1, "action", "name the actions to allow"));
        resources = List.copyOf(check.atLeast("resources", resources, 1, "resource", "name the ARNs to allow"));
        conditions = Map.copyOf(Check.orDefault(conditions, Map.of()));
        for (String action : actions) {
            check.require(!action.equals("*") && action.contains(":"), "actions", action,
                    "service:Action names (no \"*\")", "list the exact actions, e.g. s3:GetObject");
            if (effect == Effect.Allow && action.equalsIgnoreCase("iam:PassRole")) {
                check.require(!resources.contains("*"), "resources", resources,
                        "exact role ARNs for iam:PassRole", "pass only the roles the service needs");
                check.require(conditions.values().stream().anyMatch(m -> m.containsKey("iam:PassedToService")),
                        "conditions", conditions, "an iam:PassedToService condition on iam:PassRole",
                        "add .when(\"StringEquals\", \"iam:PassedToService\", List.of(\"ecs-tasks.amazonaws.com\"))");
            }
        }
    }

    /** An identity-policy Allow statement. */
    public static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return new PolicyStatement(sid, Effect.Allow, Map.of(), actions, resources, Map.of());
    }

    /** A Deny statement (for anyone, in a resource policy, when {@link #forAnyone()} is added). */
    public static PolicyStatement deny(String sid, List<String> actions, List<String> resources) {
        return new PolicyStatement(sid, Effect.Deny, Map.of(), actions, resources, Map.of());
    }

    /** An Allow statement whose condition is added before validation (needed for iam:PassRole). */
    public static PolicyStatement allowWhen(String sid, List<String> actions, List<String> resources,
                                            String operator, String key, List<String> values) {
        return new PolicyStatement(sid, Effect.Allow, Map.of(), actions, resources, Map.of(operator, Map.of(key, values)));
    }

    public PolicyStatement when(String operator, String key, List<String> values) {
        Map<String, Map<String, List<String>>> merged = new LinkedHashMap<>(conditions);
        Map<String, List<String>> byKey = new LinkedHashMap<>(merged.getOrDefault(operator, Map.of()));
        byKey.put(key, values);
        merged.put(operator, byKey);
        return new PolicyStatement(sid, effect, principals, actions, resources, merged);
    }

    /** Resource policy: the statement applies to this AWS service principal. */
    public PolicyStatement forService(String servicePrincipal) {
        return withPrincipal("Service", servicePrincipal);
    }

    /** Resource policy: the statement applies to this AWS principal (account root or role ARN). */
    public PolicyStatement forAws(String arn) {
        return withPrincipal("AWS", arn);
    }

    /** Resource policy: the statement applies to anyone (use with Deny). */
    public PolicyStatement forAnyone() {
        return withPrincipal("*", "*");
    }

    private PolicyStatement withPrincipal(String type, String value) {
        Map<String, List<String>> merged = new LinkedHashMap<>(principals);
        merged.put(type, List.of(value));
        return new PolicyStatement(sid, effect, merged, actions, resources, conditions);
    }
}
