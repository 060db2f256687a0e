"""Event source mappings as Lambda reports them, where moto 5.2.1 reports them otherwise (found by experiment, see
README):

* a mapping created on an alias (``FunctionName`` ``f1:live``) is reported by moto with the ARN of the version the
  alias points at (``function:f1:1``); Lambda reports the alias's ARN, and keeps invoking the alias when it moves.
  The layer gives the mapping the qualified ARN it was created with.
* a structured setting sent empty to remove it (``FilterCriteria: {}``, ``DestinationConfig: {}``, or one without
  its inner destination or filters) is kept and reported empty by moto; Lambda drops it. The layer drops it too.

* moto refuses every source but a queue, a table stream and a Kinesis stream ("Invalid EventSourceArn"). The modules
  that add a kind Lambda reads (a stream consumer, a DocumentDB cluster, an MSK cluster, an MQ broker) register it
  with :func:`accept_source`, and a mapping of that kind is kept as moto keeps the others, with Lambda's batch sizes
  for it.

moto's own rules stay in force otherwise: the source must exist in the mapping's region, and a listing without a
function name lists every mapping of the region.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Callable

import moto.awslambda.models as lambda_models
from moto.core.exceptions import JsonRESTError

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


@dataclass(frozen=True)
class ExtraSource:
    """A kind of source Lambda reads and moto refuses as a mapping's ``EventSourceArn``.

    ``exists(account, region, arn)`` says whether ``arn`` is a source of this kind in that region; ``batch_size`` is
    Lambda's default and maximum for the kind; ``starting_position`` whether Lambda keeps one for it (streams and
    topics do, a broker's queue does not)."""

    exists: Callable[[str, str, str], bool]
    batch_size: tuple[int, int] = (100, 10000)
    starting_position: bool = True


_EXTRA_SOURCES: list[ExtraSource] = []


def accept_source(source: ExtraSource) -> None:
    """Has CreateEventSourceMapping accept sources of this kind besides moto's own."""
    if source not in _EXTRA_SOURCES:
        _EXTRA_SOURCES.append(source)


def keep_mappings_as_lambda_does() -> None:
    """Patches moto's mapping calls (``app.configure_moto`` calls it once per process): the kinds registered with
    :func:`accept_source` are accepted, and a setting moto's model refuses (a batch size over the source's maximum)
    is answered with Lambda's 400 ``InvalidParameterValueException``, not the 500 moto answers with when its model
    raises."""
    create = lambda_models.LambdaBackend.create_event_source_mapping
    update = lambda_models.LambdaBackend.update_event_source_mapping

    def create_reading_extra_sources(self, spec):
        arn = spec.get("EventSourceArn") or ""
        kind = next((extra for extra in _EXTRA_SOURCES if extra.exists(self.account_id, self.region_name, arn)),
                    None)
        with _refusals_as_lambda_errors():
            if kind is None:
                return create(self, spec)
            function = self._lambdas.get_function_by_name_or_arn_with_qualifier(spec.get("FunctionName", ""))
            mapping = _ExtraSourceMapping(kind, {**spec, "RegionName": self.region_name,
                                                 "AccountId": self.account_id, "FunctionArn": function.function_arn})
        self._event_source_mappings[mapping.uuid] = mapping
        return mapping

    def update_refusing_as_lambda_does(self, uuid, spec):
        with _refusals_as_lambda_errors():
            return update(self, uuid, spec)

    lambda_models.LambdaBackend.create_event_source_mapping = create_reading_extra_sources
    lambda_models.LambdaBackend.update_event_source_mapping = update_refusing_as_lambda_does


@contextlib.contextmanager
def _refusals_as_lambda_errors():
    """moto's mapping model refuses a setting with ``ValueError(<error code>, <message>)``."""
    try:
        yield
    except ValueError as refused:
        if len(refused.args) == 2 and str(refused.args[0]).endswith("Exception"):
            raise JsonRESTError(*refused.args) from refused
        raise


class _ExtraSourceMapping(lambda_models.EventSourceMapping):
    """A mapping reading a source moto does not know: moto's own refuses its ARN and knows no batch size for it."""

    def __init__(self, kind: ExtraSource, spec: dict):
        self._kind = kind
        super().__init__(spec)
        if not kind.starting_position and "StartingPosition" not in spec:
            # moto gives every source but a queue TRIM_HORIZON; Lambda keeps none for a broker's queue.
            self.starting_position = None

    @property
    def event_source_arn(self) -> str:
        return self._event_source_arn

    @event_source_arn.setter
    def event_source_arn(self, value: str) -> None:
        self._event_source_arn = value

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int | None) -> None:
        default, maximum = self._kind.batch_size
        if value is not None and int(value) > maximum:
            raise ValueError("InvalidParameterValueException", f"BatchSize {value} exceeds the max of {maximum}")
        self._batch_size = default if value is None else int(value)
