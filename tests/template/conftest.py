"""The transformed template for the tests, and the local emulator for the event pattern tests (started the way
emulator/tests/conftest.py starts it: once per session, on a free loopback port)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.config import Config

from sam_template import ROOT, Transformed, parameters, transform

EMULATOR_DIR = ROOT / "emulator"


@pytest.fixture(scope="session")
def transformed() -> Transformed:
    """The stack with an existing configuration repository (followed through an EventBridge rule), a trail and an
    alert address."""
    return transform(parameters())


@pytest.fixture(scope="session")
def transformed_with_repository() -> Transformed:
    """The stack that creates its configuration repository (with a trigger), without a trail or an alert address."""
    return transform(parameters(CreateConfigRepository="true", CreateTrail="false", AlertEmail=""))


@pytest.fixture(scope="session", params=["existing-repository", "created-repository"])
def every_variant(request, transformed, transformed_with_repository) -> Transformed:
    return transformed if request.param == "existing-repository" else transformed_with_repository


class Emulator:
    def __init__(self, process: subprocess.Popen, endpoint: str):
        self.process = process
        self.endpoint = endpoint

    def client(self, service: str, region: str = "us-east-1"):
        return boto3.client(
            service,
            region_name=region,
            endpoint_url=self.endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
        )

    def call(self, method: str, path: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.endpoint + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


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
