"""Lambda function resource-based policies, kept per function version and
alias as Lambda keeps them, answering AddPermission, RemovePermission and
GetPolicy.

moto 5.2.1 cannot be used for these (found by experiment, see README):

* it keeps one policy object for a function: PublishVersion copies the
  function shallowly, so ``$LATEST`` and every published version share it,
  and GetPolicy with any qualifier reads the same statements;
* AddPermission with an alias qualifier files the statement under the
  version the alias points at (that is, the shared policy);
* RemovePermission ignores ``Qualifier`` (it removes from the shared policy);
* it accepts a StatementId that is already in the policy;
* it writes an account principal as the bare account id, drops
  ``EventSourceToken``, keeps ``FunctionUrlAuthType`` as a statement field
  instead of a condition, and loses ``PrincipalOrgID`` when ``SourceAccount``
  is also sent (both are StringEquals conditions and the second replaces the
  first);
* AddPermission answers 200, not 201.

So the layer keeps the policies itself, one per (account, region, function
name, qualifier), where the qualifier is ``$LATEST`` for the function itself,
a version number or an alias name; moto is asked only whether the function,
version or alias exists. Each policy has a RevisionId, a new UUID on every
change. A policy is forgotten when its function, version or alias is deleted,
or created anew.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field

from werkzeug.wrappers import Response

from .errors import function_arn, lambda_error
from .operations import RequestInfo, split_function_identifier
from .revisions import LATEST, FunctionKey, Revisions

OPERATIONS = ("AddPermission", "RemovePermission", "GetPolicy")

_STATEMENT_ID = re.compile(r"[a-zA-Z0-9-_]+")
_ACCOUNT = re.compile(r"\d{12}")
# Service principals: "s3.amazonaws.com", "alexa-appkit.amazon.com", "s3.amazonaws.com.cn".
_SERVICE = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com|amazon\.com|amazonaws\.com\.cn)")
_IAM_ARN = re.compile(r"arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:.+")

NOT_FOUND = "The resource you requested does not exist."
NO_POLICY = "No policy is associated with the given resource."
# What Lambda says to a stale RevisionId on AddPermission; on RemovePermission
# it sends errors.py's default message (GetFunction/GetAlias).
POLICY_PRECONDITION = ("The Revision Id provided does not match the latest Revision Id. "
                       "Call the GetPolicy API to retrieve the latest Revision Id")


@dataclass
class _Policy:
    statements: list[dict] = field(default_factory=list)
    revision: str = field(default_factory=lambda: str(uuid.uuid4()))

    def document(self) -> str:
        return _compact({"Version": "2012-10-17", "Id": "default", "Statement": self.statements})


@dataclass
class _Target:
    """The function and qualifier a request names."""
    name: str
    qualifier: str  # LATEST for the function itself
    arn: str  # the policy's Resource: the function ARN, with ":<qualifier>" for a version or alias
    named_latest: bool = False  # "$LATEST" was named (AddPermission refuses it)

    @property
    def is_alias(self) -> bool:
        return self.qualifier != LATEST and not self.qualifier.isdigit()


class FunctionPolicies:
    def __init__(self, revisions: Revisions) -> None:
        self._revisions = revisions
        self._lock = threading.Lock()
        # (account, region, name) -> {qualifier: policy}
        self._policies: dict[FunctionKey, dict[str, _Policy]] = {}

    def answer(self, info: RequestInfo, body: bytes, backend) -> Response:
        """The answer to one of OPERATIONS (``backend``: moto's Lambda backend of the request's account and region)."""
        target = _target(info, backend)
        if isinstance(target, Response):
            return target
        key = (info.account, info.region or "us-east-1", target.name)
        if info.operation == "AddPermission":
            return self._add(key, target, _json_object(body))
        if info.operation == "RemovePermission":
            return self._remove(key, target, info.params.get("StatementId", ""), info.query_value("RevisionId"))
        return self._get(key, target)

    def _add(self, key: FunctionKey, target: _Target, request: dict) -> Response:
        for name in ("StatementId", "Action", "Principal"):
            if not isinstance(request.get(name), str):
                return _validation_error(f"Value null at '{name[0].lower() + name[1:]}' failed to satisfy "
                                         "constraint: Member must not be null")
        sid = request["StatementId"]
        if not _STATEMENT_ID.fullmatch(sid):
            return _validation_error(f"Value '{sid}' at 'statementId' failed to satisfy constraint: "
                                     "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)")
        if target.named_latest:
            return lambda_error(400, "InvalidParameterValueException",
                                "We currently do not support adding policies for $LATEST.")
        statement = _statement(sid, request, target.arn)
        if statement is None:
            return lambda_error(400, "InvalidParameterValueException",
                                "The provided principal was invalid. Please check the principal and try again.")
        with self._lock:
            policy = self._policies.get(key, {}).get(target.qualifier)
            if not self._revision_matches(key, target, policy, request.get("RevisionId")):
                return lambda_error(412, "PreconditionFailedException", POLICY_PRECONDITION)
            if policy is not None and any(s["Sid"] == sid for s in policy.statements):
                return lambda_error(409, "ResourceConflictException",
                                    f"The statement id ({sid}) provided already exists. Please provide a new "
                                    "statement id, or remove the existing statement.")
            policy = self._policies.setdefault(key, {}).setdefault(target.qualifier, _Policy())
            policy.statements.append(statement)
            policy.revision = str(uuid.uuid4())
        return _json_response({"Statement": _compact(statement)}, 201)

    def _remove(self, key: FunctionKey, target: _Target, sid: str, revision: str | None) -> Response:
        with self._lock:
            policy = self._policies.get(key, {}).get(target.qualifier)
            if policy is None:
                return lambda_error(404, "ResourceNotFoundException", NO_POLICY)
            remaining = [s for s in policy.statements if s["Sid"] != sid]
            if len(remaining) == len(policy.statements):
                return lambda_error(404, "ResourceNotFoundException",
                                    f"Statement {sid} is not found in resource policy.")
            if not self._revision_matches(key, target, policy, revision):
                return lambda_error(412, "PreconditionFailedException")
            if remaining:
                policy.statements = remaining
                policy.revision = str(uuid.uuid4())
            else:
                # No statements left: there is no policy (GetPolicy answers 404).
                del self._policies[key][target.qualifier]
        return Response(status=204)

    def _get(self, key: FunctionKey, target: _Target) -> Response:
        with self._lock:
            policy = self._policies.get(key, {}).get(target.qualifier)
            if policy is None:
                return lambda_error(404, "ResourceNotFoundException", NOT_FOUND)
            return _json_response({"Policy": policy.document(), "RevisionId": policy.revision})

    def _revision_matches(self, key: FunctionKey, target: _Target, policy: _Policy | None, sent: str | None) -> bool:
        """No RevisionId sent, or the current one: the policy's, or (as Lambda, which reports one RevisionId for a
        function version or alias and its policy) that of the function version or alias the policy belongs to."""
        if not sent:
            return True
        if policy is not None and sent == policy.revision:
            return True
        if target.is_alias:
            current = self._revisions.alias(key, target.qualifier)
        else:
            current = self._revisions.function(key, target.qualifier)
        return sent == current

    # ----- forgetting ---------------------------------------------------------

    def forget(self, key: FunctionKey, qualifier: str | None = None) -> None:
        """The function (with its versions and aliases), or one version or alias, is gone or new."""
        with self._lock:
            if qualifier is None:
                self._policies.pop(key, None)
            else:
                self._policies.get(key, {}).pop(qualifier, None)

    def clear(self) -> None:
        with self._lock:
            self._policies.clear()


def _target(info: RequestInfo, backend) -> _Target | Response:
    """The function and qualifier of a request, or the error Lambda answers when they do not exist."""
    raw = info.params.get("FunctionName", "")
    name, in_name = split_function_identifier(raw)
    sent = info.query_value("Qualifier") or None
    if in_name and sent and in_name != sent:
        return lambda_error(400, "InvalidParameterValueException",
                            "The derived qualifier from the function name does not match the specified qualifier.")
    qualifier = in_name or sent
    arn = function_arn(info.region or "us-east-1", info.account, name)
    op = info.operation
    try:
        backend.get_function(name)
    except Exception:  # noqa: BLE001 - moto's UnknownFunctionException (or a malformed name)
        if op == "AddPermission":
            return lambda_error(404, "ResourceNotFoundException", f"Function not found: {arn}")
        if op == "RemovePermission":
            return lambda_error(404, "ResourceNotFoundException", f"No policy found for: {arn}")
        return lambda_error(404, "ResourceNotFoundException", NOT_FOUND)
    if qualifier is None or qualifier == LATEST:
        # A $LATEST named is the function itself.
        return _Target(name, LATEST, arn, named_latest=qualifier is not None)
    qualified = f"{arn}:{qualifier}"
    if qualifier.isdigit():
        exists = qualifier in {str(v.version) for v in backend.list_versions_by_function(name)}
        missing = f"Function not found: {qualified}"
    else:
        exists = qualifier in {a.name for a in backend.list_aliases(name)}
        # Lambda's wording differs with where the alias was named.
        from_qualifier = op == "AddPermission" and in_name is None
        missing = f"Function not found: {qualified}" if from_qualifier else f"Cannot find alias arn: {qualified}"
    if not exists:
        return lambda_error(404, "ResourceNotFoundException", NOT_FOUND if op == "GetPolicy" else missing)
    return _Target(name, qualifier, qualified)


def _statement(sid: str, request: dict, resource: str) -> dict | None:
    """The policy statement Lambda makes of an AddPermission request (key order as Lambda writes it); None for a
    principal Lambda refuses."""
    principal = _principal(request["Principal"])
    if principal is None:
        return None
    statement = {"Sid": sid, "Effect": "Allow", "Principal": principal, "Action": request["Action"],
                 "Resource": resource}
    equals = {}
    for sent, key in (("SourceAccount", "AWS:SourceAccount"), ("FunctionUrlAuthType", "lambda:FunctionUrlAuthType"),
                      ("PrincipalOrgID", "aws:PrincipalOrgID"), ("EventSourceToken", "lambda:EventSourceToken")):
        if request.get(sent):
            equals[key] = request[sent]
    condition = {}
    if equals:
        condition["StringEquals"] = equals
    if request.get("SourceArn"):
        condition["ArnLike"] = {"AWS:SourceArn": request["SourceArn"]}
    if condition:
        statement["Condition"] = condition
    return statement


def _principal(principal: str):
    if principal == "*":
        return "*"
    if _ACCOUNT.fullmatch(principal):
        return {"AWS": f"arn:aws:iam::{principal}:root"}
    if _IAM_ARN.fullmatch(principal):
        return {"AWS": principal}
    if _SERVICE.fullmatch(principal):
        return {"Service": principal}
    return None


def _validation_error(detail: str) -> Response:
    return lambda_error(400, "ValidationException", f"1 validation error detected: {detail}")


def _compact(value) -> str:
    """JSON as Lambda writes policies and statements: no spaces."""
    return json.dumps(value, separators=(",", ":"))


def _json_object(body: bytes) -> dict:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _json_response(value: dict, status: int = 200) -> Response:
    return Response(json.dumps(value), status=status, content_type="application/json")
