"""Kinesis stream consumers (enhanced fan-out) as Kinesis and Lambda report them, where moto 5.2.1 does otherwise
(found by experiment, see README):

* On AWS a consumer's ARN ends in the time it was registered, in epoch seconds
  (``arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/orders-efo:1700000000``), so that every
  registration, and a consumer of the same name in each region, has an ARN of its own. moto leaves the suffix out;
  the layer adds it, and moto finds consumers by the ARN it stores, so every call taking a consumer ARN agrees.
* Lambda reads a stream through a consumer when a mapping's ``EventSourceArn`` is the consumer's ARN; moto refuses
  every ARN but a queue's, a table stream's or a stream's ("Invalid EventSourceArn"). The layer accepts the ARN of a
  consumer registered in the mapping's region: moto keeps the mapping on the consumer's stream, and it reports the
  consumer's ARN, as Lambda does.
"""

from __future__ import annotations

import moto.awslambda.models as lambda_models
import moto.kinesis.models as kinesis_models

_INSTALLED = "_lambda_dr_stream_consumers"


def report_consumers_as_aws_does() -> None:
    """Patches moto's consumers and mappings once per process."""
    if getattr(kinesis_models.Consumer, _INSTALLED, False):
        return
    setattr(kinesis_models.Consumer, _INSTALLED, True)

    registered = kinesis_models.Consumer.__init__

    def consumer_with_registration_time(self, consumer_name, account_id, region_name, stream_arn):
        registered(self, consumer_name, account_id, region_name, stream_arn)
        self.consumer_arn = f"{self.consumer_arn}:{int(self.created.timestamp())}"

    kinesis_models.Consumer.__init__ = consumer_with_registration_time

    create = lambda_models.LambdaBackend.create_event_source_mapping

    def create_reading_consumers(self, spec):
        consumer = _consumer(self.account_id, self.region_name, spec.get("EventSourceArn"))
        if consumer is None:
            return create(self, spec)
        mapping = create(self, {**spec, "EventSourceArn": consumer.stream_arn})
        mapping.event_source_arn = consumer.consumer_arn
        return mapping

    lambda_models.LambdaBackend.create_event_source_mapping = create_reading_consumers


def _consumer(account: str, region: str, arn: str | None):
    """The consumer registered in ``region`` with the ARN ``arn``, if ``arn`` is a consumer's and there is one."""
    if not arn or ":kinesis:" not in arn or "/consumer/" not in arn:
        return None
    for stream in kinesis_models.kinesis_backends[account][region].streams.values():
        consumer = stream.get_consumer_by_arn(arn)
        if consumer is not None:
            return consumer
    return None
