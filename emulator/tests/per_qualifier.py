"""Set-up and checks shared by the tests of what the emulator keeps per qualifier of a function (resource-based
policies, event invoke configurations, function URLs, provisioned concurrency): f1 in eu-west-1 with published
versions and aliases, Lambda-shaped errors, and the request log, faults and quotas every Lambda call goes through."""

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import boto3
import pytest
from moto import mock_aws

from conftest import ACCOUNT, create_function, make_zip, signed_lambda_http

REGION = "eu-west-1"
ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f1"
F9 = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f9"  # a function that does not exist
MISMATCH = (400, "InvalidParameterValueException",
            "The derived qualifier from the function name does not match the specified qualifier.")


# ----- set-up -----------------------------------------------------------------------------------------------------

def published_function(lam, role_arn, versions=2, aliases=None):
    """Creates f1 and publishes `versions` versions of it, each with code of its own (v1, v2, ...), then creates
    `aliases` (name -> version); answers lam."""
    create_function(lam, role_arn)
    for number in range(1, versions + 1):
        if number > 1:
            lam.update_function_code(FunctionName="f1", ZipFile=make_zip(f"v{number}"))
        lam.publish_version(FunctionName="f1")
    for name, version in (aliases or {}).items():
        lam.create_alias(FunctionName="f1", Name=name, FunctionVersion=version)
    return lam


def republished(lam, version, code):
    """Deletes a version of f1, publishes `code` and answers the new version's number."""
    lam.delete_function(FunctionName="f1", Qualifier=version)
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip(code))
    return lam.publish_version(FunctionName="f1")["Version"]


def after_reset(emulator, path="/_emulator/reset"):
    """Resets the emulator (or, with /moto-api/reset, moto alone) and answers a new client with f1 created again."""
    emulator.call("POST", path)
    lam = emulator.client("lambda", REGION)
    create_function(lam, emulator.client("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"])
    return lam


def in_other_region(emulator, role_arn, region="us-west-2"):
    """A client of another region, with an f1 of its own there."""
    other = emulator.client("lambda", region)
    create_function(other, role_arn)
    return other


@contextmanager
def moto_alone(aliases=None):
    """f1 with version 1 (and `aliases`) in moto alone, without the emulator's layer: yields a client."""
    with mock_aws(config={"lambda": {"use_docker": False}}):
        iam = boto3.client("iam", region_name=REGION)
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        yield published_function(boto3.client("lambda", region_name=REGION), role, versions=1, aliases=aliases)


# ----- answers and errors -----------------------------------------------------------------------------------------

def error_of(call, **kwargs):
    """(HTTP status, error code, message) of a call that must fail."""
    with pytest.raises(Exception) as caught:
        call(**kwargs)
    response = caught.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


def http_error(emulator, method, path, body=None):
    """(status, x-amzn-ErrorType, parsed body) of a plain HTTP Lambda call that fails, once the headers every Lambda
    error carries are checked."""
    status, headers, answer = signed_lambda_http(emulator, REGION, method, path, body)
    assert headers["x-amzn-RequestId"] and headers["Content-Type"] == "application/json"
    return status, headers["x-amzn-ErrorType"], answer


def refusal(emulator, method, path, body):
    """(x-amzn-ErrorType, message) of a plain HTTP Lambda call that must be refused with 400."""
    status, headers, answer = signed_lambda_http(emulator, REGION, method, path, body)
    assert status == 400, answer
    return headers["x-amzn-ErrorType"], answer["message"]


def at_once(emulator, attempt, arguments):
    """What attempt(client, argument) answers for each argument, all run at once, each on a client of its own;
    sorted."""
    with ThreadPoolExecutor(8) as pool:
        return sorted(pool.map(lambda argument: attempt(emulator.client("lambda", REGION), argument), arguments))


# ----- the layer's machinery: request log, faults, quotas ---------------------------------------------------------

def throttled(emulator, lam, operation, call, *args, **kwargs):
    """Arms a 429 fault for `operation` on f1 and checks that call(*args, **kwargs) meets it."""
    emulator.add_fault(operation=operation, functionName="f1", status=429)
    with pytest.raises(lam.exceptions.TooManyRequestsException):
        call(*args, **kwargs)


def logged(emulator, part):
    """(operation, status) of each Lambda call logged whose operation's name holds `part`."""
    return [(r["operation"], r["status"]) for r in emulator.requests() if part in r["operation"]]


def allowed_in_region(emulator):
    """The calls quota mode let through in REGION, by quota."""
    return emulator.call("GET", "/_emulator/quotas")[2]["allowed"][REGION]
