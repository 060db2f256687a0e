"""Function resource-based policies, kept per qualifier as Lambda keeps them: the function itself, each version and
each alias has a policy of its own (AddPermission, RemovePermission, GetPolicy)."""

import json

import pytest

from conftest import ACCOUNT, signed_lambda_http
from per_qualifier import (ARN, F9, MISMATCH, REGION, after_reset, at_once, error_of, http_error, in_other_region,
                           moto_alone, published_function, republished, throttled)

NOT_FOUND = "The resource you requested does not exist."
S3_BUCKET = "arn:aws:s3:::bucket-1"


def allow_s3(lam, sid="s3", **extra):
    return lam.add_permission(StatementId=sid, Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                              **{"FunctionName": "f1", **extra})


def policy(lam, **kwargs):
    """(statements, RevisionId) of one policy."""
    answer = lam.get_policy(**{"FunctionName": "f1", **kwargs})
    document = json.loads(answer["Policy"])
    assert (document["Version"], document["Id"]) == ("2012-10-17", "default")
    return document["Statement"], answer["RevisionId"]


def sids(lam, **kwargs):
    return [(s["Sid"], s["Resource"]) for s in policy(lam, **kwargs)[0]]


@pytest.fixture
def lam(emulator, role_arn):
    """f1 with version 1, version 2 and alias live -> 1."""
    return published_function(emulator.client("lambda", REGION), role_arn, versions=2, aliases={"live": "1"})


# ----- one policy per qualifier ---------------------------------------------------------------------------------

def test_the_function_each_version_and_each_alias_have_policies_of_their_own(lam):
    allow_s3(lam, "on-function")
    allow_s3(lam, "on-version", Qualifier="1")
    allow_s3(lam, "on-alias", Qualifier="live")
    # A statement id is unique within one policy only.
    for qualifier in ({}, {"Qualifier": "1"}, {"Qualifier": "live"}):
        allow_s3(lam, "same", **qualifier)

    assert sids(lam) == [("on-function", ARN), ("same", ARN)]
    assert sids(lam, Qualifier="1") == [("on-version", f"{ARN}:1"), ("same", f"{ARN}:1")]
    # The alias's policy is not the version's it points at.
    assert sids(lam, Qualifier="live") == [("on-alias", f"{ARN}:live"), ("same", f"{ARN}:live")]
    # A qualifier in the function name means the same.
    assert sids(lam, FunctionName="f1:live") == sids(lam, Qualifier="live")
    assert sids(lam, FunctionName="f1:1") == sids(lam, Qualifier="1")
    # $LATEST named is the function itself.
    assert sids(lam, Qualifier="$LATEST") == sids(lam)
    assert error_of(lam.get_policy, FunctionName="f1", Qualifier="2") == (404, "ResourceNotFoundException", NOT_FOUND)

    # Each policy has its own RevisionId.
    revisions = {policy(lam, **q)[1] for q in ({}, {"Qualifier": "1"}, {"Qualifier": "live"})}
    assert len(revisions) == 3


def test_remove_permission_removes_from_that_qualifiers_policy_only(lam):
    for qualifier in ({}, {"Qualifier": "1"}, {"Qualifier": "live"}):
        allow_s3(lam, "s3", **qualifier)
        allow_s3(lam, "other", **qualifier)

    assert lam.remove_permission(FunctionName="f1", StatementId="s3", Qualifier="live")[
        "ResponseMetadata"]["HTTPStatusCode"] == 204
    assert [s for s, _ in sids(lam, Qualifier="live")] == ["other"]
    assert [s for s, _ in sids(lam, Qualifier="1")] == ["s3", "other"]
    assert [s for s, _ in sids(lam)] == ["s3", "other"]

    lam.remove_permission(FunctionName="f1:1", StatementId="s3")
    assert [s for s, _ in sids(lam, Qualifier="1")] == ["other"]
    lam.remove_permission(FunctionName="f1", StatementId="s3")
    assert [s for s, _ in sids(lam)] == ["other"]

    # Without statements there is no policy.
    lam.remove_permission(FunctionName="f1", StatementId="other", Qualifier="live")
    assert error_of(lam.get_policy, FunctionName="f1", Qualifier="live") == (404, "ResourceNotFoundException",
                                                                               NOT_FOUND)
    assert [s for s, _ in sids(lam)] == ["other"]


