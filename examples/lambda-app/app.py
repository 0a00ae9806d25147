"""Example function of the `pricing` service (Lambda canary): answers a price quote.

The pipeline zips this folder as it is (buildspec-lambda.yml), publishes it as a new version and CodeDeploy shifts
the `live` alias to it. The validation hooks invoke it with {"path": "/health"} and expect "ok" in the answer.
"""
import json


def handler(event, context):
    if (event or {}).get("path") == "/health":
        return {"statusCode": 200, "body": "ok"}
    sku = (event or {}).get("sku", "unknown")
    return {"statusCode": 200, "body": json.dumps({"sku": sku, "price": 42})}
