"""Code signing, recursive loop detection and runtime updates, kept by the layer per function (see
function_controls.py): Lambda's defaults, what a put sets, what a delete or a new function forgets."""

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, create_function
from per_qualifier import error_of, moto_alone

REGION = "eu-west-1"
SIGNING = f"arn:aws:lambda:{REGION}:{ACCOUNT}:code-signing-config:csc-0a1b2c3d4e5f60718"
RUNTIME = f"arn:aws:lambda:{REGION}::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1"


@pytest.fixture
def lam(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, name="f1")
    return lam


def test_a_new_function_has_lambdas_defaults(lam):
    assert lam.get_function_code_signing_config(FunctionName="f1")["CodeSigningConfigArn"] == ""
    assert lam.get_function_recursion_config(FunctionName="f1")["RecursiveLoop"] == "Terminate"
    runtime = lam.get_runtime_management_config(FunctionName="f1")
    assert runtime["UpdateRuntimeOn"] == "Auto"
    assert "RuntimeVersionArn" not in runtime


def test_puts_are_read_back_and_a_delete_detaches_the_code_signing_configuration(lam):
    lam.put_function_code_signing_config(FunctionName="f1", CodeSigningConfigArn=SIGNING)
    lam.put_function_recursion_config(FunctionName="f1", RecursiveLoop="Allow")
    lam.put_runtime_management_config(FunctionName="f1", UpdateRuntimeOn="Manual", RuntimeVersionArn=RUNTIME)

    assert lam.get_function_code_signing_config(FunctionName="f1")["CodeSigningConfigArn"] == SIGNING
    assert lam.get_function_recursion_config(FunctionName="f1")["RecursiveLoop"] == "Allow"
    runtime = lam.get_runtime_management_config(FunctionName="f1")
    assert (runtime["UpdateRuntimeOn"], runtime["RuntimeVersionArn"]) == ("Manual", RUNTIME)

    lam.delete_function_code_signing_config(FunctionName="f1")
    assert lam.get_function_code_signing_config(FunctionName="f1")["CodeSigningConfigArn"] == ""


def test_a_function_created_anew_starts_from_the_defaults_and_the_configuration_it_names(lam, role_arn):
    lam.put_function_recursion_config(FunctionName="f1", RecursiveLoop="Allow")
    lam.delete_function(FunctionName="f1")
    create_function(lam, role_arn, name="f1", CodeSigningConfigArn=SIGNING)

    assert lam.get_function_recursion_config(FunctionName="f1")["RecursiveLoop"] == "Terminate"
    assert lam.get_function_code_signing_config(FunctionName="f1")["CodeSigningConfigArn"] == SIGNING


@pytest.mark.parametrize("call, kwargs, code", [
    ("put_function_recursion_config", {"RecursiveLoop": "Sometimes"}, "ValidationException"),
    ("put_runtime_management_config", {"UpdateRuntimeOn": "Manual"}, "InvalidParameterValueException"),
    ("put_runtime_management_config", {"UpdateRuntimeOn": "Auto", "RuntimeVersionArn": RUNTIME},
     "InvalidParameterValueException"),
    ("put_function_code_signing_config", {"CodeSigningConfigArn": "csc-1"}, "ValidationException"),
])
def test_bad_settings_are_refused_and_change_nothing(lam, call, kwargs, code):
    with pytest.raises(ClientError) as refused:
        getattr(lam, call)(FunctionName="f1", **kwargs)

    assert refused.value.response["Error"]["Code"] == code
    assert lam.get_function_recursion_config(FunctionName="f1")["RecursiveLoop"] == "Terminate"
    assert lam.get_runtime_management_config(FunctionName="f1")["UpdateRuntimeOn"] == "Auto"


def test_a_missing_function_is_not_found(lam):
    with pytest.raises(ClientError) as missing:
        lam.get_function_recursion_config(FunctionName="f9")

    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"


