"""Tests of the CodeDeploy smoke-test hook's decision logic (run by SmokeTestHandlerTest with python3 -m unittest)."""
import http.server
import json
import os
import socket
import sys
import threading
import unittest

sys.path.insert(0, os.environ["HOOK_SOURCE_DIR"])
import smoke_test  # noqa: E402

EVENT = {"DeploymentId": "d-ABC123", "LifecycleEventHookExecutionId": "hook-1"}


class FakeCodeDeploy:
    def __init__(self):
        self.calls = []

    def put_lifecycle_event_hook_execution_status(self, **kwargs):
        self.calls.append(kwargs)


class Handler(http.server.BaseHTTPRequestHandler):
    routes = {}
    delay = 0.0
    requests = []

    def do_GET(self):
        if Handler.delay:
            import time
            time.sleep(Handler.delay)
        Handler.requests.append(self.path)
        status, body, *headers = Handler.routes.get(self.path, (404, "not found"))
        try:
            self.send_response(status)
            for name, value in (headers[0] if headers else {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (request timeout test)

    def log_message(self, *args):
        pass


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class SmokeTestHookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.url = "http://127.0.0.1:%d" % cls.server.server_address[1]
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def setUp(self):
        Handler.routes = {"/health": (200, "status: ok"), "/": (200, "hello")}
        Handler.delay = 0.0
        Handler.requests = []
        self.codedeploy = FakeCodeDeploy()

    def env(self, **extra):
        env = {"TEST_URL": self.url, "CHECKS": '[{"path": "/health", "status": 200, "contains": "ok"}, {"path": "/", "status": 200}]',
               "MAX_ATTEMPTS": "3", "RETRY_INTERVAL_SECONDS": "0.01", "TOTAL_SECONDS": "10", "REQUEST_TIMEOUT_SECONDS": "1"}
        env.update(extra)
        return env

    def assert_reported_once(self, status):
        self.assertEqual(1, len(self.codedeploy.calls), self.codedeploy.calls)
        self.assertEqual({"deploymentId": "d-ABC123", "lifecycleEventHookExecutionId": "hook-1", "status": status},
                         self.codedeploy.calls[0])

    def test_passes_when_every_check_passes(self):
        self.assertEqual("Succeeded", smoke_test.handle(EVENT, None, self.codedeploy, self.env()))
        self.assert_reported_once("Succeeded")

    def test_fails_on_wrong_status_after_bounded_retries(self):
        Handler.routes["/health"] = (503, "starting")
        fetched = []

        def counting_fetch(url, timeout):
            fetched.append(url)
            return smoke_test.fetch(url, timeout)

        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy, self.env(), fetcher=counting_fetch))
        self.assertEqual(3, len(fetched), "MAX_ATTEMPTS bounds the retries")
        self.assert_reported_once("Failed")

    def test_does_not_follow_a_redirect_and_fails_the_check(self):
        # The redirect points at a path that would pass: following it would hide that /health redirects.
        Handler.routes["/health"] = (302, "", {"Location": self.url + "/elsewhere"})
        Handler.routes["/elsewhere"] = (200, "status: ok")
        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy, self.env()))
        self.assertNotIn("/elsewhere", Handler.requests, "the redirect target must not be requested")
        self.assert_reported_once("Failed")

    def test_a_check_that_expects_the_redirect_passes(self):
        Handler.routes["/old"] = (301, "", {"Location": "https://example.invalid/new"})
        env = self.env(CHECKS='[{"path": "/old", "status": 301}]')
        self.assertEqual("Succeeded", smoke_test.handle(EVENT, None, self.codedeploy, env))
        self.assert_reported_once("Succeeded")

    def test_the_daily_keep_active_invocation_checks_nothing_and_reports_nothing(self):
        # SmokeTestHook.KEEP_ACTIVE_EVENT, the scheduled rule's input.
        event = json.loads('{"keepActive":"codedeploy-smoke-test"}')
        self.assertEqual("KeepActive", smoke_test.handle(event, None, self.codedeploy, self.env()))
        self.assertEqual([], self.codedeploy.calls, "no deployment to report to")
        self.assertEqual([], Handler.requests, "the test listener is not called")

    def test_a_deployment_event_is_never_taken_for_a_keep_active_one(self):
        event = dict(EVENT, keepActive="codedeploy-smoke-test")
        self.assertEqual("Succeeded", smoke_test.handle(event, None, self.codedeploy, self.env()))
        self.assert_reported_once("Succeeded")

    def test_accepts_what_the_target_groups_matcher_accepts(self):
        # The default check: the target groups' health check path and matcher (200-399), as the load balancer judges.
        Handler.routes["/health"] = (302, "", {"Location": "https://example.invalid/login"})
        env = self.env(CHECKS='[{"path": "/health", "statuses": "200-399"}]')
        self.assertEqual("Succeeded", smoke_test.handle(EVENT, None, self.codedeploy, env))
        self.assert_reported_once("Succeeded")

    def test_refuses_a_status_outside_the_matcher(self):
        Handler.routes["/health"] = (404, "not found")
        env = self.env(CHECKS='[{"path": "/health", "statuses": "200,302"}]', MAX_ATTEMPTS="1")
        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy, env))
        self.assert_reported_once("Failed")

    def test_fails_when_body_lacks_expected_text(self):
        Handler.routes["/health"] = (200, "status: degraded")
        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy, self.env()))
        self.assert_reported_once("Failed")

    def test_succeeds_when_a_retry_passes(self):
        answers = iter([(503, ""), (200, "status: ok"), (200, "hello")])
        self.assertEqual("Succeeded", smoke_test.handle(EVENT, None, self.codedeploy, self.env(),
                                                        fetcher=lambda url, timeout: next(answers)))
        self.assert_reported_once("Succeeded")

    def test_fails_on_request_timeout(self):
        Handler.delay = 0.5
        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy,
                                                     self.env(REQUEST_TIMEOUT_SECONDS="0.1", MAX_ATTEMPTS="2")))
        self.assert_reported_once("Failed")

    def test_fails_when_total_time_budget_is_used_up(self):
        clock = FakeClock()

        def slow_failure(url, timeout):
            clock.now += 4
            return 500, ""

        status = smoke_test.handle(EVENT, None, self.codedeploy, self.env(MAX_ATTEMPTS="100", TOTAL_SECONDS="10"),
                                   fetcher=slow_failure, clock=clock, sleep=clock.sleep)
        self.assertEqual("Failed", status)
        self.assertLessEqual(clock.now, 14, "stops once the budget is used up")
        self.assert_reported_once("Failed")

    def test_fails_when_host_is_unreachable(self):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy,
                                                     self.env(TEST_URL="http://127.0.0.1:%d" % port)))
        self.assert_reported_once("Failed")

    def test_reports_failed_when_the_checks_raise(self):
        def broken(url, timeout):
            raise RuntimeError("boom")

        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy, self.env(), fetcher=broken))
        self.assert_reported_once("Failed")

    def test_reports_failed_on_bad_configuration(self):
        self.assertEqual("Failed", smoke_test.handle(EVENT, None, self.codedeploy, self.env(CHECKS="not json")))
        self.assert_reported_once("Failed")

    def test_respects_the_lambda_remaining_time(self):
        class Context:
            def get_remaining_time_in_millis(self):
                return 10_500  # 0.5 s after the report margin

        clock = FakeClock()

        def failing(url, timeout):
            clock.now += 0.3
            return 500, ""

        self.assertEqual("Failed", smoke_test.handle(EVENT, Context(), self.codedeploy, self.env(MAX_ATTEMPTS="50"),
                                                     fetcher=failing, clock=clock, sleep=clock.sleep))
        self.assertLess(clock.now, 1.5)
        self.assert_reported_once("Failed")


if __name__ == "__main__":
    unittest.main()
