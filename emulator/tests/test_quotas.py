"""Quota mode: Lambda's control-plane request quotas (GetFunction 100/s, GetPolicy 15/s, every other
control-plane call 15/s combined; invocations not counted), per region, answered with Lambda's 429.

The bucket arithmetic is tested exactly with an injected clock, in-process. Against the running emulator
the tests only assert what holds however slow the machine is: a bucket starts full, so a burst smaller than
its rate always gets through, and a bucket refills at its rate, so of the requests sent over T seconds at
most rate * (1 + T) get through."""

from __future__ import annotations

import itertools
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError
from werkzeug.test import Client

from conftest import create_function, running
from lambda_dr_emulator.app import EmulatorApp
from lambda_dr_emulator.quotas import CONTROL_PLANE, GET_FUNCTION, GET_POLICY, QuotaBook, bucket_for

REGION = "eu-west-1"
ACCOUNT = "123456789012"
THROTTLE_BODY = b'{"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"}'


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def admitted(book: QuotaBook, operation: str, count: int, region: str = REGION, account: str = ACCOUNT) -> int:
    return sum(book.admit("lambda", operation, account, region) for _ in range(count))


# ----- the buckets, exactly -----------------------------------------------------------------------------------

def test_each_lambda_call_counts_against_its_bucket_and_invocations_against_none():
    assert bucket_for("lambda", "GetFunction") == GET_FUNCTION
    assert bucket_for("lambda", "GetPolicy") == GET_POLICY
    for operation in ("ListFunctions", "CreateFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
                      "PublishVersion", "ListVersionsByFunction", "GetAlias", "AddPermission", None):
        assert bucket_for("lambda", operation) == CONTROL_PLANE, operation
    for operation in ("Invoke", "InvokeAsync", "InvokeWithResponseStream"):
        assert bucket_for("lambda", operation) is None
    for service, operation in (("s3", "ListBuckets"), ("iam", "GetRole"), ("sts", "GetCallerIdentity"),
                               ("codecommit", "GetFile"), (None, None)):
        assert bucket_for(service, operation) is None


def test_a_full_bucket_lets_its_rate_through_at_once_then_refills_at_that_rate():
    clock = FakeClock()
    book = QuotaBook(enabled=True, clock=clock)
    assert admitted(book, "ListFunctions", 40) == 15
    clock.advance(0.125)  # 1.875 tokens
    assert admitted(book, "UpdateFunctionCode", 3) == 1
    clock.advance(0.125)  # 0.875 left + 1.875
    assert admitted(book, "CreateFunction", 3) == 2
    clock.advance(60)  # never more than the burst
    assert admitted(book, "ListFunctions", 40) == 15
    assert book.state()["allowed"] == {REGION: {CONTROL_PLANE: 33}}
    assert book.state()["throttled"] == {REGION: {CONTROL_PLANE: 25 + 2 + 1 + 25}}


def test_get_function_allows_100_a_second_and_get_policy_15():
    clock = FakeClock()
    book = QuotaBook(enabled=True, clock=clock)
    assert admitted(book, "GetFunction", 150) == 100
    assert admitted(book, "GetPolicy", 30) == 15
    clock.advance(0.5)  # 50 and 7.5 tokens
    assert admitted(book, "GetFunction", 150) == 50
    assert admitted(book, "GetPolicy", 30) == 7
    state = book.state()
    assert state["allowed"] == {REGION: {GET_FUNCTION: 150, GET_POLICY: 22}}
    assert state["throttled"] == {REGION: {GET_FUNCTION: 150, GET_POLICY: 38}}


def test_buckets_regions_and_accounts_are_independent():
    book = QuotaBook(enabled=True, clock=FakeClock())
    assert admitted(book, "ListFunctions", 20) == 15
    assert admitted(book, "GetFunction", 120) == 100
    assert admitted(book, "GetPolicy", 20) == 15
    assert admitted(book, "ListFunctions", 20, region="us-east-2") == 15
    assert admitted(book, "ListFunctions", 20, account="210987654321") == 15
    assert book.state()["throttled"] == {REGION: {CONTROL_PLANE: 5 + 5, GET_FUNCTION: 20, GET_POLICY: 5},
                                         "us-east-2": {CONTROL_PLANE: 5}}


