package io.bluegreen.platform.ecs;

import io.bluegreen.testing.PythonTests;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/** The smoke-test hook's own tests: a fake HTTP server on localhost and a fake CodeDeploy client. */
class SmokeTestHandlerTest {
    @Test
    void handlerReportsTheRightStatusExactlyOnceInEveryCase() throws IOException, InterruptedException {
        PythonTests.run("test_smoke_test.py", "HOOK_SOURCE_DIR", "io/bluegreen/platform/ecs", 16);
    }
}
