"""Faults injected on request, so tests can exercise retry, back-off,
wait-for-update, timeout and crash-recovery logic that only real AWS (or a
real crash) would otherwise trigger.

Kinds:

* ``error``: the next ``count`` requests for ``operation`` (optionally only in
  ``region`` / for ``functionName``) are answered with an AWS error and never
  reach moto, so nothing changes server-side, as with a real throttle.
* ``update-in-progress``: armed for one function; once the next mutating call
  on it succeeds, the function reports Pending / InProgress for ``reads``
  reads and refuses further mutations with 409, as AWS does while it applies
  a change asynchronously.
* ``creation-in-progress``: the same window, opened by the next CreateFunction
  of that function, whose caller is nevertheless answered 409 "Function
  already exist", as when another writer's identical create won the race.
* ``provisioning-in-progress``: armed for one function (and optionally one
  qualifier); once the next PutProvisionedConcurrencyConfig on it succeeds,
  that configuration reports ``IN_PROGRESS`` (nothing allocated yet) for
  ``reads`` reads, as AWS does while it prepares the execution environments,
  then ``READY``.
* ``concurrent-change``: just before each of the next ``count`` matching
  requests is processed, the function's ``$LATEST`` RevisionId (for
  UpdateAlias: the alias's) is replaced, as if another writer had changed it
  in between; a request carrying the old RevisionId then fails with 412.
* ``stall``: the next ``count`` matching requests are accepted and then left
  unanswered for ``seconds`` (a client's read timeout), then answered 503.
* ``slow-download`` / ``expired-download`` / ``stalled-download``: affect the
  next code or layer downloads.
* ``freeze``: the ``afterWrites``-th write is carried out but its answer is
  held back, and so is every later AWS request, until the faults are cleared,
  so a test can kill a client in the middle of its work.
* ``random``: a seeded, reproducible campaign that faults each matching
  Lambda request or download with probability ``rate``, choosing among the
  faults above the one that suits the request.
* ``latency``: while it is active, every Lambda API request (in ``region``,
  if given) waits a seeded random time between ``minMs`` and ``maxMs`` before
  it is processed, as a real endpoint's latency varies; concurrency tests use
  it to vary how two clients' calls interleave.

Requests held by ``stall``, ``stalled-download`` and ``freeze`` are released
early when the faults are cleared (DELETE /_emulator/faults or a reset).
"""

from __future__ import annotations

import random
import threading

KINDS = ("error", "update-in-progress", "creation-in-progress", "provisioning-in-progress", "concurrent-change",
         "stall", "slow-download", "expired-download", "stalled-download", "freeze", "random", "latency")

# Calls that start an asynchronous update on AWS (and that AWS refuses with
# 409 while one is still in progress).
MUTATING_OPERATIONS = ("CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration")
REFUSED_DURING_UPDATE = ("UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion")
DOWNLOAD_OPERATIONS = ("GetCode", "GetLayerContent")

# A held request is answered at the latest after this long, so no thread waits forever.
FREEZE_HOLD_SECONDS = 120

# What a ``random`` fault may inject, by the name it is counted under, as the
# one-shot fault the emulator applies. Each is something real Lambda (or the
# S3 URL of a download) answers.
RANDOM_FAULTS = {
    "TooManyRequestsException": {"kind": "error", "status": 429, "errorType": "TooManyRequestsException"},
    "ServiceException": {"kind": "error", "status": 500, "errorType": "ServiceException"},
    "ServiceUnavailableException": {"kind": "error", "status": 503, "errorType": "ServiceUnavailableException"},
    "ResourceConflictException": {"kind": "error", "status": 409, "errorType": "ResourceConflictException"},
    "concurrent-change": {"kind": "concurrent-change"},
    "update-in-progress": {"kind": "update-in-progress", "reads": 2},
    "expired-download": {"kind": "expired-download"},
    "slow-download": {"kind": "slow-download", "delayMs": 300},
}
_RANDOM_ANY = ("TooManyRequestsException", "ServiceException", "ServiceUnavailableException")
_RANDOM_DOWNLOAD = ("expired-download", "slow-download", "ServiceException")
# Writes may also meet a conflict, a concurrent writer, or an update window
# after they succeed. CreateFunction has no RevisionId to race on yet; only
# the three mutating calls start an update on AWS.
_RANDOM_CHOICES = {
    "CreateFunction": (*_RANDOM_ANY, "ResourceConflictException", "update-in-progress"),
    "UpdateFunctionCode": (*_RANDOM_ANY, "ResourceConflictException", "concurrent-change", "update-in-progress"),
    "UpdateFunctionConfiguration": (*_RANDOM_ANY, "ResourceConflictException", "concurrent-change",
                                    "update-in-progress"),
    "PublishVersion": (*_RANDOM_ANY, "ResourceConflictException", "concurrent-change"),
    "CreateAlias": (*_RANDOM_ANY, "ResourceConflictException", "concurrent-change"),
    "UpdateAlias": (*_RANDOM_ANY, "ResourceConflictException", "concurrent-change"),
    **{download: _RANDOM_DOWNLOAD for download in DOWNLOAD_OPERATIONS},
}


