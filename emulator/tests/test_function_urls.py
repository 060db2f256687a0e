"""Function URLs, kept per qualifier as Lambda keeps them: the function itself and each alias has a URL of its own
(Create/Get/Update/DeleteFunctionUrlConfig, ListFunctionUrlConfigs)."""

import re
import time
from datetime import datetime

import botocore.session
import pytest

from conftest import ACCOUNT, create_function, signed_lambda_http
from lambda_dr_emulator.function_urls import FUNCTION_NAME_PATTERN, QUALIFIER_PATTERN
from per_qualifier import (ARN, F9, MISMATCH, REGION, after_reset, allowed_in_region, at_once, error_of, http_error,
                           in_other_region, logged, moto_alone, published_function, refusal, throttled)

FUNCTION_MISSING = "Function does not exist"
NOT_FOUND = "The resource you requested does not exist."
PATH = "/2021-10-31/functions/f1/url"
URL = re.compile(r"https://[a-z0-9]{32}\.lambda-url\.([a-z0-9-]+)\.on\.aws/")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def create(lam, **kwargs):
    return answer_of(lam.create_function_url_config(**{"FunctionName": "f1", "AuthType": "NONE", **kwargs}))


def get(lam, **kwargs):
    return answer_of(lam.get_function_url_config(**{"FunctionName": "f1", **kwargs}))


def update(lam, **kwargs):
    return answer_of(lam.update_function_url_config(**{"FunctionName": "f1", **kwargs}))


def answer_of(answer):
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


def settings(answer):
    """A configuration without its URL and times."""
    return {k: v for k, v in answer.items() if k not in ("FunctionUrl", "CreationTime", "LastModifiedTime")}


def listed(lam, **kwargs):
    return lam.list_function_url_configs(**{"FunctionName": "f1", **kwargs})["FunctionUrlConfigs"]


def conflict(arn):
    return (409, "ResourceConflictException",
            f"Failed to create function url config for [functionArn = {arn}]. Error message:  FunctionUrlConfig exists "
            "for this Lambda function")


def pattern_refusal(value, member, pattern):
    return (400, "ValidationException", f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
                                        f"constraint: Member must satisfy regular expression pattern: {pattern}")


@pytest.fixture
def lam(emulator, role_arn):
    """f1 with version 1, version 2, alias live -> 1 and alias canary -> 2."""
    return published_function(emulator.client("lambda", REGION), role_arn, versions=2,
                              aliases={"live": "1", "canary": "2"})


# ----- one URL per qualifier --------------------------------------------------------------------------------------

def test_the_function_and_each_alias_have_urls_of_their_own(lam):
    function = create(lam)
    live = create(lam, Qualifier="live", AuthType="AWS_IAM")
    canary = create(lam, FunctionName="f1:canary")

    assert settings(function) == {"FunctionArn": ARN, "AuthType": "NONE"}
    assert settings(live) == {"FunctionArn": f"{ARN}:live", "AuthType": "AWS_IAM"}
    assert settings(canary) == {"FunctionArn": f"{ARN}:canary", "AuthType": "NONE"}
    urls = [function["FunctionUrl"], live["FunctionUrl"], canary["FunctionUrl"]]
    assert all(URL.fullmatch(url).group(1) == REGION for url in urls)
    assert len(set(urls)) == 3

    assert get(lam)["FunctionUrl"] == function["FunctionUrl"]
    assert get(lam, Qualifier="live")["FunctionUrl"] == live["FunctionUrl"] == get(lam, FunctionName="f1:live")[
        "FunctionUrl"]
    assert get(lam, Qualifier="canary")["AuthType"] == "NONE"

    # Changing one leaves the others alone; deleting the function's leaves the aliases' (as on AWS).
    update(lam, Qualifier="canary", AuthType="AWS_IAM")
    lam.delete_function_url_config(FunctionName="f1")
    assert error_of(lam.get_function_url_config, FunctionName="f1") == (404, "ResourceNotFoundException", NOT_FOUND)
    assert get(lam, Qualifier="live") == {**live, "LastModifiedTime": live["CreationTime"], "InvokeMode": "BUFFERED"}
    assert get(lam, Qualifier="canary")["AuthType"] == "AWS_IAM"


