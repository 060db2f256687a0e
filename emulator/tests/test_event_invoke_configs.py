"""Event invoke configurations (retries, event age, destinations of asynchronous invocations), kept per qualifier as
Lambda keeps them: the function itself, each version and each alias has one of its own
(Put/Update/Get/DeleteFunctionEventInvokeConfig, ListFunctionEventInvokeConfigs)."""

import time

import botocore.session
import pytest

from conftest import ACCOUNT, create_function, make_zip, signed_lambda_http
from lambda_dr_emulator.event_invoke_configs import DESTINATION_PATTERN
from per_qualifier import (ARN, F9, MISMATCH, REGION, after_reset, allowed_in_region, error_of, http_error,
                           in_other_region, logged, moto_alone, published_function, refusal, republished, throttled)

QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:failed"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:done"
FUNCTION_MISSING = "The function doesn't exist."
NO_SETTING = "You must specify at least one of error handling or destination setting."
NONE_SET = {"OnSuccess": {}, "OnFailure": {}}
PATH = "/2019-09-25/functions/f1/event-invoke-config"


def no_config(arn):
    return f"The function {arn} doesn't have an EventInvokeConfig"


def put(lam, **kwargs):
    return lam.put_function_event_invoke_config(**{"FunctionName": "f1", **kwargs})


def update(lam, **kwargs):
    return lam.update_function_event_invoke_config(**{"FunctionName": "f1", **kwargs})


def get(lam, **kwargs):
    return settings(lam.get_function_event_invoke_config(**{"FunctionName": "f1", **kwargs}))


def settings(answer):
    """A configuration without LastModified and the response metadata."""
    return {k: v for k, v in answer.items() if k not in ("LastModified", "ResponseMetadata")}


def listed(lam, **kwargs):
    return [settings(c) for c in lam.list_function_event_invoke_configs(
        **{"FunctionName": "f1", **kwargs})["FunctionEventInvokeConfigs"]]


@pytest.fixture
def lam(emulator, role_arn):
    """f1 with version 1, version 2 and alias live -> 1."""
    return published_function(emulator.client("lambda", REGION), role_arn, versions=2, aliases={"live": "1"})


# ----- one configuration per qualifier ----------------------------------------------------------------------------

def test_the_function_each_version_and_each_alias_have_configurations_of_their_own(lam):
    put(lam, MaximumRetryAttempts=0)
    put(lam, Qualifier="1", MaximumEventAgeInSeconds=120)
    put(lam, Qualifier="live", DestinationConfig={"OnFailure": {"Destination": QUEUE}})

    # The function itself is $LATEST, and says so in its ARN.
    assert get(lam) == {"FunctionArn": f"{ARN}:$LATEST", "MaximumRetryAttempts": 0, "DestinationConfig": NONE_SET}
    assert get(lam, Qualifier="$LATEST") == get(lam) == get(lam, FunctionName="f1:$LATEST")
    assert get(lam, Qualifier="1") == {"FunctionArn": f"{ARN}:1", "MaximumEventAgeInSeconds": 120,
                                       "DestinationConfig": NONE_SET}
    # The alias's configuration is not the version's it points at.
    assert get(lam, Qualifier="live") == {"FunctionArn": f"{ARN}:live",
                                          "DestinationConfig": {"OnSuccess": {}, "OnFailure": {"Destination": QUEUE}}}
    # A qualifier in the function name means the same.
    assert get(lam, FunctionName="f1:live") == get(lam, Qualifier="live")
    assert get(lam, FunctionName="f1:1") == get(lam, Qualifier="1")
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1", Qualifier="2") == (
        404, "ResourceNotFoundException", no_config(f"{ARN}:2"))

    # Changing one leaves the others alone.
    update(lam, Qualifier="live", MaximumRetryAttempts=1)
    lam.delete_function_event_invoke_config(FunctionName="f1", Qualifier="1")
    assert get(lam)["MaximumRetryAttempts"] == 0
    assert get(lam, Qualifier="live")["MaximumRetryAttempts"] == 1
    assert [c["FunctionArn"] for c in listed(lam)] == [f"{ARN}:$LATEST", f"{ARN}:live"]


