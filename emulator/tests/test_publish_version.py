"""PublishVersion as AWS decides it: the CodeSha256 precondition, and no new
version for an unchanged $LATEST (the RevisionId it was published from)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import create_function, make_zip, signed_lambda_http

REGION = "eu-west-1"
WRONG_SHA = "0" * 43 + "="


def versions(lam, name="f1"):
    return [v["Version"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]]


def test_code_sha_that_is_not_latests_is_refused_and_publishes_nothing(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    sha = create_function(lam, role_arn)["CodeSha256"]

    with pytest.raises(lam.exceptions.InvalidParameterValueException) as caught:
        lam.publish_version(FunctionName="f1", CodeSha256=WRONG_SHA)
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Message"] == (
        f"CodeSHA256 ({WRONG_SHA}) is different from current CodeSHA256 in $LATEST. "
        "Please try again with the CodeSHA256 in $LATEST.")
    assert versions(lam) == ["$LATEST"]

    code, headers, body = signed_lambda_http(emulator, REGION, "POST", "/2015-03-31/functions/f1/versions",
                                             {"CodeSha256": WRONG_SHA})
    assert code == 400 and headers["x-amzn-ErrorType"] == "InvalidParameterValueException"
    assert body["Type"] == "User" and body["message"].startswith(f"CodeSHA256 ({WRONG_SHA}) is different")
    assert [r["status"] for r in emulator.requests() if r["operation"] == "PublishVersion"] == [400, 400]

    assert lam.publish_version(FunctionName="f1", CodeSha256=sha)["Version"] == "1"
    # After a code update the old sha is stale.
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.publish_version(FunctionName="f1", CodeSha256=sha)
    assert versions(lam) == ["$LATEST", "1"]


def test_unchanged_latest_returns_the_last_version(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    first = lam.publish_version(FunctionName="f1", Description="first")
    again = lam.publish_version(FunctionName="f1", Description="ignored")
    assert (again["Version"], again["Description"], again["RevisionId"]) == ("1", "first", first["RevisionId"])
    assert again["CodeSha256"] == first["CodeSha256"] and again["FunctionArn"] == first["FunctionArn"]

    # Any successful update makes the next publish a new version, and only the next.
    lam.update_function_configuration(FunctionName="f1", Timeout=9)
    second = lam.publish_version(FunctionName="f1", Description="second")
    repeat = lam.publish_version(FunctionName="f1")
    assert second["Version"] == repeat["Version"] == "2"
    assert repeat["Description"] == "second" and repeat["Timeout"] == 9
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    assert lam.publish_version(FunctionName="f1")["Version"] == "3"
    assert lam.publish_version(FunctionName="f1")["Version"] == "3"
    assert versions(lam) == ["$LATEST", "1", "2", "3"]


def test_versions_published_with_create_and_code_update_count_as_last(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, Publish=True)
    assert lam.publish_version(FunctionName="f1")["Version"] == "1"
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"), Publish=True)
    assert lam.publish_version(FunctionName="f1")["Version"] == "2"
    assert versions(lam) == ["$LATEST", "1", "2"]


def test_a_concurrent_change_makes_the_next_publish_new(emulator, role_arn):
    # moto alone would answer version 1: it knows nothing of the other writer.
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    lam.publish_version(FunctionName="f1")
    emulator.add_fault(kind="concurrent-change", functionName="f1", operation="PublishVersion")
    assert lam.publish_version(FunctionName="f1")["Version"] == "2"
    assert lam.publish_version(FunctionName="f1")["Version"] == "2"


def test_simultaneous_publishes_of_one_change_make_one_version(emulator, role_arn):
    create_function(emulator.client("lambda", REGION), role_arn)
    emulator.client("lambda", REGION).publish_version(FunctionName="f1")
    emulator.client("lambda", REGION).update_function_configuration(FunctionName="f1", Timeout=5)

    def publish(_):
        return emulator.client("lambda", REGION).publish_version(FunctionName="f1")["Version"]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(publish, range(8))) == ["2"] * 8
    assert versions(emulator.client("lambda", REGION)) == ["$LATEST", "1", "2"]


def test_publishing_again_after_the_last_version_was_deleted_makes_a_new_one(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    deleted = lam.publish_version(FunctionName="f1")
    lam.delete_function(FunctionName="f1", Qualifier="1")
    again = lam.publish_version(FunctionName="f1")
    assert again["Version"] == "2"  # never 1 again (see version_numbers.py)
    assert again["RevisionId"] != deleted["RevisionId"]
    assert versions(lam) == ["$LATEST", "2"]
