"""Published version numbers are never reused while a function exists, as Lambda numbers them (see
version_numbers.py)."""

from conftest import create_function, make_zip

REGION = "eu-west-1"


def publish(lam, code):
    lam.update_function_code(FunctionName="f1", ZipFile=make_zip(code))
    return lam.publish_version(FunctionName="f1")["Version"]


def numbers(lam):
    return [v["Version"] for v in lam.list_versions_by_function(FunctionName="f1")["Versions"]]


def test_a_deleted_versions_number_is_not_given_again(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, name="f1")
    assert [publish(lam, f"v{i}") for i in (1, 2, 3)] == ["1", "2", "3"]

    lam.delete_function(FunctionName="f1", Qualifier="2")
    assert publish(lam, "v4") == "4"
    lam.delete_function(FunctionName="f1", Qualifier="4")
    assert publish(lam, "v5") == "5"

    assert numbers(lam) == ["$LATEST", "1", "3", "5"]
    assert lam.get_function(FunctionName="f1", Qualifier="5")["Configuration"]["Version"] == "5"


def test_an_unchanged_function_is_not_published_again(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, name="f1")
    assert publish(lam, "v1") == "1"

    assert lam.publish_version(FunctionName="f1")["Version"] == "1"
    assert numbers(lam) == ["$LATEST", "1"]


def test_a_function_created_anew_starts_again_at_one(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, name="f1")
    publish(lam, "v1")
    publish(lam, "v2")
    lam.delete_function(FunctionName="f1")

    create_function(lam, role_arn, name="f1")
    assert publish(lam, "v1") == "1"
