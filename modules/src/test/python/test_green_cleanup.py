"""Tests of the failed-green clean-up's decisions (run by GreenCleanupHandlerTest with python3 -m unittest)."""
import copy
import os
import sys
import unittest

sys.path.insert(0, os.environ["CLEANUP_SOURCE_DIR"])
import green_cleanup  # noqa: E402

APP = "orders-prod-app"
DG = "orders-prod-dg"
TG = "arn:aws:elasticloadbalancing:eu-west-1:444455556666:targetgroup/orders-prod/0123456789abcdef"
ORPHAN = "CodeDeploy_orders-prod-dg_d-ABCDEF123"
LIVE = "CodeDeploy_orders-prod-dg_d-LIVE00001"
EVENT = {
    "source": "aws.codedeploy",
    "detail-type": "CodeDeploy Deployment State-change Notification",
    "detail": {"application": APP, "deploymentGroup": DG, "deploymentId": "d-ABCDEF123", "state": "FAILURE"},
}


class ClientError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.response = {"Error": {"Code": code, "Message": message}}


class FakeCodeDeploy:
    def __init__(self, live=LIVE, status="Failed", group=DG):
        self.live = live
        self.status = status
        self.group = group

    def get_deployment(self, deploymentId):
        return {"deploymentInfo": {"deploymentId": deploymentId, "applicationName": APP,
                                   "deploymentGroupName": self.group, "status": self.status}}

    def get_deployment_group(self, applicationName, deploymentGroupName):
        assert (applicationName, deploymentGroupName) == (APP, DG)
        return {"deploymentGroupInfo": {"autoScalingGroups": [{"name": self.live, "hook": "CodeDeploy-managed"}]}}


class FakeAutoScaling:
    def __init__(self, groups):
        self.groups = {g["AutoScalingGroupName"]: g for g in groups}
        self.deleted = []
        self.delete_error = None

    def describe_auto_scaling_groups(self, AutoScalingGroupNames):
        return {"AutoScalingGroups": [copy.deepcopy(self.groups[n]) for n in AutoScalingGroupNames if n in self.groups]}

    def delete_auto_scaling_group(self, AutoScalingGroupName, ForceDelete):
        if self.delete_error:
            raise self.delete_error
        assert ForceDelete is True
        if AutoScalingGroupName not in self.groups:
            raise ClientError("ValidationError", "AutoScalingGroup name not found - %s" % AutoScalingGroupName)
        self.deleted.append(AutoScalingGroupName)
        del self.groups[AutoScalingGroupName]


class FakeElb:
    def __init__(self, targets=()):
        self.targets = list(targets)

    def describe_target_health(self, TargetGroupArn):
        assert TargetGroupArn == TG
        return {"TargetHealthDescriptions": [{"Target": {"Id": i, "Port": 8080}, "TargetHealth": {"State": s}}
                                             for i, s in self.targets]}


class FakeSns:
    def __init__(self):
        self.messages = []

    def publish(self, **kwargs):
        self.messages.append(kwargs)


def group(name, instances=("i-green1", "i-green2"), target_groups=()):
    return {"AutoScalingGroupName": name, "Instances": [{"InstanceId": i} for i in instances],
            "TargetGroupARNs": list(target_groups)}


CONFIG = green_cleanup.Config({"APPLICATION": APP, "DEPLOYMENT_GROUP": DG, "TARGET_GROUP_ARN": TG,
                               "TOPIC_ARN": "arn:aws:sns:eu-west-1:444455556666:orders-prod"})


def event(**detail):
    e = copy.deepcopy(EVENT)
    e["detail"].update(detail)
    return e


