"""RevisionId of functions, versions and aliases, its precondition, and the
concurrent-change fault."""

import uuid

import pytest

from conftest import create_function, make_zip, signed_lambda_http

PRECONDITION_MESSAGE = ("The Revision Id provided does not match the latest Revision Id. "
                        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
STALE = "00000000-0000-0000-0000-000000000000"


def is_uuid(value) -> bool:
    return isinstance(value, str) and str(uuid.UUID(value)) == value


def revisions_everywhere(lam, version="$LATEST", name="f1"):
    """The RevisionId of one function version as every read API reports it."""
    kwargs = {} if version == "$LATEST" else {"Qualifier": version}
    seen = {
        lam.get_function(FunctionName=name, **kwargs)["Configuration"]["RevisionId"],
        lam.get_function_configuration(FunctionName=name, **kwargs)["RevisionId"],
        next(v["RevisionId"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]
             if v["Version"] == version),
        next(f["RevisionId"] for f in lam.list_functions(FunctionVersion="ALL")["Functions"]
             if f["FunctionName"] == name and f["Version"] == version),
    }
    assert len(seen) == 1, seen
    return seen.pop()


def alias_revisions_everywhere(lam, alias, name="f1"):
    seen = {
        lam.get_alias(FunctionName=name, Name=alias)["RevisionId"],
        next(a["RevisionId"] for a in lam.list_aliases(FunctionName=name)["Aliases"] if a["Name"] == alias),
    }
    assert len(seen) == 1, seen
    return seen.pop()


# ----- 1 + 2: when RevisionId changes, and where it is reported ---------------

def test_latest_revision_changes_only_on_create_and_updates(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-1")
    created = create_function(lam, role_arn)["RevisionId"]
    assert is_uuid(created)
    assert revisions_everywhere(lam) == created

    after_config = lam.update_function_configuration(FunctionName="f1", Timeout=9)["RevisionId"]
    assert is_uuid(after_config) and after_config != created
    assert revisions_everywhere(lam) == after_config

    after_code = lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))["RevisionId"]
    assert after_code not in (created, after_config)
    assert revisions_everywhere(lam) == after_code

    # Publishing leaves $LATEST alone; the version has its own, fixed RevisionId.
    published = lam.publish_version(FunctionName="f1")
    assert published["Version"] == "1" and is_uuid(published["RevisionId"])
    assert published["RevisionId"] != after_code
    assert revisions_everywhere(lam) == after_code
    assert revisions_everywhere(lam, "1") == published["RevisionId"]

    # Tags, concurrency and aliases do not touch the function's RevisionId.
    arn = lam.get_function(FunctionName="f1")["Configuration"]["FunctionArn"]
    lam.tag_resource(Resource=arn, Tags={"team": "dr"})
    lam.untag_resource(Resource=arn, TagKeys=["team"])
    lam.put_function_concurrency(FunctionName="f1", ReservedConcurrentExecutions=5)
    lam.delete_function_concurrency(FunctionName="f1")
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")
    lam.update_alias(FunctionName="f1", Name="live", Description="moved")
    assert revisions_everywhere(lam) == after_code

    # Later updates of $LATEST leave the published version's RevisionId as it was.
    again = lam.update_function_configuration(FunctionName="f1", Description="again")["RevisionId"]
    assert again != after_code
    assert revisions_everywhere(lam, "1") == published["RevisionId"]
    second = lam.publish_version(FunctionName="f1")
    assert second["Version"] == "2" and second["RevisionId"] not in (again, published["RevisionId"])
    assert revisions_everywhere(lam) == again


def test_publish_on_create_and_code_update_gives_versions_their_own(emulator, role_arn):
    lam = emulator.client("lambda", "ap-southeast-2")
    version_1 = create_function(lam, role_arn, Publish=True)
    assert version_1["Version"] == "1"
    latest = revisions_everywhere(lam)
    assert version_1["RevisionId"] != latest and revisions_everywhere(lam, "1") == version_1["RevisionId"]

    version_2 = lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"), Publish=True)
    assert version_2["Version"] == "2"
    assert revisions_everywhere(lam) not in (latest, version_2["RevisionId"])
    assert revisions_everywhere(lam, "2") == version_2["RevisionId"]
    assert revisions_everywhere(lam, "1") == version_1["RevisionId"]


