"""Event source mappings: reported with the qualifier they were created on, and structured settings removed when
sent empty, as Lambda does (see event_source_mappings.py); moto's own checks of the source still apply."""

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, create_function

REGION = "eu-west-1"


@pytest.fixture
def lam(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn, name="f1")
    version = lam.publish_version(FunctionName="f1")["Version"]
    lam.create_alias(FunctionName="f1", Name="live", FunctionVersion=version)
    return lam


@pytest.fixture
def queue_arn(emulator):
    sqs = emulator.client("sqs", REGION)
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def test_a_mapping_on_an_alias_keeps_the_alias_arn_in_answers_and_listings(lam, queue_arn):
    created = lam.create_event_source_mapping(FunctionName="f1:live", EventSourceArn=queue_arn, Enabled=False)

    alias_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f1:live"
    assert created["FunctionArn"] == alias_arn
    assert created["State"] == "Disabled"
    listed = lam.list_event_source_mappings()["EventSourceMappings"]
    assert [m["FunctionArn"] for m in listed] == [alias_arn]
    assert lam.get_event_source_mapping(UUID=created["UUID"])["FunctionArn"] == alias_arn


def test_a_mapping_on_the_function_keeps_the_unqualified_arn(lam, queue_arn):
    created = lam.create_event_source_mapping(FunctionName="f1", EventSourceArn=queue_arn)

    assert created["FunctionArn"] == f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f1"


def test_a_structured_setting_sent_empty_is_removed(lam, queue_arn):
    created = lam.create_event_source_mapping(
        FunctionName="f1", EventSourceArn=queue_arn,
        FilterCriteria={"Filters": [{"Pattern": '{"body":{"kind":["order"]}}'}]},
        ScalingConfig={"MaximumConcurrency": 5})

    updated = lam.update_event_source_mapping(UUID=created["UUID"], FilterCriteria={}, BatchSize=7)

    assert "FilterCriteria" not in updated
    assert updated["ScalingConfig"] == {"MaximumConcurrency": 5}
    listed = lam.list_event_source_mappings()["EventSourceMappings"][0]
    assert "FilterCriteria" not in listed
    assert listed["BatchSize"] == 7


def test_a_mapping_to_a_queue_missing_in_the_region_is_refused(lam):
    with pytest.raises(ClientError) as refused:
        lam.create_event_source_mapping(FunctionName="f1",
                                        EventSourceArn=f"arn:aws:sqs:{REGION}:{ACCOUNT}:no-such-queue")

    assert refused.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []


def test_a_batch_size_over_the_sources_maximum_is_refused_with_lambdas_error(lam, queue_arn):
    # moto's model raises for it, which moto answers with a 500; Lambda answers 400.
    with pytest.raises(ClientError) as refused:
        lam.create_event_source_mapping(FunctionName="f1", EventSourceArn=queue_arn, BatchSize=10001)
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []

    created = lam.create_event_source_mapping(FunctionName="f1", EventSourceArn=queue_arn, BatchSize=5)
    with pytest.raises(ClientError) as refused:
        lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=10001)
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert lam.get_event_source_mapping(UUID=created["UUID"])["BatchSize"] == 5