OTHER_SIGNING = f"arn:aws:lambda:{REGION}:{ACCOUNT}:code-signing-config:csc-0fffffffffffffff1"


def test_a_region_lists_its_code_signing_configurations_and_the_functions_each_guards(lam, role_arn, emulator):
    create_function(lam, role_arn, name="f2", CodeSigningConfigArn=SIGNING)
    create_function(lam, role_arn, name="f3")
    lam.put_function_code_signing_config(FunctionName="f1", CodeSigningConfigArn=SIGNING)
    lam.put_function_code_signing_config(FunctionName="f3", CodeSigningConfigArn=OTHER_SIGNING)

    configs = lam.list_code_signing_configs()["CodeSigningConfigs"]
    assert [c["CodeSigningConfigArn"] for c in configs] == [SIGNING, OTHER_SIGNING]
    assert configs[0]["CodeSigningConfigId"] == "csc-0a1b2c3d4e5f60718"
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
    assert lam.list_functions_by_code_signing_config(CodeSigningConfigArn=SIGNING)["FunctionArns"] == [
        arn + "f1", arn + "f2"]

    # A detached or deleted function is no longer listed; the configuration still is, with what it has left.
    lam.delete_function_code_signing_config(FunctionName="f1")
    lam.delete_function(FunctionName="f2")
    assert lam.list_functions_by_code_signing_config(CodeSigningConfigArn=SIGNING)["FunctionArns"] == []
    assert len(lam.list_code_signing_configs()["CodeSigningConfigs"]) == 2
    # Another region has none of them.
    assert emulator.client("lambda", "us-west-2").list_code_signing_configs()["CodeSigningConfigs"] == []


def test_code_signing_listings_come_in_pages(lam, role_arn):
    for index in range(3):
        create_function(lam, role_arn, name=f"g{index}", CodeSigningConfigArn=SIGNING)
    lam.put_function_code_signing_config(FunctionName="f1", CodeSigningConfigArn=OTHER_SIGNING)

    first = lam.list_functions_by_code_signing_config(CodeSigningConfigArn=SIGNING, MaxItems=2)
    second = lam.list_functions_by_code_signing_config(CodeSigningConfigArn=SIGNING, Marker=first["NextMarker"])
    assert [arn.rsplit(":", 1)[-1] for arn in first["FunctionArns"] + second["FunctionArns"]] == ["g0", "g1", "g2"]
    assert "NextMarker" not in second
    configs = lam.list_code_signing_configs(MaxItems=1)
    assert len(configs["CodeSigningConfigs"]) == 1 and configs["NextMarker"]


def test_functions_of_a_code_signing_configuration_no_function_named_are_not_found(lam):
    with pytest.raises(ClientError) as refused:
        lam.list_functions_by_code_signing_config(CodeSigningConfigArn=OTHER_SIGNING)
    assert refused.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as malformed:
        lam.list_functions_by_code_signing_config(CodeSigningConfigArn="csc-1")
    assert malformed.value.response["Error"]["Code"] == "ValidationException"


def test_moto_alone_keeps_no_controls():
    # What the layer supplies (function_controls.py): moto routes none of the recursion or runtime calls, nor the
    # code signing listing; it cannot attach a configuration, and reads a function as guarded by none.
    with moto_alone() as lam:
        for call, kwargs in ((lam.get_function_recursion_config, {}),
                             (lam.put_function_recursion_config, {"RecursiveLoop": "Allow"}),
                             (lam.get_runtime_management_config, {}),
                             (lam.put_runtime_management_config, {"UpdateRuntimeOn": "Auto"})):
            assert error_of(call, FunctionName="f1", **kwargs)[:2] == (404, "404")
        assert error_of(lam.list_code_signing_configs)[:2] == (404, "404")
        with pytest.raises(NotImplementedError):
            lam.put_function_code_signing_config(FunctionName="f1", CodeSigningConfigArn=SIGNING)
        assert "CodeSigningConfigArn" not in lam.get_function_code_signing_config(FunctionName="f1")
