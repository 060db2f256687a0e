"""Lambda's control-plane request quotas, enforced when quota mode is on.

AWS limits Lambda API requests per account and region (Lambda quotas, "API
requests"): GetFunction 100 requests per second, GetPolicy 15 per second, and
every other control-plane call 15 per second combined. Invocations are the
data plane and are not counted. A request over its quota is answered 429
TooManyRequestsException and changes nothing.

Each (account, region, bucket) has a token bucket holding at most ``rate``
tokens (burst equal to the per-second rate), full when quota mode is
switched on, refilled continuously at ``rate`` tokens a second. A request
takes one token, or is throttled if less than one is left; a throttled
request takes none. So over any stretch of T seconds at most
``rate * (1 + T)`` requests of a bucket get through.

The clock is injectable (seconds, monotonic) so the bucket arithmetic can be
tested exactly.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

GET_FUNCTION = "GetFunction"
GET_POLICY = "GetPolicy"
CONTROL_PLANE = "control-plane"

# Requests per second, and the most a full bucket lets through at once.
RATES = {GET_FUNCTION: 100, GET_POLICY: 15, CONTROL_PLANE: 15}

# Data-plane calls: not counted against any quota.
INVOCATIONS = ("Invoke", "InvokeAsync", "InvokeWithResponseStream")


def bucket_for(service: str | None, operation: str | None) -> str | None:
    """The quota a request counts against, or None if it counts against none."""
    if service != "lambda" or operation in INVOCATIONS:
        return None
    if operation in (GET_FUNCTION, GET_POLICY):
        return operation
    return CONTROL_PLANE


class QuotaBook:
    def __init__(self, enabled: bool = False, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._enabled = False
        # (account, region, bucket) -> [tokens, time of the last refill]
        self._buckets: dict[tuple[str, str, str], list[float]] = {}
        # region -> bucket -> count
        self._allowed: dict[str, dict[str, int]] = {}
        self._throttled: dict[str, dict[str, int]] = {}
        self.set_enabled(enabled)

    def set_enabled(self, enabled: bool) -> dict:
        """Switch quota mode. Switching it on (from off) starts afresh: full
        buckets, counters at zero. Switching it off keeps the counters for
        reading until the next switch on or reset."""
        with self._lock:
            if enabled and not self._enabled:
                self._buckets.clear()
                self._allowed.clear()
                self._throttled.clear()
            self._enabled = bool(enabled)
            return self._state()

    def clear(self) -> None:
        """Off, with no buckets or counters."""
        with self._lock:
            self._enabled = False
            self._buckets.clear()
            self._allowed.clear()
            self._throttled.clear()

    def state(self) -> dict:
        with self._lock:
            return self._state()

    def _state(self) -> dict:
        return {
            "enabled": self._enabled,
            "rates": dict(RATES),
            "allowed": {region: dict(counts) for region, counts in self._allowed.items()},
            "throttled": {region: dict(counts) for region, counts in self._throttled.items()},
        }

    def admit(self, service: str | None, operation: str | None, account: str, region: str | None) -> bool:
        """Count one request against its quota; False: it is over the quota and must be throttled."""
        bucket = bucket_for(service, operation)
        if bucket is None:
            return True
        region = region or "us-east-1"
        with self._lock:
            if not self._enabled:
                return True
            rate = RATES[bucket]
            now = self._clock()
            tokens, last = self._buckets.get((account, region, bucket), (float(rate), now))
            tokens = min(float(rate), tokens + max(0.0, now - last) * rate)
            admitted = tokens >= 1.0
            if admitted:
                tokens -= 1.0
            self._buckets[(account, region, bucket)] = [tokens, now]
            counters = self._allowed if admitted else self._throttled
            per_region = counters.setdefault(region, {})
            per_region[bucket] = per_region.get(bucket, 0) + 1
            return admitted
