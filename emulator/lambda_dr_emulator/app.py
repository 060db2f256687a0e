"""WSGI wiring: moto's server application wrapped by the lambda-dr layer.

Requests under /_emulator/ are the control API and code downloads; /moto-api/
goes straight to moto; everything else is an AWS API call, identified, logged,
possibly throttled by Lambda's quotas (in quota mode), faulted (or held by a
freeze), handed to moto, and for Lambda adjusted on the way back.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import threading
import time
import zlib

import moto.awslambda.models as lambda_models
from moto.awslambda_simple.models import lambda_simple_backends
from moto.moto_api._internal.models import moto_api_backend
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.test import run_wsgi_app
from werkzeug.wrappers import Request, Response

from . import (code_locations, codecommit, container_images, document_db, event_invoke_configs, event_source_mappings,
               function_controls, function_policies, function_urls, managed_brokers, provisioned_concurrency,
               stream_consumers, version_numbers)
from .config_overlay import ConfigOverlay, parse_function_arn
from .errors import (code_sha_mismatch, function_arn, function_exists, lambda_error, precondition_failed,
                     rate_exceeded, request_expired, service_unavailable, update_in_progress_message)
from .faults import MUTATING_OPERATIONS, REFUSED_DURING_UPDATE, FaultBook, FaultSpecError
from .operations import RequestInfo, identify
from .quotas import QuotaBook
from .request_log import RequestLog
from .revisions import LATEST, Revisions

# Lambda operations whose JSON responses carry function configurations.
_CONFIG_IN_BODY = ("CreateFunction", "UpdateFunctionConfiguration", "UpdateFunctionCode", "PublishVersion",
                   "GetFunctionConfiguration")
_CONFIG_LISTS = {"ListFunctions": "Functions", "ListVersionsByFunction": "Versions"}
# Operations whose JSON body may carry a RevisionId precondition on $LATEST.
_FUNCTION_PRECONDITION = ("UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion")
_ALIAS_IN_BODY = ("CreateAlias", "UpdateAlias", "GetAlias")
_BODY_READ = (*MUTATING_OPERATIONS, *_FUNCTION_PRECONDITION, "UpdateAlias", *event_source_mappings.OPERATIONS)
# Calls that check or change a RevisionId run one at a time, from the check
# to the new RevisionId, so two writers sending the same RevisionId cannot
# both succeed (AWS applies the precondition atomically). Permission, event
# invoke configuration, function URL and provisioned concurrency changes are
# among them, so none lands on a function, version or alias being deleted.
_REVISION_SERIALIZED = (*_BODY_READ, "CreateAlias", "DeleteAlias", "DeleteFunction", "AddPermission",
                        "RemovePermission", *event_invoke_configs.WRITES, *function_urls.WRITES,
                        *provisioned_concurrency.WRITES, *function_controls.WRITES)
# Calls whose response may describe a version they just published.
_PUBLISHING = ("PublishVersion", "CreateFunction", "UpdateFunctionCode")


def configure_moto() -> None:
    # Functions are stored, never run: no Docker needed (and none available).
    moto_api_backend.set_config({"lambda": {"use_docker": False}})
    # With use_docker off, moto keeps functions and layers in
    # lambda_simple_backends, but still resolves the layer ARNs of
    # CreateFunction/UpdateFunctionConfiguration "Layers" through the Docker
    # backends, so attaching any published layer fails with "LayerVersion does
    # not exist". Point that lookup at the backends actually in use.
    lambda_models.lambda_backends = lambda_simple_backends
    _patch_moto()


@functools.cache
def _patch_moto() -> None:
    """Brings moto's models in line with AWS where the layer needs it. Once per process: each patch wraps a method of
    moto's, and a second pass would wrap the wrapper."""
    version_numbers.never_reuse_version_numbers()
    container_images.check_images_in_ecr()
    stream_consumers.report_consumers_as_aws_does()
    document_db.keep_document_db_clusters()
    managed_brokers.report_brokers_as_aws_does()
    event_source_mappings.keep_mappings_as_lambda_does()


