"""Faults injected on request, so tests can exercise retry, back-off and
wait-for-update logic that only real AWS would otherwise trigger.

Five kinds:

* ``error``: the next ``count`` requests for ``operation`` (optionally only in
  ``region`` / for ``functionName``) are answered with an AWS error and never
  reach moto, so nothing changes server-side, as with a real throttle.
* ``update-in-progress``: armed for one function; once the next mutating call
  on it succeeds, the function reports Pending / InProgress for ``reads``
  reads and refuses further mutations with 409, as AWS does while it applies
  a change asynchronously.
* ``concurrent-change``: just before each of the next ``count`` matching
  requests is processed, the function's ``$LATEST`` RevisionId (for
  UpdateAlias: the alias's) is replaced, as if another writer had changed it
  in between; a request carrying the old RevisionId then fails with 412.
* ``slow-download`` / ``expired-download``: affect the next code or layer
  downloads.
"""

from __future__ import annotations

import threading

KINDS = ("error", "update-in-progress", "concurrent-change", "slow-download", "expired-download")

# Calls that start an asynchronous update on AWS (and that AWS refuses with
# 409 while one is still in progress).
MUTATING_OPERATIONS = ("CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration")
REFUSED_DURING_UPDATE = ("UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion")


class FaultSpecError(ValueError):
    pass


class FaultBook:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_id = 1
        self._pending: list[dict] = []
        # (region, function name) -> active update window
        self._windows: dict[tuple[str, str], dict] = {}

    def add(self, spec: dict) -> dict:
        fault = _validated(spec)
        with self._lock:
            fault["id"] = self._next_id
            self._next_id += 1
            self._pending.append(fault)
        return fault

    def list(self) -> list[dict]:
        with self._lock:
            active = [
                {"kind": "update-in-progress", "active": True, "region": region, "functionName": name, **window}
                for (region, name), window in self._windows.items()
            ]
            return [dict(f) for f in self._pending] + active

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
            self._windows.clear()

    def take_error(self, operation: str | None, region: str | None, function_name: str | None) -> dict | None:
        """Consume one matching ``error`` fault, if any."""
        return self._take("error", operation, region, function_name)

    def take_concurrent_change(self, operation: str | None, region: str | None,
                               function_name: str | None) -> dict | None:
        """Consume one matching ``concurrent-change`` fault, if any."""
        return self._take("concurrent-change", operation, region, function_name)

    def _take(self, kind: str, operation: str | None, region: str | None, function_name: str | None) -> dict | None:
        with self._lock:
            for fault in self._pending:
                if (
                    fault["kind"] == kind
                    and fault["operation"] == operation
                    and fault.get("region") in (None, region)
                    and fault.get("functionName") in (None, function_name)
                ):
                    self._consume(fault)
                    return fault
        return None

    def take_download(self, kind: str) -> dict | None:
        with self._lock:
            for fault in self._pending:
                if fault["kind"] == kind:
                    self._consume(fault)
                    return fault
        return None

    def update_in_progress(self, region: str, function_name: str) -> bool:
        with self._lock:
            return (region, function_name) in self._windows

    def mutation_succeeded(self, operation: str, region: str, function_name: str) -> str | None:
        """Open an update window if one was armed for this function.

        Returns the status the function now reports ("Pending" after create,
        "InProgress" after update), or None when no fault was armed."""
        with self._lock:
            for fault in self._pending:
                if (
                    fault["kind"] == "update-in-progress"
                    and fault["functionName"] == function_name
                    and fault.get("region") in (None, region)
                ):
                    self._pending.remove(fault)
                    status = "Pending" if operation == "CreateFunction" else "InProgress"
                    self._windows[(region, function_name)] = {"status": status, "readsLeft": fault["reads"]}
                    return status
        return None

    def take_read(self, region: str, function_name: str) -> str | None:
        """Status to report for one read of the function during its window."""
        with self._lock:
            window = self._windows.get((region, function_name))
            if window is None:
                return None
            window["readsLeft"] -= 1
            if window["readsLeft"] <= 0:
                del self._windows[(region, function_name)]
            return window["status"]

    def _consume(self, fault: dict) -> None:
        fault["count"] -= 1
        if fault["count"] <= 0:
            self._pending.remove(fault)


def _validated(spec: dict) -> dict:
    if not isinstance(spec, dict):
        raise FaultSpecError("fault must be a JSON object")
    kind = spec.get("kind", "error")
    if kind not in KINDS:
        raise FaultSpecError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    fault = {"kind": kind}
    for optional in ("region", "functionName"):
        if spec.get(optional) is not None:
            fault[optional] = str(spec[optional])
    if kind == "error":
        if not spec.get("operation"):
            raise FaultSpecError("an error fault needs 'operation'")
        fault["operation"] = spec["operation"]
        fault["status"] = int(spec.get("status", 500))
        fault["errorType"] = spec.get("errorType") or _default_error_type(fault["status"])
        if spec.get("message"):
            fault["message"] = str(spec["message"])
        fault["count"] = int(spec.get("count", 1))
    elif kind == "update-in-progress":
        if "functionName" not in fault:
            raise FaultSpecError("an update-in-progress fault needs 'functionName'")
        fault["reads"] = int(spec.get("reads", 1))
    elif kind == "concurrent-change":
        for required in ("operation", "functionName"):
            if not spec.get(required):
                raise FaultSpecError(f"a concurrent-change fault needs {required!r}")
        fault["operation"] = str(spec["operation"])
        fault["count"] = int(spec.get("count", 1))
    else:
        fault["count"] = int(spec.get("count", 1))
        if kind == "slow-download":
            fault["delayMs"] = int(spec.get("delayMs", 1000))
    return fault


def _default_error_type(status: int) -> str:
    return {
        409: "ResourceConflictException",
        429: "TooManyRequestsException",
        500: "ServiceException",
        503: "ServiceUnavailableException",
    }.get(status, "ServiceException" if status >= 500 else "InvalidParameterValueException")
