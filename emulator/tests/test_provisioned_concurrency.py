"""Provisioned concurrency, kept per qualifier as Lambda keeps it: each published version and each alias has a
configuration of its own (Put/Get/DeleteProvisionedConcurrencyConfig, ListProvisionedConcurrencyConfigs)."""

import re
import time
from datetime import datetime

import boto3
import botocore.session
import pytest
from botocore.config import Config

from conftest import ACCOUNT, create_function, signed_lambda_http
from lambda_dr_emulator.provisioned_concurrency import QUALIFIER_PATTERN
from per_qualifier import (ARN, F9, MISMATCH, REGION, after_reset, allowed_in_region, at_once, error_of, http_error,
                           in_other_region, logged, moto_alone, published_function, refusal, republished, throttled)

NO_CONFIG = (404, "ProvisionedConcurrencyConfigNotFoundException",
             "No Provisioned Concurrency Config found for this function")
PATH = "/2019-09-30/functions/f1/provisioned-concurrency"
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000")


def put(lam, qualifier, executions=2, **kwargs):
    return answer_of(lam.put_provisioned_concurrency_config(
        **{"FunctionName": "f1", "Qualifier": qualifier, "ProvisionedConcurrentExecutions": executions, **kwargs}))


def get(lam, qualifier, **kwargs):
    return answer_of(lam.get_provisioned_concurrency_config(**{"FunctionName": "f1", "Qualifier": qualifier,
                                                               **kwargs}))


def answer_of(answer):
    return {k: v for k, v in answer.items() if k not in ("ResponseMetadata", "LastModified")}


def listed(lam, **kwargs):
    return [answer_of(c) for c in lam.list_provisioned_concurrency_configs(
        **{"FunctionName": "f1", **kwargs})["ProvisionedConcurrencyConfigs"]]


def ready(executions):
    return {"RequestedProvisionedConcurrentExecutions": executions,
            "AvailableProvisionedConcurrentExecutions": executions,
            "AllocatedProvisionedConcurrentExecutions": executions, "Status": "READY"}


def in_progress(executions):
    return {**ready(executions), "AvailableProvisionedConcurrentExecutions": 0,
            "AllocatedProvisionedConcurrentExecutions": 0, "Status": "IN_PROGRESS"}


@pytest.fixture
def lam(emulator, role_arn):
    """f1 with version 1, version 2, version 3, alias live -> 1 and alias canary -> 2."""
    return published_function(emulator.client("lambda", REGION), role_arn, versions=3,
                              aliases={"live": "1", "canary": "2"})


# ----- one configuration per qualifier ----------------------------------------------------------------------------

def test_each_version_and_each_alias_have_a_configuration_of_their_own(lam):
    put(lam, "live", 5)
    put(lam, "3", 1)
    put(lam, "canary", 2)
    assert get(lam, "live") == ready(5)
    assert get(lam, "3") == ready(1) == get(lam, "3", FunctionName="f1:3")
    assert get(lam, "canary") == ready(2)
    # The version an alias points at has none of its own.
    assert error_of(lam.get_provisioned_concurrency_config, FunctionName="f1", Qualifier="1") == NO_CONFIG
    assert listed(lam) == [{"FunctionArn": f"{ARN}:live", **ready(5)}, {"FunctionArn": f"{ARN}:3", **ready(1)},
                           {"FunctionArn": f"{ARN}:canary", **ready(2)}]

    # Deleting one leaves the others alone.
    removed = lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier="3")
    assert removed["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert error_of(lam.get_provisioned_concurrency_config, FunctionName="f1", Qualifier="3") == NO_CONFIG
    assert [c["FunctionArn"] for c in listed(lam)] == [f"{ARN}:live", f"{ARN}:canary"]


def test_a_put_is_answered_in_progress_and_read_back_ready(emulator, lam):
    before = time.time()
    status, headers, answer = signed_lambda_http(emulator, REGION, "PUT", PATH + "?Qualifier=live",
                                                 {"ProvisionedConcurrentExecutions": 4})
    # As Lambda answers a put: nothing allocated yet.
    assert status == 202 and headers["Content-Type"] == "application/json"
    assert list(answer) == ["RequestedProvisionedConcurrentExecutions", "AllocatedProvisionedConcurrentExecutions",
                            "AvailableProvisionedConcurrentExecutions", "Status", "LastModified"]
    assert answer_of(answer) == in_progress(4)
    assert TIME.fullmatch(answer["LastModified"])
    assert before - 1 <= datetime.strptime(answer["LastModified"], "%Y-%m-%dT%H:%M:%S%z").timestamp() <= (
        time.time() + 1)

    # The emulator runs no code: everything asked for is allocated by the first read.
    status, _, got = signed_lambda_http(emulator, REGION, "GET", PATH + "?Qualifier=live", None)
    assert status == 200
    assert list(got) == ["RequestedProvisionedConcurrentExecutions", "AvailableProvisionedConcurrentExecutions",
                         "AllocatedProvisionedConcurrentExecutions", "Status", "LastModified"]
    assert got == {**ready(4), "LastModified": answer["LastModified"]}
    status, _, listing = signed_lambda_http(emulator, REGION, "GET", PATH + "?List=ALL", None)
    assert listing == {"ProvisionedConcurrencyConfigs": [{"FunctionArn": f"{ARN}:live", **got}]}
    assert list(listing["ProvisionedConcurrencyConfigs"][0])[0] == "FunctionArn"

    # A put again replaces the configuration (and keeps its place in the list).
    put(lam, "canary", 1)
    assert put(lam, "live", 7) == in_progress(7)
    assert get(lam, "live") == ready(7)
    assert [c["FunctionArn"] for c in listed(lam)] == [f"{ARN}:live", f"{ARN}:canary"]


def test_a_provisioning_in_progress_fault_shows_the_allocation_under_way(emulator, lam):
    emulator.add_fault(kind="provisioning-in-progress", functionName="f1", qualifier="live", reads=2)
    put(lam, "canary", 1)  # another qualifier: not the one armed
    assert get(lam, "canary") == ready(1)
    put(lam, "live", 3)
    assert emulator.call("GET", "/_emulator/faults")[2] == [
        {"active": True, "kind": "provisioning-in-progress", "region": REGION, "functionName": "f1",
         "qualifier": "live", "readsLeft": 2}]
    # The next two reads of it (a Get, or a list showing it) report it under way, then it is ready.
    assert get(lam, "live") == in_progress(3)
    assert listed(lam) == [{"FunctionArn": f"{ARN}:canary", **ready(1)}, {"FunctionArn": f"{ARN}:live",
                                                                           **in_progress(3)}]
    assert get(lam, "live") == ready(3)
    assert emulator.call("GET", "/_emulator/faults")[2] == []

    # Without a qualifier the fault waits for the next put on any; clearing the faults (or deleting the
    # configuration) ends the window.
    emulator.add_fault(kind="provisioning-in-progress", functionName="f1", region=REGION)
    put(lam, "3", 1)
    emulator.call("DELETE", "/_emulator/faults")
    assert get(lam, "3") == ready(1)
    emulator.add_fault(kind="provisioning-in-progress", functionName="f1", reads=5)
    put(lam, "3", 2)
    lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier="3")
    put(lam, "3", 2)
    assert get(lam, "3") == ready(2)

    for spec in ({"kind": "provisioning-in-progress"}, {"kind": "provisioning-in-progress", "functionName": "f1",
                                                       "reads": 0}):
        status, _, body = emulator.call("POST", "/_emulator/faults", spec)
        assert status == 400, body


# ----- errors -----------------------------------------------------------------------------------------------------

def test_an_alias_and_the_version_it_points_at_cannot_both_be_provisioned(emulator, lam):
    put(lam, "1", 1)
    assert error_of(put, lam=lam, qualifier="live") == (
        409, "ResourceConflictException",
        "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version")
    lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier="1")
    put(lam, "live", 1)
    assert error_of(put, lam=lam, qualifier="1") == (
        409, "ResourceConflictException", "Version is pointed by a Provisioned Concurrency alias")
    # Other versions and aliases are free.
    put(lam, "2", 1)
    assert error_of(put, lam=lam, qualifier="canary")[0] == 409

    lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier="live")
    lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier="2")

    def attempt(client, qualifier):
        try:
            put(client, qualifier)
            return 202
        except client.exceptions.ResourceConflictException:
            return 409

    # An alias and its version put at once: one of them wins.
    assert at_once(emulator, attempt, ["1", "live"] * 4) == [202] * 4 + [409] * 4
    assert len(listed(lam)) == 1


