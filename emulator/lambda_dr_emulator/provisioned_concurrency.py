"""Lambda provisioned concurrency configurations, kept per published version and alias as Lambda keeps them,
answering PutProvisionedConcurrencyConfig, GetProvisionedConcurrencyConfig, DeleteProvisionedConcurrencyConfig and
ListProvisionedConcurrencyConfigs.

moto 5.2.1 has none of these (found by experiment, see README): its Lambda routes no ``provisioned-concurrency``
path, so all four calls are answered 404 "Not yet implemented".

So the layer keeps the configurations itself, one per (account, region, function name, qualifier), where the
qualifier is a published version number or an alias name (Lambda refuses ``$LATEST``); moto is asked only whether
the function, version or alias exists, and where an alias points. The emulator runs no code, so there is nothing to
allocate: a configuration is ``READY``, with all it asked for allocated, from the first read after the put. The put
itself is answered as Lambda answers it, ``IN_PROGRESS`` with nothing allocated yet; a ``provisioning-in-progress``
fault (see faults.py) makes the reads after a put report ``IN_PROGRESS`` too, for as many reads as it says. A
configuration is forgotten when its function, version or alias is deleted, or created anew. The messages are those
AWS answered in LocalStack's recorded snapshot tests (``tests/aws/services/lambda_/test_lambda_api.snapshot.json``,
TestLambdaProvisionedConcurrency), unless the README says otherwise.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass
from typing import Callable

from werkzeug.wrappers import Response

from .errors import function_arn, lambda_error
from .faults import FaultBook
from .operations import RequestInfo, split_function_identifier
from .revisions import LATEST, FunctionKey
from .validation import (Refused, has_function, is_int, json_object, json_response, length_errors, max_items, not_null,
                         page, pattern_error, range_errors, serialization_error, validation_error)

PUT = "PutProvisionedConcurrencyConfig"
GET = "GetProvisionedConcurrencyConfig"
DELETE = "DeleteProvisionedConcurrencyConfig"
LIST = "ListProvisionedConcurrencyConfigs"
OPERATIONS = (PUT, GET, DELETE, LIST)
# The ones that change a configuration (serialized with deletions of functions and aliases, see app.py).
WRITES = (PUT, DELETE)

NO_CONFIG = "No Provisioned Concurrency Config found for this function"
LATEST_PUT = "Provisioned Concurrency Configs cannot be applied to unpublished function versions."
LATEST_READ = "The function resource provided must be an alias or a published version."
ALIAS_ON_PROVISIONED_VERSION = ("Alias can't be used for Provisioned Concurrency configuration on an already "
                                "Provisioned version")
VERSION_UNDER_PROVISIONED_ALIAS = "Version is pointed by a Provisioned Concurrency alias"
QUALIFIER_MISMATCH = "The derived qualifier from the function name does not match the specified qualifier."

# The Qualifier of botocore's Lambda model, as AWS quotes it in its ValidationException.
QUALIFIER_PATTERN = r"(|[a-zA-Z0-9$_-]+)"
QUALIFIER_LENGTH = (1, 128)
_QUALIFIER_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$_-")


@dataclass
class _Config:
    requested: int
    last_modified: str
    position: int  # when it was first put: the order of the list, and its markers

    def answer(self, in_progress: bool) -> dict:
        """The configuration as Get answers it, keys in the service model's order."""
        allocated = 0 if in_progress else self.requested
        return {"RequestedProvisionedConcurrentExecutions": self.requested,
                "AvailableProvisionedConcurrentExecutions": allocated,
                "AllocatedProvisionedConcurrentExecutions": allocated,
                "Status": "IN_PROGRESS" if in_progress else "READY", "LastModified": self.last_modified}


