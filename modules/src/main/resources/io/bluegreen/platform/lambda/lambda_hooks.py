"""CodeDeploy hooks of a Lambda deployment: invoke the function and report the result, exactly once.

CodeDeploy invokes this function with {"DeploymentId": ..., "LifecycleEventHookExecutionId": ...}. It reads the
deployment's appspec (GetDeployment) for the function's name, alias and target version, invokes the function with the
configured test event, and reports Succeeded or Failed with PutLifecycleEventHookExecutionStatus. It reports exactly
once, whatever happens (an exception reports Failed), so CodeDeploy never waits for its own one-hour timeout. Failed
rolls the deployment back.

  BeforeAllowTraffic (MODE=before): invokes the new version directly (Qualifier = TargetVersion), before any traffic
                                    moves to it.
  AfterAllowTraffic  (MODE=after):  invokes through the alias (Qualifier = Alias), once all traffic has moved.

A check passes when the invocation returns without a FunctionError, and (when EXPECT is set) its payload contains
EXPECT.

A rollback is a deployment CodeDeploy creates itself (creator codeDeployRollback) to put the alias back on the version
that served before. Should CodeDeploy call the hooks for it, they invoke nothing: the version being rolled back is the
one that just failed (invoking it again proves nothing and could fail the rollback), and the version it returns to
served until moments ago. They report Succeeded at once, so that nothing stands in the way of the rollback.

Configuration (environment variables, set by the LambdaHooks construct):
  MODE         before | after
  TEST_EVENT   JSON payload to invoke with (default {})
  EXPECT       text the response payload must contain (optional)
  READ_TIMEOUT seconds to wait for the function's answer (its timeout plus a margin, below this hook's own timeout,
               so that a slow answer is still reported); the invocation is never retried
Only the Python standard library and the runtime's boto3 are used.
"""
import json
import os

SUCCEEDED = "Succeeded"
FAILED = "Failed"
# GetDeployment's creator of a deployment CodeDeploy made to roll another one back (API: DeploymentCreator).
ROLLBACK_CREATOR = "codeDeployRollback"


def target(appspec_content):
    """(name, alias, current, target version) of the function resource in the appspec (JSON or YAML-as-JSON)."""
    spec = json.loads(appspec_content)
    for resource in spec.get("Resources", []):
        for body in resource.values():
            props = body.get("Properties", {})
            if body.get("Type") == "AWS::Lambda::Function":
                return props["Name"], props["Alias"], str(props["CurrentVersion"]), str(props["TargetVersion"])
    raise ValueError("the appspec names no AWS::Lambda::Function resource")


def check(event, env, codedeploy, lambda_client):
    """Returns (status, message): what to report."""
    deployment = codedeploy.get_deployment(deploymentId=event["DeploymentId"])["deploymentInfo"]
    if deployment.get("creator") == ROLLBACK_CREATOR:
        return SUCCEEDED, "rollback deployment %s (of %s): nothing invoked; the alias returns to the version that served" % (
            event["DeploymentId"], (deployment.get("rollbackInfo") or {}).get("rollbackTriggeringDeploymentId", "?"))
    content = deployment["revision"]["appSpecContent"]["content"]
    name, alias, _current, version = target(content)
    mode = env.get("MODE", "before")
    qualifier = version if mode == "before" else alias
    payload = env.get("TEST_EVENT") or "{}"
    json.loads(payload)  # a broken test event is a failure of this hook, reported as such
    response = lambda_client.invoke(FunctionName=name, Qualifier=qualifier, InvocationType="RequestResponse",
                                    Payload=payload.encode())
    body = response["Payload"].read().decode("utf-8", "replace")
    if response.get("FunctionError"):
        return FAILED, "%s:%s failed (%s): %s" % (name, qualifier, response["FunctionError"], body[:500])
    expect = env.get("EXPECT")
    if expect and expect not in body:
        return FAILED, "%s:%s answered without %r: %s" % (name, qualifier, expect, body[:500])
    return SUCCEEDED, "%s:%s answered: %s" % (name, qualifier, body[:200])


def run(event, env, codedeploy, lambda_client):
    status, message = FAILED, "hook did not finish"
    try:
        status, message = check(event, env, codedeploy, lambda_client)
    except Exception as error:  # every failure is reported: CodeDeploy must not wait an hour
        status, message = FAILED, "%s: %s" % (type(error).__name__, error)
    finally:
        print(json.dumps({"status": status, "message": message}))
        codedeploy.put_lifecycle_event_hook_execution_status(
            deploymentId=event["DeploymentId"],
            lifecycleEventHookExecutionId=event["LifecycleEventHookExecutionId"],
            status=status)
    return {"status": status, "message": message}


def handler(event, context):
    import boto3  # the Lambda runtime's; imported here so the tests need none

    from botocore.config import Config

    # One attempt, waiting as long as the function may run: boto3's default (60 s, then a retry that invokes again)
    # would let a slow function outlive this hook, which CodeDeploy would then wait an hour for.
    config = Config(read_timeout=int(os.environ.get("READ_TIMEOUT", "60")), connect_timeout=5,
                    retries={"total_max_attempts": 1})
    return run(event, os.environ, boto3.client("codedeploy"), boto3.client("lambda", config=config))
