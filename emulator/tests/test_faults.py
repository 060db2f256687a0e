import base64
import hashlib
import time

import pytest
from botocore.exceptions import ClientError

from conftest import create_function, http, make_zip, signed_lambda_http

REGION = "eu-west-1"
ARN = f"arn:aws:lambda:{REGION}:123456789012:function:f1"


def base64_sha256(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def raw_error(error: ClientError):
    response = error.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["ResponseMetadata"]["HTTPHeaders"]


def test_throttle_shape_and_request_never_reaches_moto(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    before = create_function(lam, role_arn, code="v1")["CodeSha256"]
    emulator.add_fault(operation="UpdateFunctionCode", region=REGION, functionName="f1",
                       status=429, errorType="TooManyRequestsException", count=1)
    with pytest.raises(lam.exceptions.TooManyRequestsException) as caught:
        lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    status, headers = raw_error(caught.value)
    assert status == 429
    assert headers["x-amzn-errortype"] == "TooManyRequestsException"
    assert headers["retry-after"] == "1"
    assert caught.value.response["Reason"] == "CallerRateLimitExceeded"
    assert caught.value.response["Type"] == "User"
    assert caught.value.response["Error"]["Message"] == "Rate exceeded"
    assert lam.get_function_configuration(FunctionName="f1")["CodeSha256"] == before


def test_sdk_retries_through_a_counted_fault(emulator, role_arn):
    lam = emulator.client("lambda", REGION, retries=3)
    create_function(lam, role_arn)
    emulator.add_fault(operation="UpdateFunctionCode", status=429, errorType="TooManyRequestsException", count=2)
    emulator.call("DELETE", "/_emulator/requests")
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    statuses = [(r["operation"], r["status"]) for r in emulator.requests()]
    assert statuses == [("UpdateFunctionCode", 429), ("UpdateFunctionCode", 429), ("UpdateFunctionCode", 200)]
    assert emulator.call("GET", "/_emulator/faults")[2] == []


@pytest.mark.parametrize(
    "status,error_type,error_kind",
    [(409, "ResourceConflictException", "User"), (500, "ServiceException", "Service"),
     (503, "ServiceUnavailableException", "Service")],
)
def test_error_shapes(emulator, role_arn, status, error_type, error_kind):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    emulator.add_fault(operation="UpdateFunctionConfiguration", status=status, errorType=error_type)
    with pytest.raises(ClientError) as caught:
        lam.update_function_configuration(FunctionName="f1", Description="changed")
    assert caught.value.response["Error"]["Code"] == error_type
    assert raw_error(caught.value)[0] == status
    if status == 409:
        assert caught.value.response["Error"]["Message"] == (
            "The operation cannot be performed at this time. An update is in progress for resource: " + ARN)
    assert lam.get_function_configuration(FunctionName="f1")["Description"] == ""

    # The raw body, as the Java SDK parses it.
    emulator.add_fault(operation="UpdateFunctionConfiguration", status=status, errorType=error_type)
    code, headers, body = signed_lambda_http(emulator, REGION, "PUT", "/2015-03-31/functions/f1/configuration",
                                             {"Timeout": 5})
    assert code == status and headers["x-amzn-ErrorType"] == error_type
    assert body["Type"] == error_kind and body["message"]


def test_filters_on_region_and_function(emulator, role_arn):
    ireland, ohio = emulator.client("lambda", REGION), emulator.client("lambda", "us-east-2")
    create_function(ireland, role_arn, "f1")
    create_function(ireland, role_arn, "f2")
    create_function(ohio, role_arn, "f1")
    emulator.add_fault(operation="GetFunction", region=REGION, functionName="f1", status=500)
    ohio.get_function(FunctionName="f1")
    ireland.get_function(FunctionName="f2")
    with pytest.raises(ireland.exceptions.ServiceException):
        ireland.get_function(FunctionName=ARN)  # an ARN names the same function
    ireland.get_function(FunctionName="f1")


def test_fault_on_create_function_matches_body_name(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    emulator.add_fault(operation="CreateFunction", functionName="f1", status=503,
                       errorType="ServiceUnavailableException")
    with pytest.raises(ClientError) as caught:
        create_function(lam, role_arn)
    assert caught.value.response["Error"]["Code"] == "ServiceUnavailableException"
    assert lam.list_functions()["Functions"] == []


def test_update_in_progress_after_update(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    emulator.add_fault(kind="update-in-progress", functionName="f1", region=REGION, reads=2)
    assert lam.update_function_configuration(FunctionName="f1", Timeout=9)["LastUpdateStatus"] == "InProgress"

    with pytest.raises(lam.exceptions.ResourceConflictException) as caught:
        lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    assert ARN in caught.value.response["Error"]["Message"]
    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.publish_version(FunctionName="f1")

    assert lam.get_function_configuration(FunctionName="f1")["LastUpdateStatus"] == "InProgress"
    assert lam.get_function(FunctionName="f1")["Configuration"]["LastUpdateStatus"] == "InProgress"
    assert lam.get_function_configuration(FunctionName="f1")["LastUpdateStatus"] == "Successful"
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    assert lam.get_function_configuration(FunctionName="f1")["Timeout"] == 9


def test_update_in_progress_after_create(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    emulator.add_fault(kind="update-in-progress", functionName="f1", reads=1)
    assert create_function(lam, role_arn)["State"] == "Pending"
    pending = lam.get_function_configuration(FunctionName="f1")
    assert pending["State"] == "Pending" and pending["StateReasonCode"] == "Creating"
    active = lam.get_function_configuration(FunctionName="f1")
    assert active["State"] == "Active" and active["LastUpdateStatus"] == "Successful"


def test_creation_in_progress(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    stored = emulator.add_fault(kind="creation-in-progress", functionName="f1", region=REGION, reads=2)
    assert stored["reads"] == 2
    with pytest.raises(lam.exceptions.ResourceConflictException) as caught:
        create_function(lam, role_arn, Timeout=7, TracingConfig={"Mode": "Active"})
    assert raw_error(caught.value)[0] == 409
    assert caught.value.response["Error"]["Message"] == "Function already exist: f1"
    assert [(r["operation"], r["status"]) for r in emulator.requests()] == [("CreateFunction", 409)]

    # Created exactly as asked, and still being created.
    listed = emulator.call("GET", "/_emulator/faults")[2]
    assert listed == [{"kind": "creation-in-progress", "active": True, "region": REGION, "functionName": "f1",
                       "status": "Pending", "readsLeft": 2}]
    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.update_function_configuration(FunctionName="f1", Timeout=9)
    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.publish_version(FunctionName="f1")
    pending = lam.get_function(FunctionName="f1")["Configuration"]
    assert (pending["State"], pending["StateReasonCode"]) == ("Pending", "Creating")
    assert (pending["Timeout"], pending["TracingConfig"], pending["CodeSha256"]) == (
        7, {"Mode": "Active"}, base64_sha256(make_zip("v1")))
    assert lam.get_function_configuration(FunctionName="f1")["State"] == "Pending"
    assert lam.get_function_configuration(FunctionName="f1")["State"] == "Active"
    assert lam.update_function_configuration(FunctionName="f1", Timeout=9)["Timeout"] == 9
    assert emulator.call("GET", "/_emulator/faults")[2] == []


def test_creation_in_progress_waits_for_a_create_that_succeeds(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, name="f1")
    emulator.add_fault(kind="creation-in-progress", functionName="f1")
    # Updates do not open it, and a create of an existing function fails as ever.
    lam.update_function_configuration(FunctionName="f1", Timeout=9)
    with pytest.raises(lam.exceptions.ResourceConflictException):
        create_function(lam, role_arn, name="f1")
    assert [f["kind"] for f in emulator.call("GET", "/_emulator/faults")[2]] == ["creation-in-progress"]
    lam.delete_function(FunctionName="f1")
    with pytest.raises(lam.exceptions.ResourceConflictException):
        create_function(lam, role_arn, name="f1")
    assert lam.get_function_configuration(FunctionName="f1")["State"] == "Pending"


def test_download_faults(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    location = lam.get_function(FunctionName="f1")["Code"]["Location"]

    emulator.add_fault(kind="slow-download", delayMs=600, count=1)
    started = time.monotonic()
    assert http("GET", location)[0] == 200
    assert time.monotonic() - started >= 0.6
    started = time.monotonic()
    assert http("GET", location)[0] == 200
    assert time.monotonic() - started < 0.5

    emulator.add_fault(kind="expired-download", count=1)
    status, _, body = http("GET", location)
    assert status == 403 and b"Request has expired" in body
    assert http("GET", location)[0] == 200


def test_fault_listing_and_clearing(emulator):
    created = emulator.add_fault(operation="GetFunction", status=429, errorType="TooManyRequestsException", count=3)
    assert created["count"] == 3 and created["kind"] == "error"
    emulator.add_fault(kind="slow-download", delayMs=10)
    listed = emulator.call("GET", "/_emulator/faults")[2]
    assert [f["kind"] for f in listed] == ["error", "slow-download"]
    emulator.call("DELETE", "/_emulator/faults")
    assert emulator.call("GET", "/_emulator/faults")[2] == []


def test_invalid_fault_is_rejected(emulator):
    status, _, body = emulator.call("POST", "/_emulator/faults", {"status": 429})
    assert status == 400 and "operation" in body["error"]
    status, _, body = emulator.call("POST", "/_emulator/faults", {"kind": "nonsense"})
    assert status == 400
    for spec, word in (({"kind": "creation-in-progress"}, "functionName"), ({"kind": "stall"}, "operation"),
                       ({"kind": "freeze"}, "afterWrites"), ({"kind": "random", "rate": 0.1}, "seed"),
                       ({"kind": "random", "seed": 1, "rate": 2}, "rate"),
                       ({"kind": "stall", "operation": "GetFunction", "seconds": "soon"}, "soon")):
        status, _, body = emulator.call("POST", "/_emulator/faults", spec)
        assert status == 400 and word in body["error"], (spec, body)
    assert emulator.call("GET", "/_emulator/faults")[2] == []