def test_publishing_a_version_does_not_copy_the_configuration(lam):
    put(lam, MaximumRetryAttempts=0)
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip("v3"))
    assert lam.publish_version(FunctionName="f1")["Version"] == "3"
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1", Qualifier="3") == (
        404, "ResourceNotFoundException", no_config(f"{ARN}:3"))


# ----- put replaces, update merges --------------------------------------------------------------------------------

def test_put_replaces_the_whole_configuration(lam):
    put(lam, MaximumRetryAttempts=2, MaximumEventAgeInSeconds=60,
        DestinationConfig={"OnSuccess": {"Destination": TOPIC}, "OnFailure": {"Destination": QUEUE}})
    answer = settings(put(lam, MaximumRetryAttempts=0))
    # What is not sent is removed.
    assert answer == {"FunctionArn": f"{ARN}:$LATEST", "MaximumRetryAttempts": 0, "DestinationConfig": NONE_SET}
    assert get(lam) == answer
    assert settings(put(lam, MaximumEventAgeInSeconds=21600)) == {
        "FunctionArn": f"{ARN}:$LATEST", "MaximumEventAgeInSeconds": 21600, "DestinationConfig": NONE_SET}


def test_update_merges_the_settings_sent_into_the_configuration(lam):
    put(lam, MaximumRetryAttempts=2, MaximumEventAgeInSeconds=60)
    assert settings(update(lam, MaximumRetryAttempts=0)) == {
        "FunctionArn": f"{ARN}:$LATEST", "MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60,
        "DestinationConfig": NONE_SET}
    update(lam, DestinationConfig={"OnSuccess": {"Destination": TOPIC}})
    assert get(lam) == {"FunctionArn": f"{ARN}:$LATEST", "MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60,
                        "DestinationConfig": {"OnSuccess": {"Destination": TOPIC}, "OnFailure": {}}}
    # DestinationConfig is one setting: sent, it replaces the destinations there were.
    update(lam, DestinationConfig={"OnFailure": {"Destination": QUEUE}})
    assert get(lam)["DestinationConfig"] == {"OnSuccess": {}, "OnFailure": {"Destination": QUEUE}}

    assert error_of(update, lam=lam, Qualifier="live", MaximumRetryAttempts=1) == (
        404, "ResourceNotFoundException", no_config(f"{ARN}:live"))
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1", Qualifier="live")[0] == 404


def test_last_modified_is_when_the_configuration_last_changed(emulator, lam):
    before = time.time()
    status, _, body = signed_lambda_http(emulator, REGION, "PUT", PATH, {"MaximumRetryAttempts": 1})
    assert status == 200
    # Epoch seconds, as Lambda's JSON carries them.
    assert isinstance(body["LastModified"], float) and before - 1 <= body["LastModified"] <= time.time() + 1
    _, _, got = signed_lambda_http(emulator, REGION, "GET", PATH, None)
    assert got == body
    time.sleep(0.01)
    _, _, updated = signed_lambda_http(emulator, REGION, "POST", PATH, {"MaximumEventAgeInSeconds": 60})
    assert updated["LastModified"] > body["LastModified"]
    assert isinstance(put(lam, MaximumRetryAttempts=1)["LastModified"].timestamp(), float)


def test_answers_read_as_lambda_writes_them(emulator, lam):
    status, headers, body = signed_lambda_http(emulator, REGION, "PUT", PATH + "?Qualifier=live", {
        "MaximumRetryAttempts": 1, "MaximumEventAgeInSeconds": 3600,
        "DestinationConfig": {"OnSuccess": {"Destination": TOPIC}}})
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert list(body) == ["LastModified", "FunctionArn", "MaximumRetryAttempts", "MaximumEventAgeInSeconds",
                          "DestinationConfig"]
    assert body["DestinationConfig"] == {"OnSuccess": {"Destination": TOPIC}, "OnFailure": {}}
    assert list(body["DestinationConfig"]) == ["OnSuccess", "OnFailure"]

    status, _, listing = signed_lambda_http(emulator, REGION, "GET", PATH + "/list", None)
    assert status == 200 and listing == {"FunctionEventInvokeConfigs": [body]}

    removed = lam.delete_function_event_invoke_config(FunctionName="f1", Qualifier="live")
    assert removed["ResponseMetadata"]["HTTPStatusCode"] == 204


