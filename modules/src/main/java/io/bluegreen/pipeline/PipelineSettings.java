package io.bluegreen.pipeline;

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
                               String buildArtifact) {
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

    /**
     * The defaults, for {@code source}: no approval stage, small builds, a 30-minute timeout, 30 days of build logs
     * and artifacts, the last 30 images, notifications on, artifacts named SourceOutput and BuildOutput.
     */
    public static PipelineSettings of(PipelineSource source) {
        return new PipelineSettings(source, false, ComputeType.BUILD_GENERAL1_SMALL, 30, 30, 30, 30, false, true,
                "SourceOutput", "BuildOutput");
    }

    /** The same settings with another source (e.g. the connection of the environment's own account). */
    public PipelineSettings withSource(PipelineSource value) {
        return new PipelineSettings(value, approvalStage, computeType, buildTimeoutMinutes, logRetentionDays,
                artifactRetentionDays, keepImages, forceDestroyArtifacts, notifications, sourceArtifact, buildArtifact);
    }

    /** A manual approval stage in the pipeline (or none): someone approves each release before it deploys. */
    public PipelineSettings withApprovalStage(boolean value) {
        return new PipelineSettings(source, value, computeType, buildTimeoutMinutes, logRetentionDays,
                artifactRetentionDays, keepImages, forceDestroyArtifacts, notifications, sourceArtifact, buildArtifact);
    }

    /** The same settings with builds allowed {@code minutes} (5..480). */
    public PipelineSettings withBuildTimeoutMinutes(int minutes) {
        return new PipelineSettings(source, approvalStage, computeType, minutes, logRetentionDays,
                artifactRetentionDays, keepImages, forceDestroyArtifacts, notifications, sourceArtifact, buildArtifact);
    }

    /** Build logs (and the EC2 green clean-up's) kept {@code days} (a CloudWatch Logs value). */
    public PipelineSettings withLogRetentionDays(int days) {
        return new PipelineSettings(source, approvalStage, computeType, buildTimeoutMinutes, days,
                artifactRetentionDays, keepImages, forceDestroyArtifacts, notifications, sourceArtifact, buildArtifact);
    }

    public PipelineSettings withForceDestroyArtifacts(boolean value) {
        return new PipelineSettings(source, approvalStage, computeType, buildTimeoutMinutes, logRetentionDays,
                artifactRetentionDays, keepImages, value, notifications, sourceArtifact, buildArtifact);
    }

    public PipelineSettings withNotifications(boolean value) {
        return new PipelineSettings(source, approvalStage, computeType, buildTimeoutMinutes, logRetentionDays,
                artifactRetentionDays, keepImages, forceDestroyArtifacts, value, sourceArtifact, buildArtifact);
    }

    public PipelineSettings withArtifactNames(String sourceName, String buildName) {
        return new PipelineSettings(source, approvalStage, computeType, buildTimeoutMinutes, logRetentionDays,
                artifactRetentionDays, keepImages, forceDestroyArtifacts, notifications, sourceName, buildName);
    }
}
