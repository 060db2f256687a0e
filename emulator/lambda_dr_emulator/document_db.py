"""Amazon DocumentDB clusters, and event source mappings that read one's change stream, where moto 5.2.1 has neither
(found by experiment, see README):

* DocumentDB's API is RDS's, under the engine ``docdb``; moto's RDS refuses that engine ("Engine 'docdb' is not
  supported"). The layer lets moto keep a cluster of that engine, with DocumentDB's defaults (engine version 5.0.0,
  port 27017), so that CreateDBCluster, DescribeDBClusters and DeleteDBCluster work through the DocumentDB client.
* Lambda reads a DocumentDB cluster's change stream when a mapping's ``EventSourceArn`` is the cluster's ARN; moto
  refuses every ARN but a queue's, a table stream's or a Kinesis stream's ("Invalid EventSourceArn"). The layer
  accepts the ARN of a ``docdb`` cluster of the mapping's region (batch size 100 by default, 10,000 at most).
"""

from __future__ import annotations

import moto.rds.models as rds_models
import moto.rds.utils as rds_utils

from . import event_source_mappings

ENGINE = "docdb"


def keep_document_db_clusters() -> None:
    """Patches moto's RDS clusters and registers them as a mapping source (``app.configure_moto`` calls it once per
    process)."""
    engines = rds_utils.ClusterEngine.list_cluster_engines
    rds_utils.ClusterEngine.list_cluster_engines = classmethod(lambda cls: sorted([*engines(), ENGINE]))
    for name, docdb_value in (("default_engine_version", "5.0.0"), ("default_port", 27017)):
        _with_document_db(name, docdb_value)
    allocated = rds_models.DBCluster.default_allocated_storage
    rds_models.DBCluster.default_allocated_storage = staticmethod(
        lambda engine, storage_type: 0 if engine == ENGINE else allocated(engine, storage_type))

    event_source_mappings.accept_source(event_source_mappings.ExtraSource(_is_cluster))


def _with_document_db(name: str, docdb_value) -> None:
    default = getattr(rds_models.DBCluster, name)
    setattr(rds_models.DBCluster, name, staticmethod(lambda engine: docdb_value if engine == ENGINE
                                                     else default(engine)))


def _is_cluster(account: str, region: str, arn: str) -> bool:
    """Whether ``arn`` is the ARN of a DocumentDB cluster of ``region``."""
    if ":rds:" not in arn or ":cluster:" not in arn:
        return False
    clusters = rds_models.rds_backends[account][region].clusters
    return any(cluster.db_cluster_arn == arn and cluster.engine == ENGINE for cluster in clusters.values())
