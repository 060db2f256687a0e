"""Amazon MSK clusters and Amazon MQ brokers as their services and Lambda report them, where moto 5.2.1 does otherwise
(found by experiment, see README):

* An MSK cluster's ARN names the cluster and then an id MSK gives it
  (``arn:aws:kafka:us-east-1:123456789012:cluster/orders/6357e0b2-0e6a-4b86-a0b4-70df934c2e31-5``); moto's has the
  id alone (``cluster/<id>``). An MQ broker's ARN names the broker and then its id
  (``arn:aws:mq:us-east-1:123456789012:broker:payments:b-1234a5b6-...``); moto's has the id alone. The layer puts the
  name in both, so that a cluster or broker of the same name in two regions is told apart by its id only, as on AWS.
* MSK gives a cluster's creation time in UTC (``2026-11-23T11:40:12.123Z``); moto gives its local time without a zone
  (``2026-11-23T11:40:12.123456``), which the AWS SDKs for Java refuse to read. The layer gives MSK's form.
* ListClustersV2 takes ``ClusterNameFilter``, a prefix of the names to list; moto ignores it and lists every cluster.
  The layer applies it.
* ListClustersV2 and ListBrokers answer in pages of ``MaxResults`` with a ``NextToken``; moto answers everything in
  one. The layer pages both (ListBrokers 100 at most and by default, as MQ documents it; ListClustersV2 all unless
  ``MaxResults`` is sent).
* Lambda reads a topic of an MSK cluster, or a queue of an MQ broker, when a mapping's ``EventSourceArn`` is the
  cluster's or the broker's ARN; moto refuses both ("Invalid EventSourceArn"). The layer accepts the ARN of a cluster
  or broker of the mapping's region, with Lambda's batch sizes (100 by default, 10,000 at most) and, for a broker,
  no starting position.
"""

from __future__ import annotations

from datetime import datetime, timezone

import moto.kafka.models as kafka_models
import moto.mq.models as mq_models
import moto.mq.responses as mq_responses
from moto.core.responses import ActionResult
from moto.utilities.utils import get_partition

from . import event_source_mappings

_BROKERS_PER_PAGE = 100


def report_brokers_as_aws_does() -> None:
    """Patches moto's MSK clusters and MQ brokers and registers both as mapping sources (``app.configure_moto`` calls
    it once per process)."""
    created_cluster = kafka_models.FakeKafkaCluster.__init__

    def cluster_created_at_a_utc_time(self, *args, **kwargs):
        created_cluster(self, *args, **kwargs)
        self.creation_time = _utc_timestamp(datetime.now(timezone.utc))

    kafka_models.FakeKafkaCluster.__init__ = cluster_created_at_a_utc_time
    kafka_models.FakeKafkaCluster._generate_arn = lambda self: (
        f"arn:{get_partition(self.region_name)}:kafka:{self.region_name}:{self.account_id}"
        f":cluster/{self.cluster_name}/{self.cluster_id}")

    listed = kafka_models.KafkaBackend.list_clusters_v2

    def list_clusters_by_name_prefix(self, cluster_name_filter, cluster_type_filter, max_results, next_token):
        clusters, _ = listed(self, cluster_name_filter, cluster_type_filter, None, None)
        if cluster_name_filter:
            clusters = [cluster for cluster in clusters
                        if cluster["clusterName"].startswith(cluster_name_filter)]
        return _page(clusters, max_results, next_token, len(clusters) or 1)

    kafka_models.KafkaBackend.list_clusters_v2 = list_clusters_by_name_prefix

    created = mq_models.Broker.__init__

    def broker_named_in_its_arn(self, name, account_id, region, *args, **kwargs):
        created(self, name, account_id, region, *args, **kwargs)
        self.arn = f"arn:{get_partition(region)}:mq:{region}:{account_id}:broker:{name}:{self.id}"

    mq_models.Broker.__init__ = broker_named_in_its_arn

    def list_brokers_in_pages(self):
        brokers, token = _page(list(self.mq_backend.list_brokers()), self._get_param("maxResults"),
                               self._get_param("nextToken"), _BROKERS_PER_PAGE)
        return ActionResult({"BrokerSummaries": brokers, **({"NextToken": token} if token else {})})

    mq_responses.MQResponse.list_brokers = list_brokers_in_pages

    event_source_mappings.accept_source(event_source_mappings.ExtraSource(_is_kafka_cluster))
    event_source_mappings.accept_source(event_source_mappings.ExtraSource(_is_mq_broker, starting_position=False))


def _page(items: list, max_results, next_token, default_size: int) -> tuple[list, str | None]:
    """The page of ``items`` a listing answers: ``max_results`` (or ``default_size``) of them from the position
    ``next_token`` gives, and the token of the next page, if any (the layer's tokens are positions)."""
    start = int(next_token) if next_token else 0
    size = int(max_results) if max_results else default_size
    end = start + size
    return items[start:end], (str(end) if end < len(items) else None)


def _utc_timestamp(moment: datetime) -> str:
    """MSK's timestamps: ISO 8601 in UTC with milliseconds and a ``Z`` (``2026-11-23T11:40:12.123Z``)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _is_kafka_cluster(account: str, region: str, arn: str) -> bool:
    """Whether ``arn`` is the ARN of an MSK cluster of ``region``."""
    return ":kafka:" in arn and arn in kafka_models.kafka_backends[account][region].clusters


def _is_mq_broker(account: str, region: str, arn: str) -> bool:
    """Whether ``arn`` is the ARN of an MQ broker of ``region``."""
    if ":mq:" not in arn:
        return False
    return any(broker.arn == arn for broker in mq_models.mq_backends[account][region].brokers.values())
