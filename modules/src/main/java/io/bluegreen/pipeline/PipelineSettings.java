package io.bluegreen.pipeline;

import io.bluegreen.settings.Settings;
import io.bluegreen.aws.AwsValues;
import io.bluegreen.validation.Check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an environment tunes about its delivery pipeline.
 *
 * @param source where pushes come from
 * @param approvalStage a manual approval stage in the pipeline between build and deploy
 * @param computeType CodeBuild machine size
 * @param buildTimeoutMinutes 5..480
 * @param logRetentionDays CodeBuild log retention (a CloudWatch Logs value)
 * @param artifactRetentionDays pipeline artifacts expire after this many days (1..3650)
 * @param keepImages tagged images kept in ECR (1..1000); older ones expire
 * @param forceDestroyArtifacts let `destroy` delete a non-empty artifact bucket (dev only)
 * @param notifications pipeline success/failure notifications to the environment's topic
 * @param sourceArtifact name of the source stage's output artifact
 * @param buildArtifact name of the build stage's output artifact
 * @param executionMode how releases that arrive while one runs are handled (the pipeline is always a V2 pipeline)
 * @param triggers which pushes start a release, for a connection source: null = pushes to the source's branch
 * @param variables pipeline-level variables the build receives as environment variables
 * @param deployWindow when a release may start deploying (null = any time)
 * @param alarmGate whether a release may start deploying while the service's rollback alarms fire
 */