def test_off_it_counts_nothing_and_on_again_it_starts_afresh():
    clock = FakeClock()
    book = QuotaBook(clock=clock)
    assert book.state() == {"enabled": False, "rates": {GET_FUNCTION: 100, GET_POLICY: 15, CONTROL_PLANE: 15},
                            "allowed": {}, "throttled": {}}
    assert admitted(book, "ListFunctions", 100) == 100
    assert book.state()["allowed"] == {}

    book.set_enabled(True)
    assert admitted(book, "ListFunctions", 20) == 15
    book.set_enabled(True)  # already on: nothing changes
    assert admitted(book, "ListFunctions", 1) == 0
    off = book.set_enabled(False)
    assert off["enabled"] is False and off["throttled"] == {REGION: {CONTROL_PLANE: 6}}  # kept for reading
    assert admitted(book, "ListFunctions", 50) == 50

    assert book.set_enabled(True)["throttled"] == {}  # full buckets, counters at zero, no time having passed
    assert admitted(book, "ListFunctions", 20) == 15
    book.clear()
    assert book.state()["enabled"] is False and book.state()["allowed"] == {}


def test_requests_on_many_threads_share_one_bucket():
    book = QuotaBook(enabled=True, clock=FakeClock())
    results = []
    start = threading.Barrier(16)

    def worker():
        start.wait()
        results.extend(book.admit("lambda", "ListFunctions", ACCOUNT, REGION) for _ in range(10))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 160 and sum(results) == 15
    assert book.state()["throttled"] == {REGION: {CONTROL_PLANE: 145}}


# ----- through the WSGI layer, on a frozen clock ------------------------------------------------------------------

def signed(region: str = REGION) -> dict:
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential=test/20240101/{region}/lambda/aws4_request, "
                             "SignedHeaders=host, Signature=0"}


@pytest.fixture
def frozen():
    """The emulator's WSGI application in this process, in quota mode, on a clock that stands still."""
    clock = FakeClock()
    app = EmulatorApp(lambda_quotas=True, clock=clock)
    yield Client(app), clock
    app.reset()


def test_the_sixteenth_call_in_a_second_gets_the_429_lambda_sends(frozen):
    client, clock = frozen
    statuses = [client.get("/2015-03-31/functions/", headers=signed()).status_code for _ in range(15)]
    assert statuses == [200] * 15

    throttled = client.get("/2015-03-31/functions/", headers=signed())
    assert throttled.status_code == 429
    assert throttled.headers["x-amzn-ErrorType"] == "TooManyRequestsException"
    assert throttled.headers["Retry-After"] == "1"
    assert throttled.headers["Content-Type"] == "application/json"
    assert throttled.headers["x-amzn-RequestId"]
    assert throttled.get_data() == THROTTLE_BODY

    log = client.get("/_emulator/requests").get_json()
    assert [(r["operation"], r["status"]) for r in log] == [("ListFunctions", 200)] * 15 + [("ListFunctions", 429)]
    assert log[-1]["service"] == "lambda" and log[-1]["region"] == REGION

    clock.advance(1 / 15 + 1e-9)
    assert client.get("/2015-03-31/functions/", headers=signed()).status_code == 200
    assert client.get("/2015-03-31/functions/", headers=signed()).status_code == 429
    quotas = client.get("/_emulator/quotas").get_json()
    assert quotas["enabled"] is True
    assert quotas["allowed"] == {REGION: {CONTROL_PLANE: 16}}
    assert quotas["throttled"] == {REGION: {CONTROL_PLANE: 2}}