# ----- list -------------------------------------------------------------------------------------------------------

def test_list_holds_every_qualifiers_configuration_and_pages(lam):
    assert listed(lam) == []
    put(lam, Qualifier="live", MaximumRetryAttempts=1)
    put(lam, MaximumRetryAttempts=0)
    put(lam, Qualifier="2", MaximumRetryAttempts=2)
    # In the order they were first put.
    assert [(c["FunctionArn"], c["MaximumRetryAttempts"]) for c in listed(lam)] == [
        (f"{ARN}:live", 1), (f"{ARN}:$LATEST", 0), (f"{ARN}:2", 2)]
    # Any form of the name lists the function's configurations, whatever qualifier it names.
    assert listed(lam, FunctionName=ARN) == listed(lam, FunctionName="f1:1") == listed(lam)

    first = lam.list_function_event_invoke_configs(FunctionName="f1", MaxItems=2)
    assert [c["FunctionArn"] for c in first["FunctionEventInvokeConfigs"]] == [f"{ARN}:live", f"{ARN}:$LATEST"]
    rest = lam.list_function_event_invoke_configs(FunctionName="f1", MaxItems=2, Marker=first["NextMarker"])
    assert [c["FunctionArn"] for c in rest["FunctionEventInvokeConfigs"]] == [f"{ARN}:2"]
    assert "NextMarker" not in rest
    paged = lam.get_paginator("list_function_event_invoke_configs").paginate(
        FunctionName="f1", PaginationConfig={"PageSize": 1})
    assert [settings(c) for page in paged for c in page["FunctionEventInvokeConfigs"]] == listed(lam)

    for qualifier in ("live", "$LATEST", "2"):
        lam.delete_function_event_invoke_config(FunctionName="f1", Qualifier=qualifier)
    assert listed(lam) == []


# ----- errors -----------------------------------------------------------------------------------------------------

def test_what_does_not_exist_is_not_found_in_lambdas_words(emulator, lam):
    # Put and Update: the function, version or alias must exist.
    for call in (put, update):
        for target in ({"FunctionName": "f9"}, {"FunctionName": F9}, {"Qualifier": "7"}, {"Qualifier": "gone"},
                       {"FunctionName": "f1:gone"}):
            assert error_of(call, lam=lam, MaximumRetryAttempts=1, **target) == (
                404, "ResourceNotFoundException", FUNCTION_MISSING), (call, target)
    assert error_of(lam.list_function_event_invoke_configs, FunctionName="f9") == (
        404, "ResourceNotFoundException", FUNCTION_MISSING)
    # Get and Delete: only whether there is a configuration.
    for call in (lam.get_function_event_invoke_config, lam.delete_function_event_invoke_config):
        assert error_of(call, FunctionName="f1") == (404, "ResourceNotFoundException", no_config(f"{ARN}:$LATEST"))
        assert error_of(call, FunctionName="f9") == (404, "ResourceNotFoundException", no_config(f"{F9}:$LATEST"))
        assert error_of(call, FunctionName="f1", Qualifier="77") == (
            404, "ResourceNotFoundException", no_config(f"{ARN}:77"))
        assert error_of(call, FunctionName="f1:gone") == (404, "ResourceNotFoundException",
                                                          no_config(f"{ARN}:gone"))
    put(lam, MaximumRetryAttempts=1)
    lam.delete_function_event_invoke_config(FunctionName="f1")
    assert error_of(lam.delete_function_event_invoke_config, FunctionName="f1")[0] == 404

    assert http_error(emulator, "GET", PATH) == (
        404, "ResourceNotFoundException", {"Type": "User", "message": no_config(f"{ARN}:$LATEST")})


