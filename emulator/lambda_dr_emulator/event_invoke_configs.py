"""Lambda event invoke configurations (asynchronous invocation settings: retries, event age, destinations), kept per
function version and alias as Lambda keeps them, answering PutFunctionEventInvokeConfig,
UpdateFunctionEventInvokeConfig, GetFunctionEventInvokeConfig, DeleteFunctionEventInvokeConfig and
ListFunctionEventInvokeConfigs.

moto 5.2.1 cannot be used for these (found by experiment, see README):

* it ignores ``Qualifier`` on all five calls: every qualifier reads and writes the one list kept on the function
  (an alias ARN as ``FunctionName`` lands on the version the alias points at), and a qualifier that does not exist
  is accepted;
* PutFunctionEventInvokeConfig appends to that list and Get reads its first entry, so after the first put nothing
  put later is ever read back; UpdateFunctionEventInvokeConfig is the same append, not a merge;
* it answers the function's unqualified ARN (AWS: ``:$LATEST`` for the function itself), the function's
  LastModified rather than the configuration's, leaves out an unset ``DestinationConfig`` (AWS sends
  ``{"OnSuccess": {}, "OnFailure": {}}``), and accepts a put with no setting at all;
* a function that does not exist is answered "Function not found: <ARN>" (AWS: "The function doesn't exist." or
  "The function <ARN>:$LATEST doesn't have an EventInvokeConfig").

So the layer keeps the configurations itself, one per (account, region, function name, qualifier), where the
qualifier is ``$LATEST`` for the function itself, a version number or an alias name; moto is asked only whether the
function, version or alias (or a Lambda destination) exists. A configuration is forgotten when its function,
version or alias is deleted, or created anew. The messages are those AWS answered in LocalStack's recorded
snapshot tests (``tests/aws/services/lambda_/test_lambda_api.snapshot.json``, TestLambdaEventInvokeConfig), unless
the README says otherwise.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable

from werkzeug.wrappers import Response

from .errors import function_arn, lambda_error
from .operations import RequestInfo, split_function_identifier
from .revisions import LATEST, FunctionKey

PUT = "PutFunctionEventInvokeConfig"
UPDATE = "UpdateFunctionEventInvokeConfig"
GET = "GetFunctionEventInvokeConfig"
DELETE = "DeleteFunctionEventInvokeConfig"
LIST = "ListFunctionEventInvokeConfigs"
OPERATIONS = (PUT, UPDATE, GET, DELETE, LIST)
# The ones that change a configuration (serialized with deletions of functions and aliases, see app.py).
WRITES = (PUT, UPDATE, DELETE)

FUNCTION_MISSING = "The function doesn't exist."
NO_SETTING = "You must specify at least one of error handling or destination setting."
QUALIFIER_MISMATCH = "The derived qualifier from the function name does not match the specified qualifier."
SELF_DESTINATION = "You can't specify the function as a destination for itself."

# Lambda's bounds (service model: MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationArn,
# MaxFunctionEventInvokeConfigListItems).
RETRIES = (0, 2)
EVENT_AGE = (60, 21600)
LIST_ITEMS = (1, 50)
DESTINATION_MAX_LENGTH = 350
# The DestinationArn pattern of botocore's Lambda model, as AWS quotes it in its ValidationException.
DESTINATION_PATTERN = (r"$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:"
                       r"((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)")
_DESTINATION = re.compile(DESTINATION_PATTERN)
# Services a destination may be (Lambda's documentation: function, queue, topic, event bus; S3 buckets on failure only).
_SERVICES = {"OnSuccess": ("lambda", "sqs", "sns", "events"), "OnFailure": ("lambda", "sqs", "sns", "events", "s3")}


def no_config(arn: str) -> str:
    """What Lambda answers for a function, version or alias without a configuration (or that does not exist)."""
    return f"The function {arn} doesn't have an EventInvokeConfig"


@dataclass(frozen=True)
class _Config:
    last_modified: float  # epoch seconds, as Lambda's JSON carries it
    retries: int | None
    event_age: int | None
    on_success: str | None
    on_failure: str | None
    position: int  # when it was first put: the order of the list, and its markers

    def answer(self, arn: str) -> dict:
        """The FunctionEventInvokeConfig, keys in Lambda's order; settings not set are left out."""
        value: dict = {"LastModified": self.last_modified, "FunctionArn": arn}
        if self.retries is not None:
            value["MaximumRetryAttempts"] = self.retries
        if self.event_age is not None:
            value["MaximumEventAgeInSeconds"] = self.event_age
        value["DestinationConfig"] = {
            "OnSuccess": {"Destination": self.on_success} if self.on_success else {},
            "OnFailure": {"Destination": self.on_failure} if self.on_failure else {},
        }
        return value


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


