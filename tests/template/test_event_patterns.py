"""Each EventBridge rule of the transformed template, put into the local emulator with a queue as its target, fed
every EventBridge-shaped fixture under events/cloudtrail/ and events/codecommit/: a fixture reaches the rule of its
source and no other; negatives (negative-*) and the fixtures listed in FILTERED reach none. The repository trigger
is checked against the trigger fixtures the same way, by what CodeCommit delivers for its configured events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sam_template import ROOT, event_fixtures

EVENTBRIDGE_FIXTURES = [path for path in event_fixtures("cloudtrail/*.json", "codecommit/*.json")
                        if {"source", "detail-type", "detail"} <= set(json.loads(path.read_text()))]
TRIGGER_FIXTURES = event_fixtures("codecommit/trigger-*.json")

# Fixtures a rule (or the trigger) leaves out on purpose; their handlers cope with them all the same.
FILTERED = {
    "cloudtrail/update-function-code-failed.json": "a call that failed (errorCode) changed nothing",
    "codecommit/eventbridge-branch-deleted.json": "a deleted reference has no configuration to load or tag to keep",
    "codecommit/trigger-branch-deleted.json": "a deleted reference has no configuration to load or tag to keep",
}


def name(path: Path) -> str:
    return path.relative_to(ROOT / "events").as_posix()


def expected_to_reach(path: Path) -> bool:
    return not path.name.startswith("negative-") and name(path) not in FILTERED


@pytest.fixture(scope="module")
def rules(transformed):
    """Logical id -> event pattern, for every rule; each pattern's sources name the fixtures it is for."""
    found = {logical: transformed.resolve(rule["Properties"]["EventPattern"])
             for logical, rule in transformed.of_type("AWS::Events::Rule").items()}
    assert found, "the template has no EventBridge rule"
    return found


def rule_for(rules: dict, source: str) -> str | None:
    owners = [logical for logical, pattern in rules.items() if source in pattern.get("source", [])]
    assert len(owners) <= 1, f"rules {owners} all take {source}"
    return owners[0] if owners else None


@pytest.fixture(scope="module")
def deliveries(emulator, rules):
    """Fixture name -> the rules it reached, plus the same for a few events derived from the fixtures."""
    assert emulator.call("POST", "/_emulator/reset")[0] == 200
    events = emulator.client("events")
    sqs = emulator.client("sqs")
    queues = {}
    for logical, pattern in rules.items():
        events.put_rule(Name=logical, EventPattern=json.dumps(pattern), State="ENABLED")
        url = sqs.create_queue(QueueName=logical)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_targets(Rule=logical, Targets=[{"Id": "queue", "Arn": arn}])
        queues[logical] = url

    def deliver(event: dict) -> set[str]:
        entry = {"Source": event["source"], "DetailType": event["detail-type"], "Detail": json.dumps(event["detail"]),
                 "Resources": event.get("resources", [])}
        result = events.put_events(Entries=[entry])
        assert result["FailedEntryCount"] == 0, result
        reached = set()
        for logical, url in queues.items():
            while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
                reached.add(logical)
                for message in messages:
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return reached

    results = {name(path): deliver(json.loads(path.read_text())) for path in EVENTBRIDGE_FIXTURES}
    create_function = ROOT / "events/cloudtrail/create-function.json"
    if create_function.exists():
        # Function URLs are replicated: creating or updating one is a change; deleting one is not (a replica keeps
        # the URL its clients may already use).
        for event_name in ("CreateFunctionUrlConfig20211031", "UpdateFunctionUrlConfig20211031",
                           "DeleteFunctionUrlConfig20211031"):
            event = json.loads(create_function.read_text())
            event["detail"]["eventName"] = event_name
            results["derived: " + event_name] = deliver(event)
    return results


def test_there_are_fixtures_for_every_rule(rules):
    assert EVENTBRIDGE_FIXTURES, "no EventBridge-shaped fixtures under events/cloudtrail/ or events/codecommit/"
    sources = {json.loads(path.read_text())["source"] for path in EVENTBRIDGE_FIXTURES if expected_to_reach(path)}
    for logical, pattern in rules.items():
        assert set(pattern["source"]) & sources, (
            f"no fixture is meant for rule {logical} (sources {pattern['source']}); add one under events/")
    assert set(FILTERED) <= {name(path) for path in EVENTBRIDGE_FIXTURES + TRIGGER_FIXTURES}, (
        "FILTERED names fixtures that no longer exist")


@pytest.mark.parametrize("path", EVENTBRIDGE_FIXTURES, ids=name)
def test_a_fixture_reaches_the_rule_of_its_source_and_no_other(path, rules, deliveries):
    event = json.loads(path.read_text())
    owner = rule_for(rules, event["source"])
    expected = {owner} if owner and expected_to_reach(path) else set()
    reached = deliveries[name(path)]
    why = FILTERED.get(name(path), "a negative" if path.name.startswith("negative-") else "")
    assert reached == expected, (
        f"{name(path)} ({event['source']} {event['detail'].get('eventName') or event['detail'].get('event')}) "
        f"reached {sorted(reached) or 'no rule'}, expected {sorted(expected) or 'no rule'} {why}\n"
        + "\n".join(f"  {logical}: {json.dumps(pattern)}" for logical, pattern in rules.items()))


def test_every_rule_matches_some_fixture(rules, deliveries):
    for logical, pattern in rules.items():
        assert any(logical in reached for reached in deliveries.values()), (
            f"rule {logical} matched none of {len(EVENTBRIDGE_FIXTURES)} fixtures; its pattern: {json.dumps(pattern)}")


def test_creating_or_updating_a_function_url_is_a_change_and_deleting_one_is_not(rules, deliveries):
    change_rule = rule_for(rules, "aws.lambda")
    assert deliveries["derived: CreateFunctionUrlConfig20211031"] == {change_rule}
    assert deliveries["derived: UpdateFunctionUrlConfig20211031"] == {change_rule}
    assert deliveries["derived: DeleteFunctionUrlConfig20211031"] == set()


def trigger_delivers(events: list[str], reference: dict) -> bool:
    """What CodeCommit sends for a trigger configured with `events` (all, createReference, updateReference,
    deleteReference)."""
    kind = "deleteReference" if reference.get("deleted") else (
        "createReference" if reference.get("created") else "updateReference")
    return "all" in events or kind in events


@pytest.mark.parametrize("path", TRIGGER_FIXTURES, ids=name)
def test_the_repository_trigger_delivers_what_the_rule_does(path, transformed_with_repository):
    t = transformed_with_repository
    [trigger] = t.of_type("AWS::CodeCommit::Repository")["ConfigRepository"]["Properties"]["Triggers"]
    record = json.loads(path.read_text())["Records"][0]
    repository = t.resolve(t.of_type("AWS::CodeCommit::Repository")["ConfigRepository"]["Properties"]["RepositoryName"])
    assert record["eventSourceARN"].rsplit(":", 1)[-1] == repository
    delivered = all(trigger_delivers(trigger["Events"], reference)
                    for reference in record["codecommit"]["references"])
    assert delivered == expected_to_reach(path), f"{name(path)}: {FILTERED.get(name(path), '')}"
