"""The emulator in a process of its own, for test suites (its own, the template's): started on a free loopback port,
stopped with SIGTERM, with a boto3 client factory and plain HTTP calls to its control API."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import boto3
from botocore.config import Config

EMULATOR_DIR = Path(__file__).resolve().parents[1]


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

    def lambda_quotas(self, enabled: bool) -> dict:
        """Switches quota mode on or off; returns its state (see GET /_emulator/quotas)."""
        status, _, state = self.call("PUT", "/_emulator/quotas", {"enabled": enabled})
        assert status == 200, state
        return state

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


@contextlib.contextmanager
def running(*arguments: str) -> Iterator[Emulator]:
    """Starts the emulator (with these extra command-line arguments), yields it once it listens, and stops it
    afterwards."""
    env = {**os.environ, "PYTHONPATH": str(EMULATOR_DIR)}
    env.pop("MOTO_ACCOUNT_ID", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "lambda_dr_emulator", "--host", "127.0.0.1", "--port", "0", *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("lambda-dr emulator listening on http://127.0.0.1:"), line
        yield Emulator(process, line.rsplit(" ", 1)[-1])
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)
