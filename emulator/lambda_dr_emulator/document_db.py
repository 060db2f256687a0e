"""Amazon DocumentDB clusters, and event source mappings that read one's change stream, where moto 5.2.1 has neither
(found by experiment, see README):

* DocumentDB's API is RDS's, under the engine ``docdb``; moto's RDS refuses that engine ("Engine 'docdb' is not
  supported"). The layer lets moto keep a cluster of that engine, with DocumentDB's defaults (engine version 5.0.0,
  port 27017), so that CreateDBCluster, DescribeDBClusters and DeleteDBCluster work through the DocumentDB client.
* Lambda reads a DocumentDB cluster's change stream when a mapping's ``EventSourceArn`` is the cluster's ARN; moto
  refuses every ARN but a queue's, a table stream's or a Kinesis stream's ("Invalid EventSourceArn"). The layer
  accepts the ARN of a ``docdb`` cluster of the mapping's region and keeps the mapping as moto keeps the others.
"""

from __future__ import annotations

import moto.awslambda.models as lambda_models
import moto.rds.models as rds_models
import moto.rds.utils as rds_utils

ENGINE = "docdb"
_INSTALLED = "_lambda_dr_document_db"


def keep_document_db_clusters() -> None:
    """Patches moto's RDS clusters and Lambda mappings once per process."""
    if getattr(rds_models.DBCluster, _INSTALLED, False):
        return
    setattr(rds_models.DBCluster, _INSTALLED, True)

    engines = rds_utils.ClusterEngine.list_cluster_engines
    rds_utils.ClusterEngine.list_cluster_engines = classmethod(lambda cls: sorted([*engines(), ENGINE]))
    for name, docdb_value in (("default_engine_version", "5.0.0"), ("default_port", 27017)):
        _with_document_db(name, docdb_value)
    allocated = rds_models.DBCluster.default_allocated_storage
    rds_models.DBCluster.default_allocated_storage = staticmethod(
        lambda engine, storage_type: 0 if engine == ENGINE else allocated(engine, storage_type))

    create = lambda_models.LambdaBackend.create_event_source_mapping

    def create_reading_clusters(self, spec):
        if not _is_cluster(self.account_id, self.region_name, spec.get("EventSourceArn")):
            return create(self, spec)
        function = self._lambdas.get_function_by_name_or_arn_with_qualifier(spec.get("FunctionName", ""))
        mapping = _ClusterMapping({**spec, "RegionName": self.region_name, "AccountId": self.account_id,
                                   "FunctionArn": function.function_arn})
        self._event_source_mappings[mapping.uuid] = mapping
        return mapping

    lambda_models.LambdaBackend.create_event_source_mapping = create_reading_clusters


class _ClusterMapping(lambda_models.EventSourceMapping):
    """A mapping reading a DocumentDB cluster: moto's own knows no such source, nor its batch size (100 by default,
    10,000 at most, as for streams)."""

    @property
    def event_source_arn(self) -> str:
        return self._event_source_arn

    @event_source_arn.setter
    def event_source_arn(self, value: str) -> None:
        self._event_source_arn = value

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value: int | None) -> None:
        if value is not None and int(value) > 10000:
            raise ValueError("InvalidParameterValueException", f"BatchSize {value} exceeds the max of 10000")
        self._batch_size = 100 if value is None else int(value)


def _with_document_db(name: str, docdb_value) -> None:
    default = getattr(rds_models.DBCluster, name)
    setattr(rds_models.DBCluster, name, staticmethod(lambda engine: docdb_value if engine == ENGINE
                                                     else default(engine)))


def _is_cluster(account: str, region: str, arn: str | None) -> bool:
    """Whether ``arn`` is the ARN of a DocumentDB cluster of ``region``."""
    if not arn or ":rds:" not in arn or ":cluster:" not in arn:
        return False
    clusters = rds_models.rds_backends[account][region].clusters
    return any(cluster.db_cluster_arn == arn and cluster.engine == ENGINE for cluster in clusters.values())
