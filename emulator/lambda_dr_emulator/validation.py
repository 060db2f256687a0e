"""Lambda's request validation answers, in the wording AWS's model-driven validation uses, and the helpers the
sub-resources the layer keeps (function URLs, provisioned concurrency) share: JSON bodies and answers, and paging
by the layer's own markers.

AWS checks a request against the constraints of its service model (bounds, lengths, patterns, enums, required
members) before anything else, and answers every violation at once:

    400 ValidationException
    {"Type": "User", "message": "1 validation error detected: Value '1' at 'qualifier' failed to satisfy
     constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)"}

with ``N validation errors detected: <one>; <other>`` for several. Members are named in lower camel case, nested
ones with dots (``cors.maxAge``).
"""

from __future__ import annotations

import json
import re

from werkzeug.wrappers import Response

from .errors import lambda_error
from .operations import RequestInfo

# MaxItems of Lambda's list calls (service model: MaxItems, MaxProvisionedConcurrencyConfigListItems).
LIST_ITEMS = (1, 50)


class Refused(Exception):
    """A request answered with an error before anything changes."""

    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


def _constraint(value, member: str, constraint: str) -> str:
    shown = "null" if value is None else f"'{value}'"
    return f"Value {shown} at '{member}' failed to satisfy constraint: {constraint}"


def not_null(member: str) -> str:
    return _constraint(None, member, "Member must not be null")


def range_errors(value: int, member: str, low: int | None, high: int | None) -> list[str]:
    if low is not None and value < low:
        return [_constraint(value, member, f"Member must have value greater than or equal to {low}")]
    if high is not None and value > high:
        return [_constraint(value, member, f"Member must have value less than or equal to {high}")]
    return []


def length_errors(value, member: str, low: int | None, high: int | None, shown=None) -> list[str]:
    """A string's (or a list's) length out of bounds; ``shown``: how the value is quoted, if not as it is."""
    shown = value if shown is None else shown
    if low is not None and len(value) < low:
        return [_constraint(shown, member, f"Member must have length greater than or equal to {low}")]
    if high is not None and len(value) > high:
        return [_constraint(shown, member, f"Member must have length less than or equal to {high}")]
    return []


def pattern_error(value: str, member: str, pattern: str) -> str:
    return _constraint(value, member, f"Member must satisfy regular expression pattern: {pattern}")


def enum_error(value: str, member: str, listed: str) -> str:
    """``listed``: the values as AWS lists them, ``[A, B]`` (its order is its own)."""
    return _constraint(value, member, f"Member must satisfy enum value set: {listed}")


def member_errors(values: list[str], member: str, low: int | None, high: int | None) -> list[str]:
    """Members of a list of strings with a length out of bounds: one error for the list, quoted as Java prints a
    list, the members' constraint in brackets (AWS's wording for list members)."""
    inner = []
    for value in values:
        inner = length_errors(value, member, low, high)
        if inner:
            break
    if not inner:
        return []
    constraint = inner[0].split("failed to satisfy constraint: ", 1)[1]
    return [_constraint(f"[{', '.join(values)}]", member, f"Member must satisfy constraint: [{constraint}]")]


def validation_error(errors: list[str]) -> Response:
    count = f"{len(errors)} validation error{'s' if len(errors) > 1 else ''} detected"
    return lambda_error(400, "ValidationException", f"{count}: {'; '.join(errors)}")


def serialization_error(message: str) -> Response:
    """A value of the wrong JSON type (the layer's own wording)."""
    return lambda_error(400, "SerializationException", message)


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def max_items(info: RequestInfo) -> int:
    """MaxItems of a list call (default: the most a page holds); refused when not an integer or out of bounds."""
    sent = info.query_value("MaxItems")
    if sent is None:
        return LIST_ITEMS[1]
    if not re.fullmatch(r"-?\d+", sent):
        raise Refused(serialization_error("MaxItems must be an integer"))
    errors = range_errors(int(sent), "maxItems", *LIST_ITEMS)
    if errors:
        raise Refused(validation_error(errors))
    return int(sent)


def page(entries: list[tuple[int, object]], info: RequestInfo, limit: int) -> tuple[list, str | None]:
    """One page of ``entries`` ((position, entry) in position order) from the ``Marker`` sent, and the marker of the
    next page (None on the last). Markers are the layer's own: the position of the first entry of a page."""
    marker = info.query_value("Marker")
    if marker:
        if not marker.isdigit():
            raise Refused(lambda_error(400, "InvalidParameterValueException", f"Invalid marker: {marker}"))
        entries = [(p, e) for p, e in entries if p >= int(marker)]
    chunk, rest = entries[:limit], entries[limit:]
    return [e for _, e in chunk], (str(rest[0][0]) if rest else None)


def has_function(backend, name: str) -> bool:
    """Whether moto's Lambda ``backend`` has the function ``name``."""
    try:
        backend.get_function(name)
        return True
    except Exception:  # noqa: BLE001 - moto's UnknownFunctionException (or a malformed name)
        return False


def json_object(body: bytes) -> dict | None:
    """The JSON object of a request body ({} for none); None if the body is not one."""
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def json_response(value: dict, status: int = 200) -> Response:
    return Response(json.dumps(value), status=status, content_type="application/json")
