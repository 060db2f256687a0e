"""What guards a function, kept by the layer: its code signing configuration, its recursive loop detection and its
runtime updates, answering Get/Put/DeleteFunctionCodeSigningConfig, Get/PutFunctionRecursionConfig and
Get/PutRuntimeManagementConfig.

moto 5.2.1 (found by experiment, see README) answers GetFunctionCodeSigningConfig only, from the
``CodeSigningConfigArn`` given to CreateFunction (``null`` when none), and routes none of the other six calls (404
"Not yet implemented"). So the layer keeps all three per (account, region, function), runtime updates per qualifier
(``$LATEST`` when none is given), with Lambda's defaults (no code signing configuration, ``Terminate``, ``Auto``),
and forgets them when the function is deleted or created anew; a CreateFunction naming a code signing configuration
is recorded. Code signing configurations themselves are not modelled: any well-formed ARN is accepted, where Lambda
also requires it to exist.

For reading a whole region at once, the layer also answers ListCodeSigningConfigs (every configuration a function
of the region has named, since configurations exist here only through the functions that name them) and
ListFunctionsByCodeSigningConfig (the unqualified ARNs of the functions that have it now; 404 for a configuration no
function ever named), paginated with the layer's own markers, as moto routes neither.
"""

from __future__ import annotations

import re
import threading

from werkzeug.wrappers import Response

from .errors import function_arn, lambda_error
from .operations import RequestInfo, split_function_identifier
from .revisions import LATEST, FunctionKey
from .validation import (Refused, enum_error, has_function, json_object, json_response, max_items, page,
                         pattern_error, serialization_error, validation_error)

GET_SIGNING = "GetFunctionCodeSigningConfig"
PUT_SIGNING = "PutFunctionCodeSigningConfig"
DELETE_SIGNING = "DeleteFunctionCodeSigningConfig"
GET_RECURSION = "GetFunctionRecursionConfig"
PUT_RECURSION = "PutFunctionRecursionConfig"
GET_RUNTIME = "GetRuntimeManagementConfig"
PUT_RUNTIME = "PutRuntimeManagementConfig"
LIST_SIGNING = "ListCodeSigningConfigs"
LIST_SIGNED = "ListFunctionsByCodeSigningConfig"
OPERATIONS = (GET_SIGNING, PUT_SIGNING, DELETE_SIGNING, GET_RECURSION, PUT_RECURSION, GET_RUNTIME, PUT_RUNTIME,
              LIST_SIGNING, LIST_SIGNED)
WRITES = (PUT_SIGNING, DELETE_SIGNING, PUT_RECURSION, PUT_RUNTIME)

# botocore's Lambda model.
SIGNING_PATTERN = (r"arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:"
                   r"code-signing-config:csc-[a-z0-9]{17}")
RECURSION_VALUES = "[Allow, Terminate]"
RUNTIME_VALUES = "[Auto, Manual, FunctionUpdate]"
RUNTIME_VERSION_ONLY_WITH_MANUAL = "Runtime version ARN can only be specified when UpdateRuntimeOn is Manual"
RUNTIME_VERSION_REQUIRED = "Runtime version ARN must be specified when UpdateRuntimeOn is Manual"


