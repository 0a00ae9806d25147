"""Clean-up after a failed or stopped EC2 blue/green deployment: deletes the green Auto Scaling group it left behind.

With green fleet provisioning COPY_AUTO_SCALING_GROUP, every deployment makes a copy of the live group named
CodeDeploy_<deployment group>_<deployment id>. When the deployment fails or is stopped, CodeDeploy routes traffic
back to the original (blue) instances but leaves the copy and its instances running, and billing. This function
deletes that copy, after the grace period the state machine waits (time to debug the failed instances).

It deletes a group only when every guard passes, and otherwise refuses and says why:
  - the event is a FAILURE or STOP of this function's application and deployment group (others are ignored);
  - CodeDeploy itself reports the deployment as Failed or Stopped, in this deployment group;
  - the group's name is CodeDeploy_<deployment group>_<deployment id> (the only names its role may delete);
  - the deployment group does not name the group (it would be the live fleet);
  - none of the group's instances is registered in the service's target group (it would be serving traffic). A
    group still attached to the target group with no instance registered there is deleted: left running, every
    instance it launched would join production.
A group that is already gone, or already being deleted, is not an error: running twice is safe.

Configuration (environment variables, set by the FailedGreenCleanup construct):
  APPLICATION        the CodeDeploy application
  DEPLOYMENT_GROUP   the CodeDeploy deployment group
  TARGET_GROUP_ARN   the service's production target group
  TOPIC_ARN          SNS topic told what was deleted or refused (optional)

Input: the EventBridge event "CodeDeploy Deployment State-change Notification", as the state machine received it.
Output: {"result": "deleted" | "refused" | "already-gone" | "ignored", "group": ..., "reason": ...}.
Only the Python standard library and the runtime's boto3 are used.
"""
import json
import os
import re

DELETED = "deleted"
REFUSED = "refused"
GONE = "already-gone"
IGNORED = "ignored"

CLEANED_STATES = ("FAILURE", "STOP")
# What CodeDeploy reports for those states (GetDeployment).
CLEANED_STATUSES = ("Failed", "Stopped")
DEPLOYMENT_ID = re.compile(r"^d-[A-Z0-9]{1,20}$")
# Target states in which an instance takes (or is about to take) traffic.
NOT_SERVING = ("draining", "unused")


class Config:
    def __init__(self, env):
        self.application = env["APPLICATION"]
        self.deployment_group = env["DEPLOYMENT_GROUP"]
        self.target_group_arn = env["TARGET_GROUP_ARN"]
        self.topic_arn = env.get("TOPIC_ARN") or None

    @property
    def group_prefix(self):
        return "CodeDeploy_%s_" % self.deployment_group


def _error_code(error):
    response = getattr(error, "response", None) or {}
    return response.get("Error", {}).get("Code", ""), response.get("Error", {}).get("Message", "")


def _result(result, group, reason):
    return {"result": result, "group": group, "reason": reason}