# ----- errors ---------------------------------------------------------------------------------------------------

def test_a_statement_id_already_in_the_policy_is_a_conflict(emulator, lam):
    allow_s3(lam, "s3", Qualifier="live")
    before = policy(lam, Qualifier="live")

    assert error_of(allow_s3, lam=lam, sid="s3", Qualifier="live", SourceArn=S3_BUCKET) == (
        409, "ResourceConflictException",
        "The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing "
        "statement.")
    assert policy(lam, Qualifier="live") == before
    assert [r["status"] for r in emulator.requests() if r["operation"] == "AddPermission"] == [201, 409]


def test_an_unknown_statement_id_is_not_found(lam):
    assert error_of(lam.remove_permission, FunctionName="f1", StatementId="s3") == (
        404, "ResourceNotFoundException", "No policy is associated with the given resource.")
    allow_s3(lam)
    assert error_of(lam.remove_permission, FunctionName="f1", StatementId="nope") == (
        404, "ResourceNotFoundException", "Statement nope is not found in resource policy.")
    # The statement is in another qualifier's policy, not this one's.
    assert error_of(lam.remove_permission, FunctionName="f1", StatementId="s3", Qualifier="1") == (
        404, "ResourceNotFoundException", "No policy is associated with the given resource.")
    assert error_of(lam.remove_permission, FunctionName="f9", StatementId="s3") == (
        404, "ResourceNotFoundException", f"No policy found for: {F9}")
    assert error_of(lam.remove_permission, FunctionName="f1", StatementId="s3", Qualifier="gone") == (
        404, "ResourceNotFoundException", f"Cannot find alias arn: {ARN}:gone")
    assert [s for s, _ in sids(lam)] == ["s3"]


def test_no_policy_is_not_found_in_lambdas_shape(emulator, lam):
    assert error_of(lam.get_policy, FunctionName="f1") == (404, "ResourceNotFoundException", NOT_FOUND)
    assert error_of(lam.get_policy, FunctionName="f1", Qualifier="live") == (404, "ResourceNotFoundException",
                                                                               NOT_FOUND)
    assert error_of(lam.get_policy, FunctionName="f1", Qualifier="77") == (404, "ResourceNotFoundException", NOT_FOUND)
    assert error_of(lam.get_policy, FunctionName="f9") == (404, "ResourceNotFoundException", NOT_FOUND)

    assert http_error(emulator, "GET", "/2015-03-31/functions/f1/policy") == (
        404, "ResourceNotFoundException", {"Type": "User", "message": NOT_FOUND})


def test_a_qualifier_must_exist_and_must_not_be_latest(lam):
    assert error_of(allow_s3, lam=lam, Qualifier="7") == (404, "ResourceNotFoundException",
                                                          f"Function not found: {ARN}:7")
    assert error_of(allow_s3, lam=lam, Qualifier="gone") == (404, "ResourceNotFoundException",
                                                             f"Function not found: {ARN}:gone")
    assert error_of(allow_s3, lam=lam, FunctionName="f1:gone") == (404, "ResourceNotFoundException",
                                                                   f"Cannot find alias arn: {ARN}:gone")
    assert error_of(allow_s3, lam=lam, FunctionName="f9") == (404, "ResourceNotFoundException",
                                                              f"Function not found: {F9}")
    assert error_of(allow_s3, lam=lam, Qualifier="$LATEST") == (
        400, "InvalidParameterValueException", "We currently do not support adding policies for $LATEST.")
    assert error_of(allow_s3, lam=lam, FunctionName="f1:live", Qualifier="1") == MISMATCH
    assert error_of(lam.add_permission, FunctionName="f1", StatementId="s3", Action="lambda:InvokeFunction",
                    Principal="invalid.example.com") == (
        400, "InvalidParameterValueException",
        "The provided principal was invalid. Please check the principal and try again.")
    assert error_of(allow_s3, lam=lam, sid="example.com") == (
        400, "ValidationException", "1 validation error detected: Value 'example.com' at 'statementId' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)")
    for qualifier in ({}, {"Qualifier": "1"}, {"Qualifier": "live"}):
        assert error_of(lam.get_policy, FunctionName="f1", **qualifier)[0] == 404


