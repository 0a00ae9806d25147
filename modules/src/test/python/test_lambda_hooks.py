"""Tests of the Lambda deployment hooks (run by LambdaHooksHandlerTest with python3 -m unittest)."""
import io
import json
import os
import sys
import unittest

sys.path.insert(0, os.environ["LAMBDA_HOOKS_SOURCE_DIR"])
import lambda_hooks  # noqa: E402

EVENT = {"DeploymentId": "d-ABC123", "LifecycleEventHookExecutionId": "hook-1"}
APPSPEC = json.dumps({"version": 0.0, "Resources": [{"pricing-prod-function": {
    "Type": "AWS::Lambda::Function",
    "Properties": {"Name": "pricing-prod-function", "Alias": "live", "CurrentVersion": "4", "TargetVersion": "5"}}}],
    "Hooks": [{"BeforeAllowTraffic": "CodeDeployHook_pricing-prod-before"}]})


class FakeCodeDeploy:
    def __init__(self, appspec=APPSPEC, fail_get=False, creator="user"):
        self.appspec = appspec
        self.fail_get = fail_get
        self.creator = creator
        self.reports = []

    def get_deployment(self, deploymentId):
        if self.fail_get:
            raise RuntimeError("AccessDenied")
        return {"deploymentInfo": {"creator": self.creator, "rollbackInfo": {"rollbackTriggeringDeploymentId": "d-FAILED001"}
                                   if self.creator == "codeDeployRollback" else {},
                                   "revision": {"revisionType": "AppSpecContent", "appSpecContent": {"content": self.appspec}}}}

    def put_lifecycle_event_hook_execution_status(self, **kwargs):
        self.reports.append(kwargs)


class FakeLambda:
    def __init__(self, body='{"statusCode": 200, "body": "ok"}', error=None):
        self.body = body
        self.error = error
        self.calls = []

    def invoke(self, **kwargs):
        self.calls.append(kwargs)
        response = {"StatusCode": 200, "Payload": io.BytesIO(self.body.encode())}
        if self.error:
            response["FunctionError"] = self.error
        return response


class HooksTest(unittest.TestCase):
    def run_hook(self, env, codedeploy=None, fn=None):
        codedeploy = codedeploy or FakeCodeDeploy()
        fn = fn or FakeLambda()
        result = lambda_hooks.run(EVENT, env, codedeploy, fn)
        self.assertEqual(1, len(codedeploy.reports), "reports exactly once")
        self.assertEqual(result["status"], codedeploy.reports[0]["status"])
        self.assertEqual("hook-1", codedeploy.reports[0]["lifecycleEventHookExecutionId"])
        return result, fn

    def test_before_allow_traffic_invokes_the_new_version_directly(self):
        result, fn = self.run_hook({"MODE": "before", "TEST_EVENT": '{"path": "/health"}'})
        self.assertEqual("Succeeded", result["status"], result)
        self.assertEqual("5", fn.calls[0]["Qualifier"])
        self.assertEqual("pricing-prod-function", fn.calls[0]["FunctionName"])
        self.assertEqual(b'{"path": "/health"}', fn.calls[0]["Payload"])

    def test_after_allow_traffic_invokes_through_the_alias(self):
        result, fn = self.run_hook({"MODE": "after"})
        self.assertEqual("Succeeded", result["status"], result)
        self.assertEqual("live", fn.calls[0]["Qualifier"])

    def test_a_rollback_invokes_nothing_and_never_stands_in_its_way(self):
        for mode in ("before", "after"):
            broken = FakeLambda('{"errorMessage": "boom"}', "Unhandled")
            result, fn = self.run_hook({"MODE": mode}, codedeploy=FakeCodeDeploy(creator="codeDeployRollback"), fn=broken)
            self.assertEqual("Succeeded", result["status"], result)
            self.assertEqual([], fn.calls, "the version being rolled back is not invoked")
            self.assertIn("rollback deployment", result["message"])

    def test_a_function_error_fails_the_hook(self):
        result, _ = self.run_hook({"MODE": "before"}, fn=FakeLambda('{"errorMessage": "boom"}', "Unhandled"))
        self.assertEqual("Failed", result["status"])
        self.assertIn("boom", result["message"])

    def test_a_missing_expected_text_fails_the_hook(self):
        result, _ = self.run_hook({"MODE": "before", "EXPECT": "\"ok\""}, fn=FakeLambda('{"body": "nope"}'))
        self.assertEqual("Failed", result["status"])
        result, _ = self.run_hook({"MODE": "before", "EXPECT": "\"ok\""})
        self.assertEqual("Succeeded", result["status"])

    def test_any_exception_is_reported_as_failed_once(self):
        result, _ = self.run_hook({"MODE": "before"}, codedeploy=FakeCodeDeploy(fail_get=True))
        self.assertEqual("Failed", result["status"])
        self.assertIn("AccessDenied", result["message"])

    def test_a_broken_test_event_fails_without_invoking(self):
        result, fn = self.run_hook({"MODE": "before", "TEST_EVENT": "{not json"})
        self.assertEqual("Failed", result["status"])
        self.assertEqual([], fn.calls)

    def test_an_appspec_without_a_function_fails(self):
        result, _ = self.run_hook({"MODE": "after"}, codedeploy=FakeCodeDeploy(appspec='{"Resources": []}'))
        self.assertEqual("Failed", result["status"])
        self.assertIn("no AWS::Lambda::Function", result["message"])


if __name__ == "__main__":
    unittest.main()
