"""Kinesis stream consumers (enhanced fan-out) as Kinesis and Lambda report them, where moto 5.2.1 does otherwise
(found by experiment, see README):

* On AWS a consumer's ARN ends in the time it was registered, in epoch seconds
  (``arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/orders-efo:1700000000``), so that every
  registration, and a consumer of the same name in each region, has an ARN of its own. moto leaves the suffix out;
  the layer adds it, and moto finds consumers by the ARN it stores, so every call taking a consumer ARN agrees.
* Lambda reads a stream through a consumer when a mapping's ``EventSourceArn`` is the consumer's ARN; moto refuses
  every ARN but a queue's, a table stream's or a stream's ("Invalid EventSourceArn"). The layer accepts the ARN of a
  consumer registered in the mapping's region, with a stream's batch sizes (100 by default, 10,000 at most).
"""

from __future__ import annotations

import moto.kinesis.models as kinesis_models

from . import event_source_mappings

def report_consumers_as_aws_does() -> None:
    """Patches moto's consumers and registers them as a mapping source (``app.configure_moto`` calls it once per
    process)."""
    registered = kinesis_models.Consumer.__init__

    def consumer_with_registration_time(self, consumer_name, account_id, region_name, stream_arn):
        registered(self, consumer_name, account_id, region_name, stream_arn)
        self.consumer_arn = f"{self.consumer_arn}:{int(self.created.timestamp())}"

    kinesis_models.Consumer.__init__ = consumer_with_registration_time

    event_source_mappings.accept_source(event_source_mappings.ExtraSource(_is_consumer))


def _is_consumer(account: str, region: str, arn: str) -> bool:
    """Whether ``arn`` is the ARN of a consumer registered in ``region``."""
    if ":kinesis:" not in arn or "/consumer/" not in arn:
        return False
    streams = kinesis_models.kinesis_backends[account][region].streams.values()
    return any(stream.get_consumer_by_arn(arn) is not None for stream in streams)