# ----- RevisionId -----------------------------------------------------------------------------------------------

def test_a_stale_revision_id_is_refused_and_changes_nothing(emulator, lam):
    allow_s3(lam, "first", Qualifier="live")
    _, first = policy(lam, Qualifier="live")

    allow_s3(lam, "second", Qualifier="live", RevisionId=first)
    statements, second = policy(lam, Qualifier="live")
    assert second != first and [s["Sid"] for s in statements] == ["first", "second"]

    assert error_of(allow_s3, lam=lam, sid="third", Qualifier="live", RevisionId=first) == (
        412, "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetPolicy API to retrieve the latest Revision Id")
    assert error_of(lam.remove_permission, FunctionName="f1", Qualifier="live", StatementId="first",
                    RevisionId=first) == (
        412, "PreconditionFailedException",
        "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
    assert policy(lam, Qualifier="live") == (statements, second)

    lam.remove_permission(FunctionName="f1", Qualifier="live", StatementId="first", RevisionId=second)
    statements, third = policy(lam, Qualifier="live")
    assert third not in (first, second) and [s["Sid"] for s in statements] == ["second"]
    assert [r["status"] for r in emulator.requests() if r["operation"] in ("AddPermission", "RemovePermission")] == [
        201, 201, 412, 412, 204]


def test_the_revision_id_of_the_function_or_alias_is_accepted_as_lambda_accepts_it(lam):
    # Lambda reports one RevisionId for a function version or alias and its policy.
    latest = lam.get_function(FunctionName="f1")["Configuration"]["RevisionId"]
    alias = lam.get_alias(FunctionName="f1", Name="live")["RevisionId"]
    version = lam.get_function(FunctionName="f1", Qualifier="1")["Configuration"]["RevisionId"]
    allow_s3(lam, RevisionId=latest)
    allow_s3(lam, Qualifier="live", RevisionId=alias)
    allow_s3(lam, Qualifier="1", RevisionId=version)
    allow_s3(lam, "again", RevisionId=latest)

    # Any other is stale, policy or not.
    assert error_of(allow_s3, lam=lam, Qualifier="2", RevisionId=alias)[:2] == (412, "PreconditionFailedException")
    assert error_of(allow_s3, lam=lam, sid="more", Qualifier="live", RevisionId=latest)[0] == 412
    # Permission changes leave the function's own RevisionId alone.
    assert lam.get_function(FunctionName="f1")["Configuration"]["RevisionId"] == latest


def test_writers_sending_the_same_revision_id_at_once_succeed_once(emulator, lam):
    allow_s3(lam)
    _, revision = policy(lam)

    def add(client, i):
        try:
            allow_s3(client, f"writer-{i}", RevisionId=revision)
            return 201
        except client.exceptions.PreconditionFailedException:
            return 412

    assert at_once(emulator, add, range(8)) == [201] + [412] * 7
    assert len(policy(lam)[0]) == 2


# ----- statements -----------------------------------------------------------------------------------------------

def test_statements_read_as_lambda_writes_them(emulator, lam):
    added = {}

    def add(sid, **request):
        answer = lam.add_permission(FunctionName="f1", StatementId=sid, Action="lambda:InvokeFunction", **request)
        added[sid] = answer["Statement"]
        return json.loads(answer["Statement"])

    assert add("service", Principal="s3.amazonaws.com", SourceArn=S3_BUCKET, SourceAccount="210987654321") == {
        "Sid": "service", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction", "Resource": ARN,
        "Condition": {"StringEquals": {"AWS:SourceAccount": "210987654321"},
                      "ArnLike": {"AWS:SourceArn": S3_BUCKET}}}
    # Compact, keys in Lambda's order.
    assert added["service"] == (
        '{"Sid":"service","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},'
        f'"Action":"lambda:InvokeFunction","Resource":"{ARN}","Condition":{{"StringEquals":'
        f'{{"AWS:SourceAccount":"210987654321"}},"ArnLike":{{"AWS:SourceArn":"{S3_BUCKET}"}}}}}}')

    assert add("account", Principal="210987654321") == {
        "Sid": "account", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
        "Action": "lambda:InvokeFunction", "Resource": ARN}
    assert add("org", Principal="*", PrincipalOrgID="o-a1b2c3d4e5f", SourceAccount="210987654321")["Condition"] == {
        "StringEquals": {"AWS:SourceAccount": "210987654321", "aws:PrincipalOrgID": "o-a1b2c3d4e5f"}}
    assert add("org-only", Principal="*", PrincipalOrgID="o-a1b2c3d4e5f")["Principal"] == "*"
    role = f"arn:aws:iam::{ACCOUNT}:role/caller"
    assert add("role", Principal=role)["Principal"] == {"AWS": role}
    assert add("alexa", Principal="alexa-appkit.amazon.com",
               EventSourceToken="amzn1.ask.skill.1")["Condition"] == {
        "StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.1"}}

    url = json.loads(lam.add_permission(FunctionName="f1", StatementId="url", Action="lambda:InvokeFunctionUrl",
                                        Principal="*", FunctionUrlAuthType="NONE", Qualifier="live")["Statement"])
    assert url == {"Sid": "url", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunctionUrl",
                   "Resource": f"{ARN}:live", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}

    # GetPolicy holds exactly the statements AddPermission answered, compactly.
    raw = lam.get_policy(FunctionName="f1")["Policy"]
    assert raw.startswith('{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"service",')
    assert [json.dumps(s, separators=(",", ":")) for s in json.loads(raw)["Statement"]] == list(added.values())

    status, _, body = signed_lambda_http(emulator, REGION, "POST", "/2015-03-31/functions/f1/policy", {
        "StatementId": "raw", "Action": "lambda:InvokeFunction", "Principal": "sns.amazonaws.com"})
    assert status == 201 and list(body) == ["Statement"] and isinstance(body["Statement"], str)


