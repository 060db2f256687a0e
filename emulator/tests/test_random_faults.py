"""The ``random`` fault: a seeded, reproducible campaign of the faults real
Lambda answers, each suited to the request it hits."""

from botocore.exceptions import ClientError

from conftest import create_function, http, make_zip

REGION = "eu-west-1"
ANY = {"TooManyRequestsException", "ServiceException", "ServiceUnavailableException"}
UPDATE = ANY | {"ResourceConflictException", "concurrent-change", "update-in-progress"}
DOWNLOAD = {"expired-download", "slow-download", "ServiceException"}


def outcome(call):
    """What a client saw: the error code, or what the call reports of the function."""
    try:
        result = call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    config = result.get("Configuration", result)
    return "ok", config.get("Version"), config.get("State"), config.get("LastUpdateStatus")


def random_fault(emulator):
    return next(f for f in emulator.call("GET", "/_emulator/faults")[2] if f["kind"] == "random")


def campaign(emulator, seed):
    """A fixed sequence of Lambda calls and downloads under a random fault; what each one got."""
    role = emulator.client("iam").create_role(RoleName="campaign", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    outside = emulator.client("lambda", "us-east-2")
    create_function(outside, role, "app-0")
    emulator.add_fault(kind="random", seed=seed, rate=0.4, regions=[REGION], functionNamePrefix="app-")
    lam = emulator.client("lambda", REGION)
    seen = []
    for i in range(4):
        name = f"app-{i}"
        seen.append(outcome(lambda: create_function(lam, role, name)))
        for step in range(3):
            try:
                location = lam.get_function(FunctionName=name)["Code"]["Location"]
                seen.append(("download", http("GET", location)[0]))
            except ClientError as e:
                seen.append(e.response["Error"]["Code"])
            seen.append(outcome(lambda: lam.update_function_configuration(FunctionName=name, Timeout=10 + step)))
            seen.append(outcome(lambda: lam.update_function_code(FunctionName=name, ZipFile=make_zip(f"v{step}"))))
            seen.append(outcome(lambda: lam.publish_version(FunctionName=name)))
            seen.append(outcome(lambda: lam.get_function_configuration(FunctionName=name)))
        seen.append(outcome(lambda: lam.create_alias(FunctionName=name, Name="live", FunctionVersion="$LATEST")))
        seen.append(outcome(lambda: lam.update_alias(FunctionName=name, Name="live", Description="x")))
        # Outside the filters: never faulted, and not drawn for.
        assert outcome(lambda: outside.get_function(FunctionName="app-0"))[0] == "ok"
        assert outcome(lambda: lam.list_functions())[0] == "ok"
    return seen, random_fault(emulator)


def test_same_seed_same_faults(emulator):
    first, first_fault = campaign(emulator, seed=7)
    emulator.call("POST", "/_emulator/reset")
    second, second_fault = campaign(emulator, seed=7)
    assert first == second
    assert first_fault["injected"] == second_fault["injected"]

    # 4 creates, 4 * 3 * 6 calls and downloads (a failed GetFunction has no download: one fewer each), 8 alias calls.
    downloads = sum(1 for s in first if s[0] == "download")
    assert first_fault["seen"] == 4 + 4 * 3 * 5 + downloads + 8
    assert len(first_fault["injected"]) >= 4 and sum(first_fault["injected"].values()) >= 10
    statuses = {r["status"] for r in emulator.requests() + emulator.requests("download")}
    assert {429, 500, 503} & statuses

    emulator.call("POST", "/_emulator/reset")
    other, _ = campaign(emulator, seed=8)
    assert other != first


def test_observed_rate_is_near_the_rate(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    stored = emulator.add_fault(kind="random", seed=42, rate=0.2)
    assert stored == {"kind": "random", "seed": 42, "rate": 0.2, "seen": 0, "injected": {}, "id": stored["id"]}
    failed = sum(outcome(lambda: lam.get_function_configuration(FunctionName="f1"))[0] != "ok" for _ in range(500))
    fault = random_fault(emulator)
    assert fault["seen"] == 500 and sum(fault["injected"].values()) == failed
    assert 0.15 * 500 <= failed <= 0.25 * 500
    assert set(fault["injected"]) <= ANY

    emulator.call("DELETE", "/_emulator/faults")
    assert all(outcome(lambda: lam.get_function_configuration(FunctionName="f1"))[0] == "ok" for _ in range(50))


def test_faults_suit_the_request(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, "reader")
    create_function(lam, role_arn, "writer")
    create_function(lam, role_arn, "download")
    location = lam.get_function(FunctionName="download")["Code"]["Location"]

    emulator.add_fault(kind="random", seed=1, rate=1.0, functionNamePrefix="reader")
    for _ in range(40):
        outcome(lambda: lam.get_function(FunctionName="reader"))
    assert set(random_fault(emulator)["injected"]) == ANY
    assert emulator.call("GET", "/_emulator/health")[0] == 200  # the control API is never faulted

    emulator.call("DELETE", "/_emulator/faults")
    emulator.add_fault(kind="random", seed=1, rate=1.0, functionNamePrefix="download")
    statuses = [http("GET", location)[0] for _ in range(30)]
    assert set(random_fault(emulator)["injected"]) == DOWNLOAD and set(statuses) == {200, 403, 500}

    emulator.call("DELETE", "/_emulator/faults")
    emulator.add_fault(kind="random", seed=1, rate=1.0, functionNamePrefix="writer")
    seen = [outcome(lambda: lam.update_function_configuration(FunctionName="writer", Timeout=9)) for _ in range(60)]
    assert set(random_fault(emulator)["injected"]) == UPDATE
    # An injected update window: that response, and later calls, see the update in progress.
    assert ("ok", "$LATEST", "Active", "InProgress") in seen


def test_latency_delays_each_lambda_call_by_a_seeded_time_within_its_bounds(emulator, role_arn):
    import time

    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, "slow-0")
    emulator.add_fault(kind="latency", minMs=200, maxMs=300, seed=3, region=REGION)

    started = time.monotonic()
    for _ in range(3):
        lam.get_function(FunctionName="slow-0")
    elapsed = time.monotonic() - started
    elsewhere = time.monotonic()
    emulator.client("lambda", "us-east-2").list_functions()
    elsewhere = time.monotonic() - elsewhere

    assert 0.6 <= elapsed < 3, elapsed
    assert elsewhere < 0.2, elsewhere
    latency = next(f for f in emulator.call("GET", "/_emulator/faults")[2] if f["kind"] == "latency")
    assert latency["seen"] == 3
    assert emulator.call("DELETE", "/_emulator/faults")[0] == 200
    quick = time.monotonic()
    lam.get_function(FunctionName="slow-0")
    assert time.monotonic() - quick < 0.2