def test_alias_revisions(emulator, role_arn):
    lam = emulator.client("lambda", "us-west-2")
    create_function(lam, role_arn)
    version = lam.publish_version(FunctionName="f1")
    latest = revisions_everywhere(lam)

    created = lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")["RevisionId"]
    assert is_uuid(created) and alias_revisions_everywhere(lam, "live") == created
    other = lam.create_alias(FunctionName="f1", Name="canary", FunctionVersion="$LATEST")["RevisionId"]
    assert other != created

    updated = lam.update_alias(FunctionName="f1", Name="live", Description="moved")["RevisionId"]
    assert updated != created and alias_revisions_everywhere(lam, "live") == updated
    assert alias_revisions_everywhere(lam, "canary") == other

    # An alias qualifier reports the RevisionId of the version it points at.
    assert lam.get_function_configuration(FunctionName="f1", Qualifier="live")["RevisionId"] == version["RevisionId"]
    assert lam.get_function(FunctionName="f1", Qualifier="live")["Configuration"]["RevisionId"] == \
        version["RevisionId"]
    assert lam.get_function_configuration(FunctionName="f1", Qualifier="canary")["RevisionId"] == latest


def test_revisions_are_per_region(emulator, role_arn):
    ireland, ohio = emulator.client("lambda", "eu-west-1"), emulator.client("lambda", "us-east-2")
    create_function(ireland, role_arn)
    create_function(ohio, role_arn)
    ohio_before = revisions_everywhere(ohio)
    assert revisions_everywhere(ireland) != ohio_before
    ireland.update_function_configuration(FunctionName="f1", Timeout=7)
    assert revisions_everywhere(ohio) == ohio_before
    with pytest.raises(ohio.exceptions.PreconditionFailedException):
        ohio.update_function_configuration(FunctionName="f1", Timeout=7, RevisionId=revisions_everywhere(ireland))


# ----- 3: the precondition ----------------------------------------------------

def test_stale_revision_is_refused_with_412_and_changes_nothing(emulator, role_arn):
    region = "eu-central-1"
    lam = emulator.client("lambda", region)
    current = create_function(lam, role_arn)["RevisionId"]

    with pytest.raises(lam.exceptions.PreconditionFailedException) as caught:
        lam.update_function_configuration(FunctionName="f1", Description="lost", RevisionId=STALE)
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert error["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "PreconditionFailedException"
    assert error["Error"]["Message"] == PRECONDITION_MESSAGE and error["Type"] == "User"

    code, headers, body = signed_lambda_http(emulator, region, "PUT", "/2015-03-31/functions/f1/configuration",
                                      {"Timeout": 5, "RevisionId": STALE})
    assert code == 412 and headers["x-amzn-ErrorType"] == "PreconditionFailedException"
    assert headers["Content-Type"] == "application/json"
    assert body == {"Type": "User", "message": PRECONDITION_MESSAGE}

    sha = lam.get_function_configuration(FunctionName="f1")["CodeSha256"]
    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"), RevisionId=STALE)
    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.publish_version(FunctionName="f1", RevisionId=STALE)

    config = lam.get_function_configuration(FunctionName="f1")
    assert (config["Description"], config["Timeout"], config["CodeSha256"]) == ("", 3, sha)
    assert revisions_everywhere(lam) == current
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="f1")["Versions"]] == ["$LATEST"]


def test_current_revision_or_none_is_accepted(emulator, role_arn):
    lam = emulator.client("lambda", "sa-east-1")
    current = create_function(lam, role_arn)["RevisionId"]
    current = lam.update_function_configuration(FunctionName="f1", Timeout=8, RevisionId=current)["RevisionId"]
    current = lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"), RevisionId=current)["RevisionId"]
    published = lam.publish_version(FunctionName="f1", RevisionId=current)
    assert published["Version"] == "1" and revisions_everywhere(lam) == current
    # No RevisionId, no check.
    lam.update_function_configuration(FunctionName="f1", Timeout=9)
    assert lam.get_function_configuration(FunctionName="f1")["Timeout"] == 9


