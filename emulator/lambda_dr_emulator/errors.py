"""Error responses in the shapes AWS sends them, so SDK retry and error
handling logic behaves as it would against the real services."""

from __future__ import annotations

import json
import time
import uuid

from werkzeug.wrappers import Response

# Seconds a throttled caller is told to wait (the Retry-After header of a 429).
RETRY_AFTER_SECONDS = "1"

# Default message and error "Type" per Lambda error code.
_LAMBDA_ERRORS = {
    "TooManyRequestsException": "Rate exceeded",
    "ResourceConflictException": "The operation cannot be performed at this time.",
    "ServiceException": "An internal error occurred.",
    "ServiceUnavailableException": "Service Unavailable",
    "ResourceNotFoundException": "The resource you requested does not exist.",
    "PreconditionFailedException": (
        "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
    ),
}


def function_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:lambda:{region}:{account}:function:{name}"


def update_in_progress_message(arn: str) -> str:
    return f"The operation cannot be performed at this time. An update is in progress for resource: {arn}"


def function_exists(name: str) -> Response:
    """409 for CreateFunction of a function that exists, as AWS answers it."""
    return lambda_error(409, "ResourceConflictException", f"Function already exist: {name}")


def code_sha_mismatch(sent: str) -> Response:
    """400 for a PublishVersion whose CodeSha256 is not $LATEST's."""
    return lambda_error(400, "InvalidParameterValueException",
                        f"CodeSHA256 ({sent}) is different from current CodeSHA256 in $LATEST. "
                        "Please try again with the CodeSHA256 in $LATEST.")


def service_unavailable() -> Response:
    return lambda_error(503, "ServiceUnavailableException")


def precondition_failed() -> Response:
    """412 for a stale RevisionId, as AWS answers it."""
    return lambda_error(412, "PreconditionFailedException")


def rate_exceeded() -> Response:
    """429 for a request over one of Lambda's request-rate quotas, as Lambda answers it.

    The body is the one real throttles carry: exactly ``Reason``, ``Type`` and
    ``message``, compact. Lambda's service model binds the exception's
    ``retryAfterSeconds`` member to the ``Retry-After`` header, not to the body."""
    body = {"Reason": "CallerRateLimitExceeded", "Type": "User", "message": _LAMBDA_ERRORS["TooManyRequestsException"]}
    return _lambda_response(429, "TooManyRequestsException", json.dumps(body, separators=(",", ":")),
                            {"Retry-After": RETRY_AFTER_SECONDS})


def lambda_error(status: int, error_type: str, message: str | None = None, reason: str | None = None) -> Response:
    """Lambda REST-JSON error: status, ``x-amzn-ErrorType`` header, JSON body."""
    body: dict = {
        "Type": "Service" if status >= 500 else "User",
        "message": message or _LAMBDA_ERRORS.get(error_type, error_type),
    }
    headers = {}
    if error_type == "TooManyRequestsException":
        body["Reason"] = reason or "CallerRateLimitExceeded"
        body["retryAfterSeconds"] = RETRY_AFTER_SECONDS
        headers["Retry-After"] = RETRY_AFTER_SECONDS
    elif reason:
        body["Reason"] = reason
    return _lambda_response(status, error_type, json.dumps(body), headers)


def _lambda_response(status: int, error_type: str, body: str, headers: dict[str, str]) -> Response:
    headers = {"x-amzn-ErrorType": error_type, "x-amzn-RequestId": str(uuid.uuid4()), **headers}
    return Response(body, status=status, headers=headers, content_type="application/json")


def s3_error(status: int, code: str, message: str, extra: dict[str, str] | None = None) -> Response:
    """S3 XML error body, as a presigned S3 URL answers."""
    fields = {"Code": code, "Message": message, **(extra or {}), "RequestId": uuid.uuid4().hex[:16].upper()}
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error>{inner}</Error>'
    return Response(xml, status=status, content_type="application/xml")


def request_expired(expires: int | None) -> Response:
    extra = {"X-Amz-Expires": "600"}
    if expires is not None:
        extra["Expires"] = _iso(expires)
    extra["ServerTime"] = _iso(int(time.time()))
    return s3_error(403, "AccessDenied", "Request has expired", extra)


def _iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))

