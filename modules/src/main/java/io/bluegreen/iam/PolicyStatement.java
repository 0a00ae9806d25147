package io.bluegreen.iam;

import io.bluegreen.validation.Check;

import java.util.List;
import java.util.Map;

/**
 * One IAM policy statement. Rejects {@code "Action": "*"} and {@code iam:PassRole} on {@code "*"}: grant named
 * actions on named resources.
 *
 * @param sid statement id (letters and digits)
 * @param actions service:Action names, no bare "*"
 * @param resources ARNs ("*" only for actions without resource-level permissions)
 * @param conditions operator -> (key -> values), e.g. StringEquals -> iam:PassedToService -> [ecs-tasks.amazonaws.com]
 */
public record PolicyStatement(String sid, List<String> actions, List<String> resources,
                              Map<String, Map<String, List<String>>> conditions) {
    public PolicyStatement {
        Check check = Check.in("PolicyStatement " + sid);
        check.matches("sid", sid, java.util.regex.Pattern.compile("^[A-Za-z0-9]+$"), "letters and digits",
                "name the statement, e.g. ReadSecrets");
        actions = List.copyOf(check.atLeast("actions", actions, 1, "action", "name the actions to allow"));
        resources = List.copyOf(check.atLeast("resources", resources, 1, "resource", "name the ARNs to allow"));
        for (String action : actions) {
            check.require(!action.equals("*") && action.contains(":"), "actions", action,
                    "service:Action names (no \"*\")", "list the exact actions, e.g. s3:GetObject");
            check.require(!(action.equalsIgnoreCase("iam:PassRole") && resources.contains("*")), "resources", resources,
                    "exact role ARNs for iam:PassRole", "pass only the roles the service needs");
        }
        conditions = Map.copyOf(Check.orDefault(conditions, Map.of()));
    }

    public static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return new PolicyStatement(sid, actions, resources, Map.of());
    }

    public PolicyStatement when(String operator, String key, List<String> values) {
        Map<String, Map<String, List<String>>> merged = new java.util.LinkedHashMap<>(conditions);
        Map<String, List<String>> byKey = new java.util.LinkedHashMap<>(merged.getOrDefault(operator, Map.of()));
        byKey.put(key, values);
        merged.put(operator, byKey);
        return new PolicyStatement(sid, actions, resources, merged);
    }
}