def test_update_alias_precondition(emulator, role_arn):
    lam = emulator.client("lambda", "us-west-2")
    create_function(lam, role_arn)
    lam.publish_version(FunctionName="f1")
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    lam.publish_version(FunctionName="f1")
    alias = lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")

    with pytest.raises(lam.exceptions.PreconditionFailedException) as caught:
        lam.update_alias(FunctionName="f1", Name="live", FunctionVersion="2", RevisionId=STALE)
    assert caught.value.response["Error"]["Message"] == PRECONDITION_MESSAGE
    unchanged = lam.get_alias(FunctionName="f1", Name="live")
    assert unchanged["FunctionVersion"] == "1" and unchanged["RevisionId"] == alias["RevisionId"]

    # The function's RevisionId is not the alias's.
    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.update_alias(FunctionName="f1", Name="live", FunctionVersion="2",
                         RevisionId=lam.get_function_configuration(FunctionName="f1")["RevisionId"])

    moved = lam.update_alias(FunctionName="f1", Name="live", FunctionVersion="2", RevisionId=alias["RevisionId"])
    assert moved["FunctionVersion"] == "2" and moved["RevisionId"] != alias["RevisionId"]


# ----- 4: the concurrent-change fault ----------------------------------------

def test_concurrent_change_fails_the_next_conditional_update(emulator, role_arn):
    region = "eu-west-1"
    lam = emulator.client("lambda", region)
    create_function(lam, role_arn)
    read = lam.get_function(FunctionName="f1")["Configuration"]["RevisionId"]
    stored = emulator.add_fault(kind="concurrent-change", functionName="f1", region=region,
                                operation="UpdateFunctionConfiguration")
    assert stored["count"] == 1 and stored["operation"] == "UpdateFunctionConfiguration"
    emulator.call("DELETE", "/_emulator/requests")

    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.update_function_configuration(FunctionName="f1", Timeout=20, RevisionId=read)
    assert lam.get_function_configuration(FunctionName="f1")["Timeout"] == 3
    changed = revisions_everywhere(lam)
    assert changed != read

    # Fault used up: read again, retry, succeed.
    updated = lam.update_function_configuration(FunctionName="f1", Timeout=20, RevisionId=changed)
    assert updated["Timeout"] == 20 and updated["RevisionId"] != changed
    operations = [(r["operation"], r["status"]) for r in emulator.requests()]
    assert ("UpdateFunctionConfiguration", 412) in operations and ("UpdateFunctionConfiguration", 200) in operations
    assert emulator.call("GET", "/_emulator/faults")[2] == []


def test_concurrent_change_count_and_filters(emulator, role_arn):
    ireland, ohio = emulator.client("lambda", "eu-west-1"), emulator.client("lambda", "us-east-2")
    for lam in (ireland, ohio):
        create_function(lam, role_arn, "f1")
        create_function(lam, role_arn, "f2")
    emulator.add_fault(kind="concurrent-change", functionName="f1", region="eu-west-1",
                       operation="UpdateFunctionCode", count=2)

    # Other region, other function, other operation: untouched.
    ohio.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"),
                              RevisionId=ohio.get_function(FunctionName="f1")["Configuration"]["RevisionId"])
    ireland.update_function_code(FunctionName="f2", ZipFile=make_zip("v2"),
                                 RevisionId=ireland.get_function(FunctionName="f2")["Configuration"]["RevisionId"])
    ireland.publish_version(FunctionName="f1",
                            RevisionId=ireland.get_function(FunctionName="f1")["Configuration"]["RevisionId"])

    for _ in range(2):
        current = ireland.get_function(FunctionName="f1")["Configuration"]["RevisionId"]
        with pytest.raises(ireland.exceptions.PreconditionFailedException):
            ireland.update_function_code(FunctionName="f1", ZipFile=make_zip("v3"), RevisionId=current)
    current = ireland.get_function(FunctionName="f1")["Configuration"]["RevisionId"]
    ireland.update_function_code(FunctionName="f1", ZipFile=make_zip("v3"), RevisionId=current)

    statuses = [r["status"] for r in emulator.requests() if r["operation"] == "UpdateFunctionCode"]
    assert statuses == [200, 200, 412, 412, 200]