def test_a_second_create_for_the_same_qualifier_is_a_conflict_and_changes_nothing(lam):
    first = create(lam)
    alias = create(lam, Qualifier="live")
    assert error_of(create, lam=lam, AuthType="AWS_IAM") == conflict(ARN)
    assert error_of(create, lam=lam, Qualifier="live", InvokeMode="RESPONSE_STREAM") == conflict(f"{ARN}:live")
    assert get(lam)["FunctionUrl"] == first["FunctionUrl"] and get(lam)["AuthType"] == "NONE"
    assert get(lam, Qualifier="live")["FunctionUrl"] == alias["FunctionUrl"]


def test_writers_creating_the_same_url_at_once_succeed_once(emulator, lam):
    def attempt(client, _):
        try:
            create(client, Qualifier="live")
            return 201
        except client.exceptions.ResourceConflictException:
            return 409

    assert at_once(emulator, attempt, range(8)) == [201] + [409] * 7
    assert len(listed(lam)) == 1


def test_each_create_makes_a_new_url_and_each_region_its_own(emulator, lam, role_arn):
    first = create(lam, Qualifier="live")["FunctionUrl"]
    lam.delete_function_url_config(FunctionName="f1", Qualifier="live")
    again = create(lam, Qualifier="live")["FunctionUrl"]
    assert again != first

    # The same function in another region (a replica) gets a URL of its own, in its region.
    other = in_other_region(emulator, role_arn)
    replica = create(other)
    assert settings(replica) == {"FunctionArn": f"arn:aws:lambda:us-west-2:{ACCOUNT}:function:f1", "AuthType": "NONE"}
    assert URL.fullmatch(replica["FunctionUrl"]).group(1) == "us-west-2"
    assert replica["FunctionUrl"] not in (first, again)


# ----- answers ----------------------------------------------------------------------------------------------------

