package io.bluegreen.platform.ec2bluegreen;

import io.bluegreen.testing.PythonTests;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * The clean-up handler's decisions with fakes of CodeDeploy, Auto Scaling, ELB and SNS: deletes the orphaned copy;
 * refuses the live group, a group attached to the target group or with registered instances; ignores other
 * deployment groups and states; idempotent on a group already gone.
 */
class GreenCleanupHandlerTest {
    @Test
    void deletesOnlyOrphanedCopiesAndRefusesOrIgnoresEverythingElse() throws IOException, InterruptedException {
        PythonTests.run("test_green_cleanup.py", "CLEANUP_SOURCE_DIR", "io/bluegreen/platform/ec2bluegreen", 18);
    }
}
