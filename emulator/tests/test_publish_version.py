"""PublishVersion as AWS decides it: the CodeSha256 precondition, and no new
version for an unchanged $LATEST (the RevisionId it was published from)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

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


def test_listing_every_version_of_a_region_reports_what_reading_each_function_does(emulator, role_arn):
    """ListFunctions with FunctionVersion=ALL: $LATEST and every published version of every function, with the
    RevisionIds, descriptions and code that GetFunction and ListVersionsByFunction give (the layer's, not moto's)."""
    lam = emulator.client("lambda", "eu-west-1")
    create_function(lam, role_arn, name="one")
    lam.publish_version(FunctionName="one", Description="first")
    create_function(lam, role_arn, name="two")

    listed = [page["Functions"] for page in lam.get_paginator("list_functions").paginate(FunctionVersion="ALL")]
    entries = {(f["FunctionName"], f["Version"]): f for page in listed for f in page}
    assert set(entries) == {("one", "$LATEST"), ("one", "1"), ("two", "$LATEST")}
    for name in ("one", "two"):
        latest = lam.get_function(FunctionName=name)["Configuration"]
        assert entries[(name, "$LATEST")]["RevisionId"] == latest["RevisionId"]
    version = lam.list_versions_by_function(FunctionName="one")["Versions"][1]
    assert entries[("one", "1")]["RevisionId"] == version["RevisionId"]
    assert entries[("one", "1")]["Description"] == "first"
    assert entries[("one", "1")]["CodeSha256"] == version["CodeSha256"]


def test_functions_and_versions_are_listed_in_pages_of_fifty_at_most(emulator, role_arn):
    """moto answers every entry at once; Lambda at most MaxItems, never more than 50, with a NextMarker."""
    lam = emulator.client("lambda", "eu-west-1")
    for index in range(55):
        create_function(lam, role_arn, name=f"f{index:02d}")
    for _ in range(3):
        lam.update_function_configuration(FunctionName="f00", Description=f"d{_}")
        lam.publish_version(FunctionName="f00")

    first = lam.list_functions()
    assert len(first["Functions"]) == 50
    rest = lam.list_functions(Marker=first["NextMarker"])
    assert "NextMarker" not in rest
    names = [f["FunctionName"] for f in first["Functions"] + rest["Functions"]]
    assert names == [f"f{index:02d}" for index in range(55)]
    every = [f for page in lam.get_paginator("list_functions").paginate(FunctionVersion="ALL") for f in page["Functions"]]
    assert len(every) == 58
    versions = lam.list_versions_by_function(FunctionName="f00", MaxItems=2)
    assert [v["Version"] for v in versions["Versions"]] == ["$LATEST", "1"]
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="f00", Marker=versions["NextMarker"])[
        "Versions"]] == ["2", "3"]
    assert len(lam.list_functions(MaxItems=1000)["Functions"]) == 50

    with pytest.raises(ClientError) as refused:
        lam.list_functions(Marker="not-a-marker")
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"
    # botocore refuses MaxItems=0 before sending it.
    status, _, answer = signed_lambda_http(emulator, "eu-west-1", "GET", "/2015-03-31/functions/?MaxItems=0", None)
    assert (status, answer["message"]) == (400, "MaxItems must be between 1 and 10000: 0")
