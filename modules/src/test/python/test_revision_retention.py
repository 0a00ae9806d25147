"""Tests of the revision retention's decisions (run by RevisionRetentionHandlerTest with python3 -m unittest)."""
import datetime
import os
import sys
import unittest

sys.path.insert(0, os.environ["RETENTION_SOURCE_DIR"])
import revision_retention  # noqa: E402

APP, DG, BUCKET = "catalog-prod-app", "catalog-prod-dg", "catalog-prod-artifacts-20261206"
ENV = {"APPLICATION": APP, "DEPLOYMENT_GROUP": DG, "BUCKET": BUCKET, "KEEP": "2",
       "TAG_KEY": "bluegreen-revision", "TAG_VALUE": "superseded"}
SUCCESS = {"source": "aws.codedeploy", "detail-type": "CodeDeploy Deployment State-change Notification",
           "detail": {"application": APP, "deploymentGroup": DG, "deploymentId": "d-3", "state": "SUCCESS"}}
T0 = datetime.datetime(2026, 9, 1, tzinfo=datetime.timezone.utc)


def day(n):
    return T0 + datetime.timedelta(days=n)


class FakeCodeDeploy:
    """Successful deployments: (id, created, revision key); list_deployments pages two at a time."""

    def __init__(self, deployments):
        self.deployments = deployments

    def list_deployments(self, applicationName, deploymentGroupName, includeOnlyStatuses, createTimeRange, nextToken=None):
        assert (applicationName, deploymentGroupName, includeOnlyStatuses) == (APP, DG, ["Succeeded"])
        assert createTimeRange["end"] - createTimeRange["start"] == datetime.timedelta(days=180), "a bounded history"
        start = int(nextToken or 0)
        page = {"deployments": [d[0] for d in self.deployments[start:start + 2]]}
        if start + 2 < len(self.deployments):
            page["nextToken"] = str(start + 2)
        return page

    def batch_get_deployments(self, deploymentIds):
        assert len(deploymentIds) <= 25
        return {"deploymentsInfo": [{"deploymentId": d[0], "createTime": d[1], "revision": {
            "revisionType": "S3", "s3Location": {"bucket": BUCKET, "key": d[2], "bundleType": "zip"}}}
            for d in self.deployments if d[0] in deploymentIds]}


class FakeS3:
    """Objects by key with their creation time; list_objects_v2 pages two at a time; records tags."""

    def __init__(self, objects):
        self.objects = objects
        self.tagged = {}

    def head_object(self, Bucket, Key):
        assert Bucket == BUCKET
        return {"LastModified": self.objects[Key]}

    def list_objects_v2(self, Bucket, Prefix, ContinuationToken=None):
        keys = sorted(k for k in self.objects if k.startswith(Prefix))
        start = int(ContinuationToken or 0)
        page = {"Contents": [{"Key": k, "LastModified": self.objects[k]} for k in keys[start:start + 2]]}
        if start + 2 < len(keys):
            page["NextContinuationToken"] = str(start + 2)
        return page

    def put_object_tagging(self, Bucket, Key, Tagging):
        self.tagged[Key] = Tagging["TagSet"]


class RevisionRetentionTest(unittest.TestCase):
    def setUp(self):
        # Three releases a month apart; each pipeline run stored its source and its revision.
        self.objects = {
            "catalog-prod-pipeline/SourceArti/src1": day(0), "catalog-prod-pipeline/BuildArtif/rev1": day(0),
            "catalog-prod-pipeline/SourceArti/src2": day(30), "catalog-prod-pipeline/BuildArtif/rev2": day(30),
            "catalog-prod-pipeline/SourceArti/src3": day(60), "catalog-prod-pipeline/BuildArtif/rev3": day(60),
        }
        self.deployments = [("d-1", day(0), "catalog-prod-pipeline/BuildArtif/rev1"),
                            ("d-2", day(30), "catalog-prod-pipeline/BuildArtif/rev2"),
                            ("d-3", day(60), "catalog-prod-pipeline/BuildArtif/rev3")]

    def run_retention(self, event=SUCCESS):
        s3 = FakeS3(self.objects)
        result = revision_retention.retire(event, FakeCodeDeploy(self.deployments), s3, ENV)
        return result, s3

    def test_keeps_the_live_revision_and_its_predecessor_however_old_and_retires_the_rest(self):
        result, s3 = self.run_retention()
        self.assertEqual(["catalog-prod-pipeline/BuildArtif/rev3", "catalog-prod-pipeline/BuildArtif/rev2"], result["kept"])
        self.assertEqual({"catalog-prod-pipeline/BuildArtif/rev1", "catalog-prod-pipeline/SourceArti/src1"}, set(s3.tagged))
        for tags in s3.tagged.values():
            self.assertEqual([{"Key": "bluegreen-revision", "Value": "superseded"}], tags)

    def test_a_first_release_retires_nothing(self):
        self.deployments = self.deployments[:1]
        result, s3 = self.run_retention()
        self.assertEqual({}, s3.tagged)
        self.assertIn("fewer than 2", result["reason"])

    def test_a_release_in_flight_is_never_retired(self):
        # A build newer than the kept revisions (its deployment has not succeeded yet, or failed and will be retried).
        self.objects["catalog-prod-pipeline/BuildArtif/rev4"] = day(61)
        self.objects["catalog-prod-pipeline/SourceArti/src4"] = day(61)
        _, s3 = self.run_retention()
        self.assertNotIn("catalog-prod-pipeline/BuildArtif/rev4", s3.tagged)
        self.assertNotIn("catalog-prod-pipeline/SourceArti/src4", s3.tagged)

    def test_a_rollback_target_redeployed_later_stays(self):
        # d-4 redeployed rev1 (a rollback by hand to an old release): rev1 is the live revision again.
        self.deployments.append(("d-4", day(62), "catalog-prod-pipeline/BuildArtif/rev1"))
        result, s3 = self.run_retention()
        self.assertEqual(["catalog-prod-pipeline/BuildArtif/rev1", "catalog-prod-pipeline/BuildArtif/rev3"], result["kept"])
        self.assertNotIn("catalog-prod-pipeline/BuildArtif/rev1", s3.tagged)
        self.assertNotIn("catalog-prod-pipeline/BuildArtif/rev3", s3.tagged)

    def test_other_groups_and_other_states_change_nothing(self):
        for detail in ({"deploymentGroup": "orders-prod-dg", "state": "SUCCESS"}, {"deploymentGroup": DG, "state": "FAILURE"}):
            result, s3 = self.run_retention(dict(SUCCESS, detail=dict(SUCCESS["detail"], **detail)))
            self.assertEqual({}, s3.tagged, detail)

    def test_reads_every_page_of_deployments_and_objects(self):
        for n in range(4, 9):
            self.deployments.append(("d-%d" % n, day(60 + n), "catalog-prod-pipeline/BuildArtif/rev%d" % n))
            self.objects["catalog-prod-pipeline/BuildArtif/rev%d" % n] = day(60 + n)
        result, s3 = self.run_retention()
        self.assertEqual(["catalog-prod-pipeline/BuildArtif/rev8", "catalog-prod-pipeline/BuildArtif/rev7"], result["kept"])
        self.assertIn("catalog-prod-pipeline/BuildArtif/rev6", s3.tagged)
        self.assertIn("catalog-prod-pipeline/BuildArtif/rev1", s3.tagged)

    def test_a_revision_that_is_gone_already_stops_before_retiring_anything(self):
        del self.objects["catalog-prod-pipeline/BuildArtif/rev2"]
        with self.assertRaises(KeyError):
            self.run_retention()


if __name__ == "__main__":
    unittest.main()
