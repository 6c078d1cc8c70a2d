"""Publishing articles to the ``articles`` topic with kafka-python (acks=all).

Every article is validated with the worker's own decoder first, so what the worker would send to
the dead-letter topic is refused here, locally, with the same reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kafka import KafkaProducer
from kafka.errors import KafkaError

from models import Article, ArticleRejected, decode_article
from streams.kafka_security import kafka_python_options
from streams.settings import Settings
from timeline.reader import ReadResult


@dataclass(frozen=True)
class Refusal:
    origin: str
    reason: str
    detail: str


@dataclass
class PublishReport:
    topic: str
    sent: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def article_bytes(article: Article) -> bytes:
    """The wire form: the article's fields, keeping an unreadable published_at as it came."""
    data = article.model_dump(
        mode="json", exclude={"warnings", "published_at_raw"}, exclude_none=True
    )
    if article.published_at is None and article.published_at_raw:
        data["published_at"] = article.published_at_raw
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def read_refusals(result: ReadResult) -> list[Refusal]:
    """Files or lines the reader could not turn into articles, as refusals."""
    return [
        Refusal(f"{e.path}:{e.line}" if e.line else e.path, "unreadable", e.error)
        for e in result.errors
    ]


def publish(
    items: Iterable[tuple[str, bytes]],
    settings: Settings,
    topic: str | None = None,
    on_progress: Callable[[], None] | None = None,
) -> PublishReport:
    """Send (origin, message bytes) pairs; refuse invalid ones, wait for every broker ack."""
    report = PublishReport(topic=topic or settings.topic_articles)
    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        retries=5,
        linger_ms=5,
        max_request_size=max(settings.max_article_bytes * 2, 1024 * 1024),
        client_id="timewire-publish",
        **kafka_python_options(settings),
    )
    pending = []
    try:
        for origin, raw in items:
            try:
                article = decode_article(raw, settings.max_article_bytes)
            except ArticleRejected as exc:
                report.refused.append(Refusal(origin, exc.reason.value, exc.detail))
            else:
                future = producer.send(report.topic, key=article.id.encode("utf-8"), value=raw)
                pending.append((origin, article.id, future))
            if on_progress:
                on_progress()
        producer.flush()
        for origin, article_id, future in pending:
            try:
                future.get(timeout=30)
                report.sent.append(article_id)
            except KafkaError as exc:
                report.refused.append(Refusal(origin, "send_failed", str(exc)))
    finally:
        producer.close(timeout=10)
    return report