def test_values_out_of_bounds_are_refused_and_change_nothing(emulator, lam):
    put(lam, MaximumRetryAttempts=1)

    def refused(body, path=PATH, method="PUT"):
        kind, message = refusal(emulator, method, path, body)
        assert kind == "ValidationException", message
        return message

    def detail(value, member, constraint):
        return f"Value '{value}' at '{member}' failed to satisfy constraint: Member must have value {constraint}"

    assert refused({"MaximumRetryAttempts": 3}) == "1 validation error detected: " + detail(
        3, "maximumRetryAttempts", "less than or equal to 2")
    assert refused({"MaximumRetryAttempts": -1}, method="POST") == "1 validation error detected: " + detail(
        -1, "maximumRetryAttempts", "greater than or equal to 0")
    assert refused({"MaximumEventAgeInSeconds": 59}) == "1 validation error detected: " + detail(
        59, "maximumEventAgeInSeconds", "greater than or equal to 60")
    assert refused({"MaximumRetryAttempts": 5, "MaximumEventAgeInSeconds": 21601}) == (
        "2 validation errors detected: " + detail(5, "maximumRetryAttempts", "less than or equal to 2") + "; "
        + detail(21601, "maximumEventAgeInSeconds", "less than or equal to 21600"))
    assert refused(None, PATH + "/list?MaxItems=51", "GET") == "1 validation error detected: " + detail(
        51, "maxItems", "less than or equal to 50")
    # The SDK checks only the lower bounds itself; the upper ones reach the emulator.
    assert error_of(put, lam=lam, MaximumRetryAttempts=3)[:2] == (400, "ValidationException")
    assert error_of(update, lam=lam, MaximumEventAgeInSeconds=21601)[:2] == (400, "ValidationException")
    # Bounds are checked before whether the function exists.
    assert error_of(put, lam=lam, FunctionName="f9", MaximumRetryAttempts=3)[0] == 400

    assert get(lam)["MaximumRetryAttempts"] == 1 and "MaximumEventAgeInSeconds" not in get(lam)


def test_a_put_or_update_setting_nothing_is_refused(emulator, lam):
    for call in (put, update):
        assert error_of(call, lam=lam) == (400, "InvalidParameterValueException", NO_SETTING)
        assert error_of(call, lam=lam, FunctionName="f9") == (400, "InvalidParameterValueException", NO_SETTING)
    status, _, body = signed_lambda_http(emulator, REGION, "PUT", PATH, {"MaximumRetryAttempts": None})
    assert (status, body["message"]) == (400, NO_SETTING)
    # An empty DestinationConfig is a setting: no destinations.
    assert settings(put(lam, DestinationConfig={})) == {"FunctionArn": f"{ARN}:$LATEST",
                                                       "DestinationConfig": NONE_SET}


def test_a_qualifier_in_the_name_must_match_the_one_sent(lam):
    assert error_of(put, lam=lam, FunctionName="f1:live", Qualifier="1", MaximumRetryAttempts=1) == MISMATCH
    assert error_of(put, lam=lam, FunctionName=f"{ARN}:live", Qualifier="gone", MaximumRetryAttempts=1) == MISMATCH
    assert error_of(put, lam=lam, FunctionName="f1:1", Qualifier="$LATEST", MaximumRetryAttempts=1) == MISMATCH
    assert error_of(update, lam=lam, FunctionName="f1:$LATEST", Qualifier="1", MaximumRetryAttempts=1) == MISMATCH
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1:live", Qualifier="1") == MISMATCH
    assert error_of(lam.delete_function_event_invoke_config, FunctionName="f1:live", Qualifier="1") == MISMATCH
    assert settings(put(lam, FunctionName="f1:$LATEST", Qualifier="$LATEST", MaximumRetryAttempts=1))[
        "FunctionArn"] == f"{ARN}:$LATEST"
    assert settings(put(lam, FunctionName="f1:live", Qualifier="live", MaximumRetryAttempts=1))[
        "FunctionArn"] == f"{ARN}:live"


def test_destinations_are_checked_as_lambda_checks_them(emulator, lam, role_arn):
    create_function(lam, role_arn, name="f2")
    f2 = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f2"
    missing = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:doesnotexist"

    def destinations(**config):
        return put(lam, DestinationConfig=config)["DestinationConfig"]

    assert destinations(OnSuccess={"Destination": f2}, OnFailure={"Destination": f"{f2}:1"}) == {
        "OnSuccess": {"Destination": f2}, "OnFailure": {"Destination": f"{f2}:1"}}
    events = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"
    assert destinations(OnSuccess={"Destination": events}, OnFailure={"Destination": QUEUE})["OnSuccess"] == {
        "Destination": events}
    assert destinations(OnFailure={"Destination": "arn:aws:s3:::bucket-1"})["OnFailure"] == {
        "Destination": "arn:aws:s3:::bucket-1"}
    # No destination ARN (or an empty one) is no destination.
    assert destinations(OnSuccess={}) == NONE_SET
    assert destinations(OnFailure={"Destination": ""}) == NONE_SET

    assert error_of(put, lam=lam, DestinationConfig={"OnSuccess": {"Destination": missing}}) == (
        400, "InvalidParameterValueException", f"The destination ARN {missing} is invalid.")
    assert error_of(put, lam=lam, DestinationConfig={"OnFailure": {"Destination": f"{ARN}:live"}}) == (
        400, "InvalidParameterValueException", "You can't specify the function as a destination for itself.")
    iam = f"arn:aws:iam:{REGION}:{ACCOUNT}:function:f1"
    assert error_of(put, lam=lam, DestinationConfig={"OnSuccess": {"Destination": iam}}) == (
        400, "InvalidParameterValueException",
        f"The provided destination config DestinationConfig(onSuccess=OnSuccess(destination={iam}), onFailure=null) "
        "is invalid.")
    assert error_of(update, lam=lam, DestinationConfig={"OnSuccess": {"Destination": "arn:aws:s3:::bucket-1"}})[:2] == (
        400, "InvalidParameterValueException")
    bad = ARN.replace(":lambda:", ":_-/!lambda:")
    assert error_of(put, lam=lam, DestinationConfig={"OnFailure": {"Destination": bad}}) == (
        400, "ValidationException",
        f"1 validation error detected: Value '{bad}' at 'destinationConfig.onFailure.destination' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {DESTINATION_PATTERN}")

    assert get(lam)["DestinationConfig"] == NONE_SET  # the refused ones changed nothing


def test_the_destination_pattern_is_the_one_of_the_service_model():
    model = botocore.session.get_session().get_service_model("lambda")
    assert model.shape_for("DestinationArn").metadata["pattern"] == DESTINATION_PATTERN


# ----- names ------------------------------------------------------------------------------------------------------

def test_function_names_may_be_arns_with_or_without_a_qualifier(lam):
    assert settings(put(lam, FunctionName=ARN, Qualifier="live", MaximumRetryAttempts=0))["FunctionArn"] == (
        f"{ARN}:live")
    put(lam, FunctionName=f"{ARN}:1", MaximumRetryAttempts=1)
    put(lam, FunctionName=f"{ACCOUNT}:function:f1", MaximumRetryAttempts=2)

    assert get(lam, FunctionName=f"{ARN}:live")["MaximumRetryAttempts"] == 0
    assert get(lam, FunctionName=f"{ACCOUNT}:function:f1:1")["MaximumRetryAttempts"] == 1
    assert get(lam, FunctionName=ARN)["MaximumRetryAttempts"] == 2
    update(lam, FunctionName=f"{ARN}:live", MaximumEventAgeInSeconds=60)
    assert get(lam, Qualifier="live")["MaximumEventAgeInSeconds"] == 60
    lam.delete_function_event_invoke_config(FunctionName=f"{ACCOUNT}:function:f1", Qualifier="1")
    assert [c["FunctionArn"] for c in listed(lam, FunctionName=ARN)] == [f"{ARN}:live", f"{ARN}:$LATEST"]


# ----- forgetting, regions ----------------------------------------------------------------------------------------

def test_deleting_or_creating_a_version_an_alias_or_the_function_forgets_its_configuration(emulator, lam, role_arn):
    for qualifier in ({}, {"Qualifier": "1"}, {"Qualifier": "2"}, {"Qualifier": "live"}):
        put(lam, MaximumRetryAttempts=1, **qualifier)

    lam.delete_alias(FunctionName="f1", Name="live")
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion="2")
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1", Qualifier="live")[0] == 404

    assert republished(lam, "2", "v3") == "3"  # never 2 again (see version_numbers.py)
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1", Qualifier="2")[0] == 404
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1", Qualifier="3")[0] == 404
    assert [c["FunctionArn"] for c in listed(lam)] == [f"{ARN}:$LATEST", f"{ARN}:1"]

    lam.delete_function(FunctionName="f1")
    published_function(lam, role_arn, versions=1)
    assert listed(lam) == []

    put(lam, MaximumRetryAttempts=1)
    lam = after_reset(emulator)
    assert listed(lam) == []
    put(lam, MaximumRetryAttempts=1)
    lam = after_reset(emulator, "/moto-api/reset")
    assert listed(lam) == []


