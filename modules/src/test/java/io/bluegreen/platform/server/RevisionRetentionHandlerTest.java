package io.bluegreen.platform.server;

import io.bluegreen.testing.PythonTests;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * The revision retention's decisions with fakes of CodeDeploy and S3: keeps the live revision and its predecessor
 * however old (a scale-out a month later installs the live one), retires older revisions and artifacts, never a release
 * in flight, nothing after a first release, nothing for other groups or states, every page read, and nothing at all
 * when a kept revision cannot be read.
 */
class RevisionRetentionHandlerTest {
    @Test
    void retiresOnlyWhatCodeDeployCanNeverInstallAgain() throws IOException, InterruptedException {
        PythonTests.run("test_revision_retention.py", "RETENTION_SOURCE_DIR", "io/bluegreen/platform/server", 7);
    }
}
