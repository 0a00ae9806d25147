package io.bluegreen.platform.lambda;

import io.bluegreen.testing.PythonTests;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/**
 * The Lambda deployment hooks with fakes of CodeDeploy and Lambda: before invokes the target version, after the
 * alias; a function error, a missing expected text, a broken event or any exception fails; each reports once.
 */
class LambdaHooksHandlerTest {
    @Test
    void hooksInvokeTheRightQualifierAndReportExactlyOnce() throws IOException, InterruptedException {
        PythonTests.run("test_lambda_hooks.py", "LAMBDA_HOOKS_SOURCE_DIR", "io/bluegreen/platform/lambda", 8);
    }
}
