package io.bluegreen.pipeline;

import io.bluegreen.codedeploy.BlueGreenDeployment;
import io.bluegreen.ecs.AppSpec;
import io.bluegreen.naming.Names;
import io.bluegreen.notifications.NotificationTopic;
import io.bluegreen.validation.Check;

import java.util.List;

/**
 * @param names naming helper
 * @param deployment the CodeDeploy construct (and through it the ECS service and its task definition model)
 * @param buildspec the contents of the project's buildspec.yml
 * @param settings source, approval, build size, retention
 * @param notifications topic for pipeline notifications; null = none
 * @param hooks CodeDeploy lifecycle hooks written into the appspec (e.g. the smoke test); empty = none
 */
public record DeliveryPipelineProps(Names names, BlueGreenDeployment deployment, String buildspec,
                                    PipelineSettings settings, NotificationTopic notifications, List<AppSpec.Hook> hooks) {
    public DeliveryPipelineProps {
        Check check = Check.in("DeliveryPipelineProps");
        check.notNull("names", names, "pass the environment's Names");
        check.notNull("deployment", deployment, "pass the BlueGreenDeployment construct");
        check.require(buildspec != null && buildspec.contains("version: 0.2"), "buildspec",
                buildspec == null ? null : "<" + buildspec.length() + " characters>",
                "the contents of a CodeBuild buildspec (version: 0.2)", "pass the project's buildspec.yml");
        check.notNull("settings", settings, "e.g. PipelineSettings.of(source)");
        check.require(notifications != null || !settings.notifications(), "notifications", null,
                "a NotificationTopic when settings.notifications() is on", "pass the topic or turn notifications off");
        hooks = List.copyOf(Check.orDefault(hooks, List.of()));
    }

    /** Without lifecycle hooks. */
    public DeliveryPipelineProps(Names names, BlueGreenDeployment deployment, String buildspec,
                                 PipelineSettings settings, NotificationTopic notifications) {
        this(names, deployment, buildspec, settings, notifications, List.of());
    }
}
