"""Lambda function URLs, kept per function and alias as Lambda keeps them, answering CreateFunctionUrlConfig,
GetFunctionUrlConfig, UpdateFunctionUrlConfig, DeleteFunctionUrlConfig and ListFunctionUrlConfigs.

moto 5.2.1 cannot be used for these (found by experiment, see README; its own docstrings say "The
Qualifier-parameter is not yet implemented"):

* it ignores ``Qualifier``: a function has one URL configuration, which a create for an alias (or for an alias that
  does not exist) replaces and which Get, Update and Delete reach under any qualifier, always with the unqualified
  function ARN; an alias ARN as ``FunctionName`` is refused "Cannot provide qualifier";
* a second create is no conflict: it replaces the configuration, with a new URL;
* ListFunctionUrlConfigs is not routed at all (404 "Not yet implemented");
* GetFunctionUrlConfig answers 201; UpdateFunctionUrlConfig ignores ``InvokeMode`` and writes ``LastModifiedTime``
  in another format than ``CreationTime``; ``InvokeMode`` is reported as ``Buffered``, which is not one of its
  values; the URL has no trailing slash and its id is a UUID's hex digits;
* a function that does not exist is "Function not found: <ARN>".

So the layer keeps the configurations itself, one per (account, region, function name, qualifier), where the
qualifier is ``$LATEST`` for the function itself (no ``Qualifier``) or an alias name: Lambda refuses a version
number, and ``$LATEST`` named, as qualifiers of a function URL. moto is asked only whether the function or alias
exists. A configuration is forgotten when its function or alias is deleted, or created anew. The messages are those
AWS answered in LocalStack's recorded snapshot tests (``tests/aws/services/lambda_/test_lambda_api.snapshot.json``,
TestLambdaUrl), unless the README says otherwise.
"""

from __future__ import annotations

import itertools
import re
import secrets
import string
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable

from werkzeug.wrappers import Response

from .errors import function_arn, lambda_error
from .operations import RequestInfo, split_function_identifier
from .revisions import LATEST, FunctionKey
from .validation import (Refused, enum_error, is_int, json_object, json_response, length_errors, max_items,
                         member_errors, not_null, page, pattern_error, range_errors, serialization_error,
                         validation_error)

CREATE = "CreateFunctionUrlConfig"
GET = "GetFunctionUrlConfig"
UPDATE = "UpdateFunctionUrlConfig"
DELETE = "DeleteFunctionUrlConfig"
LIST = "ListFunctionUrlConfigs"
OPERATIONS = (CREATE, GET, UPDATE, DELETE, LIST)
# The ones that change a configuration (serialized with deletions of functions and aliases, see app.py).
WRITES = (CREATE, UPDATE, DELETE)

FUNCTION_MISSING = "Function does not exist"
NOT_FOUND = "The resource you requested does not exist."
QUALIFIER_MISMATCH = "The derived qualifier from the function name does not match the specified qualifier."

# The patterns of botocore's Lambda model (FunctionUrlFunctionName, FunctionUrlQualifier), as AWS quotes them in its
# ValidationException: a qualifier is an alias name, neither a version number nor $LATEST.
FUNCTION_NAME_PATTERN = (r"(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?"
                         r"(\d{12}:)?(function:)?([a-zA-Z0-9-_]{1,64})(:((?!\d+$)[0-9a-zA-Z-_]+))?")
QUALIFIER_PATTERN = r"((?!^\d+$)^[0-9a-zA-Z-_]+$)"
_FUNCTION_NAME = re.compile(FUNCTION_NAME_PATTERN)
_QUALIFIER = re.compile(QUALIFIER_PATTERN)
FUNCTION_NAME_LENGTH = (1, 140)
QUALIFIER_LENGTH = (1, 128)