class FaultSpecError(ValueError):
    pass


class FaultBook:
    def __init__(self) -> None:
        # Re-entrant: the take-and-hold helpers take faults under it too.
        self._lock = threading.RLock()
        self._next_id = 1
        self._pending: list[dict] = []
        # (region, function name) -> active update window
        self._windows: dict[tuple[str, str], dict] = {}
        # (region, function name, qualifier) -> reads left reporting a provisioned concurrency IN_PROGRESS
        self._provisioning: dict[tuple[str, str, str], int] = {}
        # Requests a stall or stalled-download is holding right now, as listed.
        self._holds: list[dict] = []
        # Set (and replaced) on every clear: ends every pause taken before it.
        self._thaw = threading.Event()

    def add(self, spec: dict) -> dict:
        try:
            fault = _validated(spec)
        except (TypeError, ValueError) as e:
            raise FaultSpecError(str(e)) from e
        with self._lock:
            fault["id"] = self._next_id
            self._next_id += 1
            if fault["kind"] in ("random", "latency"):
                fault["_rng"] = random.Random(fault["seed"])
            self._pending.append(fault)
            return _public(fault)

    def list(self) -> list[dict]:
        with self._lock:
            active = [
                {"active": True, "region": region, "functionName": name, **window}
                for (region, name), window in self._windows.items()
            ]
            active += [
                {"active": True, "kind": "provisioning-in-progress", "region": region, "functionName": name,
                 "qualifier": qualifier, "readsLeft": reads}
                for (region, name, qualifier), reads in self._provisioning.items()
            ]
            return [_public(f) for f in self._pending] + active + [dict(h) for h in self._holds]

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
            self._windows.clear()
            self._provisioning.clear()
            self._holds.clear()
            self._thaw.set()
            self._thaw = threading.Event()

    # ----- error, concurrent-change, stall ------------------------------------

    def take_error(self, operation: str | None, region: str | None, function_name: str | None) -> dict | None:
        """Consume one matching ``error`` fault, if any."""
        return self._take("error", operation, region, function_name)

    def take_concurrent_change(self, operation: str | None, region: str | None,
                               function_name: str | None) -> dict | None:
        """Consume one matching ``concurrent-change`` fault, if any."""
        return self._take("concurrent-change", operation, region, function_name)

    def take_stall(self, operation: str | None, region: str | None,
                   function_name: str | None) -> tuple[dict, threading.Event] | None:
        """Consume one matching ``stall`` fault: see ``_hold``."""
        with self._lock:
            return self._hold(self._take("stall", operation, region, function_name))

    def _hold(self, fault: dict | None) -> tuple[dict, threading.Event] | None:
        """List ``fault`` as active while it holds a request, until ``release``.

        Returns that entry and the event that ends the pause early (a clear)."""
        if fault is None:
            return None
        held = {k: v for k, v in _public(fault).items() if k != "count"}
        held["active"] = True
        self._holds.append(held)
        return held, self._thaw

    def release(self, held: dict) -> None:
        """The request ``held`` was holding has been answered."""
        with self._lock:
            self._holds = [h for h in self._holds if h is not held]

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

    # ----- downloads ------------------------------------------------------------

    def take_download(self, kind: str) -> dict | None:
        with self._lock:
            for fault in self._pending:
                if fault["kind"] == kind:
                    self._consume(fault)
                    return fault
        return None

    def take_stalled_download(self) -> tuple[dict, threading.Event] | None:
        """Consume one ``stalled-download`` fault: see ``_hold``."""
        with self._lock:
            return self._hold(self.take_download("stalled-download"))

    # ----- update windows -------------------------------------------------------

    def update_in_progress(self, region: str, function_name: str) -> bool:
        with self._lock:
            return (region, function_name) in self._windows

    def mutation_succeeded(self, operation: str, region: str, function_name: str,
                           reads: int | None = None) -> dict | None:
        """Open an update window if one was armed for this function (or, with
        ``reads``, unconditionally: a ``random`` fault's).

        Returns the window opened (its ``kind``, ``status``: "Pending" after a
        create, "InProgress" after an update, and ``readsLeft``), or None."""
        with self._lock:
            if reads is None:
                fault = next((f for f in self._pending if _arms_window(f, operation, region, function_name)), None)
                if fault is None:
                    return None
                self._pending.remove(fault)
                kind, reads = fault["kind"], fault["reads"]
            else:
                kind = "update-in-progress"
            status = "Pending" if operation == "CreateFunction" else "InProgress"
            window = self._windows[(region, function_name)] = {"kind": kind, "status": status, "readsLeft": reads}
            return dict(window)

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

    # ----- provisioned concurrency ------------------------------------------------

    def provisioning_started(self, region: str, function_name: str, qualifier: str) -> bool:
        """A provisioned concurrency configuration was just put: it reports IN_PROGRESS for a while if a
        ``provisioning-in-progress`` fault was armed for it (which this uses up), READY at once otherwise."""
        with self._lock:
            self._provisioning.pop((region, function_name, qualifier), None)
            fault = next((f for f in self._pending if f["kind"] == "provisioning-in-progress"
                          and f["functionName"] == function_name and f.get("region") in (None, region)
                          and f.get("qualifier") in (None, qualifier)), None)
            if fault is None:
                return False
            self._pending.remove(fault)
            self._provisioning[(region, function_name, qualifier)] = fault["reads"]
            return True

    def take_provisioning_read(self, region: str, function_name: str, qualifier: str) -> bool:
        """Whether this read of a provisioned concurrency configuration reports it IN_PROGRESS."""
        with self._lock:
            key = (region, function_name, qualifier)
            if key not in self._provisioning:
                return False
            self._provisioning[key] -= 1
            if self._provisioning[key] <= 0:
                del self._provisioning[key]
            return True

    def end_provisioning(self, region: str, function_name: str, qualifier: str | None = None) -> None:
        """The configuration (or every one of the function) is gone."""
        with self._lock:
            for key in [k for k in self._provisioning if k[:2] == (region, function_name)
                        and qualifier in (None, k[2])]:
                del self._provisioning[key]

    # ----- freeze ---------------------------------------------------------------

    def freeze_gate(self, service: str | None, region: str | None,
                    method: str) -> tuple[str, threading.Event, float] | None:
        """How a ``freeze`` treats one AWS request, decided in arrival order.

        ("held", event, seconds) once a freeze has triggered: hold the request
        (it never reaches moto) until the event is set or the seconds pass.
        ("write", event, seconds) for the write that triggers it: carry it out,
        then hold its answer. None: no freeze has triggered."""
        with self._lock:
            freezes = [f for f in self._pending if f["kind"] == "freeze"]
            triggered = next((f for f in freezes if f["writesSeen"] >= f["afterWrites"]), None)
            step = "held"
            if triggered is None and method not in ("GET", "HEAD"):
                for fault in freezes:
                    if fault.get("region") in (None, region) and fault.get("service") in (None, service):
                        fault["writesSeen"] += 1
                triggered = next((f for f in freezes if f["writesSeen"] >= f["afterWrites"]), None)
                step = "write"
            if triggered is None:
                return None
            triggered["held"] += 1
            return step, self._thaw, triggered["holdSeconds"]

    def freeze_engaged(self) -> None:
        """The triggering write has been carried out; its answer is now held."""
        with self._lock:
            for fault in self._pending:
                if fault["kind"] == "freeze" and fault["writesSeen"] >= fault["afterWrites"]:
                    fault["engaged"] = True

    # ----- latency ----------------------------------------------------------------

    def latency(self, service: str | None, region: str | None) -> float:
        """Seconds to wait before processing this request (0 without a matching latency fault)."""
        if service != "lambda":
            return 0.0
        with self._lock:
            for fault in self._pending:
                if fault["kind"] == "latency" and fault.get("region") in (None, region):
                    fault["seen"] += 1
                    return fault["_rng"].uniform(fault["minMs"], fault["maxMs"]) / 1000
        return 0.0

    # ----- random ---------------------------------------------------------------

    def draw_random(self, operation: str | None, region: str | None, function_name: str | None) -> dict | None:
        """The one-shot fault a ``random`` fault injects into this request, if any.

        One draw per matching request, in arrival order: below ``rate`` it is
        faulted, and where in [0, rate) it fell picks the fault among those
        that suit the operation. So the same requests in the same order get
        the same faults."""
        with self._lock:
            matching = (f for f in self._pending if f["kind"] == "random" and _random_matches(f, region, function_name))
            fault = next(matching, None)
            if fault is None:
                return None
            fault["seen"] += 1
            draw = fault["_rng"].random()
            if draw >= fault["rate"]:
                return None
            choices = _RANDOM_CHOICES.get(operation or "", _RANDOM_ANY)
            name = choices[min(int(draw / fault["rate"] * len(choices)), len(choices) - 1)]
            fault["injected"][name] = fault["injected"].get(name, 0) + 1
            return dict(RANDOM_FAULTS[name])

    def _consume(self, fault: dict) -> None:
        fault["count"] -= 1
        if fault["count"] <= 0:
            self._pending.remove(fault)


