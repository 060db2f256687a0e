"""MSK clusters and MQ brokers as AWS reports them (see managed_brokers.py): ARNs that name them, ListClustersV2's
name prefix, and mappings that read a cluster's topic or a broker's queue."""

import re

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT, create_function

REGION = "eu-west-1"


def create_cluster(emulator, name: str, region: str = REGION) -> str:
    return emulator.client("kafka", region).create_cluster_v2(ClusterName=name, Provisioned={
        "BrokerNodeGroupInfo": {"InstanceType": "kafka.m5.large", "ClientSubnets": ["subnet-1", "subnet-2"]},
        "KafkaVersion": "3.6.0", "NumberOfBrokerNodes": 2})["ClusterArn"]


def create_broker(emulator, name: str, region: str = REGION) -> str:
    return emulator.client("mq", region).create_broker(
        BrokerName=name, DeploymentMode="SINGLE_INSTANCE", EngineType="ACTIVEMQ", EngineVersion="5.17.6",
        HostInstanceType="mq.t3.micro", PubliclyAccessible=False, AutoMinorVersionUpgrade=True,
        Users=[{"Username": "app", "Password": "not-a-real-password"}])["BrokerArn"]


def test_an_msk_clusters_arn_names_it_and_differs_per_region(emulator):
    arn = create_cluster(emulator, "orders")
    other = create_cluster(emulator, "orders", "us-west-2")

    assert re.fullmatch(rf"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/orders/[0-9a-f-]{{36}}", arn)
    assert other.startswith(f"arn:aws:kafka:us-west-2:{ACCOUNT}:cluster/orders/")
    assert arn.rsplit("/", 1)[1] != other.rsplit("/", 1)[1]
    assert emulator.client("kafka", REGION).describe_cluster_v2(ClusterArn=arn)["ClusterInfo"]["ClusterName"] == \
        "orders"


def test_list_clusters_v2_lists_the_names_starting_with_its_filter(emulator):
    kafka = emulator.client("kafka", REGION)
    orders = create_cluster(emulator, "orders")
    orders_eu = create_cluster(emulator, "orders-eu")
    create_cluster(emulator, "payments")

    listed = kafka.list_clusters_v2(ClusterNameFilter="orders")["ClusterInfoList"]

    assert sorted(c["ClusterArn"] for c in listed) == sorted([orders, orders_eu])
    assert len(kafka.list_clusters_v2()["ClusterInfoList"]) == 3


def test_an_mq_brokers_arn_names_it_and_it_is_listed_with_it(emulator):
    arn = create_broker(emulator, "payments")

    assert re.fullmatch(rf"arn:aws:mq:{REGION}:{ACCOUNT}:broker:payments:[0-9a-f]+", arn)
    summaries = emulator.client("mq", REGION).list_brokers()["BrokerSummaries"]
    assert [(b["BrokerName"], b["BrokerArn"]) for b in summaries] == [("payments", arn)]


def test_a_mapping_reads_a_topic_of_an_msk_cluster(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    arn = create_cluster(emulator, "orders")

    created = lam.create_event_source_mapping(
        FunctionName="f1", EventSourceArn=arn, Topics=["orders"], StartingPosition="LATEST",
        AmazonManagedKafkaEventSourceConfig={"ConsumerGroupId": "orders-dr"})

    listed = lam.list_event_source_mappings()["EventSourceMappings"]
    assert [(m["EventSourceArn"], m["Topics"], m["BatchSize"], m["StartingPosition"],
             m["AmazonManagedKafkaEventSourceConfig"]) for m in listed] == [
        (arn, ["orders"], 100, "LATEST", {"ConsumerGroupId": "orders-dr"})]
    with pytest.raises(ClientError) as too_big:
        lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=10001)
    assert too_big.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_a_mapping_reads_a_queue_of_an_mq_broker_without_a_starting_position(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    arn = create_broker(emulator, "payments")
    secret = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:payments-mq-AbCdEf"

    created = lam.create_event_source_mapping(
        FunctionName="f1", EventSourceArn=arn, Queues=["payments"], BatchSize=20,
        SourceAccessConfigurations=[{"Type": "BASIC_AUTH", "URI": secret}])

    mapping = lam.get_event_source_mapping(UUID=created["UUID"])
    assert (mapping["EventSourceArn"], mapping["Queues"], mapping["BatchSize"]) == (arn, ["payments"], 20)
    assert mapping["SourceAccessConfigurations"] == [{"Type": "BASIC_AUTH", "URI": secret}]
    assert "StartingPosition" not in mapping


@pytest.mark.parametrize("source", [
    f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/gone/6357e0b2-0e6a-4b86-a0b4-70df934c2e31-5",
    f"arn:aws:mq:{REGION}:{ACCOUNT}:broker:gone:b-1234",
])
def test_a_mapping_to_a_cluster_or_broker_that_does_not_exist_is_refused(emulator, role_arn, source):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    # One of each exists elsewhere: in another region, under the same name.
    create_cluster(emulator, "gone", "us-west-2")
    create_broker(emulator, "gone", "us-west-2")

    with pytest.raises(ClientError) as refused:
        lam.create_event_source_mapping(FunctionName="f1", EventSourceArn=source, Topics=["t"], Queues=["q"])

    assert refused.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []


def test_an_msk_clusters_creation_time_is_utc_as_msk_gives_it(emulator):
    arn = create_cluster(emulator, "orders")

    raw = emulator.client("kafka", REGION).describe_cluster_v2(ClusterArn=arn)["ClusterInfo"]["CreationTime"]

    assert raw.tzinfo is not None and raw.utcoffset().total_seconds() == 0


def test_clusters_and_brokers_are_listed_in_pages(emulator):
    kafka = emulator.client("kafka", REGION)
    mq = emulator.client("mq", REGION)
    clusters = [create_cluster(emulator, f"orders-{i}") for i in range(3)]
    brokers = [create_broker(emulator, f"payments-{i}") for i in range(3)]

    first = kafka.list_clusters_v2(MaxResults=2)
    second = kafka.list_clusters_v2(MaxResults=2, NextToken=first["NextToken"])
    assert [c["ClusterArn"] for c in first["ClusterInfoList"] + second["ClusterInfoList"]] == clusters
    assert "NextToken" not in second
    paged = [c["ClusterArn"] for page in kafka.get_paginator("list_clusters_v2").paginate(
        PaginationConfig={"PageSize": 1}) for c in page["ClusterInfoList"]]
    assert paged == clusters

    first = mq.list_brokers(MaxResults=2)
    second = mq.list_brokers(MaxResults=2, NextToken=first["NextToken"])
    assert [b["BrokerArn"] for b in first["BrokerSummaries"] + second["BrokerSummaries"]] == brokers
    assert "NextToken" not in second
    assert len(mq.list_brokers()["BrokerSummaries"]) == 3
