"""RevisionIds of functions, published versions and aliases, kept as AWS
Lambda keeps them (moto 5.2.1 reports none on functions, and never changes an
alias's after CreateAlias nor checks the one a request carries).

* ``$LATEST`` gets a new RevisionId on CreateFunction and on every successful
  UpdateFunctionCode / UpdateFunctionConfiguration; nothing else changes it.
* A published version gets its own RevisionId when it is published, fixed
  from then on.
* An alias gets a new RevisionId on CreateAlias and on every successful
  UpdateAlias.

The last version published is remembered with the ``$LATEST`` RevisionId it
was published from: PublishVersion of an unchanged ``$LATEST`` publishes
nothing on AWS and answers that version.

Requests carrying a RevisionId are checked against these before they reach
moto (see ``EmulatorApp``), so a stale one fails with 412 and changes nothing.
"""

from __future__ import annotations

import threading
import uuid

LATEST = "$LATEST"

FunctionKey = tuple[str, str, str]  # (account, region, function name)


def new_revision() -> str:
    return str(uuid.uuid4())


class Revisions:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (account, region, name) -> {version: RevisionId}
        self._functions: dict[FunctionKey, dict[str, str]] = {}
        # (account, region, name) -> {alias name: RevisionId}
        self._aliases: dict[FunctionKey, dict[str, str]] = {}
        # (account, region, name) -> (last version published, $LATEST's RevisionId then)
        self._published: dict[FunctionKey, tuple[str, str | None]] = {}

    # ----- functions and versions --------------------------------------------

    def function(self, key: FunctionKey, version: str = LATEST) -> str | None:
        """The current RevisionId, or None when the layer never saw it."""
        with self._lock:
            return self._functions.get(key, {}).get(version)

    def change_function(self, key: FunctionKey) -> str:
        """$LATEST changed (created, updated, or changed by someone else)."""
        with self._lock:
            revision = self._functions.setdefault(key, {})[LATEST] = new_revision()
            return revision

    def report_function(self, key: FunctionKey, version: str) -> str:
        """RevisionId to report for one function version.

        A version seen for the first time (just published, or created by
        something other than a Lambda API call, such as CloudFormation) gets
        one now; after that it is fixed.
        """
        with self._lock:
            return self._functions.setdefault(key, {}).setdefault(version, new_revision())

    def record_publish(self, key: FunctionKey, version: str) -> None:
        """``version`` was just published (or answered as unchanged) from the current $LATEST."""
        with self._lock:
            self._published[key] = (version, self._functions.get(key, {}).get(LATEST))

    def last_published(self, key: FunctionKey) -> tuple[str, str | None] | None:
        """(version, $LATEST RevisionId it was published from), or None if none was seen."""
        with self._lock:
            return self._published.get(key)

    # ----- aliases ------------------------------------------------------------

    def alias(self, key: FunctionKey, alias: str) -> str | None:
        with self._lock:
            return self._aliases.get(key, {}).get(alias)

    def change_alias(self, key: FunctionKey, alias: str, revision: str | None = None) -> str:
        with self._lock:
            revision = self._aliases.setdefault(key, {})[alias] = revision or new_revision()
            return revision

    def report_alias(self, key: FunctionKey, alias: str, fallback: str | None) -> str:
        """The alias's RevisionId; one the layer never saw adopts ``fallback`` (moto's)."""
        with self._lock:
            return self._aliases.setdefault(key, {}).setdefault(alias, fallback or new_revision())

    # ----- forgetting ---------------------------------------------------------

    def forget_function(self, key: FunctionKey, qualifier: str | None = None) -> None:
        """DeleteFunction: the whole function with its aliases, or one version."""
        with self._lock:
            if qualifier is None:
                self._functions.pop(key, None)
                self._aliases.pop(key, None)
                self._published.pop(key, None)
            else:
                self._functions.get(key, {}).pop(qualifier, None)

    def forget_alias(self, key: FunctionKey, alias: str) -> None:
        with self._lock:
            self._aliases.get(key, {}).pop(alias, None)

    def clear(self) -> None:
        with self._lock:
            self._functions.clear()
            self._aliases.clear()
            self._published.clear()