class EventInvokeConfigs:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # (account, region, name) -> {qualifier: configuration}
        self._configs: dict[FunctionKey, dict[str, _Config]] = {}
        self._positions = itertools.count()

    def answer(self, info: RequestInfo, body: bytes, backend_of: Callable[[str, str], object]) -> Response:
        """The answer to one of OPERATIONS (``backend_of(account, region)``: moto's Lambda backend there)."""
        region = info.region or "us-east-1"
        backend = backend_of(info.account, region)
        try:
            if info.operation == LIST:
                return self._list(info, region, backend)
            if info.operation in (PUT, UPDATE):
                request = _settings(_json_object(body))
                name, qualifier = _target(info)
                if not _exists(backend, name, qualifier):
                    return lambda_error(404, "ResourceNotFoundException", FUNCTION_MISSING)
                key = (info.account, region, name)
                return self._put(key, qualifier, request, backend_of, replace_all=info.operation == PUT)
            name, qualifier = _target(info)
        except _Refused as refused:
            return refused.response
        key = (info.account, region, name)
        arn = f"{function_arn(region, info.account, name)}:{qualifier}"
        with self._lock:
            config = self._configs.get(key, {}).get(qualifier)
            if config is None:
                return lambda_error(404, "ResourceNotFoundException", no_config(arn))
            if info.operation == DELETE:
                del self._configs[key][qualifier]
                return Response(status=204)
        return _json_response(config.answer(arn))

    def _put(self, key: FunctionKey, qualifier: str, request: dict, backend_of, replace_all: bool) -> Response:
        account, region, name = key
        arn = f"{function_arn(region, account, name)}:{qualifier}"
        with self._lock:
            existing = self._configs.get(key, {}).get(qualifier)
        if existing is None and not replace_all:
            return lambda_error(404, "ResourceNotFoundException", no_config(arn))
        refused = _destination_refusal(key, request.get("DestinationConfig"), backend_of)
        if refused is not None:
            return refused
        with self._lock:
            configs = self._configs.setdefault(key, {})
            existing = configs.get(qualifier)
            if existing is None and not replace_all:  # deleted meanwhile
                return lambda_error(404, "ResourceNotFoundException", no_config(arn))
            # Put sets every setting (one not sent is removed); Update only those sent.
            changes = {}
            if replace_all or "MaximumRetryAttempts" in request:
                changes["retries"] = request.get("MaximumRetryAttempts")
            if replace_all or "MaximumEventAgeInSeconds" in request:
                changes["event_age"] = request.get("MaximumEventAgeInSeconds")
            if replace_all or "DestinationConfig" in request:
                destinations = request.get("DestinationConfig") or {}
                changes["on_success"] = _destination(destinations, "OnSuccess")
                changes["on_failure"] = _destination(destinations, "OnFailure")
            if existing is None:
                existing = _Config(0.0, None, None, None, None, next(self._positions))
            config = replace(existing, last_modified=self._now(), **changes)
            configs[qualifier] = config
        return _json_response(config.answer(arn))

    def _list(self, info: RequestInfo, region: str, backend) -> Response:
        name = split_function_identifier(info.params.get("FunctionName", ""))[0]
        max_items = info.query_value("MaxItems")
        if max_items is not None:
            if not re.fullmatch(r"-?\d+", max_items):
                return lambda_error(400, "SerializationException", "MaxItems must be an integer")
            errors = _range_errors(int(max_items), "maxItems", LIST_ITEMS)
            if errors:
                return _validation_error(errors)
        if not _exists(backend, name, LATEST):
            return lambda_error(404, "ResourceNotFoundException", FUNCTION_MISSING)
        key = (info.account, region, name)
        with self._lock:
            configs = sorted(self._configs.get(key, {}).items(), key=lambda item: item[1].position)
        marker = info.query_value("Marker")
        if marker:
            if not marker.isdigit():
                return lambda_error(400, "InvalidParameterValueException", f"Invalid marker: {marker}")
            configs = [(q, c) for q, c in configs if c.position >= int(marker)]
        limit = int(max_items) if max_items is not None else LIST_ITEMS[1]
        page, rest = configs[:limit], configs[limit:]
        base = function_arn(region, info.account, name)
        answer: dict = {"FunctionEventInvokeConfigs": [c.answer(f"{base}:{q}") for q, c in page]}
        if rest:
            answer["NextMarker"] = str(rest[0][1].position)
        return _json_response(answer)

    def _now(self) -> float:
        return round(self._clock(), 3)

    # ----- forgetting ---------------------------------------------------------

    def forget(self, key: FunctionKey, qualifier: str | None = None) -> None:
        """The function (with its versions and aliases), or one version or alias, is gone or new."""
        with self._lock:
            if qualifier is None:
                self._configs.pop(key, None)
            else:
                self._configs.get(key, {}).pop(qualifier, None)

    def clear(self) -> None:
        with self._lock:
            self._configs.clear()