def clean_up(event, config, codedeploy, autoscaling, elbv2):
    """Decides and, when every guard passes, deletes. Returns the result; never publishes (see handler)."""
    detail = event.get("detail") or {}
    application = detail.get("application")
    deployment_group = detail.get("deploymentGroup")
    state = detail.get("state")
    deployment_id = detail.get("deploymentId") or ""
    if application != config.application or deployment_group != config.deployment_group:
        return _result(IGNORED, None, "event of %s/%s, not of %s/%s" % (
            application, deployment_group, config.application, config.deployment_group))
    if state not in CLEANED_STATES:
        return _result(IGNORED, None, "deployment %s is %s, not one of %s" % (deployment_id, state, "/".join(CLEANED_STATES)))
    if not DEPLOYMENT_ID.match(deployment_id):
        return _result(IGNORED, None, "not a deployment id: %r" % (deployment_id,))
    group = config.group_prefix + deployment_id

    deployment = codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
    if deployment.get("deploymentGroupName") != config.deployment_group or deployment.get("applicationName") != config.application:
        return _result(REFUSED, group, "deployment %s belongs to %s/%s" % (
            deployment_id, deployment.get("applicationName"), deployment.get("deploymentGroupName")))
    if deployment.get("status") not in CLEANED_STATUSES:
        return _result(REFUSED, group, "CodeDeploy reports deployment %s as %s, not Failed or Stopped"
                       % (deployment_id, deployment.get("status")))

    info = codedeploy.get_deployment_group(
        applicationName=config.application, deploymentGroupName=config.deployment_group)["deploymentGroupInfo"]
    live = [g.get("name") for g in info.get("autoScalingGroups") or []]
    if group in live:
        return _result(REFUSED, group, "the deployment group names %s as its fleet: it is the live group" % group)

    groups = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[group]).get("AutoScalingGroups") or []
    if not groups:
        return _result(GONE, group, "no Auto Scaling group %s" % group)
    asg = groups[0]
    if asg.get("Status") == "Delete in progress":
        return _result(GONE, group, "%s is already being deleted" % group)
    # Attached to the target group (CodeDeploy attaches green before it fails in AllowTraffic or during the blue
    # wait) is not a reason to keep it: what decides is whether any of its instances is registered there. An attached
    # copy left running would register every instance it launches, and serve the placeholder to production.
    attached = config.target_group_arn in (asg.get("TargetGroupARNs") or [])
    instance_ids = {i["InstanceId"] for i in asg.get("Instances") or []}
    if instance_ids:
        targets = elbv2.describe_target_health(TargetGroupArn=config.target_group_arn).get("TargetHealthDescriptions") or []
        serving = sorted(t["Target"]["Id"] for t in targets
                         if t["Target"]["Id"] in instance_ids and t["TargetHealth"]["State"] not in NOT_SERVING)
        if serving:
            return _result(REFUSED, group, "instances of %s are registered in the target group: %s"
                           % (group, ", ".join(serving)))

    if not group.startswith(config.group_prefix):  # by construction; the role may delete nothing else either
        return _result(REFUSED, group, "%s does not start with %s" % (group, config.group_prefix))
    try:
        autoscaling.delete_auto_scaling_group(AutoScalingGroupName=group, ForceDelete=True)
    except Exception as error:  # botocore's ClientError; matched by code so tests need no botocore
        code, message = _error_code(error)
        if code == "ValidationError" and "not found" in message.lower():
            return _result(GONE, group, "no Auto Scaling group %s" % group)
        raise  # throttling, a scaling activity in progress: the state machine retries
    return _result(DELETED, group, "deleted %s and its %d instance(s) (force delete) after deployment %s was %s%s"
                   % (group, len(instance_ids), deployment_id, deployment.get("status"),
                      "; it was attached to the target group with no instance registered there" if attached else ""))


def notify(sns, config, event, outcome):
    """Tells the service's topic what was deleted or refused (ignored events and groups already gone are only logged)."""
    if not config.topic_arn or outcome["result"] not in (DELETED, REFUSED):
        return
    detail = event.get("detail") or {}
    verb = "deleted" if outcome["result"] == DELETED else "REFUSED to delete"
    subject = ("Blue/green clean-up %s %s" % (verb, outcome["group"]))[:100]
    lines = [
        "Clean-up of failed EC2 blue/green deployment %s (%s/%s): %s." % (
            detail.get("deploymentId"), config.application, config.deployment_group, outcome["result"].upper()),
        outcome["reason"],
    ]
    if outcome["result"] == REFUSED:
        lines.append("Nothing was deleted. Check the group; delete it yourself when it serves no traffic:"
                     " aws autoscaling delete-auto-scaling-group --force-delete --auto-scaling-group-name %s"
                     % outcome["group"])
    sns.publish(TopicArn=config.topic_arn, Subject=subject, Message="\n".join(lines))


def handler(event, context):
    import boto3  # the Lambda runtime's; imported here so the tests need none

    config = Config(os.environ)
    outcome = clean_up(event, config, boto3.client("codedeploy"), boto3.client("autoscaling"), boto3.client("elbv2"))
    print(json.dumps(outcome))
    notify(boto3.client("sns"), config, event, outcome)
    return outcome