AUTH_TYPES = ("NONE", "AWS_IAM")
INVOKE_MODES = ("BUFFERED", "RESPONSE_STREAM")
# The enum values as AWS lists them in its ValidationException (invokeMode's recorded, authType's not verified).
_AUTH_TYPES_LISTED = "[NONE, AWS_IAM]"
_INVOKE_MODES_LISTED = "[RESPONSE_STREAM, BUFFERED]"
# Cors lists: (most members, shortest member, longest member), and MaxAge's bounds (service model: Cors).
CORS_LISTS = {"AllowHeaders": (100, 0, 1024), "AllowMethods": (6, 0, 6), "AllowOrigins": (100, 1, 253),
              "ExposeHeaders": (100, 0, 1024)}
MAX_AGE = (0, 86400)

_URL_ID_CHARACTERS = string.ascii_lowercase + string.digits


def conflict(arn: str) -> str:
    """What Lambda answers to a create for a function or alias that has a URL already."""
    return (f"Failed to create function url config for [functionArn = {arn}]. Error message:  FunctionUrlConfig "
            "exists for this Lambda function")


def url_of(url_id: str, region: str) -> str:
    return f"https://{url_id}.lambda-url.{region}.on.aws/"


@dataclass(frozen=True)
class _Url:
    url_id: str
    auth_type: str
    cors: dict | None
    invoke_mode: str | None  # None: never set (answered as BUFFERED where Lambda always answers it)
    created: str
    last_modified: str
    position: int  # when it was created: the order of the list, and its markers

    def answer(self, operation: str, region: str, arn: str) -> dict:
        """The configuration as ``operation`` answers it, keys in the service model's order.

        Lambda leaves Cors out when none was set, and leaves InvokeMode out of Create's and Update's answers when it
        was never set, while Get and List report it as BUFFERED."""
        value: dict = {"FunctionUrl": url_of(self.url_id, region), "FunctionArn": arn}
        if operation == LIST:
            value.update(CreationTime=self.created, LastModifiedTime=self.last_modified)
            if self.cors is not None:
                value["Cors"] = self.cors
            value.update(AuthType=self.auth_type, InvokeMode=self.invoke_mode or "BUFFERED")
            return value
        value["AuthType"] = self.auth_type
        if self.cors is not None:
            value["Cors"] = self.cors
        value["CreationTime"] = self.created
        if operation != CREATE:
            value["LastModifiedTime"] = self.last_modified
        if operation == GET:
            value["InvokeMode"] = self.invoke_mode or "BUFFERED"
        elif self.invoke_mode is not None:
            value["InvokeMode"] = self.invoke_mode
        return value


