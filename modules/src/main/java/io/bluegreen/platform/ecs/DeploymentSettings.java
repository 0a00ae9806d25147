package io.bluegreen.platform.ecs;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

/**
 * What an environment tunes about its blue/green deployments.
 *
 * @param strategy traffic shifting: all at once (default), canary or linear
 * @param readyAction CONTINUE_DEPLOYMENT (shift as soon as green is ready; wait 0) or STOP_DEPLOYMENT (wait up to
 *                    readyWaitMinutes for someone to continue the deployment by hand, then stop it)
 * @param readyWaitMinutes 0 with CONTINUE_DEPLOYMENT; 1..2880 with STOP_DEPLOYMENT
 * @param terminationWaitMinutes how long blue keeps running after the shift (0..2880; rollback window)
 */
public record DeploymentSettings(DeploymentStrategy strategy, ReadyAction readyAction, int readyWaitMinutes,
                                 int terminationWaitMinutes)
        implements Settings<DeploymentSettings, DeploymentSettings.Builder> {
    public static final int MAX_WAIT_MINUTES = 2880;

    /** What CodeDeploy does once green is ready. */
    public enum ReadyAction {
        CONTINUE_DEPLOYMENT,
        STOP_DEPLOYMENT
    }

    /** Every field at its default ({@link Builder}): all at once as soon as green is healthy, blue kept 5 minutes. */
    public static final DeploymentSettings DEFAULT = Settings.defaults(DeploymentSettings.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default all at once: green has passed the test-port checks, and blue stays for an instant rollback. */
        public DeploymentStrategy strategy = new DeploymentStrategy.AllAtOnce();
        /** @default CONTINUE_DEPLOYMENT: no person in the loop once green is ready. */
        public ReadyAction readyAction = ReadyAction.CONTINUE_DEPLOYMENT;
        /** @default 0: CodeDeploy accepts a wait only with STOP_DEPLOYMENT. */
        public int readyWaitMinutes = 0;
        /** @default 5: blue keeps running 5 minutes after the shift, the window for an instant rollback. */
        public int terminationWaitMinutes = 5;
    }

    public DeploymentSettings {
        Check check = Check.in("DeploymentSettings");
        check.notNull("strategy", strategy, "e.g. new DeploymentStrategy.AllAtOnce() (DEFAULT's)");
        check.notNull("readyAction", readyAction, "e.g. ReadyAction.CONTINUE_DEPLOYMENT (DEFAULT's)");
        check.between("readyWaitMinutes", readyWaitMinutes, 0, MAX_WAIT_MINUTES, "use 0 to continue at once");
        check.between("terminationWaitMinutes", terminationWaitMinutes, 0, MAX_WAIT_MINUTES, "use e.g. 5");
        if (readyAction == ReadyAction.STOP_DEPLOYMENT) {
            check.require(readyWaitMinutes > 0, "readyWaitMinutes", readyWaitMinutes,
                    "1 to 2880 with STOP_DEPLOYMENT (the time to approve before the deployment stops)",
                    "give an approval window, e.g. withManualTrafficShift(60)");
        } else {
            check.require(readyWaitMinutes == 0, "readyWaitMinutes", readyWaitMinutes,
                    "0 with CONTINUE_DEPLOYMENT (AWS rejects a wait time here)",
                    "use 0, or STOP_DEPLOYMENT to wait for a manual go-ahead");
        }
    }

    public DeploymentSettings withStrategy(DeploymentStrategy value) {
        return with(d -> d.strategy = value);
    }

    /**
     * Green waits up to {@code minutes} for an operator to shift production traffic (continue the deployment in the
     * CodeDeploy console or CLI); without it the deployment stops. Not the pipeline's approval stage
     * ({@code PipelineSettings.withApprovalStage}), which comes before the deployment starts.
     */
    public DeploymentSettings withManualTrafficShift(int minutes) {
        return withReady(ReadyAction.STOP_DEPLOYMENT, minutes);
    }

    public DeploymentSettings withReady(ReadyAction action, int minutes) {
        return with(d -> {
            d.readyAction = action;
            d.readyWaitMinutes = minutes;
        });
    }

    public DeploymentSettings withTerminationWait(int minutes) {
        return with(d -> d.terminationWaitMinutes = minutes);
    }
}
