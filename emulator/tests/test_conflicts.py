"""Creating what already exists answers 409 ResourceConflictException, as AWS
does (moto calls the alias one ConflictException)."""

import base64

import pytest

from conftest import create_function, make_zip, signed_lambda_http

REGION = "eu-west-1"
ALIAS_ARN = f"arn:aws:lambda:{REGION}:123456789012:function:f1:live"


def test_create_alias_that_exists(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    lam.publish_version(FunctionName="f1")
    created = lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")

    with pytest.raises(lam.exceptions.ResourceConflictException) as caught:
        lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="$LATEST")
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert error["Error"]["Message"] == f"Alias already exists: {ALIAS_ARN}"

    code, headers, body = signed_lambda_http(emulator, REGION, "POST", "/2015-03-31/functions/f1/aliases",
                                             {"Name": "live", "FunctionVersion": "1"})
    assert code == 409 and headers["x-amzn-ErrorType"] == "ResourceConflictException"
    assert body == {"Type": "User", "message": f"Alias already exists: {ALIAS_ARN}"}
    assert lam.get_alias(FunctionName="f1", Name="live")["RevisionId"] == created["RevisionId"]


def test_create_function_that_exists(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    created = create_function(lam, role_arn)

    with pytest.raises(lam.exceptions.ResourceConflictException) as caught:
        create_function(lam, role_arn, code="v2", Description="other")
    assert caught.value.response["Error"]["Message"] == "Function already exist: f1"

    code, headers, body = signed_lambda_http(emulator, REGION, "POST", "/2015-03-31/functions", {
        "FunctionName": "f1", "Runtime": "python3.12", "Handler": "index.handler", "Role": role_arn,
        "Code": {"ZipFile": base64.b64encode(make_zip("v2")).decode()}})
    assert code == 409 and headers["x-amzn-ErrorType"] == "ResourceConflictException"
    assert body == {"Type": "User", "message": "Function already exist: f1"}

    config = lam.get_function_configuration(FunctionName="f1")
    assert (config["CodeSha256"], config["Description"], config["RevisionId"]) == (
        created["CodeSha256"], "", created["RevisionId"])
