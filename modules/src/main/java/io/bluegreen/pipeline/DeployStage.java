package io.bluegreen.pipeline;

import io.bluegreen.iam.PolicyStatement;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.Map;

/**
 * The deploy stage a platform supplies to the pipeline: one action reading the build's output artifact (e.g.
 * CodeDeployToECS for ECS blue/green) and exactly the permissions the pipeline role needs to run it.
 *
 * @param actionName the action's name in the console, e.g. BlueGreenDeploy
 * @param provider the CodePipeline action provider (category Deploy, owner AWS), e.g. CodeDeployToECS
 * @param configuration the action's configuration (the build artifact's name is filled in where a key's value is
 *                      {@link #BUILD_ARTIFACT}, the source artifact's where it is {@link #SOURCE_ARTIFACT})
 * @param statements the pipeline role's statements for this action
 * @param category the action's category: Deploy, or Build for a deploy step that runs as a CodeBuild project
 *                 (CodePipeline's CodeBuild action is a Build or Test action)
 * @param alarms the service's rollback alarms: what the pipeline's alarm gate watches before the stage starts
 * @param rollbackOnFailure whether a failed stage rolls back to its last successful execution (CodePipeline's stage
 *                          rollback). Only where that cannot collide with CodeDeploy's own rollback: see
 *                          {@link DeliveryPipeline}
 */
public record DeployStage(String actionName, String provider, Map<String, String> configuration,
                          List<PolicyStatement> statements, String category, List<String> alarms,
                          boolean rollbackOnFailure) {
    /** A Deploy action (CodeDeploy, CodeDeployToECS). */
    public DeployStage(String actionName, String provider, Map<String, String> configuration,
                       List<PolicyStatement> statements) {
        this(actionName, provider, configuration, statements, "Deploy", List.of(), false);
    }

    /** An action of {@code category}, without alarms, and without stage rollback. */
    public DeployStage(String actionName, String provider, Map<String, String> configuration,
                       List<PolicyStatement> statements, String category) {
        this(actionName, provider, configuration, statements, category, List.of(), false);
    }

    /** Placeholder for the build output artifact's name in {@link #configuration()}. */
    public static final String BUILD_ARTIFACT = "<build artifact>";

    /**
     * Placeholder for the source output artifact's name in {@link #configuration()}: the action then reads it too
     * (e.g. the imageDetail.json of an ECR image push source).
     */
    public static final String SOURCE_ARTIFACT = "<source artifact>";

    public DeployStage {
        Check check = Check.in("DeployStage");
        check.require(actionName != null && actionName.matches("^[A-Za-z0-9.@\\-_]{1,100}$"), "actionName", actionName,
                "1-100 letters, digits and . @ - _", "name the action, e.g. BlueGreenDeploy");
        check.require(provider != null && !provider.isBlank(), "provider", provider, "a CodePipeline deploy provider",
                "e.g. CodeDeployToECS or CodeDeploy");
        configuration = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
                Check.orDefault(configuration, Map.of())));
        statements = List.copyOf(Check.orDefault(statements, List.of()));
        check.require(List.of("Deploy", "Build", "Test").contains(category), "category", category,
                "Deploy, Build or Test", "use Deploy for a deploy provider, Build for CodeBuild");
        alarms = List.copyOf(Check.orDefault(alarms, List.of()));
    }

    /** The same stage, gated on these alarms when the pipeline has an alarm gate. */
    public DeployStage withAlarms(List<String> value) {
        return new DeployStage(actionName, provider, configuration, statements, category, value, rollbackOnFailure);
    }

    /** The same stage, rolled back to its last successful execution when it fails. */
    public DeployStage rollingBackOnFailure() {
        return new DeployStage(actionName, provider, configuration, statements, category, alarms, true);
    }
}