def _target(info: RequestInfo) -> tuple[str, str]:
    """(function name, qualifier) a request names; $LATEST for the function itself."""
    name, in_name = split_function_identifier(info.params.get("FunctionName", ""))
    sent = info.query_value("Qualifier") or None
    if in_name and sent and in_name != sent:
        raise _Refused(lambda_error(400, "InvalidParameterValueException", QUALIFIER_MISMATCH))
    return name, in_name or sent or LATEST


def _exists(backend, name: str, qualifier: str) -> bool:
    try:
        backend.get_function(name)
    except Exception:  # noqa: BLE001 - moto's UnknownFunctionException (or a malformed name)
        return False
    if qualifier == LATEST:
        return True
    if qualifier.isdigit():
        return qualifier in {str(v.version) for v in backend.list_versions_by_function(name)}
    return qualifier in {a.name for a in backend.list_aliases(name)}


def _settings(request: dict) -> dict:
    """The settings of a Put or Update body (those sent, JSON null counting as not sent), after Lambda's checks of
    their values: a ValidationException for a value out of bounds, then 400 if none is sent."""
    settings = {k: request[k] for k in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")
                if request.get(k) is not None}
    for member in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds"):
        value = settings.get(member)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise _Refused(lambda_error(400, "SerializationException", f"{member} must be an integer"))
    destinations = settings.get("DestinationConfig")
    if destinations is not None and not _destinations_well_formed(destinations):
        raise _Refused(lambda_error(400, "SerializationException", "DestinationConfig is not valid"))
    errors = []
    if "MaximumRetryAttempts" in settings:
        errors += _range_errors(settings["MaximumRetryAttempts"], "maximumRetryAttempts", RETRIES)
    if "MaximumEventAgeInSeconds" in settings:
        errors += _range_errors(settings["MaximumEventAgeInSeconds"], "maximumEventAgeInSeconds", EVENT_AGE)
    for kind in ("OnSuccess", "OnFailure"):
        destination = _destination(destinations or {}, kind)
        where = f"destinationConfig.{kind[0].lower()}{kind[1:]}.destination"
        if destination is None:
            continue
        if len(destination) > DESTINATION_MAX_LENGTH:
            errors.append(f"Value '{destination}' at '{where}' failed to satisfy constraint: "
                          f"Member must have length less than or equal to {DESTINATION_MAX_LENGTH}")
        if not _DESTINATION.fullmatch(destination):
            errors.append(f"Value '{destination}' at '{where}' failed to satisfy constraint: "
                          f"Member must satisfy regular expression pattern: {DESTINATION_PATTERN}")
    if errors:
        raise _Refused(_validation_error(errors))
    if not settings:
        raise _Refused(lambda_error(400, "InvalidParameterValueException", NO_SETTING))
    return settings