def test_answers_read_as_lambda_writes_them(emulator, lam):
    before = time.time()
    status, headers, created = signed_lambda_http(emulator, REGION, "POST", PATH, {"AuthType": "NONE"})
    assert status == 201 and headers["Content-Type"] == "application/json"
    # No Cors and no InvokeMode when none was sent.
    assert list(created) == ["FunctionUrl", "FunctionArn", "AuthType", "CreationTime"]
    # ISO-8601 in UTC.
    assert TIME.fullmatch(created["CreationTime"])
    assert before - 1 <= datetime.fromisoformat(created["CreationTime"].replace("Z", "+00:00")).timestamp() <= (
        time.time() + 1)

    status, _, got = signed_lambda_http(emulator, REGION, "GET", PATH, None)
    # Get reports InvokeMode, BUFFERED by default, and when it was last modified.
    assert status == 200
    assert got == {**created, "LastModifiedTime": created["CreationTime"], "InvokeMode": "BUFFERED"}
    assert list(got) == ["FunctionUrl", "FunctionArn", "AuthType", "CreationTime", "LastModifiedTime", "InvokeMode"]

    time.sleep(0.01)
    status, _, updated = signed_lambda_http(emulator, REGION, "PUT", PATH, {"AuthType": "AWS_IAM"})
    assert status == 200
    assert list(updated) == ["FunctionUrl", "FunctionArn", "AuthType", "CreationTime", "LastModifiedTime"]
    assert updated["CreationTime"] == created["CreationTime"] and updated["LastModifiedTime"] > created["CreationTime"]

    cors = {"AllowCredentials": True, "AllowHeaders": ["x-custom"], "AllowMethods": ["GET", "POST"],
            "AllowOrigins": ["https://example.com"], "ExposeHeaders": ["date"], "MaxAge": 300}
    status, _, alias = signed_lambda_http(emulator, REGION, "POST", PATH + "?Qualifier=live", {
        "AuthType": "AWS_IAM", "Cors": cors, "InvokeMode": "RESPONSE_STREAM"})
    assert status == 201
    assert list(alias) == ["FunctionUrl", "FunctionArn", "AuthType", "Cors", "CreationTime", "InvokeMode"]
    assert (alias["Cors"], alias["InvokeMode"]) == (cors, "RESPONSE_STREAM")

    removed = lam.delete_function_url_config(FunctionName="f1", Qualifier="live")
    assert removed["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_update_replaces_the_settings_sent_and_keeps_the_others(lam):
    cors = {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"], "MaxAge": 60}
    created = create(lam, Qualifier="live", Cors=cors)
    assert "InvokeMode" not in update(lam, Qualifier="live", AuthType="AWS_IAM")
    assert settings(get(lam, Qualifier="live")) == {"FunctionArn": f"{ARN}:live", "AuthType": "AWS_IAM", "Cors": cors,
                                                   "InvokeMode": "BUFFERED"}

    # Once set, InvokeMode is in Update's answer too; an update sending nothing changes nothing but the time.
    assert update(lam, Qualifier="live", InvokeMode="RESPONSE_STREAM")["InvokeMode"] == "RESPONSE_STREAM"
    unchanged = update(lam, Qualifier="live")
    assert settings(unchanged) == {"FunctionArn": f"{ARN}:live", "AuthType": "AWS_IAM", "Cors": cors,
                                   "InvokeMode": "RESPONSE_STREAM"}
    assert unchanged["FunctionUrl"] == created["FunctionUrl"]

    # A Cors sent replaces the whole of it.
    assert update(lam, Qualifier="live", Cors={"AllowCredentials": False})["Cors"] == {"AllowCredentials": False}
    assert get(lam, Qualifier="live")["Cors"] == {"AllowCredentials": False}


# ----- list -------------------------------------------------------------------------------------------------------

def test_list_holds_every_url_of_the_function_and_pages(lam):
    assert listed(lam) == []
    create(lam, Qualifier="live")
    create(lam)
    create(lam, Qualifier="canary", InvokeMode="RESPONSE_STREAM")
    everything = listed(lam)
    # In the order they were created, as FunctionUrlConfig items: InvokeMode always reported.
    assert [(c["FunctionArn"], c["InvokeMode"]) for c in everything] == [
        (f"{ARN}:live", "BUFFERED"), (ARN, "BUFFERED"), (f"{ARN}:canary", "RESPONSE_STREAM")]
    assert list(everything[0]) == ["FunctionUrl", "FunctionArn", "CreationTime", "LastModifiedTime", "AuthType",
                                   "InvokeMode"]
    assert everything[1] == {**get(lam), "FunctionArn": ARN}
    # Any form of the name lists every URL of the function.
    assert listed(lam, FunctionName=f"{ARN}:live") == listed(lam, FunctionName=f"{ACCOUNT}:function:f1") == everything

    first = lam.list_function_url_configs(FunctionName="f1", MaxItems=2)
    assert first["FunctionUrlConfigs"] == everything[:2]
    rest = lam.list_function_url_configs(FunctionName="f1", MaxItems=2, Marker=first["NextMarker"])
    assert rest["FunctionUrlConfigs"] == everything[2:] and "NextMarker" not in rest
    pages = lam.get_paginator("list_function_url_configs").paginate(FunctionName="f1",
                                                                    PaginationConfig={"PageSize": 1})
    assert [c for one in pages for c in one["FunctionUrlConfigs"]] == everything

    assert error_of(lam.list_function_url_configs, FunctionName="f1", MaxItems=51) == (
        400, "ValidationException", "1 validation error detected: Value '51' at 'maxItems' failed to satisfy "
                                    "constraint: Member must have value less than or equal to 50")
    assert error_of(lam.list_function_url_configs, FunctionName="f1", Marker="nonsense")[:2] == (
        400, "InvalidParameterValueException")


# ----- errors -----------------------------------------------------------------------------------------------------

def test_a_qualifier_is_an_alias_never_a_version_number_or_latest(lam):
    calls = (lambda **k: create(lam, **k), lam.get_function_url_config, lam.delete_function_url_config,
             lambda **k: update(lam, **k))
    for call in calls:
        for qualifier in ("1", "2", "77", "$LATEST"):
            # Refused for what it is, before the version (or the function) is looked up.
            assert error_of(call, FunctionName="f1", Qualifier=qualifier) == pattern_refusal(
                qualifier, "qualifier", QUALIFIER_PATTERN)
            assert error_of(call, FunctionName="f9", Qualifier=qualifier)[:2] == (400, "ValidationException")
        for name in ("f1:1", "f1:$LATEST", f"{ARN}:2"):
            assert error_of(call, FunctionName=name) == pattern_refusal(name, "functionName", FUNCTION_NAME_PATTERN)
    assert listed(lam) == []


def test_what_does_not_exist_is_not_found_in_lambdas_words(emulator, lam):
    # Create and Update: the function or alias must exist.
    for call in (create, update):
        for target in ({"FunctionName": "f9"}, {"FunctionName": F9}, {"FunctionName": "f9", "Qualifier": "live"},
                       {"Qualifier": "gone"}, {"FunctionName": "f1:gone"}):
            assert error_of(call, lam=lam, **target) == (404, "ResourceNotFoundException", FUNCTION_MISSING), target
    assert error_of(lam.list_function_url_configs, FunctionName="f9") == (
        404, "ResourceNotFoundException", FUNCTION_MISSING)
    # Get, Delete, and Update of a function or alias that exists: whether there is a URL.
    assert error_of(update, lam=lam, Qualifier="live") == (404, "ResourceNotFoundException", NOT_FOUND)
    for call in (lam.get_function_url_config, lam.delete_function_url_config):
        for target in ({"FunctionName": "f1"}, {"FunctionName": "f9"}, {"FunctionName": F9},
                       {"FunctionName": "f1", "Qualifier": "gone"}, {"FunctionName": "f1:live"}):
            assert error_of(call, **target) == (404, "ResourceNotFoundException", NOT_FOUND), target

    assert http_error(emulator, "GET", PATH) == (
        404, "ResourceNotFoundException", {"Type": "User", "message": NOT_FOUND})


def test_a_qualifier_in_the_name_must_match_the_one_sent(lam):
    for call in (lambda **k: create(lam, **k), lam.get_function_url_config, lam.delete_function_url_config,
                 lambda **k: update(lam, **k)):
        assert error_of(call, FunctionName="f1:live", Qualifier="canary") == MISMATCH
        assert error_of(call, FunctionName=f"{ARN}:live-doesnotmatch", Qualifier="live") == MISMATCH
    assert settings(create(lam, FunctionName="f1:live", Qualifier="live"))["FunctionArn"] == f"{ARN}:live"


def test_settings_are_checked_as_lambda_checks_them_and_a_refusal_changes_nothing(emulator, lam):
    create(lam, Qualifier="live")

    def refused(body, method="PUT", path=PATH + "?Qualifier=live"):
        return refusal(emulator, method, path, body)

    def detail(value, member, constraint):
        return f"Value {value} at '{member}' failed to satisfy constraint: Member must {constraint}"

    assert refused({}, "POST", PATH) == ("ValidationException", "1 validation error detected: " + detail(
        "null", "authType", "not be null"))
    assert refused({"AuthType": "PUBLIC"}) == ("ValidationException", "1 validation error detected: " + detail(
        "'PUBLIC'", "authType", "satisfy enum value set: [NONE, AWS_IAM]"))
    assert refused({"InvokeMode": "UNKNOWN"}) == ("ValidationException", "1 validation error detected: " + detail(
        "'UNKNOWN'", "invokeMode", "satisfy enum value set: [RESPONSE_STREAM, BUFFERED]"))
    assert refused({"Cors": {"MaxAge": 86401, "AllowMethods": ["GET", "OPTIONSS"]}}) == (
        "ValidationException", "2 validation errors detected: "
        + detail("'[GET, OPTIONSS]'", "cors.allowMethods",
                 "satisfy constraint: [Member must have length less than or equal to 6]") + "; "
        + detail("'86401'", "cors.maxAge", "have value less than or equal to 86400"))
    methods = ["GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "*"]
    assert refused({"Cors": {"AllowMethods": methods, "AllowOrigins": [""]}})[1] == (
        "2 validation errors detected: "
        + detail(f"'[{', '.join(methods)}]'", "cors.allowMethods", "have length less than or equal to 6") + "; "
        + detail("'[]'", "cors.allowOrigins",
                 "satisfy constraint: [Member must have length greater than or equal to 1]"))
    assert refused({"AuthType": "NONE", "Cors": {"MaxAge": -1}}, "POST", PATH + "?Qualifier=canary")[1] == (
        "1 validation error detected: " + detail("'-1'", "cors.maxAge", "have value greater than or equal to 0"))
    # The SDK checks none of the upper bounds itself; they reach the emulator.
    assert error_of(update, lam=lam, Qualifier="live", Cors={"MaxAge": 86401})[:2] == (400, "ValidationException")
    # Values of the wrong JSON type.
    assert refused({"Cors": {"MaxAge": "long"}})[0] == "SerializationException"
    assert refused({"Cors": ["*"]})[0] == "SerializationException"
    assert refused({"AuthType": 1})[0] == "SerializationException"

    assert settings(get(lam, Qualifier="live")) == {"FunctionArn": f"{ARN}:live", "AuthType": "NONE",
                                                   "InvokeMode": "BUFFERED"}
    assert [c["FunctionArn"] for c in listed(lam)] == [f"{ARN}:live"]


def test_the_patterns_are_those_of_the_service_model():
    model = botocore.session.get_session().get_service_model("lambda")
    assert model.shape_for("FunctionUrlFunctionName").metadata["pattern"] == FUNCTION_NAME_PATTERN
    assert model.shape_for("FunctionUrlQualifier").metadata["pattern"] == QUALIFIER_PATTERN


# ----- names ------------------------------------------------------------------------------------------------------

def test_function_names_may_be_arns_with_or_without_a_qualifier(lam):
    assert settings(create(lam, FunctionName=ARN, Qualifier="live"))["FunctionArn"] == f"{ARN}:live"
    assert settings(create(lam, FunctionName=f"{ARN}:canary"))["FunctionArn"] == f"{ARN}:canary"
    assert settings(create(lam, FunctionName=f"{ACCOUNT}:function:f1"))["FunctionArn"] == ARN

    assert get(lam, FunctionName=f"{ACCOUNT}:function:f1:live") == get(lam, Qualifier="live")
    update(lam, FunctionName=f"{ARN}:canary", AuthType="AWS_IAM")
    assert get(lam, Qualifier="canary")["AuthType"] == "AWS_IAM"
    lam.delete_function_url_config(FunctionName=ARN)
    assert [c["FunctionArn"] for c in listed(lam, FunctionName=ARN)] == [f"{ARN}:live", f"{ARN}:canary"]


# ----- forgetting, regions ----------------------------------------------------------------------------------------

def test_deleting_or_creating_an_alias_or_the_function_forgets_its_url(emulator, lam, role_arn):
    for qualifier in ({}, {"Qualifier": "live"}, {"Qualifier": "canary"}):
        create(lam, **qualifier)

    lam.delete_alias(FunctionName="f1", Name="live")
    assert error_of(lam.get_function_url_config, FunctionName="f1", Qualifier="live")[0] == 404
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="2")
    assert error_of(lam.get_function_url_config, FunctionName="f1", Qualifier="live")[0] == 404
    create(lam, Qualifier="live")
    # Deleting a version leaves the URLs alone (they belong to the function and its aliases).
    lam.delete_function(FunctionName="f1", Qualifier="1")
    assert [c["FunctionArn"] for c in listed(lam)] == [ARN, f"{ARN}:canary", f"{ARN}:live"]

    lam.delete_function(FunctionName="f1")
    create_function(lam, role_arn)
    assert listed(lam) == []

    create(lam)
    lam = after_reset(emulator)
    assert listed(lam) == []
    create(lam)
    lam = after_reset(emulator, "/moto-api/reset")
    assert listed(lam) == []


def test_regions_keep_their_own_urls(emulator, lam, role_arn):
    other = in_other_region(emulator, role_arn)
    here = create(lam)
    create(other, AuthType="AWS_IAM")
    other.delete_function(FunctionName="f1")
    assert get(lam)["FunctionUrl"] == here["FunctionUrl"]
    assert error_of(other.list_function_url_configs, FunctionName="f1")[0] == 404


# ----- the layer's machinery --------------------------------------------------------------------------------------

def test_url_calls_are_logged_faulted_and_counted_like_other_lambda_calls(emulator, lam):
    throttled(emulator, lam, "CreateFunctionUrlConfig", create, lam)
    assert error_of(lam.get_function_url_config, FunctionName="f1")[0] == 404  # nothing changed
    create(lam)
    update(lam, AuthType="AWS_IAM")
    listed(lam)
    lam.delete_function_url_config(FunctionName="f1")
    assert logged(emulator, "FunctionUrlConfig") == [
        ("CreateFunctionUrlConfig", 429), ("GetFunctionUrlConfig", 404),
        ("CreateFunctionUrlConfig", 201), ("UpdateFunctionUrlConfig", 200),
        ("ListFunctionUrlConfigs", 200), ("DeleteFunctionUrlConfig", 204)]

    emulator.lambda_quotas(True)
    create(lam, Qualifier="live")
    get(lam, Qualifier="live")
    listed(lam)
    assert allowed_in_region(emulator) == {"control-plane": 3}


# ----- what moto alone does (why the layer keeps the URLs) --------------------------------------------------------

def test_moto_alone_ignores_the_qualifier_and_cannot_list():
    with moto_alone(aliases={"live": "1"}) as lam:
        first = create(lam)
        # A second create is no conflict: it replaces the one configuration, with a new URL and no trailing slash;
        # so does one for an alias, or for an alias that does not exist, with the unqualified ARN.
        second = create(lam, Qualifier="live", AuthType="AWS_IAM")
        assert second["FunctionUrl"] != first["FunctionUrl"] and not second["FunctionUrl"].endswith("/")
        assert (second["FunctionArn"], second["InvokeMode"]) == (ARN, "Buffered")
        assert create(lam, Qualifier="gone")["FunctionArn"] == ARN
        # Any qualifier reads it; Get answers 201; Update ignores InvokeMode.
        got = lam.get_function_url_config(FunctionName="f1", Qualifier="live")
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 201 and got["AuthType"] == "NONE"
        assert update(lam, InvokeMode="RESPONSE_STREAM")["InvokeMode"] == "Buffered"
        # An alias ARN is refused; List is not there at all.
        assert error_of(create, lam=lam, FunctionName=f"{ARN}:live") == (
            400, "InvalidParameterValueException", "Cannot provide qualifier")
        assert error_of(lam.list_function_url_configs, FunctionName="f1")[0] == 404
        # Deleting under an alias deletes the function's.
        lam.delete_function_url_config(FunctionName="f1", Qualifier="live")
        assert error_of(lam.get_function_url_config, FunctionName="f1")[0] == 404
        assert error_of(lam.get_function_url_config, FunctionName="f9")[2] == f"Function not found: {F9}"
