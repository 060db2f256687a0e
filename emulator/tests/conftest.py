"""Starts the emulator once per test session on a free loopback port."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

EMULATOR_DIR = Path(__file__).resolve().parents[1]
ACCOUNT = "123456789012"


class Emulator:
    def __init__(self, process: subprocess.Popen, endpoint: str):
        self.process = process
        self.endpoint = endpoint

    def client(self, service: str, region: str = "us-east-1", retries: int = 1):
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=self.endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"mode": "standard", "total_max_attempts": retries}, s3={"addressing_style": "path"}),
        )

    def call(self, method: str, path: str, body=None):
        """(status, headers, parsed JSON or raw bytes) of a plain HTTP call."""
        return http(method, self.endpoint + path, body)

    def add_fault(self, **spec):
        status, _, created = self.call("POST", "/_emulator/faults", spec)
        assert status == 201, created
        return created

    def requests(self, service: str | None = "lambda"):
        return [r for r in self.call("GET", "/_emulator/requests")[2] if service is None or r["service"] == service]


def http(method: str, url: str, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, error.headers, error.read()
    if headers.get("Content-Type", "").startswith("application/json"):
        return status, headers, json.loads(raw)
    return status, headers, raw


@pytest.fixture(scope="session")
def emulator():
    env = {**os.environ, "PYTHONPATH": str(EMULATOR_DIR)}
    env.pop("MOTO_ACCOUNT_ID", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "lambda_dr_emulator", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline().strip()
    assert line.startswith("lambda-dr emulator listening on http://127.0.0.1:"), line
    yield Emulator(process, line.rsplit(" ", 1)[-1])
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


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
