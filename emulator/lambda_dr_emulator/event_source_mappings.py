"""Event source mappings as Lambda reports them, where moto 5.2.1 reports them otherwise (found by experiment, see
README):

* a mapping created on an alias (``FunctionName`` ``f1:live``) is reported by moto with the ARN of the version the
  alias points at (``function:f1:1``); Lambda reports the alias's ARN, and keeps invoking the alias when it moves.
  The layer gives the mapping the qualified ARN it was created with.
* a structured setting sent empty to remove it (``FilterCriteria: {}``, ``DestinationConfig: {}``, or one without
  its inner destination or filters) is kept and reported empty by moto; Lambda drops it. The layer drops it too.

moto's own rules stay in force otherwise: the source must exist in the mapping's region (SQS queue, DynamoDB stream
or Kinesis stream; other kinds are refused as unsupported), and a listing without a function name lists every
mapping of the region.
"""

from __future__ import annotations

from .errors import function_arn
from .operations import RequestInfo, split_function_identifier

CREATE = "CreateEventSourceMapping"
UPDATE = "UpdateEventSourceMapping"
OPERATIONS = (CREATE, UPDATE)

# moto's attribute for each structured setting a caller can remove by sending it empty.
_REMOVABLE = {"FilterCriteria": "filter_criteria", "DestinationConfig": "destination_config",
              "ScalingConfig": "scaling_config", "MetricsConfig": "metrics", "ProvisionedPollerConfig": "poller_config"}


def adjust(info: RequestInfo, request: dict, payload: dict, backend) -> None:
    """Brings moto's stored mapping and its answer (``payload``) in line with Lambda after a create or update."""
    mapping = backend.get_event_source_mapping(payload.get("UUID", ""))
    if mapping is None:
        return
    if info.operation == CREATE or "FunctionName" in request:
        name, qualifier = split_function_identifier(request.get("FunctionName", ""))
        if qualifier and qualifier != "$LATEST":
            mapping.function_arn = f"{function_arn(info.region, info.account, name)}:{qualifier}"
            payload["FunctionArn"] = mapping.function_arn
    for setting, attribute in _REMOVABLE.items():
        if setting in request and _is_empty(request[setting]):
            setattr(mapping, attribute, None)
            payload.pop(setting, None)


def _is_empty(value) -> bool:
    if isinstance(value, dict):
        return all(_is_empty(inner) for inner in value.values())
    if isinstance(value, list):
        return all(_is_empty(inner) for inner in value)
    return value is None