class FunctionUrls:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # (account, region, name) -> {qualifier: configuration}
        self._urls: dict[FunctionKey, dict[str, _Url]] = {}
        self._ids: set[str] = set()  # URL ids in use, so each URL is unique
        self._positions = itertools.count()

    def answer(self, info: RequestInfo, body: bytes, backend) -> Response:
        """The answer to one of OPERATIONS (``backend``: moto's Lambda backend of the request's account and
        region)."""
        region = info.region or "us-east-1"
        try:
            if info.operation == LIST:
                return self._list(info, region, backend)
            request = json_object(body) if info.operation in (CREATE, UPDATE) else {}
            if request is None:
                return serialization_error("The request body must be a JSON object")
            name, qualifier = _target(info, request)
        except Refused as refused:
            return refused.response
        key = (info.account, region, name)
        arn = function_arn(region, info.account, name) + ("" if qualifier == LATEST else f":{qualifier}")
        if info.operation == CREATE:
            return self._create(key, qualifier, arn, request, backend)
        if info.operation == UPDATE:
            return self._update(key, qualifier, arn, request, backend)
        with self._lock:
            url = self._urls.get(key, {}).get(qualifier)
            if url is None:
                # Lambda says the same whether the function, the alias or the URL is missing.
                return lambda_error(404, "ResourceNotFoundException", NOT_FOUND)
            if info.operation == DELETE:
                del self._urls[key][qualifier]
                self._ids.discard(url.url_id)
                return Response(status=204)
        return json_response(url.answer(GET, region, arn))

    def _create(self, key: FunctionKey, qualifier: str, arn: str, request: dict, backend) -> Response:
        exists = _exists(backend, key[2], qualifier)
        with self._lock:
            if exists and qualifier in self._urls.get(key, {}):
                return lambda_error(409, "ResourceConflictException", conflict(arn))
            if not exists:
                return lambda_error(404, "ResourceNotFoundException", FUNCTION_MISSING)
            now = self._now()
            url = _Url(self._new_id(), request["AuthType"], _cors(request.get("Cors")), request.get("InvokeMode"), now,
                       now, next(self._positions))
            self._urls.setdefault(key, {})[qualifier] = url
        return json_response(url.answer(CREATE, key[1], arn), 201)

    def _update(self, key: FunctionKey, qualifier: str, arn: str, request: dict, backend) -> Response:
        if not _exists(backend, key[2], qualifier):
            return lambda_error(404, "ResourceNotFoundException", FUNCTION_MISSING)
        with self._lock:
            url = self._urls.get(key, {}).get(qualifier)
            if url is None:
                return lambda_error(404, "ResourceNotFoundException", NOT_FOUND)
            # The settings sent replace those there were (a Cors sent replaces the whole of it); the rest stay.
            changes = {field: request[member] for member, field in
                       (("AuthType", "auth_type"), ("Cors", "cors"), ("InvokeMode", "invoke_mode"))
                       if request.get(member) is not None}
            if "cors" in changes:
                changes["cors"] = _cors(changes["cors"])
            url = replace(url, last_modified=self._now(), **changes)
            self._urls[key][qualifier] = url
        return json_response(url.answer(UPDATE, key[1], arn))

    def _list(self, info: RequestInfo, region: str, backend) -> Response:
        raw = info.params.get("FunctionName", "")
        errors = _name_errors(raw)
        if errors:
            raise Refused(validation_error(errors))
        limit = max_items(info)
        name = split_function_identifier(raw)[0]  # a qualifier in the name is ignored: every URL is listed
        if not _exists(backend, name, LATEST):
            return lambda_error(404, "ResourceNotFoundException", FUNCTION_MISSING)
        with self._lock:
            urls = sorted(self._urls.get((info.account, region, name), {}).items(), key=lambda item: item[1].position)
        base = function_arn(region, info.account, name)
        entries = [(url.position, url.answer(LIST, region, base if qualifier == LATEST else f"{base}:{qualifier}"))
                   for qualifier, url in urls]
        configs, next_marker = page(entries, info, limit)
        answer: dict = {"FunctionUrlConfigs": configs}
        if next_marker is not None:
            answer["NextMarker"] = next_marker
        return json_response(answer)

    def _new_id(self) -> str:
        """A URL id never handed out to another URL that exists (32 lowercase letters and digits, as Lambda's)."""
        while True:
            url_id = "".join(secrets.choice(_URL_ID_CHARACTERS) for _ in range(32))
            if url_id not in self._ids:
                self._ids.add(url_id)
                return url_id

    def _now(self) -> str:
        """ISO-8601, as Lambda writes these times."""
        seconds = self._clock()
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{int(seconds % 1 * 1_000_000):06d}Z"

    # ----- forgetting ---------------------------------------------------------

    def forget(self, key: FunctionKey, qualifier: str | None = None) -> None:
        """The function (with its aliases), or one alias, is gone or new."""
        with self._lock:
            if qualifier is None:
                gone = list(self._urls.pop(key, {}).values())
            else:
                gone = [u for u in [self._urls.get(key, {}).pop(qualifier, None)] if u is not None]
            self._ids.difference_update(u.url_id for u in gone)

    def clear(self) -> None:
        with self._lock:
            self._urls.clear()
            self._ids.clear()


