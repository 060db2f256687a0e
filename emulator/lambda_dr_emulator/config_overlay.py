"""Function configuration fields that moto drops or ignores, kept here and
merged back into Lambda responses so a client reads back what it wrote.

Found by experiment against moto 5.2.1 (see README):

* CreateFunction drops LoggingConfig, SnapStart, DeadLetterConfig, KMSKeyArn
  and FileSystemConfigs.
* UpdateFunctionConfiguration ignores EphemeralStorage, TracingConfig,
  LoggingConfig, SnapStart, DeadLetterConfig, KMSKeyArn, FileSystemConfigs and
  ImageConfig.
* UpdateFunctionCode ignores Architectures.
* CreateFunction drops, and UpdateFunctionConfiguration ignores, the newer settings CapacityProviderConfig,
  DurableConfig and TenancyConfig (Lambda takes tenancy only at creation; the SDKs send it nowhere else).

Everything else in the function configuration round-trips natively.

Fields are kept per (account, region, function) for $LATEST and copied per
published version at PublishVersion time, since a published version is an
immutable snapshot on AWS.
"""

from __future__ import annotations

import copy
import threading

OVERLAY_FIELDS = (
    "Architectures",
    "CapacityProviderConfig",
    "DeadLetterConfig",
    "DurableConfig",
    "EphemeralStorage",
    "FileSystemConfigs",
    "ImageConfig",
    "KMSKeyArn",
    "LoggingConfig",
    "SnapStart",
    "TenancyConfig",
    "TracingConfig",
)

LATEST = "$LATEST"


def parse_function_arn(arn: str) -> tuple[str, str, str]:
    """(account, region, name) of arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]"""
    parts = arn.split(":")
    return parts[4], parts[3], parts[6]


class ConfigOverlay:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (account, region, name) -> {version: {field: value as sent}}
        self._functions: dict[tuple[str, str, str], dict[str, dict]] = {}

    def record(self, config: dict, sent: dict) -> None:
        """Remember the overlay fields a client sent for the function in ``config``."""
        key = parse_function_arn(config["FunctionArn"])
        with self._lock:
            latest = self._functions.setdefault(key, {}).setdefault(LATEST, {})
            for name in OVERLAY_FIELDS:
                if name not in sent:
                    continue
                if name == "LoggingConfig":
                    # Like AWS, an update changes only the logging settings it names.
                    latest[name] = {**latest.get(name, {}), **(sent[name] or {})}
                else:
                    latest[name] = copy.deepcopy(sent[name])

    def snapshot(self, config: dict) -> None:
        """Freeze $LATEST's fields for the version that ``config`` describes."""
        version = str(config.get("Version", LATEST))
        if version == LATEST:
            return
        key = parse_function_arn(config["FunctionArn"])
        with self._lock:
            versions = self._functions.setdefault(key, {})
            # PublishVersion with nothing changed returns the existing version.
            versions.setdefault(version, copy.deepcopy(versions.get(LATEST, {})))

    def forget(self, account: str, region: str, name: str, qualifier: str | None = None) -> None:
        with self._lock:
            if qualifier is None:
                self._functions.pop((account, region, name), None)
            else:
                self._functions.get((account, region, name), {}).pop(qualifier, None)

    def clear(self) -> None:
        with self._lock:
            self._functions.clear()

    def apply(self, config: dict) -> None:
        """Merge stored fields into one function configuration, in AWS response shape."""
        account, region, name = parse_function_arn(config["FunctionArn"])
        version = str(config.get("Version", LATEST))
        with self._lock:
            fields = copy.deepcopy(self._functions.get((account, region, name), {}).get(version, {}))

        for simple in ("Architectures", "EphemeralStorage", "TracingConfig"):
            if simple in fields:
                config[simple] = fields[simple]
        for newer in ("CapacityProviderConfig", "DurableConfig", "TenancyConfig"):
            _set_or_drop(config, newer, fields.get(newer), newer in fields)
        _set_or_drop(config, "KMSKeyArn", fields.get("KMSKeyArn"), "KMSKeyArn" in fields)
        _set_or_drop(config, "FileSystemConfigs", fields.get("FileSystemConfigs"), "FileSystemConfigs" in fields)
        if "DeadLetterConfig" in fields:
            target = (fields["DeadLetterConfig"] or {}).get("TargetArn")
            _set_or_drop(config, "DeadLetterConfig", {"TargetArn": target} if target else None, True)
        if "ImageConfig" in fields:
            image = fields["ImageConfig"]
            _set_or_drop(config, "ImageConfigResponse", {"ImageConfig": image} if image else None, True)
        if "SnapStart" in fields:
            apply_on = (fields["SnapStart"] or {}).get("ApplyOn", "None")
            optimized = apply_on == "PublishedVersions" and version != LATEST
            config["SnapStart"] = {"ApplyOn": apply_on, "OptimizationStatus": "On" if optimized else "Off"}
        config["LoggingConfig"] = _logging_config(name, fields.get("LoggingConfig", {}))


def _set_or_drop(config: dict, name: str, value, present: bool) -> None:
    if not present:
        return
    if value:
        config[name] = value
    else:
        # AWS clears these with an empty value and then omits them.
        config.pop(name, None)


def _logging_config(function_name: str, sent: dict) -> dict:
    """AWS always reports LoggingConfig, filling in its defaults."""
    logging = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{function_name}", **sent}
    if logging["LogFormat"] == "JSON":
        logging.setdefault("ApplicationLogLevel", "INFO")
        logging.setdefault("SystemLogLevel", "INFO")
    else:
        # Log levels only exist for the JSON format.
        logging.pop("ApplicationLogLevel", None)
        logging.pop("SystemLogLevel", None)
    return logging