def test_latest_is_refused_as_lambda_refuses_it(lam):
    for call in (lam.get_provisioned_concurrency_config, lam.delete_provisioned_concurrency_config):
        assert error_of(call, FunctionName="f1", Qualifier="$LATEST") == (
            400, "InvalidParameterValueException",
            "The function resource provided must be an alias or a published version.")
    assert error_of(put, lam=lam, qualifier="$LATEST") == (
        400, "InvalidParameterValueException",
        "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
    assert error_of(put, lam=lam, qualifier="$LATEST", FunctionName="f1:$LATEST")[2] == (
        "Provisioned Concurrency Configs cannot be applied to unpublished function versions.")
    assert listed(lam) == []


def test_what_does_not_exist_is_not_found_in_lambdas_words(emulator, lam):
    for call in (lambda **k: put(lam, **k), lambda **k: get(lam, **k),
                 lambda **k: lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier=k["qualifier"])):
        # An alias or a version, of a function that exists or not.
        assert error_of(call, qualifier="noalias") == (404, "ResourceNotFoundException",
                                                       f"Cannot find alias arn: {ARN}:noalias")
        assert error_of(call, qualifier="10") == (404, "ResourceNotFoundException", f"Function not found: {ARN}:10")
    for call in (put, get):
        assert error_of(call, lam=lam, qualifier="noalias", FunctionName="f9") == (
            404, "ResourceNotFoundException", f"Cannot find alias arn: {F9}:noalias")
        assert error_of(call, lam=lam, qualifier="1", FunctionName=F9) == (
            404, "ResourceNotFoundException", f"Function not found: {F9}:1")
    assert error_of(lam.list_provisioned_concurrency_configs, FunctionName="f9") == (
        404, "ResourceNotFoundException", f"Function not found: {F9}")

    # A version or alias without a configuration: Get says so, Delete does not mind.
    with pytest.raises(lam.exceptions.ProvisionedConcurrencyConfigNotFoundException):
        lam.get_provisioned_concurrency_config(FunctionName="f1", Qualifier="live")
    assert lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier="1")["ResponseMetadata"][
        "HTTPStatusCode"] == 204

    assert http_error(emulator, "GET", PATH + "?Qualifier=2") == (
        404, "ProvisionedConcurrencyConfigNotFoundException", {"Type": "User", "message": NO_CONFIG[2]})


def test_values_are_checked_as_lambda_checks_them_and_a_refusal_changes_nothing(emulator, lam):
    put(lam, "live", 1)
    # The SDK refuses 0 itself, unless told not to check.
    unchecked = boto3.client("lambda", region_name=REGION, endpoint_url=emulator.endpoint, aws_access_key_id="test",
                             aws_secret_access_key="test", config=Config(parameter_validation=False))
    assert error_of(put, lam=unchecked, qualifier="live", executions=0) == (
        400, "ValidationException", "1 validation error detected: Value '0' at 'provisionedConcurrentExecutions' "
                                    "failed to satisfy constraint: Member must have value greater than or equal to 1")

    def refused(body, query="?Qualifier=live"):
        return refusal(emulator, "PUT", PATH + query, body)

    assert refused({}) == ("ValidationException", "1 validation error detected: Value null at "
                           "'provisionedConcurrentExecutions' failed to satisfy constraint: Member must not be null")
    assert refused({"ProvisionedConcurrentExecutions": -1}, "?Qualifier=no!") == (
        "ValidationException", "2 validation errors detected: Value 'no!' at 'qualifier' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {QUALIFIER_PATTERN}; Value '-1' at "
        "'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or "
        "equal to 1")
    assert refused({"ProvisionedConcurrentExecutions": "2"})[0] == "SerializationException"
    assert refused({"ProvisionedConcurrentExecutions": 2}, "?Qualifier=")[1] == (
        "1 validation error detected: Value '' at 'qualifier' failed to satisfy constraint: Member must have length "
        "greater than or equal to 1")
    assert error_of(lam.list_provisioned_concurrency_configs, FunctionName="f1", MaxItems=51)[:2] == (
        400, "ValidationException")
    assert get(lam, "live") == ready(1)


def test_a_qualifier_in_the_name_must_match_the_one_sent(lam):
    assert error_of(put, lam=lam, FunctionName="f1:live", qualifier="canary") == MISMATCH
    assert error_of(get, lam=lam, FunctionName=f"{ARN}:1", qualifier="2") == MISMATCH
    assert error_of(lam.delete_provisioned_concurrency_config, FunctionName="f1:1", Qualifier="live") == MISMATCH
    assert put(lam, "live", FunctionName="f1:live") == in_progress(2)


def test_the_qualifier_pattern_is_the_one_of_the_service_model():
    model = botocore.session.get_session().get_service_model("lambda")
    assert model.shape_for("Qualifier").metadata["pattern"] == QUALIFIER_PATTERN


# ----- list -------------------------------------------------------------------------------------------------------

def test_list_holds_every_configuration_of_the_function_and_pages(lam):
    assert listed(lam) == []
    for qualifier in ("canary", "3", "live"):
        put(lam, qualifier)
    everything = listed(lam)
    assert [c["FunctionArn"] for c in everything] == [f"{ARN}:canary", f"{ARN}:3", f"{ARN}:live"]
    # Any form of the name lists the function's configurations, whatever qualifier it names.
    assert listed(lam, FunctionName=f"{ARN}:live") == listed(lam, FunctionName=f"{ACCOUNT}:function:f1") == everything

    first = lam.list_provisioned_concurrency_configs(FunctionName="f1", MaxItems=2)
    assert [answer_of(c) for c in first["ProvisionedConcurrencyConfigs"]] == everything[:2]
    rest = lam.list_provisioned_concurrency_configs(FunctionName="f1", MaxItems=2, Marker=first["NextMarker"])
    assert [answer_of(c) for c in rest["ProvisionedConcurrencyConfigs"]] == everything[2:]
    assert "NextMarker" not in rest
    pages = lam.get_paginator("list_provisioned_concurrency_configs").paginate(
        FunctionName="f1", PaginationConfig={"PageSize": 1})
    assert [answer_of(c) for one in pages for c in one["ProvisionedConcurrencyConfigs"]] == everything