def test_get_function_has_100_and_invocations_are_never_counted(frozen):
    client, _ = frozen
    # No such function: moto answers 404, and the calls count all the same.
    answers = [client.get("/2015-03-31/functions/missing", headers=signed()).status_code for _ in range(101)]
    assert answers == [404] * 100 + [429]
    for _ in range(200):
        client.post("/2015-03-31/functions/missing/invocations", headers=signed(), data=b"{}")
    invokes = [r for r in client.get("/_emulator/requests").get_json() if r["operation"] == "Invoke"]
    assert len(invokes) == 200 and 429 not in {r["status"] for r in invokes}
    assert client.get("/2015-03-31/functions/missing/policy", headers=signed()).status_code == 404
    assert client.get("/2015-03-31/functions/", headers=signed()).status_code == 200
    assert client.get("/_emulator/quotas").get_json()["throttled"] == {REGION: {GET_FUNCTION: 1}}


def test_a_malformed_switch_is_refused(frozen):
    client, _ = frozen
    for body in ({"enabled": "yes"}, {}, [True]):
        response = client.put("/_emulator/quotas", data=json.dumps(body), content_type="application/json")
        assert response.status_code == 400 and "enabled" in response.get_json()["error"]
    assert client.get("/_emulator/quotas").get_json()["enabled"] is True


# ----- against the running emulator ----------------------------------------------------------------------------

def outcome(call):
    try:
        call()
        return "ok"
    except ClientError as e:
        return e


def burst(call, count: int) -> tuple[list, float]:
    """``count`` calls sent as fast as eight threads can: what each got, and how many seconds they took."""
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: outcome(call), range(count)))
    return results, time.monotonic() - started


def until_throttled(call, cap: int = 400) -> tuple[list, float]:
    """Bursts of calls until one is throttled (or ``cap`` calls were sent): what each got, and the seconds from
    the first call sent to the last answer."""
    results, started = [], time.monotonic()
    while len(results) < cap and all(r == "ok" for r in results):
        results += burst(call, 40)[0]
    return results, time.monotonic() - started


def throttles(results) -> list[ClientError]:
    return [r for r in results if r != "ok"]


def test_off_by_default(emulator):
    assert emulator.call("GET", "/_emulator/quotas")[2]["enabled"] is False
    lam = emulator.client("lambda", REGION)
    results, _ = burst(lam.list_functions, 40)
    assert results == ["ok"] * 40


def test_a_burst_over_15_a_second_is_throttled_as_lambda_throttles(emulator):
    assert emulator.lambda_quotas(True)["enabled"] is True
    lam = emulator.client("lambda", REGION)
    results, elapsed = until_throttled(lam.list_functions)

    refused = throttles(results)
    assert refused, f"no 429 among {len(results)} calls in {elapsed:.2f} s"
    succeeded = len(results) - len(refused)
    assert succeeded <= 15 * (1 + elapsed) + 1, (succeeded, elapsed)
    for error in refused:
        assert isinstance(error, lam.exceptions.TooManyRequestsException)
        response = error.response
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 429
        assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "TooManyRequestsException"
        assert response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "1"
        assert response["Error"] == {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}
        assert (response["Reason"], response["Type"], response["retryAfterSeconds"]) == (
            "CallerRateLimitExceeded", "User", "1")

    logged = [(r["operation"], r["status"]) for r in emulator.requests()]
    assert sorted(set(logged)) == [("ListFunctions", 200), ("ListFunctions", 429)]
    assert logged.count(("ListFunctions", 429)) == len(refused)
    state = emulator.call("GET", "/_emulator/quotas")[2]
    assert state["throttled"] == {REGION: {CONTROL_PLANE: len(refused)}}
    assert state["allowed"] == {REGION: {CONTROL_PLANE: succeeded}}