def test_concurrent_change_without_revision_in_request_still_succeeds(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-1")
    before = create_function(lam, role_arn)["RevisionId"]
    emulator.add_fault(kind="concurrent-change", functionName="f1", operation="PublishVersion")
    lam.publish_version(FunctionName="f1")
    # The other writer's change is visible; no precondition was asked for.
    assert revisions_everywhere(lam) != before


def test_concurrent_change_on_alias(emulator, role_arn):
    lam = emulator.client("lambda", "ap-northeast-1")
    create_function(lam, role_arn)
    lam.publish_version(FunctionName="f1")
    alias = lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")
    function_revision = revisions_everywhere(lam)
    emulator.add_fault(kind="concurrent-change", functionName="f1", operation="UpdateAlias")

    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.update_alias(FunctionName="f1", Name="live", Description="x", RevisionId=alias["RevisionId"])
    now = alias_revisions_everywhere(lam, "live")
    assert now != alias["RevisionId"]
    assert revisions_everywhere(lam) == function_revision
    assert lam.update_alias(FunctionName="f1", Name="live", Description="x", RevisionId=now)["Description"] == "x"


def test_invalid_concurrent_change_fault(emulator):
    status, _, body = emulator.call("POST", "/_emulator/faults", {"kind": "concurrent-change", "functionName": "f1"})
    assert status == 400 and "operation" in body["error"]
    status, _, body = emulator.call("POST", "/_emulator/faults",
                                    {"kind": "concurrent-change", "operation": "UpdateFunctionCode"})
    assert status == 400 and "functionName" in body["error"]


# ----- 5: forgetting ------------------------------------------------------------

def test_revisions_forgotten_on_delete_and_reset(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-2")
    create_function(lam, role_arn)
    lam.publish_version(FunctionName="f1")
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")

    # Once gone, a RevisionId names nothing: the answer is 404, not 412.
    lam.delete_alias(FunctionName="f1", Name="live")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.update_alias(FunctionName="f1", Name="live", Description="x", RevisionId=STALE)
    lam.delete_function(FunctionName="f1")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.update_function_configuration(FunctionName="f1", Timeout=5, RevisionId=STALE)

    # A function created again under the same name starts afresh.
    again = create_function(lam, role_arn)["RevisionId"]
    assert revisions_everywhere(lam) == again

    emulator.call("POST", "/moto-api/reset")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.update_function_configuration(FunctionName="f1", Timeout=5, RevisionId=STALE)

    emulator.client("iam").create_role(RoleName="lambda-role", AssumeRolePolicyDocument="{}")
    create_function(lam, role_arn)
    emulator.call("POST", "/_emulator/reset")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.update_function_configuration(FunctionName="f1", Timeout=5, RevisionId=STALE)


def test_deleting_a_version_forgets_only_that_version(emulator, role_arn):
    lam = emulator.client("lambda", "eu-west-2")
    create_function(lam, role_arn)
    first = lam.publish_version(FunctionName="f1")["RevisionId"]
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v2"))
    latest = revisions_everywhere(lam)
    second = lam.publish_version(FunctionName="f1")["RevisionId"]
    lam.delete_function(FunctionName="f1", Qualifier="1")
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="f1")["Versions"]] == ["$LATEST", "2"]
    assert revisions_everywhere(lam) == latest and revisions_everywhere(lam, "2") == second
    assert first not in (latest, second)


def test_only_one_of_several_simultaneous_writers_with_the_same_revision_wins(emulator, role_arn):
    from concurrent.futures import ThreadPoolExecutor

    region = "eu-north-1"
    current = create_function(emulator.client("lambda", region), role_arn)["RevisionId"]

    def write(timeout):
        lam = emulator.client("lambda", region)
        try:
            lam.update_function_configuration(FunctionName="f1", Timeout=timeout, RevisionId=current)
            return "ok"
        except lam.exceptions.PreconditionFailedException:
            return "412"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(write, range(10, 18)))
    assert sorted(outcomes) == ["412"] * 7 + ["ok"]