# ----- names ------------------------------------------------------------------------------------------------------

def test_function_names_may_be_arns_with_or_without_a_qualifier(lam):
    put(lam, "live", 1, FunctionName=ARN)
    put(lam, "2", 2, FunctionName=f"{ARN}:2")
    put(lam, "3", 3, FunctionName=f"{ACCOUNT}:function:f1")
    assert get(lam, "live", FunctionName=f"{ACCOUNT}:function:f1:live") == ready(1)
    assert get(lam, "2", FunctionName=ARN) == ready(2)
    lam.delete_provisioned_concurrency_config(FunctionName=f"{ARN}:3", Qualifier="3")
    assert [c["FunctionArn"] for c in listed(lam, FunctionName=ARN)] == [f"{ARN}:live", f"{ARN}:2"]


# ----- forgetting, regions ----------------------------------------------------------------------------------------

def test_deleting_or_creating_a_version_an_alias_or_the_function_forgets_its_configuration(emulator, lam, role_arn):
    for qualifier in ("live", "canary", "3"):
        put(lam, qualifier)

    lam.delete_alias(FunctionName="f1", Name="live")
    # As on AWS: the alias is gone, so is its configuration.
    assert error_of(get, lam=lam, qualifier="live") == (404, "ResourceNotFoundException",
                                                         f"Cannot find alias arn: {ARN}:live")
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="1")
    assert error_of(get, lam=lam, qualifier="live") == NO_CONFIG

    assert republished(lam, "3", "v4") == "4"  # never 3 again (see version_numbers.py)
    assert error_of(get, lam=lam, qualifier="4") == NO_CONFIG
    assert [c["FunctionArn"] for c in listed(lam)] == [f"{ARN}:canary"]

    lam.delete_function(FunctionName="f1")
    create_function(lam, role_arn)
    assert listed(lam) == []

    lam.publish_version(FunctionName="f1")
    put(lam, "1")
    lam = after_reset(emulator)
    assert listed(lam) == []
    lam.publish_version(FunctionName="f1")
    put(lam, "1")
    lam = after_reset(emulator, "/moto-api/reset")
    assert listed(lam) == []


def test_regions_keep_their_own_configurations(emulator, lam, role_arn):
    other = in_other_region(emulator, role_arn)
    other.publish_version(FunctionName="f1")
    put(lam, "1", 1)
    put(other, "1", 2)
    assert get(lam, "1") == ready(1)
    assert listed(other) == [{"FunctionArn": f"arn:aws:lambda:us-west-2:{ACCOUNT}:function:f1:1", **ready(2)}]
    other.delete_function(FunctionName="f1")
    assert get(lam, "1") == ready(1)


# ----- the layer's machinery --------------------------------------------------------------------------------------

def test_provisioned_concurrency_calls_are_logged_faulted_and_counted_like_other_lambda_calls(emulator, lam):
    throttled(emulator, lam, "PutProvisionedConcurrencyConfig", put, lam, "live")
    assert error_of(get, lam=lam, qualifier="live") == NO_CONFIG  # nothing changed
    put(lam, "live")
    get(lam, "live")
    listed(lam)
    lam.delete_provisioned_concurrency_config(FunctionName="f1", Qualifier="live")
    assert logged(emulator, "ProvisionedConcurrency") == [
        ("PutProvisionedConcurrencyConfig", 429), ("GetProvisionedConcurrencyConfig", 404),
        ("PutProvisionedConcurrencyConfig", 202), ("GetProvisionedConcurrencyConfig", 200),
        ("ListProvisionedConcurrencyConfigs", 200), ("DeleteProvisionedConcurrencyConfig", 204)]

    emulator.lambda_quotas(True)
    put(lam, "live")
    get(lam, "live")
    listed(lam)
    assert allowed_in_region(emulator) == {"control-plane": 3}


# ----- what moto alone does (why the layer keeps the configurations) ----------------------------------------------

def test_moto_alone_has_no_provisioned_concurrency():
    with moto_alone() as lam:
        not_there = (404, "404", "Not yet implemented")
        assert error_of(put, lam=lam, qualifier="1") == not_there
        assert error_of(get, lam=lam, qualifier="1") == not_there
        assert error_of(lam.delete_provisioned_concurrency_config, FunctionName="f1", Qualifier="1") == not_there
        assert error_of(lam.list_provisioned_concurrency_configs, FunctionName="f1") == not_there
