package io.bluegreen.pipeline;

import io.bluegreen.settings.Settings;
import io.bluegreen.aws.AwsValues;
import io.bluegreen.validation.Check;

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
 */
public record PipelineSettings(PipelineSource source, boolean approvalStage, ComputeType computeType,
                               int buildTimeoutMinutes, int logRetentionDays, int artifactRetentionDays, int keepImages,
                               boolean forceDestroyArtifacts, boolean notifications, String sourceArtifact,
                               String buildArtifact) implements Settings<PipelineSettings, PipelineSettings.Builder> {
    private static final Pattern ARTIFACT = Pattern.compile("^[A-Za-z0-9_\\-]{1,100}$");

    /** CodeBuild compute types for Linux containers. */
    public enum ComputeType {
        BUILD_GENERAL1_SMALL,
        BUILD_GENERAL1_MEDIUM,
        BUILD_GENERAL1_LARGE
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
}
