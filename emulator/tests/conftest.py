"""Starts the emulator once per test session on a free loopback port."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
import zipfile

import pytest

from lambda_dr_emulator.testing import EMULATOR_DIR, Emulator, http, running  # noqa: F401 (shared with the tests)
ACCOUNT = "123456789012"

# The helpers the tests share (per_qualifier.py) assert too: have pytest explain their failures as it does the tests'.
pytest.register_assert_rewrite("per_qualifier")


@pytest.fixture(scope="session")
def emulator():
    with running() as started:
        yield started


@pytest.fixture(autouse=True)
def clean(emulator):
    status, _, _ = emulator.call("POST", "/_emulator/reset")
    assert status == 200


@pytest.fixture
def role_arn(emulator):
    return emulator.client("iam").create_role(RoleName="lambda-role", AssumeRolePolicyDocument="{}")["Role"]["Arn"]


def make_zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # Fixed timestamp: the same text always gives the same bytes.
        archive.writestr(zipfile.ZipInfo("index.py", date_time=(2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def create_function(lam, role_arn: str, name: str = "f1", code: str = "v1", **extra):
    return lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Handler="index.handler",
        Role=role_arn,
        Code={"ZipFile": make_zip(code)},
        **extra,
    )


def signed_lambda_http(emulator, region: str, method: str, path: str, body):
    """A plain HTTP Lambda call carrying the SigV4 credential scope the emulator routes on, to see the raw
    response as an SDK parses it."""
    request = urllib.request.Request(emulator.endpoint + path, data=json.dumps(body).encode(), method=method, headers={
        "Content-Type": "application/json",
        "Authorization": f"AWS4-HMAC-SHA256 Credential=test/20240101/{region}/lambda/aws4_request, "
                         "SignedHeaders=host, Signature=0",
    })
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())
