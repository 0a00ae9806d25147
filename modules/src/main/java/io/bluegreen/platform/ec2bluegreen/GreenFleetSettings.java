package io.bluegreen.platform.ec2bluegreen;

import io.bluegreen.settings.Settings;
import io.bluegreen.validation.Check;

/**
 * How an EC2 blue/green deployment treats the two fleets.
 *
 * @param readyMinutes 0: traffic moves to green as soon as it is installed and validated; 1..2880: green waits up to
 *                     that many minutes for a manual go-ahead ({@code aws deploy continue-deployment}), and the
 *                     deployment stops (and rolls back) when none comes
 * @param terminationWaitMinutes minutes blue keeps running after traffic moved (0..2880, CodeDeploy's limit): the
 *                               window in which a rollback is instant; then CodeDeploy terminates blue and deletes
 *                               its Auto Scaling group
 * @param cleanupGraceMinutes minutes a failed or stopped deployment's green group is kept for debugging before the
 *                            clean-up deletes it (0..2880)
 */
public record GreenFleetSettings(int readyMinutes, int terminationWaitMinutes, int cleanupGraceMinutes)
        implements Settings<GreenFleetSettings, GreenFleetSettings.Builder> {
    /** CodeDeploy's limit for both waits (two days). */
    public static final int MAX_WAIT_MINUTES = 2880;

    /** Green takes traffic once validated, blue is terminated 5 minutes later (like ECS), failed greens go after 60. */
    public static final GreenFleetSettings DEFAULT = Settings.defaults(GreenFleetSettings.class);

    /** The settings and their defaults; change the ones you need with {@link #with}. */
    public static final class Builder {
        /** @default 0: green takes traffic as soon as it is installed and validated, with no person in the loop. */
        public int readyMinutes = 0;
        /** @default 5: blue keeps running 5 minutes after the shift, the window for an instant rollback (as on ECS). */
        public int terminationWaitMinutes = 5;
        /** @default 60: an hour to look at a failed green fleet before the clean-up deletes it and its cost. */
        public int cleanupGraceMinutes = 60;
    }

    public GreenFleetSettings {
        Check check = Check.in("GreenFleetSettings");
        check.between("readyMinutes", readyMinutes, 0, MAX_WAIT_MINUTES,
                "0 to shift traffic once green is validated, or 1..2880 minutes to wait for a manual go-ahead");
        check.between("terminationWaitMinutes", terminationWaitMinutes, 0, MAX_WAIT_MINUTES,
                "use e.g. 5 (CodeDeploy allows 0..2880 minutes)");
        check.between("cleanupGraceMinutes", cleanupGraceMinutes, 0, MAX_WAIT_MINUTES, "use e.g. 60");
    }

    /** Waits up to {@code minutes} (1..2880) for a manual go-ahead before traffic moves to green. */
    public GreenFleetSettings withManualGoAhead(int minutes) {
        Check.in("GreenFleetSettings").between("manual go-ahead minutes", minutes, 1, MAX_WAIT_MINUTES,
                "1..2880 minutes (CodeDeploy's limit); use readyMinutes 0 to continue at once");
        return with(g -> g.readyMinutes = minutes);
    }

    public GreenFleetSettings withTerminationWait(int minutes) {
        return with(g -> g.terminationWaitMinutes = minutes);
    }

    public GreenFleetSettings withCleanupGrace(int minutes) {
        return with(g -> g.cleanupGraceMinutes = minutes);
    }

    /** Whether green waits for a manual go-ahead. */
    public boolean manualGoAhead() {
        return readyMinutes > 0;
    }
}
