"""Revision retention of an EC2 service's artifact bucket (RevisionRetention.java).

CodeDeploy installs the deployment group's last successful revision on every instance its Auto Scaling group launches
(scale-out, replacement, rebalancing) and on a rollback, from the revision's S3 object. So nothing in the artifact
bucket expires by age. After each successful deployment of this group (EventBridge), this function retires what can
never be redeployed: it tags every object of the pipeline's folder that is older than the oldest revision kept with
`bluegreen-revision=superseded`, and the bucket's lifecycle deletes tagged objects at its next daily run.

Kept: the revisions of the KEEP newest successful deployments (the live one and its predecessor, by default), and
every object created after the oldest of them (builds and deployments still in flight). With fewer than KEEP successful
deployments in the last HISTORY_DAYS nothing is retired.

Environment: APPLICATION, DEPLOYMENT_GROUP, BUCKET, KEEP (default 2), TAG_KEY, TAG_VALUE.
"""
import datetime
import json
import os

ACTIVE_EVENT_STATE = "SUCCESS"


# How far back successful deployments are read: every scale-out is a deployment, so the whole history would grow
# without bound. With fewer than KEEP successes in this window, nothing is retired.
HISTORY_DAYS = 180


def successful_revisions(codedeploy, application, group, bucket, now=None):
    """(create time, key) of every successful deployment of the group in the last HISTORY_DAYS whose revision is an
    object of the bucket, newest first."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    window = {"start": now - datetime.timedelta(days=HISTORY_DAYS), "end": now}
    ids, token = [], None
    while True:
        kwargs = {"applicationName": application, "deploymentGroupName": group, "includeOnlyStatuses": ["Succeeded"],
                  "createTimeRange": window}
        if token:
            kwargs["nextToken"] = token
        page = codedeploy.list_deployments(**kwargs)
        ids.extend(page.get("deployments", []))
        token = page.get("nextToken")
        if not token:
            break
    revisions = []
    for start in range(0, len(ids), 25):
        for info in codedeploy.batch_get_deployments(deploymentIds=ids[start:start + 25]).get("deploymentsInfo", []):
            location = (info.get("revision") or {}).get("s3Location") or {}
            if location.get("bucket") == bucket and location.get("key"):
                revisions.append((info["createTime"], location["key"]))
    revisions.sort(key=lambda r: r[0], reverse=True)
    return revisions


def retire(event, codedeploy, s3, env):
    """Tags what can never be redeployed. Returns what it kept and what it retired."""
    detail = event.get("detail") or {}
    if detail.get("state") != ACTIVE_EVENT_STATE or detail.get("deploymentGroup") != env["DEPLOYMENT_GROUP"]:
        return {"kept": [], "retired": [], "reason": "not a successful deployment of this group"}
    keep = int(env.get("KEEP", "2"))
    bucket = env["BUCKET"]
    revisions = successful_revisions(codedeploy, env["APPLICATION"], env["DEPLOYMENT_GROUP"], bucket)
    kept = []
    for _, key in revisions:
        if key not in kept:
            kept.append(key)
        if len(kept) == keep:
            break
    if len(kept) < keep:
        return {"kept": kept, "retired": [], "reason": "fewer than %d successful revisions: nothing can be retired" % keep}
    oldest = min(s3.head_object(Bucket=bucket, Key=key)["LastModified"] for key in kept)
    folder = kept[0].split("/", 1)[0] + "/"  # the pipeline's folder: <pipeline name>/<artifact>/<object>
    retired, token = [], None
    while True:
        kwargs = {"Bucket": bucket, "Prefix": folder}
        if token:
            kwargs["ContinuationToken"] = token
        page = s3.list_objects_v2(**kwargs)
        for item in page.get("Contents", []):
            if item["Key"] not in kept and item["LastModified"] < oldest:
                s3.put_object_tagging(Bucket=bucket, Key=item["Key"], Tagging={
                    "TagSet": [{"Key": env["TAG_KEY"], "Value": env["TAG_VALUE"]}]})
                retired.append(item["Key"])
        token = page.get("NextContinuationToken")
        if not token:
            break
    return {"kept": kept, "retired": retired}


def handler(event, context):
    import boto3  # provided by the Lambda runtime

    result = retire(event, boto3.client("codedeploy"), boto3.client("s3"), os.environ)
    print(json.dumps(result, default=str))
    return result