class EmulatorApp:
    def __init__(self, lambda_quotas: bool = False, clock=time.monotonic) -> None:
        """``lambda_quotas``: start in quota mode; ``clock``: the quotas' clock (seconds, monotonic)."""
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.requests = RequestLog()
        self.faults = FaultBook()
        self.quotas = QuotaBook(lambda_quotas, clock)
        self.overlay = ConfigOverlay()
        self.revisions = Revisions()
        self.policies = function_policies.FunctionPolicies(self.revisions)
        self.invoke_configs = event_invoke_configs.EventInvokeConfigs()
        self.urls = function_urls.FunctionUrls()
        self.provisioned = provisioned_concurrency.ProvisionedConcurrency(self.faults)
        self.controls = function_controls.FunctionControls()
        # What the layer keeps per function, version and alias, forgotten with them.
        self._per_qualifier = (self.policies, self.invoke_configs, self.urls, self.provisioned, self.controls)
        self.repositories = codecommit.Repositories()
        self._revision_lock = threading.Lock()
        configure_moto()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator/"):
            download = code_locations.parse_download_path(path)
            if download:
                response = self._download(environ, *download)
            else:
                response = self._control(Request(environ))
            return response(environ, start_response)
        if path.startswith("/moto-api"):
            if path.rstrip("/") == "/moto-api/reset" and environ["REQUEST_METHOD"] == "POST":
                self._forget_kept_state()
            return self.moto(environ, start_response)
        return self._aws(environ, start_response)

    # ----- control API -------------------------------------------------------

    def _control(self, request: Request) -> Response:
        route = (request.method, request.path.rstrip("/"))
        if route == ("GET", "/_emulator/health"):
            return _json({"status": "ok"})
        if route == ("POST", "/_emulator/reset"):
            self.reset()
            return _json({"status": "ok"})
        if route == ("GET", "/_emulator/faults"):
            return _json(self.faults.list())
        if route == ("POST", "/_emulator/faults"):
            try:
                return _json(self.faults.add(request.get_json(force=True, silent=True)), 201)
            except FaultSpecError as e:
                return _json({"error": str(e)}, 400)
        if route == ("DELETE", "/_emulator/faults"):
            self.faults.clear()
            return _json({"status": "ok"})
        if route == ("GET", "/_emulator/quotas"):
            return _json(self.quotas.state())
        if route == ("PUT", "/_emulator/quotas"):
            spec = request.get_json(force=True, silent=True)
            if not isinstance(spec, dict) or not isinstance(spec.get("enabled"), bool):
                return _json({"error": 'expected a JSON object {"enabled": true} or {"enabled": false}'}, 400)
            return _json(self.quotas.set_enabled(spec["enabled"]))
        if route == ("GET", "/_emulator/requests"):
            return _json(self.requests.entries())
        if route == ("DELETE", "/_emulator/requests"):
            self.requests.clear()
            return _json({"status": "ok"})
        return _json({"error": f"no such emulator endpoint: {request.method} {request.path}"}, 404)

    def _forget_kept_state(self) -> None:
        """Forgets what the layer keeps beside moto's state, as moto forgets its own."""
        for store in (self.overlay, self.revisions, *self._per_qualifier, self.repositories):
            store.clear()

    def reset(self) -> None:
        moto_api_backend.reset()
        configure_moto()
        self._forget_kept_state()
        self.faults.clear()
        self.quotas.clear()
        self.requests.clear()

    def _download(self, environ, operation: str, parts: list[str]) -> Response:
        region, _, name, _ = parts
        injected = self.faults.draw_random(operation, region, name) or {}
        fault = injected if injected.get("kind") == "error" else self.faults.take_error(operation, region, name)
        if fault:
            response = _fault_response(fault, parts[1], region, name)
        else:
            slow = injected if injected.get("kind") == "slow-download" else self.faults.take_download("slow-download")
            if slow:
                time.sleep(slow["delayMs"] / 1000)
            if injected.get("kind") == "expired-download" or self.faults.take_download("expired-download"):
                response = request_expired(int(time.time()) - 1)
            else:
                expires = Request(environ).args.get("Expires")
                response = code_locations.download(operation, parts, expires)
                if response.status_code == 200:
                    response = self._stalled(response)
        self.requests.record("download", region, operation, environ["REQUEST_METHOD"], environ["PATH_INFO"],
                             response.status_code)
        return response

    def _stalled(self, response: Response) -> Response:
        """Apply a ``stalled-download`` fault: the full Content-Length is
        promised, the first bytes sent, then nothing, then the body ends short."""
        taken = self.faults.take_stalled_download()
        if taken is None:
            return response
        fault, thaw = taken
        data = response.get_data()

        def first_bytes_then_silence():
            try:
                # The server flushes each chunk to the socket before asking for the next.
                yield data[:fault["afterBytes"]]
                thaw.wait(fault["seconds"])
            finally:
                self.faults.release(fault)

        return Response(first_bytes_then_silence(), status=200, content_type=response.content_type,
                        headers={"Content-Length": str(len(data))})

    # ----- AWS API calls -----------------------------------------------------

    def _aws(self, environ, start_response):
        body = _buffer_body(environ)
        info = identify(environ, body)

        def logging_start_response(status, headers, exc_info=None):
            self.requests.record(info.service, info.region, info.operation, environ["REQUEST_METHOD"],
                                 environ.get("PATH_INFO"), int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        frozen = self.faults.freeze_gate(info.service, info.region, environ["REQUEST_METHOD"])
        if frozen is None:
            delay = self.faults.latency(info.service, info.region)
            if delay:
                time.sleep(delay)
            return self._answer(environ, logging_start_response, info, body)
        step, thaw, seconds = frozen
        if step == "write":
            # Carried out in full; only its answer is held back, as if lost on the way.
            run_wsgi_app(functools.partial(self._answer, info=info, body=body), environ, buffered=True)
            self.faults.freeze_engaged()
        thaw.wait(seconds)
        return service_unavailable()(environ, logging_start_response)

    def _answer(self, environ, start_response, info: RequestInfo, body: bytes):
        """WSGI answer to one AWS API call: a throttle, an injected fault, moto, or moto adjusted for Lambda."""
        if not self.quotas.admit(info.service, info.operation, info.account, info.region):
            # Over the quota: refused at the door, before any fault is taken or drawn.
            return rate_exceeded()(environ, start_response)
        injected = {}
        if info.service == "lambda":
            injected = self.faults.draw_random(info.operation, info.region, info.function_name) or {}
        refusal = self._refusal(info, injected)
        if refusal is not None:
            return refusal(environ, start_response)
        if info.service == "codecommit":
            # moto has repositories but no contents: the layer keeps those (see codecommit.py).
            if info.operation in codecommit.OPERATIONS:
                response = self.repositories.answer(info.operation, info.account, info.region, body)
            else:
                response = codecommit.as_aws(Response(*run_wsgi_app(self.moto, environ, buffered=True)))
            return response(environ, start_response)
        if info.service != "lambda":
            return self.moto(environ, start_response)
        return self._lambda(environ, info, body, injected)(environ, start_response)

    def _refusal(self, info: RequestInfo, injected: dict) -> Response | None:
        """An injected error or stall, or 409 while an injected update is in progress."""
        name = info.function_name
        fault = injected if injected.get("kind") == "error" else self.faults.take_error(info.operation, info.region,
                                                                                       name)
        if fault:
            return _fault_response(fault, info.account, info.region, name)
        stall = self.faults.take_stall(info.operation, info.region, name)
        if stall:
            fault, thaw = stall
            thaw.wait(fault["seconds"])
            self.faults.release(fault)
            return service_unavailable()
        if (info.service == "lambda" and info.operation in REFUSED_DURING_UPDATE and name
                and self.faults.update_in_progress(info.region, name)):
            message = update_in_progress_message(function_arn(info.region, info.account, name))
            return lambda_error(409, "ResourceConflictException", message)
        return None

    def _lambda(self, environ, info: RequestInfo, body: bytes, injected: dict) -> Response:
        base_url = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', 'localhost')}"
        if info.operation == "GetLayerVersionByArn":
            return code_locations.layer_version_by_arn(info.query_value("Arn"), base_url)
        serialized = info.operation in _REVISION_SERIALIZED
        with self._revision_lock if serialized else contextlib.nullcontext():
            return self._lambda_call(environ, info, body, base_url, injected)

    def _lambda_call(self, environ, info: RequestInfo, body: bytes, base_url: str, injected: dict) -> Response:
        # Parsed once, and only where a field of it matters (code uploads can be large).
        request = _json_or_empty(body) if info.operation in _BODY_READ else {}
        self._concurrent_change(info, injected.get("kind") == "concurrent-change")
        if self._stale_revision(info, request):
            return precondition_failed()
        if info.operation in _CONFIG_LISTS:
            refusal = _paging_refusal(info)
            if refusal is not None:
                return refusal

        if info.operation == "AddLayerVersionPermission":
            _organization_as_condition(environ, body)
        response = None
        if info.operation == "PublishVersion":
            response = self._publish_answer(info, request)
        elif info.operation in function_policies.OPERATIONS:
            # Function policies per version and alias, which moto cannot keep (see function_policies.py).
            response = self.policies.answer(info, body, _backend(info))
        elif info.operation in event_invoke_configs.OPERATIONS:
            # Event invoke configurations per version and alias, which moto cannot keep (see event_invoke_configs.py).
            response = self.invoke_configs.answer(info, body, _backend_of)
        elif info.operation in function_urls.OPERATIONS:
            # Function URLs per alias, which moto cannot keep (see function_urls.py).
            response = self.urls.answer(info, body, _backend(info))
        elif info.operation in provisioned_concurrency.OPERATIONS:
            # Provisioned concurrency per version and alias, which moto does not have (see provisioned_concurrency.py).
            response = self.provisioned.answer(info, body, _backend(info))
        elif info.operation in function_controls.OPERATIONS:
            # Code signing, recursion and runtime updates, which moto lacks or cannot set (see function_controls.py).
            response = self.controls.answer(info, body, _backend(info))
        if response is None:
            app_iter, status, headers = run_wsgi_app(self.moto, environ, buffered=True)
            response = Response(app_iter, status=status, headers=headers)
        if not 200 <= response.status_code < 300:
            return _conflict_as_aws(info, response)
        if info.operation == "Invoke":
            _fix_crc32(response)

        if info.operation == "DeleteFunction":
            self.overlay.forget(info.account, info.region, info.function_name, info.qualifier)
            self.revisions.forget_function(_function_key(info), info.qualifier)
            self._forget(_function_key(info), info.qualifier)
            return response
        if info.operation == "DeleteAlias":
            self.revisions.forget_alias(_function_key(info), info.params.get("Name", ""))
            self._forget(_function_key(info), info.params.get("Name", ""))
            return response
        if info.operation == "CreateFunction":
            # A function created (say, after one deleted out of band) starts with no policy, invoke
            # configuration, URL, provisioned concurrency or controls but the code signing it names.
            self._forget(_function_key(info))
            self.controls.record_creation(_function_key(info), request)
        if info.operation == "CreateAlias":
            self._forget(_function_key(info), _json_or_empty(body).get("Name", ""))
        try:
            payload = json.loads(response.get_data())
        except ValueError:
            return response
        if not isinstance(payload, dict):
            return response
        if info.operation in event_source_mappings.OPERATIONS:
            event_source_mappings.adjust(info, request, payload, _backend(info))
        window = None
        if info.operation in MUTATING_OPERATIONS and info.function_name:
            reads = injected["reads"] if injected.get("kind") == "update-in-progress" else None
            window = self.faults.mutation_succeeded(info.operation, info.region, info.function_name, reads)
        self._adjust(info, payload, request, base_url, window)
        if window and window["kind"] == "creation-in-progress":
            # Created, as the request asked; the caller hears another writer got there first.
            return function_exists(info.function_name)
        response.set_data(json.dumps(payload))
        return response

    def _forget(self, key, qualifier: str | None = None) -> None:
        """The function (with its versions and aliases), or one version or alias, is gone or new."""
        for store in self._per_qualifier:
            store.forget(key, qualifier)

    # ----- PublishVersion ------------------------------------------------------

    def _publish_answer(self, info: RequestInfo, request: dict) -> Response | None:
        """PublishVersion as AWS decides it, before moto sees it; None: moto publishes.

        A CodeSha256 other than $LATEST's is refused with 400. A $LATEST with
        the RevisionId it had when the last version was published is
        unchanged: nothing is published, the answer is that version. Otherwise
        moto must publish anew, even where its own "changed" flag says not (it
        knows nothing of a concurrent-change)."""
        backend = _backend(info)
        try:
            latest = backend.get_function(info.function_name or "")
        except Exception:  # noqa: BLE001 - no such function: moto answers 404
            return None
        sent = request.get("CodeSha256")
        if sent and sent != latest.code_sha_256:
            return code_sha_mismatch(sent)
        key = _function_key(info)
        published = self.revisions.last_published(key)
        if published is None:
            return None  # nothing published through the layer yet: moto's own rule applies
        version, revision = published
        if revision == self.revisions.function(key):
            try:
                config = backend.get_function(latest.function_name, version).get_configuration()
                return Response(json.dumps(config), status=201, content_type="application/json")
            except Exception:  # noqa: BLE001 - that version has been deleted since
                pass
        latest.code_or_config_updated = True
        return None

    # ----- RevisionId ----------------------------------------------------------

    def _concurrent_change(self, info: RequestInfo, injected: bool) -> None:
        """Apply a ``concurrent-change`` fault: another writer changed the revision just now."""
        if not info.function_name or not (injected or self.faults.take_concurrent_change(
                info.operation, info.region, info.function_name)):
            return
        key = _function_key(info)
        if info.operation == "UpdateAlias":
            alias = info.params.get("Name", "")
            if self.revisions.alias(key, alias) is not None:
                self.revisions.change_alias(key, alias)
        elif self.revisions.function(key) is not None:
            self.revisions.change_function(key)

    def _stale_revision(self, info: RequestInfo, request: dict) -> bool:
        """A RevisionId was sent and differs from the current one.

        One the layer never handed out a revision for (no such function or
        alias) is left to moto, which answers 404 as AWS does."""
        sent = request.get("RevisionId")
        if not sent or not info.function_name:
            return False
        if info.operation in _FUNCTION_PRECONDITION:
            current = self.revisions.function(_function_key(info))
        elif info.operation == "UpdateAlias":
            current = self.revisions.alias(_function_key(info), info.params.get("Name", ""))
        else:
            return False
        return current is not None and sent != current

    def _report_revision(self, op: str, config: dict, request: dict) -> None:
        key = parse_function_arn(config["FunctionArn"])
        if op in MUTATING_OPERATIONS and not request.get("DryRun"):
            self.revisions.change_function(key)
        version = str(config.get("Version", LATEST))
        config["RevisionId"] = self.revisions.report_function(key, version)
        if op in _PUBLISHING and version != LATEST:
            self.revisions.record_publish(key, version)

    def _report_alias_revision(self, op: str, alias: dict) -> None:
        key, name = parse_function_arn(alias["AliasArn"]), alias["Name"]
        if op in ("CreateAlias", "UpdateAlias"):
            alias["RevisionId"] = self.revisions.change_alias(key, name)
        else:
            alias["RevisionId"] = self.revisions.report_alias(key, name, alias.get("RevisionId"))

    # ----- response adjustments -------------------------------------------------

    def _adjust(self, info: RequestInfo, payload: dict, request: dict, base_url: str, window: dict | None) -> None:
        """Make a successful Lambda response read as AWS would answer it (``window``: the
        update window this call opened, if any)."""
        op = info.operation
        if op in _CONFIG_IN_BODY or op == "GetFunction":
            config = payload["Configuration"] if op == "GetFunction" else payload
            if op in MUTATING_OPERATIONS:
                self.overlay.record(config, request)
            if op in MUTATING_OPERATIONS or op == "PublishVersion":
                # Publish=true on create/update-code also publishes a version.
                self.overlay.snapshot(config)
            self.overlay.apply(config)
            self._report_revision(op, config, request)
            self._report_update_state(op, info, config, window)
            if op == "GetFunction":
                code_locations.rewrite_function_location(payload, base_url)
                _report_zero_concurrency(info, payload)
        elif op in _CONFIG_LISTS:
            for config in payload.get(_CONFIG_LISTS[op], []):
                self.overlay.apply(config)
                self._report_revision(op, config, request)
            _one_page(info, payload, _CONFIG_LISTS[op])
        elif op in _ALIAS_IN_BODY:
            self._report_alias_revision(op, payload)
        elif op == "ListAliases":
            for alias in payload.get("Aliases", []):
                self._report_alias_revision(op, alias)
        elif op in ("GetLayerVersion", "PublishLayerVersion"):
            code_locations.rewrite_layer_location(payload, base_url)

    def _report_update_state(self, op: str, info: RequestInfo, config: dict, window: dict | None) -> None:
        if window:
            status = window["status"]
        elif op in ("GetFunction", "GetFunctionConfiguration") and config.get("Version") == "$LATEST":
            status = self.faults.take_read(info.region, config["FunctionName"])
        else:
            status = None
        if status == "Pending":
            config.update(State="Pending", StateReason="The function is being created.", StateReasonCode="Creating")
            config.pop("LastUpdateStatus", None)
        elif status == "InProgress":
            config.update(LastUpdateStatus="InProgress")


# ListFunctions and ListVersionsByFunction: moto answers every entry at once, whatever MaxItems and Marker say;
# Lambda answers at most MaxItems (1 to 10,000) and never more than 50 a page, with a NextMarker to go on. The
# layer's markers are positions in moto's list (which keeps creation order).
_PAGE_MOST = 50
_MAX_ITEMS = (1, 10000)


def _paging_refusal(info: RequestInfo) -> Response | None:
    sent, marker = info.query_value("MaxItems"), info.query_value("Marker")
    if sent is not None and (not sent.isdigit() or not _MAX_ITEMS[0] <= int(sent) <= _MAX_ITEMS[1]):
        return lambda_error(400, "InvalidParameterValueException",
                            f"MaxItems must be between {_MAX_ITEMS[0]} and {_MAX_ITEMS[1]}: {sent}")
    if marker and not marker.isdigit():
        return lambda_error(400, "InvalidParameterValueException", f"Invalid marker: {marker}")
    return None


def _one_page(info: RequestInfo, payload: dict, key: str) -> None:
    entries = payload.get(key, [])
    first = int(info.query_value("Marker") or 0)
    end = first + min(int(info.query_value("MaxItems") or _PAGE_MOST), _PAGE_MOST)
    payload[key] = entries[first:end]
    payload.pop("NextMarker", None)
    if end < len(entries):
        payload["NextMarker"] = str(end)


def _fault_response(fault: dict, account: str, region: str | None, name: str | None) -> Response:
    message = fault.get("message")
    if message is None and fault["errorType"] == "ResourceConflictException" and name:
        message = update_in_progress_message(function_arn(region or "us-east-1", account, name))
    return lambda_error(fault["status"], fault["errorType"], message)


def _conflict_as_aws(info: RequestInfo, response: Response) -> Response:
    """moto's 409 for a function or alias that exists, as AWS answers it: moto
    calls the alias one ConflictException, and sends neither in Lambda's shape."""
    if response.status_code != 409 or info.operation not in ("CreateFunction", "CreateAlias"):
        return response
    message = _json_or_empty(response.get_data()).get("message")
    return lambda_error(409, "ResourceConflictException", message)


def _backend(info: RequestInfo):
    return _backend_of(info.account, info.region or "us-east-1")


def _backend_of(account: str, region: str):
    return lambda_simple_backends[account][region]


def _fix_crc32(response: Response) -> None:
    """moto's Invoke answer carries an x-amz-crc32 that does not match its body, which the Java SDK rejects
    (Crc32MismatchException); AWS's matches. Compute it from the body actually sent."""
    if "x-amz-crc32" in response.headers:
        response.headers["x-amz-crc32"] = str(zlib.crc32(response.get_data()) & 0xFFFFFFFF)


def _report_zero_concurrency(info: RequestInfo, payload: dict) -> None:
    """moto leaves Concurrency out when it is 0 (it tests the value for truth);
    AWS reports 0, which means every invocation is throttled."""
    if "Concurrency" in payload:
        return
    backend = _backend(info)
    try:
        function = backend.get_function(payload["Configuration"]["FunctionName"])
    except Exception:  # noqa: BLE001 - the function vanished between moto's answer and this lookup
        return
    if function.reserved_concurrency is not None and int(function.reserved_concurrency) == 0:
        payload["Concurrency"] = {"ReservedConcurrentExecutions": 0}


def _function_key(info: RequestInfo) -> tuple[str, str, str]:
    return info.account, info.region or "us-east-1", info.function_name or ""


def _organization_as_condition(environ, body: bytes) -> None:
    """AddLayerVersionPermission's OrganizationId, which moto drops, in the
    form its policy code turns into Lambda's condition
    {"StringEquals": {"aws:PrincipalOrgID": ...}} (as it does for
    AddPermission's PrincipalOrgID)."""
    request = _json_or_empty(body)
    if "OrganizationId" not in request:
        return
    request["PrincipalOrgID"] = request.pop("OrganizationId")
    rewritten = json.dumps(request).encode()
    environ["wsgi.input"] = io.BytesIO(rewritten)
    environ["CONTENT_LENGTH"] = str(len(rewritten))


def _buffer_body(environ) -> bytes:
    """Read the request body once so both the layer and moto can see it."""
    stream = environ["wsgi.input"]
    length = environ.get("CONTENT_LENGTH")
    if length:
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _json_or_empty(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _json(value, status: int = 200) -> Response:
    return Response(json.dumps(value), status=status, content_type="application/json")
