package io.bluegreen.platform;

import io.bluegreen.codedeploy.DeploymentGroups;
import io.bluegreen.pipeline.PipelineSettings;
import io.bluegreen.platform.existingservers.ExistingServersService;
import io.bluegreen.platform.existingservers.OnPremisesTrust;
import io.bluegreen.platform.existingservers.ServerSelection;
import io.bluegreen.platform.server.AppSettings;
import io.bluegreen.platform.server.ServerDeploymentConfig;
import io.bluegreen.platform.server.ServerDeployments;
import io.bluegreen.settings.Settings;
import io.bluegreen.traffic.HealthCheck;
import io.bluegreen.traffic.TrafficSettings;
import io.bluegreen.validation.Check;
import software.constructs.Construct;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Existing servers, in place: EC2 instances and on-premises servers this project does not launch, chosen by their
 * tags, running the CodeDeploy agent. Each push is built into the same revision as on the EC2 platforms (the
 * application's files plus the generated appspec.yml and hook scripts) and CodeDeploy installs it a few servers at a
 * time, taking each out of an existing target group while it updates when one is named. The stack makes the
 * identity the servers need (an instance profile for EC2, a role for on-premises sessions); the servers themselves,
 * the agent and the registration are the owners' (docs/platforms/existing-servers.md).
 *
 * @param app how the application runs (port, start command, user) and the hooks' timeouts
 * @param servers which servers, by tags (AND between EC2 tag groups, OR inside one; on-premises tags are one OR group)
 * @param expectedMinFleetSize the fewest servers the tags select at any time: the deployment config must leave one of
 *                             them free to update (the fleet's size is not known to the stack)
 * @param deploymentConfig how many servers at a time
 * @param healthPath the path the ValidateService hook requests on localhost:port after a start
 * @param targetGroupName an existing target group the servers are registered in, left while each one updates; null =
 *                        no traffic control
 * @param pipeline source repository and branch, approval stage, build size, retention, V2 settings
 * @param alarmNames existing CloudWatch alarms that stop and roll back a deployment (this platform has no load
 *                   balancer of its own to create alarms on)
 * @param onPremises who may take the on-premises servers' role; required exactly when on-premises tags are given
 * @param buildspec the pipeline's CodeBuild spec, escaped for Terraform (the project's buildspec-ec2.yml)
 */
public record ExistingServers(AppSettings app, ServerSelection servers, int expectedMinFleetSize,
                              ServerDeploymentConfig deploymentConfig, String healthPath, String targetGroupName,
                              PipelineSettings pipeline, List<String> alarmNames, OnPremisesTrust onPremises,
                              String buildspec)
        implements Platform, Settings<ExistingServers, ExistingServers.Builder> {
    /** An ALB/NLB target group name: 1-32 letters, digits and hyphens, not starting or ending with a hyphen. */
    private static final Pattern TARGET_GROUP = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$");
    private static final Pattern ALARM_NAME = Pattern.compile("^[^\\x00-\\x1f\"\\\\]{1,255}$");

    public ExistingServers {
        Check check = Check.in("existing servers");
        check.notNull("app", app, "e.g. AppSettings.of(8080, \"python3 app.py\")");
        check.notNull("servers", servers, "e.g. ServerSelection.ec2(ServerTag.of(\"bluegreen:service\", \"inventory-prod\"))");
        check.require(expectedMinFleetSize >= 1, "expectedMinFleetSize", expectedMinFleetSize,
                "the fewest servers the tags select at any time, at least 1 (the stack cannot count them)",
                "state how many servers there always are, e.g. 2");
        check.notNull("deploymentConfig", deploymentConfig, "e.g. new ServerDeploymentConfig.OneAtATime()");
        ServerDeployments.checkConfig(check, "deploymentConfig", deploymentConfig, expectedMinFleetSize);
        check.matches("healthPath", healthPath, HealthCheck.PATH, "an HTTP path starting with '/' of letters, digits and"
                + " . _ ~ - / (it lands in the hook scripts)", "e.g. /health");
        if (targetGroupName != null) {
            check.matches("targetGroupName", targetGroupName, TARGET_GROUP,
                    "an existing target group's name (1-32 letters, digits and hyphens)", "or leave it null for no traffic control");
            check.require(!servers.hasOnPremises(), "targetGroupName", targetGroupName,
                    "no target group with on-premises servers (CodeDeploy's traffic control takes EC2 instances out of a"
                            + " target group; on-premises servers cannot be in one)",
                    "leave targetGroupName null, or deliver to the on-premises servers in a service of their own");
        }
        check.notNull("pipeline", pipeline, "e.g. PipelineSettings.of(new PipelineSource.CodeStarConnection(...))");
        Platform.checkFileSource(check, pipeline, "existing servers", "a revision bundle to servers");
        alarmNames = DeploymentGroups.checkAlarms(check, alarmNames);
        check.require(!pipeline.alarmGate() || !alarmNames.isEmpty(), "pipeline.alarmGate", true,
                "a service with rollback alarms (the gate holds a release while they fire; name them in alarmNames)",
                "name the servers' alarms in alarmNames, or turn the gate off (withAlarmGate(false))");
        for (String name : alarmNames) {
            check.matches("alarmNames", name, ALARM_NAME, "CloudWatch alarm names without quotes or backslashes", "fix the name");
        }
        check.require(servers.hasOnPremises() == (onPremises != null), "onPremises",
                onPremises == null ? "none" : onPremises.describe(),
                servers.hasOnPremises() ? "who may take the on-premises servers' role (they register with its session ARN)"
                        : "nothing without on-premises tags",
                servers.hasOnPremises() ? "e.g. new OnPremisesTrust.RolesAnywhere(\"arn:aws:rolesanywhere:...:trust-anchor/...\")"
                        : "remove onPremises, or select on-premises servers by tags");
        Ec2Builder.checkBuildspec(check, buildspec);
    }

    /** The settings and their defaults; {@link #of} sets the ones that have none. */
    public static final class Builder {
        /** No default: how the application runs. */
        public AppSettings app;
        /** No default: which servers, by tags. */
        public ServerSelection servers;
        /** No default: the fewest servers the tags select at any time. */
        public int expectedMinFleetSize;
        /** @default one server at a time: all the others keep serving, and a bad revision stops at the first. */
        public ServerDeploymentConfig deploymentConfig = new ServerDeploymentConfig.OneAtATime();
        /** @default "/": every web server answers it; name the application's own health endpoint. */
        public String healthPath = "/";
        /** @default null: no traffic control (servers behind no target group of ours keep serving while they update). */
        public String targetGroupName = null;
        /** No default: where releases come from. */
        public PipelineSettings pipeline;
        /** @default none: a deployment rolls back when it fails or is stopped; name alarms to roll back on them too. */
        public List<String> alarmNames = List.of();
        /** @default null: no on-premises servers. */
        public OnPremisesTrust onPremises = null;
        /** No default: the environments pass the project's buildspec-ec2.yml (environments' Defaults). */
        public String buildspec;
    }

    /** The platform with the fields {@code fields} sets and every other at its default. */
    public static ExistingServers of(Consumer<Builder> fields) {
        return Settings.build(ExistingServers.class, fields);
    }

    @Override
    public String displayName() {
        return "Existing servers";
    }

    @Override
    public TrafficSettings traffic() {
        return null;
    }

    @Override
    public ExistingServersService build(Construct stack, ServiceContext context) {
        return ExistingServersService.compose(stack, context, this);
    }
}