def _target(info: RequestInfo, request: dict) -> tuple[str, str]:
    """(function name, qualifier) a request names, $LATEST for the function itself, after Lambda's checks of the
    request: its values (all at once), then that a qualifier in the name is the one sent."""
    raw = info.params.get("FunctionName", "")
    sent = info.query_value("Qualifier")
    errors = _name_errors(raw)
    if sent is not None:
        errors += length_errors(sent, "qualifier", *QUALIFIER_LENGTH)
        if sent and not _QUALIFIER.fullmatch(sent):
            errors.append(pattern_error(sent, "qualifier", QUALIFIER_PATTERN))
    errors += _settings_errors(request, info.operation)
    if errors:
        raise Refused(validation_error(errors))
    name, in_name = split_function_identifier(raw)
    if in_name and sent and in_name != sent:
        raise Refused(lambda_error(400, "InvalidParameterValueException", QUALIFIER_MISMATCH))
    return name, in_name or sent or LATEST


def _name_errors(raw: str) -> list[str]:
    errors = length_errors(raw, "functionName", *FUNCTION_NAME_LENGTH)
    if raw and not _FUNCTION_NAME.fullmatch(raw):
        errors.append(pattern_error(raw, "functionName", FUNCTION_NAME_PATTERN))
    return errors


def _settings_errors(request: dict, operation: str) -> list[str]:
    """Lambda's checks of the settings of a Create or Update (AuthType required on Create). A JSON null is a setting
    not sent; a value of the wrong JSON type is refused at once."""
    if operation not in (CREATE, UPDATE):
        return []
    for member in ("AuthType", "InvokeMode"):
        if request.get(member) is not None and not isinstance(request[member], str):
            raise Refused(serialization_error(f"{member} must be a string"))
    errors = []
    auth_type, invoke_mode = request.get("AuthType"), request.get("InvokeMode")
    if auth_type is None and operation == CREATE:
        errors.append(not_null("authType"))
    elif auth_type is not None and auth_type not in AUTH_TYPES:
        errors.append(enum_error(auth_type, "authType", _AUTH_TYPES_LISTED))
    cors = request.get("Cors")
    if cors is not None:
        errors += _cors_errors(cors)
    if invoke_mode is not None and invoke_mode not in INVOKE_MODES:
        errors.append(enum_error(invoke_mode, "invokeMode", _INVOKE_MODES_LISTED))
    return errors


def _cors_errors(cors) -> list[str]:
    if not isinstance(cors, dict):
        raise Refused(serialization_error("Cors must be a structure"))
    errors = []
    if cors.get("AllowCredentials") is not None and not isinstance(cors["AllowCredentials"], bool):
        raise Refused(serialization_error("AllowCredentials must be a boolean"))
    for member, (most, shortest, longest) in CORS_LISTS.items():
        values = cors.get(member)
        if values is None:
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise Refused(serialization_error(f"{member} must be a list of strings"))
        where = f"cors.{member[0].lower()}{member[1:]}"
        shown = f"[{', '.join(values)}]"
        errors += length_errors(values, where, None, most, shown) or member_errors(values, where, shortest, longest)
    max_age = cors.get("MaxAge")
    if max_age is not None:
        if not is_int(max_age):
            raise Refused(serialization_error("MaxAge must be an integer"))
        errors += range_errors(max_age, "cors.maxAge", *MAX_AGE)
    return errors


def _cors(cors: dict | None) -> dict | None:
    """The Cors settings kept: those of the model that were sent (a JSON null is not sent), in the model's order."""
    if cors is None:
        return None
    members = ("AllowCredentials", "AllowHeaders", "AllowMethods", "AllowOrigins", "ExposeHeaders", "MaxAge")
    return {member: cors[member] for member in members if cors.get(member) is not None}


def _exists(backend, name: str, qualifier: str) -> bool:
    """The function, or the alias of it, exists."""
    try:
        backend.get_function(name)
    except Exception:  # noqa: BLE001 - moto's UnknownFunctionException (or a malformed name)
        return False
    return qualifier == LATEST or qualifier in {a.name for a in backend.list_aliases(name)}