public record PipelineSettings(PipelineSource source, boolean approvalStage, ComputeType computeType,
                               int buildTimeoutMinutes, int logRetentionDays, int artifactRetentionDays, int keepImages,
                               boolean forceDestroyArtifacts, boolean notifications, String sourceArtifact,
                               String buildArtifact, ExecutionMode executionMode, List<GitPushFilter> triggers,
                               List<PipelineVariable> variables, DeploymentWindow deployWindow, boolean alarmGate)
        implements Settings<PipelineSettings, PipelineSettings.Builder> {
    private static final Pattern ARTIFACT = Pattern.compile("^[A-Za-z0-9_\\-]{1,100}$");

    /** CodeBuild compute types for Linux containers. */
    public enum ComputeType {
        BUILD_GENERAL1_SMALL,
        BUILD_GENERAL1_MEDIUM,
        BUILD_GENERAL1_LARGE
    }

    /**
     * What CodePipeline (V2) does with a release that arrives while another one runs. PARALLEL is not offered: it
     * would run two CodeDeploy deployments of one group at once, which CodeDeploy refuses (one active deployment per
     * group), and it allows no stage rollback.
     */
    public enum ExecutionMode {
        /**
         * Releases wait in line and run one after another, each to the end: none is dropped, and no two deploy at
         * once. A burst of pushes therefore deploys every one of them, in order.
         */
        QUEUED,
        /**
         * A newer release replaces an older one that is still waiting between stages (the older one is superseded,
         * never deployed); a release already in a stage finishes it first. Fewer deployments after a burst, but a
         * release someone waits for can silently give way to a later push.
         */
        SUPERSEDED
    }

    public PipelineSettings {
        Check check = Check.in("PipelineSettings");
        check.notNull("source", source, "e.g. new PipelineSource.CodeStarConnection(new PipelineSource.Existing(arn), \"acme/checkout\", \"main\")");
        check.notNull("computeType", computeType, "e.g. ComputeType.BUILD_GENERAL1_SMALL (of()'s)");
        check.between("buildTimeoutMinutes", buildTimeoutMinutes, 5, 480, "use e.g. 30");
        AwsValues.checkLogRetention(check, "logRetentionDays", logRetentionDays);
        check.between("artifactRetentionDays", artifactRetentionDays, 1, 3650, "use e.g. 30");
        check.between("keepImages", keepImages, 1, 1000, "use e.g. 30");

        check.matches("sourceArtifact", sourceArtifact, ARTIFACT, "1-100 letters, digits, '_' and '-'", "e.g. SourceOutput");
        check.matches("buildArtifact", buildArtifact, ARTIFACT, "1-100 letters, digits, '_' and '-'", "e.g. BuildOutput");
        check.require(!sourceArtifact.equals(buildArtifact), "buildArtifact", buildArtifact,
                "a name different from sourceArtifact", "e.g. BuildOutput");
        check.notNull("executionMode", executionMode, "ExecutionMode.QUEUED (the default)");
        if (triggers != null) {
            triggers = List.copyOf(triggers);
            check.require(source instanceof PipelineSource.CodeStarConnection, "triggers",
                    triggers.stream().map(GitPushFilter::describe).toList(),
                    "triggers only on a CodeStar connection source (git branches and tags); a " + source.kind()
                            + " source has no tags or branches to filter and starts through EventBridge",
                    "remove the triggers, or start the pipeline from a connection (PipelineSource.CodeStarConnection)");
            check.require(!triggers.isEmpty() && triggers.size() <= GitPushFilter.MAX_FILTERS, "triggers",
                    triggers.size() + " push filters", "1 to " + GitPushFilter.MAX_FILTERS
                            + " push filters (CodePipeline's limit per source action)",
                    "merge filters: one filter holds up to 8 branch or tag patterns");
        }
        variables = List.copyOf(Check.orDefault(variables, List.of()));
        check.require(variables.size() <= PipelineVariable.MAX_VARIABLES, "variables", variables.size() + " variables",
                "at most " + PipelineVariable.MAX_VARIABLES + " (CodePipeline's limit per pipeline)", "remove variables");
        check.distinct("variables names", variables.stream().map(PipelineVariable::name).toList(),
                "give each variable its own name");
        if (!variables.isEmpty()) {
            int length = PipelineV2.environmentVariables(variables).length();
            check.require(length <= PipelineV2.MAX_CONFIGURATION_VALUE, "variables",
                    variables.size() + " variables (" + length + " characters in the build action's EnvironmentVariables)",
                    "at most " + PipelineV2.MAX_CONFIGURATION_VALUE + " characters there (CodePipeline's limit for one"
                            + " action configuration value; each variable takes about 60 plus twice its name)",
                    "use fewer or shorter variable names");
        }
    }

    /**
     * The push filters that start a release: the given ones, or, for a connection source without any, pushes to its
     * branch (what a connection source did before triggers existed). None for other sources.
     */
    public List<GitPushFilter> effectiveTriggers() {
        if (triggers != null) {
            return triggers;
        }
        return source instanceof PipelineSource.CodeStarConnection c ? List.of(GitPushFilter.branches(c.branch())) : List.of();
    }

    /** The settings and their defaults; {@link #of} sets the source, which has none. */
    public static final class Builder {
        /** No default: where releases come from. */
        public PipelineSource source;
        /** @default false: every push that builds is released; production adds a person (ServiceDefaults). */
        public boolean approvalStage = false;
        /** @default BUILD_GENERAL1_SMALL: 2 vCPUs and 3 GB, enough to build an image or a bundle. */
        public ComputeType computeType = ComputeType.BUILD_GENERAL1_SMALL;
        /** @default 30: a build that takes longer is stuck, not slow. */
        public int buildTimeoutMinutes = 30;
        /** @default 30: a month of build logs to compare releases. */
        public int logRetentionDays = 30;
        /**
         * @default 30: pipeline artifacts for a month. A revision CodeDeploy may still install is kept by the revision
         * retention, not by this.
         */
        public int artifactRetentionDays = 30;
        /** @default 30: the last 30 tagged images, enough to redeploy any recent release. */
        public int keepImages = 30;
        /** @default false: destroy keeps a bucket that still holds artifacts; dev opts in (ServiceDefaults). */
        public boolean forceDestroyArtifacts = false;
        /** @default true: the environment's topic hears of every pipeline success and failure. */
        public boolean notifications = true;
        /** @default "SourceOutput". */
        public String sourceArtifact = "SourceOutput";
        /** @default "BuildOutput". */
        public String buildArtifact = "BuildOutput";
        /**
         * @default QUEUED: every release runs to its end, one at a time, so no two CodeDeploy deployments of the group
         * overlap and no release that someone is waiting for is dropped by a later push.
         */
        public ExecutionMode executionMode = ExecutionMode.QUEUED;
        /** @default null: pushes to the connection source's branch, as before triggers; none for other sources. */
        public List<GitPushFilter> triggers = null;
        /** @default none. */
        public List<PipelineVariable> variables = List.of();
        /** @default null: releases deploy at any time; production sets a window (ServiceDefaults). */
        public DeploymentWindow deployWindow = null;
        /** @default false: production turns the gate on (ServiceDefaults); elsewhere a release deploys regardless. */
        public boolean alarmGate = false;
    }

    /** The settings for {@code source}, every other field at its default ({@link Builder}). */
    public static PipelineSettings of(PipelineSource source) {
        return Settings.build(PipelineSettings.class, p -> p.source = source);
    }

    /** The same settings with another source (e.g. the connection of the environment's own account). */
    public PipelineSettings withSource(PipelineSource value) {
        return with(p -> p.source = value);
    }

    /** A manual approval stage in the pipeline (or none): someone approves each release before it deploys. */
    public PipelineSettings withApprovalStage(boolean value) {
        return with(p -> p.approvalStage = value);
    }

    /** The same settings with builds allowed {@code minutes} (5..480). */
    public PipelineSettings withBuildTimeoutMinutes(int minutes) {
        return with(p -> p.buildTimeoutMinutes = minutes);
    }

    /** Build logs (and the EC2 green clean-up's) kept {@code days} (a CloudWatch Logs value). */
    public PipelineSettings withLogRetentionDays(int days) {
        return with(p -> p.logRetentionDays = days);
    }

    public PipelineSettings withForceDestroyArtifacts(boolean value) {
        return with(p -> p.forceDestroyArtifacts = value);
    }

    public PipelineSettings withNotifications(boolean value) {
        return with(p -> p.notifications = value);
    }

    public PipelineSettings withArtifactNames(String sourceName, String buildName) {
        return with(p -> {
            p.sourceArtifact = sourceName;
            p.buildArtifact = buildName;
        });
    }

    /** The same settings with these push filters starting a release (connection sources only). */
    public PipelineSettings withTriggers(List<GitPushFilter> value) {
        return with(p -> p.triggers = value);
    }

    /** The same settings with these pipeline variables. */
    public PipelineSettings withVariables(List<PipelineVariable> value) {
        return with(p -> p.variables = value);
    }

    /** The same settings with releases deploying only in {@code window} (null: any time). */
    public PipelineSettings withDeployWindow(DeploymentWindow window) {
        return with(p -> p.deployWindow = window);
    }

    /** The same settings with (or without) the gate that holds a release while the service's alarms fire. */
    public PipelineSettings withAlarmGate(boolean value) {
        return with(p -> p.alarmGate = value);
    }

    /** The same settings with another execution mode. */
    public PipelineSettings withExecutionMode(ExecutionMode value) {
        return with(p -> p.executionMode = value);
    }
}