def test_get_function_and_get_policy_have_buckets_of_their_own(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    lam.add_permission(FunctionName="f1", StatementId="s1", Action="lambda:InvokeFunction",
                       Principal="s3.amazonaws.com")
    emulator.lambda_quotas(True)
    assert throttles(until_throttled(lam.list_functions)[0])

    # Each bucket starts full: its first calls get through however long they take.
    assert burst(lambda: lam.get_function(FunctionName="f1"), 100)[0] == ["ok"] * 100
    assert burst(lambda: lam.get_policy(FunctionName="f1"), 12)[0] == ["ok"] * 12
    refused = throttles(until_throttled(lambda: lam.get_policy(FunctionName="f1"))[0])
    assert refused and all(e.response["Error"]["Code"] == "TooManyRequestsException" for e in refused)
    throttled = emulator.call("GET", "/_emulator/quotas")[2]["throttled"][REGION]
    assert GET_FUNCTION not in throttled and throttled[GET_POLICY] == len(refused)


def test_regions_are_independent(emulator):
    emulator.lambda_quotas(True)
    assert throttles(until_throttled(emulator.client("lambda", REGION).list_functions)[0])
    assert burst(emulator.client("lambda", "us-east-2").list_functions, 12)[0] == ["ok"] * 12
    assert "us-east-2" not in emulator.call("GET", "/_emulator/quotas")[2]["throttled"]


def test_invoke_and_other_services_are_not_limited(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    emulator.lambda_quotas(True)
    assert throttles(until_throttled(lam.list_functions)[0])

    invokes, _ = burst(lambda: lam.invoke(FunctionName="f1", Payload=b"{}"), 60)
    assert invokes == ["ok"] * 60
    iam = emulator.client("iam")
    assert burst(lambda: iam.get_role(RoleName="lambda-role"), 40)[0] == ["ok"] * 40
    state = emulator.call("GET", "/_emulator/quotas")[2]
    assert set(state["allowed"][REGION]) == {CONTROL_PLANE}
    invoke_statuses = {r["status"] for r in emulator.requests() if r["operation"] == "Invoke"}
    assert invoke_statuses == {200}


def test_a_throttled_call_changes_nothing(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    emulator.lambda_quotas(True)
    numbers = itertools.count()

    def create():
        create_function(lam, role_arn, f"f{next(numbers)}")

    results, _ = until_throttled(create, cap=120)
    assert throttles(results)
    emulator.lambda_quotas(False)

    statuses = [r["status"] for r in emulator.requests() if r["operation"] == "CreateFunction"]
    assert sorted(set(statuses)) == [201, 429] and statuses.count(429) == len(throttles(results))
    listed = [f for page in lam.get_paginator("list_functions").paginate() for f in page["Functions"]]
    assert len(listed) == statuses.count(201) == results.count("ok")


def test_switching_it_off_stops_throttling_and_keeps_the_counts(emulator):
    emulator.lambda_quotas(True)
    lam = emulator.client("lambda", REGION)
    refused = throttles(until_throttled(lam.list_functions)[0])
    assert refused

    off = emulator.lambda_quotas(False)
    assert off["enabled"] is False and off["throttled"] == {REGION: {CONTROL_PLANE: len(refused)}}
    assert burst(lam.list_functions, 40)[0] == ["ok"] * 40


def test_reset_switches_it_off(emulator):
    emulator.lambda_quotas(True)
    lam = emulator.client("lambda", REGION)
    assert throttles(until_throttled(lam.list_functions)[0])

    assert emulator.call("POST", "/_emulator/reset")[0] == 200
    assert emulator.call("GET", "/_emulator/quotas")[2] == {
        "enabled": False, "rates": {GET_FUNCTION: 100, GET_POLICY: 15, CONTROL_PLANE: 15},
        "allowed": {}, "throttled": {}}
    assert burst(lam.list_functions, 40)[0] == ["ok"] * 40


def test_the_command_line_flag_starts_it_on():
    with running("--lambda-quotas") as started:
        assert started.call("GET", "/_emulator/quotas")[2]["enabled"] is True
        assert throttles(until_throttled(started.client("lambda", REGION).list_functions)[0])
