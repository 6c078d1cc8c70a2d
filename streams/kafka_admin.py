"""Small Kafka administration helpers over kafka-python, for any broker (local or remote)."""

from __future__ import annotations

import contextlib
import logging
import time

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from streams.kafka_security import kafka_python_options
from streams.settings import Settings

log = logging.getLogger(__name__)


def broker_reachable(settings: Settings, timeout_s: float = 3.0) -> bool:
    """True when the bootstrap servers answer a metadata request."""
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=settings.bootstrap_servers,
            request_timeout_ms=int(timeout_s * 1000),
            client_id="timewire-probe",
            **kafka_python_options(settings),
        )
    except KafkaError:
        return False
    try:
        admin.list_topics()
        return True
    except KafkaError:
        return False
    finally:
        admin.close()


def wait_for_broker(settings: Settings, timeout_s: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if broker_reachable(settings, timeout_s=2.0):
            return True
        time.sleep(0.5)
    return False


def ensure_topics(settings: Settings) -> list[str]:
    """Create the public topics with the configured partition count; return those created.

    Faust creates its internal topics (the events topic, changelogs) itself; ``articles`` and the
    dead-letter topic are the project's public interface, so they are created explicitly rather
    than left to broker auto-creation with whatever default it has.
    """
    admin = KafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers,
        client_id="timewire-admin",
        **kafka_python_options(settings),
    )
    try:
        existing = set(admin.list_topics())
        wanted = [settings.topic_articles, settings.topic_dlq]
        new = [
            NewTopic(name=t, num_partitions=settings.partitions, replication_factor=1)
            for t in wanted
            if t not in existing
        ]
        if not new:
            return []
        with contextlib.suppress(TopicAlreadyExistsError):  # another process was first
            admin.create_topics(new)
        return [t.name for t in new]
    finally:
        admin.close()