def test_function_names_may_be_arns_with_or_without_a_qualifier(lam):
    allow_s3(lam, "full", FunctionName=ARN, Qualifier="live")
    allow_s3(lam, "suffixed", FunctionName=f"{ARN}:live")
    allow_s3(lam, "partial", FunctionName=f"{ACCOUNT}:function:f1:live")
    allow_s3(lam, "unqualified", FunctionName=ARN)

    assert sids(lam, FunctionName=f"{ARN}:live") == [
        ("full", f"{ARN}:live"), ("suffixed", f"{ARN}:live"), ("partial", f"{ARN}:live")]
    assert sids(lam, FunctionName=ARN) == [("unqualified", ARN)]
    lam.remove_permission(FunctionName=f"{ACCOUNT}:function:f1", StatementId="suffixed", Qualifier="live")
    lam.remove_permission(FunctionName=ARN, StatementId="unqualified")
    assert [s for s, _ in sids(lam, Qualifier="live")] == ["full", "partial"]
    assert error_of(lam.get_policy, FunctionName=ARN)[0] == 404


# ----- forgetting, regions ----------------------------------------------------------------------------------------

def test_deleting_a_version_an_alias_or_the_function_forgets_its_policy(emulator, lam, role_arn):
    allow_s3(lam)
    allow_s3(lam, Qualifier="1")
    allow_s3(lam, Qualifier="2")
    allow_s3(lam, Qualifier="live")

    lam.delete_alias(FunctionName="f1", Name="live")
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="2")
    assert error_of(lam.get_policy, FunctionName="f1", Qualifier="live")[0] == 404

    assert republished(lam, "2", "v3") == "3"  # never 2 again (see version_numbers.py)
    assert error_of(lam.get_policy, FunctionName="f1", Qualifier="2")[0] == 404
    assert error_of(lam.get_policy, FunctionName="f1", Qualifier="3")[0] == 404
    assert [s for s, _ in sids(lam, Qualifier="1")] == ["s3"]
    assert [s for s, _ in sids(lam)] == ["s3"]

    lam.delete_function(FunctionName="f1")
    published_function(lam, role_arn, versions=1)
    for qualifier in ({}, {"Qualifier": "1"}):
        assert error_of(lam.get_policy, FunctionName="f1", **qualifier)[0] == 404

    allow_s3(lam)
    lam = after_reset(emulator)
    assert error_of(lam.get_policy, FunctionName="f1")[0] == 404