class ProvisionedConcurrency:
    def __init__(self, faults: FaultBook, clock: Callable[[], float] = time.time) -> None:
        self._faults = faults
        self._clock = clock
        self._lock = threading.Lock()
        # (account, region, name) -> {qualifier: configuration}
        self._configs: dict[FunctionKey, dict[str, _Config]] = {}
        self._positions = itertools.count()

    def answer(self, info: RequestInfo, body: bytes, backend) -> Response:
        """The answer to one of OPERATIONS (``backend``: moto's Lambda backend of the request's account and
        region)."""
        region = info.region or "us-east-1"
        try:
            if info.operation == LIST:
                return self._list(info, region, backend)
            request = json_object(body) if info.operation == PUT else {}
            if request is None:
                return serialization_error("The request body must be a JSON object")
            name, qualifier = _target(info, request)
            arn = f"{function_arn(region, info.account, name)}:{qualifier}"
            alias_version = _resolve(backend, name, qualifier, arn)
        except Refused as refused:
            return refused.response
        key = (info.account, region, name)
        if info.operation == PUT:
            return self._put(key, qualifier, alias_version, request["ProvisionedConcurrentExecutions"], backend)
        with self._lock:
            config = self._configs.get(key, {}).get(qualifier)
            if info.operation == DELETE:
                # Lambda answers 204 whether or not there was a configuration.
                if config is not None:
                    del self._configs[key][qualifier]
                self._faults.end_provisioning(region, name, qualifier)
                return Response(status=204)
        if config is None:
            return lambda_error(404, "ProvisionedConcurrencyConfigNotFoundException", NO_CONFIG)
        return json_response(config.answer(self._faults.take_provisioning_read(region, name, qualifier)))

    def _put(self, key: FunctionKey, qualifier: str, alias_version: str | None, requested: int, backend) -> Response:
        account, region, name = key
        with self._lock:
            configs = self._configs.setdefault(key, {})
            # An alias and the version it points at cannot both have a configuration.
            if alias_version is not None and alias_version in configs:
                return lambda_error(409, "ResourceConflictException", ALIAS_ON_PROVISIONED_VERSION)
            if alias_version is None and any(q in configs for q in _aliases_pointing_at(backend, name, qualifier)):
                return lambda_error(409, "ResourceConflictException", VERSION_UNDER_PROVISIONED_ALIAS)
            position = configs[qualifier].position if qualifier in configs else next(self._positions)
            config = configs[qualifier] = _Config(requested, self._now(), position)
            self._faults.provisioning_started(region, name, qualifier)
        # Lambda answers a put before it has allocated anything.
        answer = {"RequestedProvisionedConcurrentExecutions": config.requested,
                  "AllocatedProvisionedConcurrentExecutions": 0, "AvailableProvisionedConcurrentExecutions": 0,
                  "Status": "IN_PROGRESS", "LastModified": config.last_modified}
        return json_response(answer, 202)

    def _list(self, info: RequestInfo, region: str, backend) -> Response:
        limit = max_items(info)
        name = split_function_identifier(info.params.get("FunctionName", ""))[0]  # a qualifier in it is ignored
        base = function_arn(region, info.account, name)
        if not has_function(backend, name):
            return lambda_error(404, "ResourceNotFoundException", f"Function not found: {base}")
        with self._lock:
            configs = sorted(self._configs.get((info.account, region, name), {}).items(),
                             key=lambda item: item[1].position)
        entries = [(config.position, (qualifier, config)) for qualifier, config in configs]
        chunk, next_marker = page(entries, info, limit)
        listed = []
        for qualifier, config in chunk:
            in_progress = self._faults.take_provisioning_read(region, name, qualifier)
            listed.append({"FunctionArn": f"{base}:{qualifier}", **config.answer(in_progress)})
        answer: dict = {"ProvisionedConcurrencyConfigs": listed}
        if next_marker is not None:
            answer["NextMarker"] = next_marker
        return json_response(answer)

    def _now(self) -> str:
        """As Lambda writes this time: ISO-8601 to the second, with the zone as +0000."""
        return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(self._clock()))

    # ----- forgetting ---------------------------------------------------------

    def forget(self, key: FunctionKey, qualifier: str | None = None) -> None:
        """The function (with its versions and aliases), or one version or alias, is gone or new."""
        with self._lock:
            if qualifier is None:
                self._configs.pop(key, None)
            else:
                self._configs.get(key, {}).pop(qualifier, None)
        self._faults.end_provisioning(key[1], key[2], qualifier)

    def clear(self) -> None:
        with self._lock:
            self._configs.clear()


def _target(info: RequestInfo, request: dict) -> tuple[str, str]:
    """(function name, qualifier) a request names, after Lambda's checks of the request: its values (all at once), a
    qualifier in the name against the one sent, then that the qualifier is not $LATEST."""
    name, in_name = split_function_identifier(info.params.get("FunctionName", ""))
    sent = info.query_value("Qualifier")
    errors = []
    if sent is None:
        errors.append(not_null("qualifier"))
    else:
        errors += length_errors(sent, "qualifier", *QUALIFIER_LENGTH)
        if not set(sent) <= _QUALIFIER_CHARACTERS:
            errors.append(pattern_error(sent, "qualifier", QUALIFIER_PATTERN))
    if info.operation == PUT:
        requested = request.get("ProvisionedConcurrentExecutions")
        if requested is not None and not is_int(requested):
            raise Refused(serialization_error("ProvisionedConcurrentExecutions must be an integer"))
        if requested is None:
            errors.append(not_null("provisionedConcurrentExecutions"))
        else:
            errors += range_errors(requested, "provisionedConcurrentExecutions", 1, None)
    if errors:
        raise Refused(validation_error(errors))
    if in_name and in_name != sent:
        raise Refused(lambda_error(400, "InvalidParameterValueException", QUALIFIER_MISMATCH))
    if sent == LATEST:
        raise Refused(lambda_error(400, "InvalidParameterValueException", LATEST_PUT if info.operation == PUT
                                   else LATEST_READ))
    return name, sent


def _resolve(backend, name: str, qualifier: str, arn: str) -> str | None:
    """The version an alias points at (None for a version), or the 404 Lambda answers when the function, version or
    alias does not exist."""
    if qualifier.isdigit():
        if not has_function(backend, name) or qualifier not in {
                str(v.version) for v in backend.list_versions_by_function(name)}:
            raise Refused(lambda_error(404, "ResourceNotFoundException", f"Function not found: {arn}"))
        return None
    aliases = {a.name: str(a.function_version) for a in backend.list_aliases(name)} if has_function(
        backend, name) else {}
    if qualifier not in aliases:
        raise Refused(lambda_error(404, "ResourceNotFoundException", f"Cannot find alias arn: {arn}"))
    return aliases[qualifier]


def _aliases_pointing_at(backend, name: str, version: str) -> list[str]:
    return [a.name for a in backend.list_aliases(name) if str(a.function_version) == version]