def _destinations_well_formed(destinations) -> bool:
    """``{"OnSuccess": {"Destination": str}, "OnFailure": {...}}``, each part optional."""
    if not isinstance(destinations, dict):
        return False
    for kind in ("OnSuccess", "OnFailure"):
        part = destinations.get(kind) or {}
        if not isinstance(part, dict) or not isinstance(part.get("Destination") or "", str):
            return False
    return True


def _range_errors(value: int, member: str, bounds: tuple[int, int]) -> list[str]:
    low, high = bounds
    if value < low:
        return [f"Value '{value}' at '{member}' failed to satisfy constraint: "
                f"Member must have value greater than or equal to {low}"]
    if value > high:
        return [f"Value '{value}' at '{member}' failed to satisfy constraint: "
                f"Member must have value less than or equal to {high}"]
    return []


def _validation_error(errors: list[str]) -> Response:
    count = f"{len(errors)} validation error{'s' if len(errors) > 1 else ''} detected"
    return lambda_error(400, "ValidationException", f"{count}: {'; '.join(errors)}")


def _destination(destinations: dict, kind: str) -> str | None:
    """The destination ARN of ``OnSuccess`` or ``OnFailure``; an empty one is none."""
    return (destinations.get(kind) or {}).get("Destination") or None


def _destination_refusal(key: FunctionKey, destinations: dict | None, backend_of) -> Response | None:
    """Lambda's checks of the destinations themselves: a Lambda function must exist and not be the function
    configured, and each must be a service Lambda can send to."""
    if not destinations:
        return None
    account, region, name = key
    invalid = False
    for kind in ("OnFailure", "OnSuccess"):
        destination = _destination(destinations, kind)
        if destination is None:
            continue
        parts = destination.split(":")
        service = parts[2] if destination.startswith("arn:") and len(parts) > 5 else None
        if service == "lambda":
            target = split_function_identifier(destination)[0]
            if not _function_exists(backend_of, parts[4], parts[3], target):
                return lambda_error(400, "InvalidParameterValueException",
                                    f"The destination ARN {destination} is invalid.")
            if (parts[4], parts[3], target) == (account, region, name):
                return lambda_error(400, "InvalidParameterValueException", SELF_DESTINATION)
        elif service not in _SERVICES[kind]:
            invalid = True
    if not invalid:
        return None
    success, failure = _destination(destinations, "OnSuccess"), _destination(destinations, "OnFailure")
    on_success = f"OnSuccess(destination={success})" if success else "null"
    on_failure = f"OnFailure(destination={failure})" if failure else "null"
    return lambda_error(400, "InvalidParameterValueException",
                        f"The provided destination config DestinationConfig(onSuccess={on_success}, "
                        f"onFailure={on_failure}) is invalid.")


def _function_exists(backend_of, account: str, region: str, name: str) -> bool:
    try:
        backend_of(account, region).get_function(name)
        return True
    except Exception:  # noqa: BLE001 - no such function, or a region or account moto does not know
        return False


def _json_object(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _json_response(value: dict, status: int = 200) -> Response:
    return Response(json.dumps(value), status=status, content_type="application/json")