def test_regions_keep_their_own_policies(emulator, lam, role_arn):
    other = in_other_region(emulator, role_arn)
    allow_s3(lam, "here")
    allow_s3(other, "there")
    assert sids(lam) == [("here", ARN)]
    assert sids(other) == [("there", f"arn:aws:lambda:us-west-2:{ACCOUNT}:function:f1")]
    other.delete_function(FunctionName="f1")
    assert sids(lam) == [("here", ARN)]


# ----- the layer's machinery --------------------------------------------------------------------------------------

def test_permission_calls_are_logged_and_faulted_like_other_lambda_calls(emulator, lam):
    throttled(emulator, lam, "AddPermission", allow_s3, lam)
    assert error_of(lam.get_policy, FunctionName="f1")[0] == 404  # the faulted call changed nothing
    allow_s3(lam)
    lam.get_policy(FunctionName="f1")
    lam.remove_permission(FunctionName="f1", StatementId="s3")
    logged = [(r["operation"], r["status"]) for r in emulator.requests()
              if r["operation"] in ("AddPermission", "GetPolicy", "RemovePermission")]
    assert logged == [("AddPermission", 429), ("GetPolicy", 404), ("AddPermission", 201), ("GetPolicy", 200),
                      ("RemovePermission", 204)]


# ----- what moto alone does (why the layer keeps policies) -------------------------------------------------------

def test_moto_alone_keeps_one_policy_for_all_qualifiers():
    with moto_alone(aliases={"live": "1"}) as lam:
        added = lam.add_permission(FunctionName="f1", Qualifier="live", StatementId="s3", Principal="*",
                                   Action="lambda:InvokeFunction", PrincipalOrgID="o-a1b2c3d4e5f",
                                   SourceAccount="210987654321")
        assert added["ResponseMetadata"]["HTTPStatusCode"] == 200
        # PrincipalOrgID lost to SourceAccount; one policy read under every qualifier.
        assert json.loads(added["Statement"])["Condition"] == {"StringEquals": {"AWS:SourceAccount": "210987654321"}}
        for qualifier in ({}, {"Qualifier": "1"}, {"Qualifier": "live"}):
            assert [s["Sid"] for s in json.loads(lam.get_policy(FunctionName="f1", **qualifier)["Policy"])[
                "Statement"]] == ["s3"]
        # A duplicate statement id is accepted; RemovePermission's Qualifier is ignored.
        lam.add_permission(FunctionName="f1", StatementId="s3", Principal="210987654321",
                           Action="lambda:InvokeFunction")
        lam.remove_permission(FunctionName="f1", StatementId="s3", Qualifier="1")
        statements = json.loads(lam.get_policy(FunctionName="f1", Qualifier="live")["Policy"])["Statement"]
        assert [(s["Sid"], s["Principal"]) for s in statements] == [("s3", "210987654321")]
