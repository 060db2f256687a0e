"""Faults that hold a request instead of answering it: ``freeze`` (crash
tests), ``stall`` (read timeouts) and ``stalled-download`` (truncated bodies)."""

import http.client
import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError

from conftest import create_function, make_zip

REGION = "eu-west-1"


def faults(emulator):
    return emulator.call("GET", "/_emulator/faults")[2]


def wait_for(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def error_code(call):
    """'ok' or the error code of one boto3 call."""
    try:
        call()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"]


def http_status(call):
    try:
        return call()["ResponseMetadata"]["HTTPStatusCode"]
    except ClientError as e:
        return e.response["ResponseMetadata"]["HTTPStatusCode"]


# ----- freeze -------------------------------------------------------------------

def test_freeze_holds_the_kth_write_after_doing_it_and_everything_after(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    stored = emulator.add_fault(kind="freeze", afterWrites=2, service="lambda", region=REGION)
    assert (stored["writesSeen"], stored["engaged"], stored["held"]) == (0, False, 0)

    # Reads, other regions and other services are not counted.
    lam.get_function(FunctionName="f1")
    emulator.client("iam").create_role(RoleName="other", AssumeRolePolicyDocument="{}")
    create_function(emulator.client("lambda", "us-east-2"), role_arn)
    lam.update_function_configuration(FunctionName="f1", Description="first write")
    assert faults(emulator)[0]["writesSeen"] == 1

    with ThreadPoolExecutor(3) as pool:
        kth = pool.submit(error_code, lambda: lam.update_function_configuration(FunctionName="f1", Timeout=9))
        wait_for(lambda: faults(emulator)[0]["engaged"])
        later_write = pool.submit(error_code, lambda: emulator.client("lambda", REGION).update_function_code(
            FunctionName="f1", ZipFile=make_zip("never")))
        # Any service: answered in Lambda's error shape, which only the status of is read here.
        later_read = pool.submit(http_status, lambda: emulator.client("s3", "us-east-2").list_buckets())
        wait_for(lambda: faults(emulator)[0]["held"] == 3)
        time.sleep(0.2)
        assert not (kth.done() or later_write.done() or later_read.done())
        assert emulator.call("GET", "/_emulator/health")[0] == 200  # the control API is never held

        emulator.call("DELETE", "/_emulator/faults")
        outcomes = [kth.result(10), later_write.result(10), later_read.result(10)]
    assert outcomes == ["ServiceUnavailableException", "ServiceUnavailableException", 503]

    # The k-th write kept its effect; the later one never reached moto.
    config = lam.get_function_configuration(FunctionName="f1")
    assert (config["Description"], config["Timeout"]) == ("first write", 9)
    assert lam.get_function(FunctionName="f1")["Code"]["Location"]
    logged = [(r["operation"], r["status"]) for r in emulator.requests(None)][-5:-2]
    assert sorted(logged) == sorted([("UpdateFunctionConfiguration", 503), ("UpdateFunctionCode", 503),
                                     ("ListBuckets", 503)])


def test_held_requests_give_up_after_hold_seconds_and_reset_ends_a_freeze(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    emulator.add_fault(kind="freeze", afterWrites=1, holdSeconds=1)
    started = time.monotonic()
    assert error_code(lambda: create_function(lam, role_arn)) == "ServiceUnavailableException"
    assert 1 <= time.monotonic() - started < 5
    # Still frozen: a later request is held (and never reaches moto) too.
    assert error_code(lambda: lam.list_functions()) == "ServiceUnavailableException"
    assert faults(emulator)[0]["engaged"] is True

    emulator.call("POST", "/_emulator/reset")
    assert faults(emulator) == []
    assert lam.list_functions()["Functions"] == []


# ----- stall --------------------------------------------------------------------

def test_stall_outlasts_the_client_read_timeout(emulator, role_arn):
    create_function(emulator.client("lambda", REGION), role_arn)
    emulator.add_fault(kind="stall", operation="GetFunction", region=REGION, functionName="f1", seconds=1.5)
    impatient = boto3.client("lambda", region_name=REGION, endpoint_url=emulator.endpoint,
                             aws_access_key_id="test", aws_secret_access_key="test",
                             config=Config(read_timeout=0.5, retries={"total_max_attempts": 1}))
    started = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        impatient.get_function(FunctionName="f1")
    assert time.monotonic() - started < 1.4
    # Used up: the next one is answered at once.
    assert impatient.get_function(FunctionName="f1")["Configuration"]["FunctionName"] == "f1"
    # The stalled one is answered 503 once its seconds are over.
    wait_for(lambda: [r["status"] for r in emulator.requests() if r["operation"] == "GetFunction"] == [200, 503])
    assert time.monotonic() - started >= 1.5


def test_stalled_request_never_reaches_moto_and_is_answered_503(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    emulator.add_fault(kind="stall", operation="UpdateFunctionConfiguration", seconds=0.5, count=1)
    started = time.monotonic()
    assert error_code(lambda: lam.update_function_configuration(FunctionName="f1", Timeout=9)) == \
        "ServiceUnavailableException"
    assert time.monotonic() - started >= 0.5
    assert lam.get_function_configuration(FunctionName="f1")["Timeout"] == 3

    # While it holds a request the stall is listed as active; clearing the faults ends it early.
    stored = emulator.add_fault(kind="stall", operation="UpdateFunctionConfiguration", seconds=30, count=2)
    with ThreadPoolExecutor(1) as pool:
        stalled = pool.submit(error_code, lambda: lam.update_function_configuration(FunctionName="f1", Timeout=9))
        wait_for(lambda: len(faults(emulator)) == 2)
        assert faults(emulator) == [
            {**stored, "count": 1},
            {"kind": "stall", "operation": "UpdateFunctionConfiguration", "seconds": 30.0, "id": stored["id"],
             "active": True},
        ]
        emulator.call("DELETE", "/_emulator/faults")
        assert stalled.result(5) == "ServiceUnavailableException"
    assert faults(emulator) == []


# ----- stalled-download ---------------------------------------------------------------

def open_download(location: str, timeout: float):
    url = urllib.parse.urlsplit(location)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    connection.request("GET", f"{url.path}?{url.query}")
    return connection.getresponse()


def test_stalled_download_sends_the_first_bytes_then_stops_short(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    location = lam.get_function(FunctionName="f1")["Code"]["Location"]
    data = make_zip("v1")
    emulator.add_fault(kind="stalled-download", afterBytes=20, seconds=1, count=1)

    response = open_download(location, timeout=0.5)
    assert response.status == 200 and int(response.getheader("Content-Length")) == len(data)
    assert response.read(20) == data[:20]  # flushed before the pause
    with pytest.raises(socket.timeout):
        response.read(1)
    assert [f["active"] for f in faults(emulator)] == [True]
    response.close()
    wait_for(lambda: faults(emulator) == [])

    # Then the body ends short of its Content-Length.
    emulator.add_fault(kind="stalled-download", afterBytes=20, seconds=0.5)
    started = time.monotonic()
    response = open_download(location, timeout=5)
    with pytest.raises(http.client.IncompleteRead) as caught:
        response.read()
    assert caught.value.partial == data[:20]
    assert time.monotonic() - started >= 0.5

    # Used up.
    assert open_download(location, timeout=5).read() == data
    assert [r["status"] for r in emulator.requests("download")] == [200, 200, 200]