def test_regions_keep_their_own_configurations(emulator, lam, role_arn):
    other = in_other_region(emulator, role_arn)
    put(lam, MaximumRetryAttempts=1)
    put(other, MaximumRetryAttempts=2)
    assert get(lam)["MaximumRetryAttempts"] == 1
    assert get(other) == {"FunctionArn": f"arn:aws:lambda:us-west-2:{ACCOUNT}:function:f1:$LATEST",
                          "MaximumRetryAttempts": 2, "DestinationConfig": NONE_SET}
    other.delete_function(FunctionName="f1")
    assert get(lam)["MaximumRetryAttempts"] == 1


# ----- the layer's machinery --------------------------------------------------------------------------------------

def test_invoke_config_calls_are_logged_faulted_and_counted_like_other_lambda_calls(emulator, lam):
    throttled(emulator, lam, "PutFunctionEventInvokeConfig", put, lam, MaximumRetryAttempts=1)
    assert error_of(lam.get_function_event_invoke_config, FunctionName="f1")[0] == 404  # nothing changed
    put(lam, MaximumRetryAttempts=1)
    update(lam, MaximumRetryAttempts=2)
    lam.list_function_event_invoke_configs(FunctionName="f1")
    lam.delete_function_event_invoke_config(FunctionName="f1")
    assert logged(emulator, "EventInvokeConfig") == [
        ("PutFunctionEventInvokeConfig", 429), ("GetFunctionEventInvokeConfig", 404),
        ("PutFunctionEventInvokeConfig", 200), ("UpdateFunctionEventInvokeConfig", 200),
        ("ListFunctionEventInvokeConfigs", 200), ("DeleteFunctionEventInvokeConfig", 204)]

    emulator.lambda_quotas(True)
    put(lam, Qualifier="live", MaximumRetryAttempts=1)
    get(lam, Qualifier="live")
    lam.list_function_event_invoke_configs(FunctionName="f1")
    assert allowed_in_region(emulator) == {"control-plane": 3}


# ----- what moto alone does (why the layer keeps the configurations) ----------------------------------------------

def test_moto_alone_ignores_the_qualifier_and_keeps_the_first_configuration_put():
    with moto_alone(aliases={"live": "1"}) as lam:
        put(lam, Qualifier="live", MaximumRetryAttempts=1)
        # One configuration, read under every qualifier (one that does not exist too), with the unqualified ARN and
        # no DestinationConfig.
        for qualifier in ({}, {"Qualifier": "1"}, {"Qualifier": "live"}, {"Qualifier": "gone"}):
            assert get(lam, **qualifier) == {"FunctionArn": ARN, "MaximumRetryAttempts": 1}
        # A later put or update is appended and never read back; a put setting nothing is accepted.
        put(lam, MaximumEventAgeInSeconds=60)
        update(lam, MaximumRetryAttempts=0)
        put(lam, Qualifier="gone")
        # An alias ARN lands on the version the alias points at.
        assert settings(put(lam, FunctionName=f"{ARN}:live", MaximumRetryAttempts=2))["FunctionArn"] == f"{ARN}:1"
        assert get(lam) == {"FunctionArn": ARN, "MaximumRetryAttempts": 1}
        assert listed(lam) == [{"FunctionArn": ARN, "MaximumRetryAttempts": 1}]
        # Deleting any qualifier's deletes them all.
        lam.delete_function_event_invoke_config(FunctionName="f1", Qualifier="1")
        assert error_of(lam.get_function_event_invoke_config, FunctionName="f1", Qualifier="live") == (
            404, "ResourceNotFoundException", no_config(ARN))
        assert error_of(lam.get_function_event_invoke_config, FunctionName="f9")[2] == (
            f"Function not found: {F9}")
