"""DocumentDB clusters and the mappings that read them (see document_db.py): a cluster of engine docdb kept through
the DocumentDB client with DocumentDB's defaults, and accepted as the source of an event source mapping."""

import pytest
from botocore.exceptions import ClientError

from conftest import create_function

REGION = "eu-west-1"


@pytest.fixture
def cluster(emulator):
    return emulator.client("docdb", REGION).create_db_cluster(
        DBClusterIdentifier="orders-docs", Engine="docdb", MasterUsername="orders",
        MasterUserPassword="not-a-real-one")["DBCluster"]


def test_a_document_db_cluster_is_kept_with_document_dbs_defaults(emulator, cluster):
    docdb = emulator.client("docdb", REGION)

    assert (cluster["Engine"], cluster["Port"], cluster["EngineVersion"]) == ("docdb", 27017, "5.0.0")
    assert cluster["DBClusterArn"] == f"arn:aws:rds:{REGION}:123456789012:cluster:orders-docs"
    assert [c["DBClusterIdentifier"] for c in docdb.describe_db_clusters(DBClusterIdentifier="orders-docs")[
        "DBClusters"]] == ["orders-docs"]
    with pytest.raises(ClientError) as missing:
        docdb.describe_db_clusters(DBClusterIdentifier="missing")
    assert missing.value.response["Error"]["Code"] == "DBClusterNotFoundFault"
    # Another region has no such cluster.
    with pytest.raises(ClientError):
        emulator.client("docdb", "us-west-2").describe_db_clusters(DBClusterIdentifier="orders-docs")


def test_a_mapping_reads_a_document_db_cluster_with_its_settings(emulator, cluster, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)
    config = {"DatabaseName": "orders", "CollectionName": "items", "FullDocument": "UpdateLookup"}

    created = lam.create_event_source_mapping(FunctionName="f1", EventSourceArn=cluster["DBClusterArn"],
                                              StartingPosition="LATEST", DocumentDBEventSourceConfig=config)

    assert (created["EventSourceArn"], created["BatchSize"]) == (cluster["DBClusterArn"], 100)
    listed = lam.list_event_source_mappings()["EventSourceMappings"]
    assert [m["DocumentDBEventSourceConfig"] for m in listed] == [config]
    lam.update_event_source_mapping(UUID=created["UUID"], BatchSize=50)
    assert lam.get_event_source_mapping(UUID=created["UUID"])["BatchSize"] == 50


def test_a_mapping_to_a_cluster_that_does_not_exist_is_refused(emulator, role_arn):
    lam = emulator.client("lambda", REGION)
    create_function(lam, role_arn)

    with pytest.raises(ClientError) as refused:
        lam.create_event_source_mapping(FunctionName="f1", StartingPosition="LATEST",
                                        EventSourceArn=f"arn:aws:rds:{REGION}:123456789012:cluster:gone")

    assert refused.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert lam.list_event_source_mappings()["EventSourceMappings"] == []