class CleanUpTest(unittest.TestCase):
    def setUp(self):
        self.codedeploy = FakeCodeDeploy()
        self.autoscaling = FakeAutoScaling([group(ORPHAN), group(LIVE, ("i-blue1",), (TG,))])
        self.elb = FakeElb([("i-blue1", "healthy"), ("i-green1", "unused")])

    def run_it(self, e=EVENT):
        return green_cleanup.clean_up(e, CONFIG, self.codedeploy, self.autoscaling, self.elb)

    def test_deletes_the_orphaned_copy_of_a_failed_deployment(self):
        outcome = self.run_it()
        self.assertEqual(green_cleanup.DELETED, outcome["result"], outcome)
        self.assertEqual([ORPHAN], self.autoscaling.deleted)
        self.assertIn("2 instance(s)", outcome["reason"])

    def test_deletes_the_copy_of_a_stopped_deployment(self):
        self.codedeploy.status = "Stopped"
        outcome = self.run_it(event(state="STOP"))
        self.assertEqual(green_cleanup.DELETED, outcome["result"], outcome)
        self.assertEqual([ORPHAN], self.autoscaling.deleted)

    def test_refuses_the_group_the_deployment_group_names(self):
        self.codedeploy.live = ORPHAN
        outcome = self.run_it()
        self.assertEqual(green_cleanup.REFUSED, outcome["result"], outcome)
        self.assertIn("live group", outcome["reason"])
        self.assertEqual([], self.autoscaling.deleted)

    def test_deletes_a_copy_still_attached_to_the_target_group_when_none_of_its_instances_is_registered(self):
        # CodeDeploy attached green before the deployment failed; left running, each launch would join production.
        self.autoscaling.groups[ORPHAN]["TargetGroupARNs"] = [TG]
        outcome = self.run_it()
        self.assertEqual(green_cleanup.DELETED, outcome["result"], outcome)
        self.assertIn("attached to the target group with no instance registered", outcome["reason"])
        self.assertEqual([ORPHAN], self.autoscaling.deleted)

    def test_refuses_an_attached_copy_whose_instance_is_registered(self):
        self.autoscaling.groups[ORPHAN]["TargetGroupARNs"] = [TG]
        self.elb.targets.append(("i-green1", "initial"))
        outcome = self.run_it()
        self.assertEqual(green_cleanup.REFUSED, outcome["result"], outcome)
        self.assertIn("i-green1", outcome["reason"])
        self.assertEqual([], self.autoscaling.deleted)

    def test_refuses_a_group_whose_instances_take_traffic(self):
        self.elb.targets.append(("i-green2", "healthy"))
        outcome = self.run_it()
        self.assertEqual(green_cleanup.REFUSED, outcome["result"], outcome)
        self.assertIn("i-green2", outcome["reason"])
        self.assertEqual([], self.autoscaling.deleted)

    def test_draining_instances_do_not_block_the_clean_up(self):
        self.elb.targets.append(("i-green2", "draining"))
        self.assertEqual(green_cleanup.DELETED, self.run_it()["result"])

    def test_ignores_other_deployment_groups_and_applications(self):
        for e in (event(deploymentGroup="other-dg"), event(application="other-app")):
            outcome = self.run_it(e)
            self.assertEqual(green_cleanup.IGNORED, outcome["result"], outcome)
        self.assertEqual([], self.autoscaling.deleted)

    def test_ignores_successful_and_running_deployments(self):
        for state in ("SUCCESS", "START", "READY", None):
            self.assertEqual(green_cleanup.IGNORED, self.run_it(event(state=state))["result"], state)
        self.assertEqual([], self.autoscaling.deleted)

    def test_refuses_when_codedeploy_does_not_report_the_deployment_as_failed(self):
        self.codedeploy.status = "InProgress"
        outcome = self.run_it()
        self.assertEqual(green_cleanup.REFUSED, outcome["result"], outcome)
        self.assertEqual([], self.autoscaling.deleted)

    def test_refuses_a_deployment_of_another_group(self):
        self.codedeploy.group = "other-dg"
        self.assertEqual(green_cleanup.REFUSED, self.run_it()["result"])
        self.assertEqual([], self.autoscaling.deleted)

    def test_a_malformed_deployment_id_never_becomes_a_group_name(self):
        for bad in ("d-ABC*", "../x", "", "d-abc_def"):
            self.assertEqual(green_cleanup.IGNORED, self.run_it(event(deploymentId=bad))["result"], bad)
        self.assertEqual([], self.autoscaling.deleted)

    def test_idempotent_when_the_group_is_already_gone(self):
        self.assertEqual(green_cleanup.DELETED, self.run_it()["result"])
        second = self.run_it()
        self.assertEqual(green_cleanup.GONE, second["result"], second)
        self.assertEqual([ORPHAN], self.autoscaling.deleted)

    def test_idempotent_when_the_group_disappears_between_look_and_delete(self):
        self.autoscaling.delete_error = ClientError("ValidationError", "AutoScalingGroup name not found - x")
        self.assertEqual(green_cleanup.GONE, self.run_it()["result"])

    def test_a_group_already_being_deleted_is_left_alone(self):
        self.autoscaling.groups[ORPHAN]["Status"] = "Delete in progress"
        self.assertEqual(green_cleanup.GONE, self.run_it()["result"])
        self.assertEqual([], self.autoscaling.deleted)

    def test_other_errors_propagate_so_the_state_machine_retries(self):
        self.autoscaling.delete_error = ClientError("ScalingActivityInProgress", "scaling activity in progress")
        with self.assertRaises(ClientError):
            self.run_it()


class NotifyTest(unittest.TestCase):
    def test_deleted_and_refused_are_published_with_what_to_do(self):
        sns = FakeSns()
        green_cleanup.notify(sns, CONFIG, EVENT, {"result": green_cleanup.DELETED, "group": ORPHAN, "reason": "deleted it"})
        green_cleanup.notify(sns, CONFIG, EVENT, {"result": green_cleanup.REFUSED, "group": ORPHAN, "reason": "live"})
        self.assertEqual(2, len(sns.messages))
        self.assertIn(ORPHAN, sns.messages[0]["Subject"])
        self.assertLessEqual(len(sns.messages[1]["Subject"]), 100)
        self.assertIn("delete-auto-scaling-group --force-delete --auto-scaling-group-name " + ORPHAN,
                      sns.messages[1]["Message"])

    def test_ignored_and_gone_are_only_logged(self):
        sns = FakeSns()
        for result in (green_cleanup.IGNORED, green_cleanup.GONE):
            green_cleanup.notify(sns, CONFIG, EVENT, {"result": result, "group": None, "reason": "x"})
        self.assertEqual([], sns.messages)


if __name__ == "__main__":
    unittest.main()
