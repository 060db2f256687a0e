import os
import signal
import subprocess
import sys

from conftest import EMULATOR_DIR, create_function


def test_health(emulator):
    assert emulator.call("GET", "/_emulator/health")[:1] == (200,)
    assert emulator.call("GET", "/_emulator/health")[2] == {"status": "ok"}


def test_exits_cleanly_on_sigterm_and_sigint():
    for sig in (signal.SIGTERM, signal.SIGINT):
        process = subprocess.Popen(
            [sys.executable, "-m", "lambda_dr_emulator", "--port", "0"],
            env={**os.environ, "PYTHONPATH": str(EMULATOR_DIR)},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout.readline().startswith("lambda-dr emulator listening on http://127.0.0.1:")
        process.send_signal(sig)
        assert process.wait(timeout=10) == 0


def test_native_services_in_several_regions(emulator):
    for region in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        s3 = emulator.client("s3", region)
        bucket = f"bucket-{region}"
        if region == "us-east-1":
            s3.create_bucket(Bucket=bucket)
        else:
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        s3.put_object(Bucket=bucket, Key="a/b.zip", Body=b"data")
        assert s3.get_object(Bucket=bucket, Key="a/b.zip")["Body"].read() == b"data"

        assert emulator.client("sts", region).get_caller_identity()["Account"] == "123456789012"
        sqs = emulator.client("sqs", region)
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        assert region in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        assert region in emulator.client("sns", region).create_topic(Name="t")["TopicArn"]
        ddb = emulator.client("dynamodb", region)
        ddb.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        assert ddb.list_tables()["TableNames"] == ["t"]


def test_lambda_functions_are_kept_per_region(emulator, role_arn):
    create_function(emulator.client("lambda", "eu-west-1"), role_arn, "only-in-ireland")
    assert [f["FunctionName"] for f in emulator.client("lambda", "eu-west-1").list_functions()["Functions"]] == [
        "only-in-ireland"
    ]
    assert emulator.client("lambda", "us-west-2").list_functions()["Functions"] == []


def test_reset_wipes_moto_state_and_keeps_docker_off(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-1")
    create_function(lam, role_arn)
    emulator.call("POST", "/_emulator/reset")
    assert emulator.requests(None) == []
    assert lam.list_functions()["Functions"] == []
    # Creating works again without Docker after the reset.
    role = emulator.client("iam").create_role(RoleName="r2", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    assert create_function(lam, role)["State"] == "Active"


def test_get_function_reports_reserved_concurrency_of_zero(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-1")
    create_function(lam, role_arn, name="throttled")
    create_function(lam, role_arn, name="free")
    lam.put_function_concurrency(FunctionName="throttled", ReservedConcurrentExecutions=0)

    assert lam.get_function(FunctionName="throttled")["Concurrency"] == {"ReservedConcurrentExecutions": 0}
    assert "Concurrency" not in lam.get_function(FunctionName="free")
    lam.put_function_concurrency(FunctionName="free", ReservedConcurrentExecutions=3)
    assert lam.get_function(FunctionName="free")["Concurrency"] == {"ReservedConcurrentExecutions": 3}


def test_invoke_answers_with_a_crc32_that_matches_its_body(emulator, role_arn):
    """moto sends an x-amz-crc32 that does not match the body; the Java SDK then refuses the answer."""
    import json
    import urllib.request
    import zlib

    from conftest import create_function

    create_function(emulator.client("lambda", "us-east-1"), role_arn, "echo")
    request = urllib.request.Request(emulator.endpoint + "/2015-03-31/functions/echo/invocations",
                                     data=json.dumps({"ping": 1}).encode(), method="POST", headers={
        "Content-Type": "application/json",
        "X-Amz-Invocation-Type": "Event",
        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, "
                         "SignedHeaders=host, Signature=0",
    })
    with urllib.request.urlopen(request) as response:
        status, headers, body = response.status, response.headers, response.read()

    assert status == 202
    assert "x-amz-crc32" in headers
    assert int(headers["x-amz-crc32"]) == zlib.crc32(body) & 0xFFFFFFFF
