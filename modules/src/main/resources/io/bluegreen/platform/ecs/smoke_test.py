"""CodeDeploy AfterAllowTestTraffic hook: smoke-test green on the test listener before production traffic shifts.

CodeDeploy invokes this function with {"DeploymentId": ..., "LifecycleEventHookExecutionId": ...} once the test
listener points at the new (green) tasks. The function sends HTTP requests to the test URL for each configured
check, retries a bounded number of times within a bounded total time, and reports Succeeded or Failed with
PutLifecycleEventHookExecutionStatus. It reports exactly once, whatever happens: an exception or an exhausted
time budget reports Failed, so CodeDeploy never waits for its own one-hour timeout. Failed rolls the deployment
back; production traffic never reaches green.

Configuration (environment variables, set by the SmokeTestHook construct):
  TEST_URL                 base URL of the test listener, e.g. https://my-alb-123.eu-west-1.elb.amazonaws.com:8080
  CHECKS                   JSON list of {"path": "/health", "statuses": "200-399", "contains": "ok"} ("contains"
                           optional; "statuses" in the target groups' matcher syntax, or an integer "status").
                           Redirects are not followed: a 30x fails a check unless the check expects that status.
  MAX_ATTEMPTS             attempts per check before it fails (default 5)
  RETRY_INTERVAL_SECONDS   pause between attempts (default 5)
  TOTAL_SECONDS            time budget for all checks (default 120)
  REQUEST_TIMEOUT_SECONDS  timeout of one request (default 5)

Only the Python standard library and the runtime's boto3 are used.
"""
import json
import os
import ssl
import time
import urllib.error
import urllib.request

SUCCEEDED = "Succeeded"
FAILED = "Failed"
# Time kept back from the Lambda timeout to report the result.
REPORT_MARGIN_SECONDS = 10


def accepted_statuses(check):
    """The statuses a check accepts: "statuses" in the target groups' matcher syntax ("200", "200-399", "200,302"),
    or an integer "status"."""
    if isinstance(check.get("status"), int) and "statuses" not in check:
        return [(check["status"], check["status"])]
    ranges = []
    for part in str(check.get("statuses", "")).split(","):
        low, _, high = part.strip().partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise ValueError("statuses must look like 200, 200-399 or 200,302: %r" % (check,))
        ranges.append((int(low), int(high or low)))
    return ranges


def accepts(check, status):
    return any(low <= status <= high for low, high in check["accepted"])


def describe(check):
    return check.get("statuses", check.get("status"))


class Config:
    def __init__(self, env):
        self.test_url = env["TEST_URL"].rstrip("/")
        self.checks = json.loads(env.get("CHECKS", '[{"path": "/", "statuses": "200"}]'))
        if not isinstance(self.checks, list) or not self.checks:
            raise ValueError("CHECKS must be a non-empty JSON list")
        for check in self.checks:
            if not str(check.get("path", "")).startswith("/"):
                raise ValueError("each check needs a path starting with /: %r" % (check,))
            check["accepted"] = accepted_statuses(check)

        self.max_attempts = int(env.get("MAX_ATTEMPTS", "5"))
        self.retry_interval = float(env.get("RETRY_INTERVAL_SECONDS", "5"))
        self.total_seconds = float(env.get("TOTAL_SECONDS", "120"))
        self.request_timeout = float(env.get("REQUEST_TIMEOUT_SECONDS", "5"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers, not detours: a 30x could send the check to another host and pass there."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener():
    # The test listener is reached by the load balancer's DNS name, which the certificate does not cover:
    # the smoke test checks the new version's behaviour, not the certificate.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirect())


def fetch(url, timeout):
    """GET url without following redirects; returns (status, body). HTTP error and redirect statuses are returned,
    not raised; for a redirect the body names where it points."""
    request = urllib.request.Request(url, headers={"User-Agent": "codedeploy-smoke-test"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            return response.status, response.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            return error.code, "redirect to %s" % (error.headers.get("Location"),)
        return error.code, error.read(65536).decode("utf-8", "replace")


def check_once(config, check, fetcher, timeout):
    url = config.test_url + check["path"]
    try:
        status, body = fetcher(url, timeout)
    except Exception as error:  # unreachable host, timeout, TLS failure
        return False, "%s: %s" % (url, error)
    if not accepts(check, status):
        if 300 <= status < 400:
            return False, "%s: status %s (%s, not followed), expected %s; expect the 30x in the check to accept it" % (
                url, status, body, describe(check))
        return False, "%s: status %s, expected %s" % (url, status, describe(check))
    if check.get("contains") and check["contains"] not in body:
        return False, "%s: body does not contain %r" % (url, check["contains"])
    return True, "%s: ok (%s)" % (url, status)


def run_checks(config, fetcher=fetch, clock=time.monotonic, sleep=time.sleep, budget_seconds=None):
    """Runs every check with bounded retries inside the time budget. Returns (passed, log lines)."""
    budget = config.total_seconds if budget_seconds is None else min(config.total_seconds, budget_seconds)
    deadline = clock() + budget
    log = []
    for check in config.checks:
        passed = False
        for attempt in range(1, config.max_attempts + 1):
            remaining = deadline - clock()
            if remaining <= 0:
                log.append("time budget of %.0f s used up before %s passed" % (budget, check["path"]))
                return False, log
            ok, detail = check_once(config, check, fetcher, min(config.request_timeout, remaining))
            log.append("attempt %d/%d %s" % (attempt, config.max_attempts, detail))
            if ok:
                passed = True
                break
            if attempt < config.max_attempts:
                sleep(max(0.0, min(config.retry_interval, deadline - clock())))
        if not passed:
            return False, log
    return True, log


def report(codedeploy, event, status):
    codedeploy.put_lifecycle_event_hook_execution_status(
        deploymentId=event["DeploymentId"],
        lifecycleEventHookExecutionId=event["LifecycleEventHookExecutionId"],
        status=status,
    )


# The daily scheduled invocation that keeps the function Active (SmokeTestHook.KEEP_ACTIVE_EVENT): Lambda makes a
# function idle for weeks Inactive, and an Inactive function's first invocation fails.
KEEP_ACTIVE = "codedeploy-smoke-test"


def is_keep_active(event):
    return isinstance(event, dict) and event.get("keepActive") == KEEP_ACTIVE and "DeploymentId" not in event


def handle(event, context, codedeploy, env, fetcher=fetch, clock=time.monotonic, sleep=time.sleep):
    """Runs the checks and reports exactly once. Returns the reported status (or "KeepActive" for the daily
    scheduled invocation, which checks nothing and reports to no deployment)."""
    if is_keep_active(event):
        print(json.dumps({"keepActive": True}))
        return "KeepActive"
    status = FAILED
    try:
        config = Config(env)
        budget = None
        if context is not None and hasattr(context, "get_remaining_time_in_millis"):
            budget = context.get_remaining_time_in_millis() / 1000.0 - REPORT_MARGIN_SECONDS
        passed, log = run_checks(config, fetcher, clock, sleep, budget)
        for line in log:
            print(line)
        status = SUCCEEDED if passed else FAILED
    except Exception as error:  # any bug or bad configuration fails the deployment instead of hanging it
        print("smoke test crashed: %r" % (error,))
        status = FAILED
    finally:
        print(json.dumps({"deploymentId": event.get("DeploymentId"), "status": status}))
        report(codedeploy, event, status)
    return status


def handler(event, context):
    import boto3  # provided by the Lambda runtime

    return handle(event, context, boto3.client("codedeploy"), os.environ)
