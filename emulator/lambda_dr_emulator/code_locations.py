"""Downloadable code for functions and layers.

moto reports a Code.Location nobody serves (and "s3://" for layers). On AWS
these are presigned S3 URLs valid for 10 minutes; lambda-dr downloads the
zip from them and checks its SHA-256. Here the URLs point back at the
emulator, which serves the bytes moto keeps for that exact function version
or layer version, and refuses them after expiry like S3 does.
"""

from __future__ import annotations

import json
import time
from urllib.parse import quote

from moto.awslambda.utils import get_backend, split_layer_arn
from werkzeug.wrappers import Response

from .errors import lambda_error, request_expired, s3_error

URL_LIFETIME_SECONDS = 600
CODE_PREFIX = "/_emulator/code/"
LAYER_PREFIX = "/_emulator/layer/"


def _url(base_url: str, prefix: str, region: str, account: str, name: str, version) -> str:
    expires = int(time.time()) + URL_LIFETIME_SECONDS
    path = "/".join(quote(str(p), safe="") for p in (region, account, name, version))
    return f"{base_url}{prefix}{path}?Expires={expires}"


def rewrite_function_location(response: dict, base_url: str) -> None:
    """Point GetFunction's Code.Location at this function version's bytes."""
    code = response.get("Code") or {}
    if code.get("RepositoryType") != "S3":
        return  # container images have no location
    config = response["Configuration"]
    parts = config["FunctionArn"].split(":")
    region, account = parts[3], parts[4]
    code["Location"] = _url(base_url, CODE_PREFIX, region, account, config["FunctionName"], config["Version"])


def rewrite_layer_location(layer_version: dict, base_url: str) -> None:
    arn = split_layer_arn(layer_version["LayerVersionArn"])
    content = layer_version.setdefault("Content", {})
    content["Location"] = _url(base_url, LAYER_PREFIX, arn.region, arn.account, arn.layer_name, arn.version)


def layer_version_by_arn(arn: str | None, base_url: str) -> Response:
    """GetLayerVersionByArn, which moto answers with a ListLayers body."""
    try:
        parsed = split_layer_arn(arn or "")
        found = get_backend(parsed.account, parsed.region).layers_versions_by_arn(arn)
    except (ValueError, KeyError):
        found = None
    if found is None:
        return lambda_error(404, "ResourceNotFoundException", "The resource you requested does not exist.")
    body = found.get_layer_version()
    rewrite_layer_location(body, base_url)
    return Response(json.dumps(body), content_type="application/json")


def parse_download_path(path: str) -> tuple[str, list[str]] | None:
    """('GetCode'|'GetLayerContent', [region, account, name, version])."""
    for prefix, operation in ((CODE_PREFIX, "GetCode"), (LAYER_PREFIX, "GetLayerContent")):
        if path.startswith(prefix):
            parts = path[len(prefix):].split("/")
            if len(parts) == 4 and all(parts):
                return operation, parts
    return None


def download(operation: str, parts: list[str], expires_param: str | None) -> Response:
    region, account, name, version = parts
    try:
        expires = int(expires_param) if expires_param is not None else None
    except ValueError:
        expires = None
    if expires is None or time.time() > expires:
        return request_expired(expires)
    data = _stored_bytes(operation, region, account, name, version)
    if data is None:
        return s3_error(404, "NoSuchKey", "The specified key does not exist.")
    return Response(data, content_type="application/zip")


def _stored_bytes(operation: str, region: str, account: str, name: str, version: str) -> bytes | None:
    backend = get_backend(account, region)
    try:
        if operation == "GetCode":
            fn = backend.get_function(name, None if version == "$LATEST" else version)
            return fn.code_bytes
        return backend.get_layer_version(name, version).code_bytes
    except Exception:  # moto raises a different exception per missing thing
        return None
