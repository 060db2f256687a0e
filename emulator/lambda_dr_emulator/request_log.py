"""In-memory log of the AWS API calls the emulator has answered.

Tests read it to count calls at the HTTP level (retries included), which is
what an AWS bill or a throttling limit would see.
"""

from __future__ import annotations

import threading


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict] = []

    def record(self, service, region, operation, method, path, status: int) -> None:
        entry = {
            "service": service,
            "region": region,
            "operation": operation,
            "method": method,
            "path": path,
            "status": status,
        }
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
