"""Work out which AWS service, region, account and API operation a request is.

The same names are used by the request log and by fault matching, so a test
can say "fail the next UpdateFunctionCode" exactly as the SDK names the call.

* JSON-protocol services (DynamoDB, SQS, ...) name the operation in the
  ``X-Amz-Target`` header.
* Query-protocol services (IAM, STS, SNS, ...) send an ``Action`` parameter.
* REST services (Lambda, S3) are matched on method + path against the request
  URI templates of botocore's own service models, so every operation the SDK
  can send is known without keeping a hand-written route table in step.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs

import botocore.session

_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")

_botocore_session = botocore.session.get_session()
_model_lock = threading.Lock()


@dataclass
class RequestInfo:
    service: str | None
    region: str | None
    account: str
    operation: str | None
    # Path labels of the matched REST template, e.g. {"FunctionName": "f1"},
    # plus the FunctionName of a CreateFunction body.
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)

    def query_value(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def function_name(self) -> str | None:
        """Plain function name from a name, partial ARN or ARN path label."""
        raw = self.params.get("FunctionName")
        return split_function_identifier(raw)[0] if raw else None

    @property
    def qualifier(self) -> str | None:
        raw = self.params.get("FunctionName")
        in_name = split_function_identifier(raw)[1] if raw else None
        return in_name or self.query_value("Qualifier")


def split_function_identifier(identifier: str) -> tuple[str, str | None]:
    """'f1', 'f1:2', '123456789012:function:f1', 'arn:aws:lambda:r:a:function:f1:prod'."""
    parts = identifier.split(":")
    if "function" in parts:
        i = parts.index("function")
        name = parts[i + 1] if len(parts) > i + 1 else ""
        return name, parts[i + 2] if len(parts) > i + 2 else None
    if len(parts) == 2:
        return parts[0], parts[1]
    return identifier, None


def account_for(environ: dict, access_key: str | None) -> str:
    """Same precedence moto uses to pick the account of a request."""
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    if environ.get("HTTP_X_MOTO_ACCOUNT_ID"):
        return environ["HTTP_X_MOTO_ACCOUNT_ID"]
    from moto.iam.models import get_account_id_from

    return get_account_id_from(access_key or "")


def identify(environ: dict, body: bytes | None) -> RequestInfo:
    """Classify a signed AWS request from its headers, path and body."""
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    access_key, region, service = scope.groups() if scope else (None, None, None)
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    info = RequestInfo(service, region, account_for(environ, access_key), None, query=query)

    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        info.operation = target.rsplit(".", 1)[-1]
        return info
    action = _action_parameter(environ, query, body)
    if action:
        info.operation = action
        return info
    if service:
        match = _match_rest_operation(service, environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"), query, environ)
        if match:
            info.operation, info.params = match
    if info.operation == "CreateFunction" and body:
        try:
            info.params["FunctionName"] = json.loads(body)["FunctionName"]
        except (ValueError, KeyError, TypeError):
            pass
    return info


def _action_parameter(environ: dict, query: dict, body: bytes | None) -> str | None:
    if "Action" in query:
        return query["Action"][0]
    if body and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        form = parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return form["Action"][0]
    return None


@dataclass
class _RestRoute:
    operation: str
    method: str
    path: re.Pattern
    literal_query: dict[str, str | None]  # from "?find=LayerVersion" or "?uploads"
    # Required members sent in the query string / headers: they tell apart
    # operations sharing method and path (PutObject, UploadPart, CopyObject).
    required_query: tuple[str, ...]
    required_headers: tuple[str, ...]
    specificity: int


@lru_cache(maxsize=None)
def _rest_routes(service: str) -> tuple[_RestRoute, ...]:
    with _model_lock:
        try:
            model = _botocore_session.get_service_model(service)
        except Exception:  # unknown signing name: no REST table for it
            return ()
    if model.protocol not in ("rest-json", "rest-xml"):
        return ()
    routes = []
    for name in model.operation_names:
        op = model.operation_model(name)
        uri = op.http["requestUri"]
        path, _, query_part = uri.partition("?")
        literal_query: dict[str, str | None] = {}
        for item in filter(None, query_part.split("&")):
            key, eq, value = item.partition("=")
            literal_query[key] = value if eq else None
        required: dict[str, list[str]] = {"querystring": [], "header": []}
        if op.input_shape is not None:
            for member in op.input_shape.required_members:
                wire = op.input_shape.members[member].serialization
                if wire.get("location") in required:
                    required[wire["location"]].append(wire.get("name", member))
        routes.append(
            _RestRoute(
                name,
                op.http["method"],
                _template_regex(path),
                literal_query,
                tuple(required["querystring"]),
                tuple("HTTP_" + h.upper().replace("-", "_") for h in required["header"]),
                len(re.sub(r"\{[^}]+\}", "", path)),
            )
        )
    return tuple(routes)


def _template_regex(path: str) -> re.Pattern:
    """'/{Bucket}/{Key+}' -> named groups; a '+' label may span slashes. A label that is not a name Python's groups
    accept (Amazon MQ's and MSK's '{resource-arn}') is named with its dashes as underscores."""
    pattern = ""
    for literal, label in re.findall(r"([^{]*)(?:\{([^}]+)\})?", path):
        pattern += re.escape(literal)
        group = re.sub(r"\W", "_", label.rstrip("+"))
        if label.endswith("+"):
            pattern += f"(?P<{group}>.+)"
        elif label:
            pattern += f"(?P<{group}>[^/]+)"
    return re.compile(f"^{pattern.rstrip('/')}/?$")


def _match_rest_operation(
    service: str, method: str, path: str, query: dict, environ: dict
) -> tuple[str, dict[str, str]] | None:
    best = None
    for route in _rest_routes(service):
        if route.method != method:
            continue
        m = route.path.match(path)
        if not m:
            continue
        if any(k not in query or (v is not None and query[k][0] != v) for k, v in route.literal_query.items()):
            continue
        if any(k not in query for k in route.required_query):
            continue
        if any(h not in environ for h in route.required_headers):
            continue
        required = len(route.required_query) + len(route.required_headers)
        score = (len(route.literal_query), required, route.specificity)
        if best is None or score > best[0]:
            best = (score, route.operation, m.groupdict())
    return (best[1], best[2]) if best else None
