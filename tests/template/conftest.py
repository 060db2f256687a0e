"""The transformed template for the tests, and the local emulator for the event pattern tests (once per session, on
a free loopback port, as the emulator's own tests start it)."""

from __future__ import annotations

import sys

import pytest

from sam_template import ROOT, Transformed, parameters, transform

# The emulator's own test helper starts it the same way for both suites.
sys.path.insert(0, str(ROOT / "emulator"))
from lambda_dr_emulator.testing import Emulator, running  # noqa: E402


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


@pytest.fixture(scope="session")
def emulator() -> Emulator:
    with running() as started:
        yield started