class FunctionControls:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signing: dict[FunctionKey, str] = {}
        # (account, region) -> every code signing configuration a function there has named, in order first named
        self._named: dict[tuple[str, str], list[str]] = {}
        self._recursion: dict[FunctionKey, str] = {}
        # (account, region, name) -> {qualifier: (UpdateRuntimeOn, RuntimeVersionArn or None)}
        self._runtime: dict[FunctionKey, dict[str, tuple[str, str | None]]] = {}

    def answer(self, info: RequestInfo, body: bytes, backend) -> Response:
        """The answer to one of OPERATIONS (``backend``: moto's Lambda backend of the request's account and
        region)."""
        region = info.region or "us-east-1"
        if info.operation in (LIST_SIGNING, LIST_SIGNED):
            try:
                with self._lock:
                    return self._listing(info, region)
            except Refused as refused:
                return refused.response
        name, qualifier = split_function_identifier(info.params.get("FunctionName", ""))
        qualifier = info.query_value("Qualifier") or qualifier or LATEST
        arn = function_arn(region, info.account, name)
        if not has_function(backend, name):
            return lambda_error(404, "ResourceNotFoundException", f"Function not found: {arn}")
        key = (info.account, region, name)
        try:
            request = json_object(body) if info.operation in (PUT_SIGNING, PUT_RECURSION, PUT_RUNTIME) else {}
            if request is None:
                raise Refused(serialization_error("The request body must be a JSON object"))
            with self._lock:
                return self._answer(info.operation, key, name, qualifier, arn, request)
        except Refused as refused:
            return refused.response

    def _answer(self, operation: str, key: FunctionKey, name: str, qualifier: str, arn: str, request: dict):
        if operation == PUT_SIGNING:
            signing = request.get("CodeSigningConfigArn") or ""
            if not re.fullmatch(SIGNING_PATTERN, signing):
                raise Refused(validation_error([pattern_error(signing, "codeSigningConfigArn", SIGNING_PATTERN)]))
            self._attach(key, signing)
        if operation == DELETE_SIGNING:
            self._signing.pop(key, None)
            return Response(status=204)
        if operation in (GET_SIGNING, PUT_SIGNING):
            return json_response({"CodeSigningConfigArn": self._signing.get(key, ""), "FunctionName": name})
        if operation == PUT_RECURSION:
            loop = request.get("RecursiveLoop")
            if loop not in ("Allow", "Terminate"):
                raise Refused(validation_error([enum_error(loop, "recursiveLoop", RECURSION_VALUES)]))
            self._recursion[key] = loop
        if operation in (GET_RECURSION, PUT_RECURSION):
            return json_response({"RecursiveLoop": self._recursion.get(key, "Terminate")})
        if operation == PUT_RUNTIME:
            self._runtime.setdefault(key, {})[qualifier] = _runtime_setting(request)
        mode, version = self._runtime.get(key, {}).get(qualifier, ("Auto", None))
        answer = {"UpdateRuntimeOn": mode, "FunctionArn": arn if qualifier == LATEST else f"{arn}:{qualifier}"}
        if version is not None:
            answer["RuntimeVersionArn"] = version
        return json_response(answer)

    def _listing(self, info: RequestInfo, region: str) -> Response:
        named = self._named.get((info.account, region), [])
        limit = max_items(info)
        if info.operation == LIST_SIGNING:
            entries = [(position, _config_entry(arn)) for position, arn in enumerate(named)]
            configs, next_marker = page(entries, info, limit)
            answer: dict = {"CodeSigningConfigs": configs}
        else:
            config = info.params.get("CodeSigningConfigArn", "")
            if not re.fullmatch(SIGNING_PATTERN, config):
                raise Refused(validation_error([pattern_error(config, "codeSigningConfigArn", SIGNING_PATTERN)]))
            if config not in named:
                raise Refused(lambda_error(404, "ResourceNotFoundException",
                                           f"The resource you requested does not exist: {config}"))
            guarded = sorted(function_arn(key[1], key[0], key[2]) for key, arn in self._signing.items()
                             if arn == config and key[:2] == (info.account, region))
            arns, next_marker = page(list(enumerate(guarded)), info, limit)
            answer = {"FunctionArns": arns}
        if next_marker is not None:
            answer["NextMarker"] = next_marker
        return json_response(answer)

    def _attach(self, key: FunctionKey, signing: str) -> None:
        self._signing[key] = signing
        named = self._named.setdefault(key[:2], [])
        if signing not in named:
            named.append(signing)

    def record_creation(self, key: FunctionKey, request: dict) -> None:
        """Records the code signing configuration a function is created with (the rest of it was forgotten)."""
        if request.get("CodeSigningConfigArn"):
            with self._lock:
                self._attach(key, request["CodeSigningConfigArn"])

    def forget(self, key: FunctionKey, qualifier: str | None = None) -> None:
        with self._lock:
            if qualifier is None:
                self._signing.pop(key, None)
                self._recursion.pop(key, None)
                self._runtime.pop(key, None)
            else:
                self._runtime.get(key, {}).pop(qualifier, None)

    def clear(self) -> None:
        with self._lock:
            self._signing.clear()
            self._named.clear()
            self._recursion.clear()
            self._runtime.clear()


def _config_entry(arn: str) -> dict:
    """A code signing configuration as ListCodeSigningConfigs describes it: the layer keeps only its ARN."""
    return {"CodeSigningConfigId": arn.rsplit(":", 1)[-1], "CodeSigningConfigArn": arn, "Description": "",
            "AllowedPublishers": {"SigningProfileVersionArns": []},
            "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": "Warn"},
            "LastModified": "1970-01-01T00:00:00.000+0000"}


def _runtime_setting(request: dict) -> tuple[str, str | None]:
    mode = request.get("UpdateRuntimeOn")
    if mode not in ("Auto", "Manual", "FunctionUpdate"):
        raise Refused(validation_error([enum_error(mode, "updateRuntimeOn", RUNTIME_VALUES)]))
    version = request.get("RuntimeVersionArn") or None
    if mode == "Manual" and version is None:
        raise Refused(lambda_error(400, "InvalidParameterValueException", RUNTIME_VERSION_REQUIRED))
    if mode != "Manual" and version is not None:
        raise Refused(lambda_error(400, "InvalidParameterValueException", RUNTIME_VERSION_ONLY_WITH_MANUAL))
    return mode, version