def _public(fault: dict) -> dict:
    """The fault as listed: without its internals (the random generator)."""
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in fault.items() if not k.startswith("_")}


def _arms_window(fault: dict, operation: str, region: str, function_name: str) -> bool:
    armed = fault["kind"] == "update-in-progress" or (
        fault["kind"] == "creation-in-progress" and operation == "CreateFunction")
    return armed and fault["functionName"] == function_name and fault.get("region") in (None, region)


def _random_matches(fault: dict, region: str | None, function_name: str | None) -> bool:
    prefix = fault.get("functionNamePrefix")
    return ((not fault.get("regions") or region in fault["regions"])
            and (prefix is None or (function_name or "").startswith(prefix)))


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
    if kind in ("error", "stall", "concurrent-change"):
        if not spec.get("operation"):
            raise FaultSpecError(f"{_article(kind)} {kind} fault needs 'operation'")
        fault["operation"] = str(spec["operation"])
        fault["count"] = int(spec.get("count", 1))
    if kind == "error":
        fault["status"] = int(spec.get("status", 500))
        fault["errorType"] = spec.get("errorType") or _default_error_type(fault["status"])
        if spec.get("message"):
            fault["message"] = str(spec["message"])
    elif kind in ("update-in-progress", "creation-in-progress", "provisioning-in-progress"):
        if "functionName" not in fault:
            raise FaultSpecError(f"{_article(kind)} {kind} fault needs 'functionName'")
        fault["reads"] = int(spec.get("reads", 1))
        if kind == "provisioning-in-progress":
            if fault["reads"] < 1:
                raise FaultSpecError("a provisioning-in-progress fault needs 'reads' of 1 or more")
            if spec.get("qualifier") is not None:
                fault["qualifier"] = str(spec["qualifier"])
    elif kind == "concurrent-change":
        if "functionName" not in fault:
            raise FaultSpecError("a concurrent-change fault needs 'functionName'")
    elif kind == "stall":
        fault["seconds"] = float(spec.get("seconds", 30))
    elif kind == "freeze":
        fault.pop("functionName", None)
        fault["afterWrites"] = int(spec.get("afterWrites", 0))
        if fault["afterWrites"] < 1:
            raise FaultSpecError("a freeze fault needs 'afterWrites' of 1 or more")
        if spec.get("service") is not None:
            fault["service"] = str(spec["service"])
        fault["holdSeconds"] = float(spec.get("holdSeconds", FREEZE_HOLD_SECONDS))
        fault.update(writesSeen=0, engaged=False, held=0)
    elif kind == "random":
        for unused in ("region", "functionName"):
            fault.pop(unused, None)
        if spec.get("seed") is None or spec.get("rate") is None:
            raise FaultSpecError("a random fault needs 'seed' and 'rate'")
        if not isinstance(spec["seed"], (int, str)):
            raise FaultSpecError("'seed' must be an integer or a string")
        fault["seed"] = spec["seed"]
        fault["rate"] = float(spec["rate"])
        if not 0 <= fault["rate"] <= 1:
            raise FaultSpecError("'rate' must be between 0 and 1")
        if spec.get("regions") is not None:
            if not isinstance(spec["regions"], list):
                raise FaultSpecError("'regions' must be a list")
            fault["regions"] = [str(r) for r in spec["regions"]]
        if spec.get("functionNamePrefix") is not None:
            fault["functionNamePrefix"] = str(spec["functionNamePrefix"])
        fault.update(seen=0, injected={})
    elif kind == "latency":
        fault.pop("functionName", None)
        fault["seed"] = spec.get("seed", 0)
        fault["minMs"] = float(spec.get("minMs", 0))
        fault["maxMs"] = float(spec.get("maxMs", 100))
        if not 0 <= fault["minMs"] <= fault["maxMs"] <= 10_000:
            raise FaultSpecError("a latency fault needs 0 <= minMs <= maxMs <= 10000")
        fault["seen"] = 0
    else:  # downloads
        fault["count"] = int(spec.get("count", 1))
        if kind == "slow-download":
            fault["delayMs"] = int(spec.get("delayMs", 1000))
        elif kind == "stalled-download":
            fault["afterBytes"] = max(0, int(spec.get("afterBytes", 0)))
            fault["seconds"] = float(spec.get("seconds", 30))
    return fault


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _default_error_type(status: int) -> str:
    return {
        409: "ResourceConflictException",
        429: "TooManyRequestsException",
        500: "ServiceException",
        503: "ServiceUnavailableException",
    }.get(status, "ServiceException" if status >= 500 else "InvalidParameterValueException")
