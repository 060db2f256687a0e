"""Kinesis stream consumers as AWS reports them (see stream_consumers.py): an ARN ending in the registration time,
found by that ARN, and accepted as the source of an event source mapping."""

import re

import pytest
from botocore.exceptions import ClientError

from conftest import create_function

REGION = "eu-west-1"


@pytest.fixture
def stream(emulator):
    kinesis = emulator.client("kinesis", REGION)
    kinesis.create_stream(StreamName="orders", ShardCount=1)
    return kinesis.describe_stream_summary(StreamName="orders")["StreamDescriptionSummary"]["StreamARN"]


def test_a_consumers_arn_ends_in_its_registration_time_and_finds_it(emulator, stream):
    kinesis = emulator.client("kinesis", REGION)

    arn = kinesis.register_stream_consumer(StreamARN=stream, ConsumerName="orders-efo")["Consumer"]["ConsumerARN"]

    assert re.fullmatch(rf"{re.escape(stream)}/consumer/orders-efo:\d{{10}}", arn)
    assert kinesis.describe_stream_consumer(StreamARN=stream, ConsumerName="orders-efo")[
        "ConsumerDescription"]["ConsumerARN"] == arn
    assert kinesis.describe_stream_consumer(ConsumerARN=arn)["ConsumerDescription"]["ConsumerName"] == "orders-efo"
    assert [c["ConsumerARN"] for c in kinesis.list_stream_consumers(StreamARN=stream)["Consumers"]] == [arn]


def test_a_mapping_reads_a_registered_consumer_and_reports_its_arn(emulator, stream, role_arn):
    kinesis = emulator.client("kinesis", REGION)
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    arn = kinesis.register_stream_consumer(StreamARN=stream, ConsumerName="orders-efo")["Consumer"]["ConsumerARN"]

    created = lam.create_event_source_mapping(FunctionName="f1", EventSourceArn=arn, StartingPosition="LATEST",
                                              BatchSize=25)

    assert created["EventSourceArn"] == arn
    listed = lam.list_event_source_mappings()["EventSourceMappings"]
    assert [(m["EventSourceArn"], m["BatchSize"]) for m in listed] == [(arn, 25)]
    assert lam.get_event_source_mapping(UUID=created["UUID"])["EventSourceArn"] == arn


def test_a_mapping_to_a_consumer_that_is_not_registered_is_refused(emulator, stream, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)

    with pytest.raises(ClientError) as refused:
        lam.create_event_source_mapping(FunctionName="f1", EventSourceArn=f"{stream}/consumer/gone:1700000000",
                                        StartingPosition="LATEST")

    assert refused.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []
