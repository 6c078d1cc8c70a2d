"""What one article message becomes: the outgoing messages, computed from its bytes alone.

The extract agent's work is split here so that all of it that needs no table or broker (decoding,
dating, extraction, serialising the bucket updates and the anchoring message) is one pure
function of picklable inputs and outputs, which a worker can run in another process (see
``streams/extraction_pool.py``). What the event loop keeps is only what touches its state: the
previous version's buckets, the sends and the table row.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, Field

from models import (
    AnchoringMessage,
    Article,
    ArticleRecord,
    ArticleRejected,
    BucketUpdate,
    Event,
    PublishedAtSource,
    RejectReason,
    decode_article,
)
from models.event import AnchorKind
from timeline.buckets import bucket_of
from timeline.dating import resolve_publication
from timeline.extract import extract_events

log = logging.getLogger("timewire.extraction")

# Articles dated by these carry their own date; the others wait for cross-article anchoring.
STRONG_SOURCES = frozenset({PublishedAtSource.FIELD, PublishedAtSource.DATELINE})


class ArticleJob(BaseModel):
    """One message of the articles topic, as the extract agent received it."""

    raw: bytes | None
    received: datetime | None = None
    version: int = Field(description="the message's offset: orders the versions of an article")


class ArticlePlan(BaseModel):
    """The messages and table row one article message turns into, or why it was refused."""

    rejected: tuple[str, str] | None = Field(
        default=None, description="(reason, detail) when the message is not an article"
    )
    article_id: str = ""
    warnings: list[str] = Field(default_factory=list)
    record: ArticleRecord | None = None
    revision: str = ""
    updates: dict[str, bytes] = Field(
        default_factory=dict, description="bucket -> the BucketUpdate wire bytes for it"
    )
    anchoring_key: bytes = b""
    anchoring_value: bytes = b""
    n_events: int = 0

    @property
    def anchoring(self) -> bool:
        """No date of its own: the anchoring stage will date it."""
        return self.record is not None and self.record.published_at_source not in STRONG_SOURCES

    @property
    def buckets(self) -> list[str]:
        """The buckets holding the article's events now."""
        return sorted(self.updates)


def revision_of(article: Article) -> str:
    return hashlib.sha256(article.model_dump_json().encode()).hexdigest()[:16]


def bucket_updates(
    record: ArticleRecord,
    events: Iterable[Event],
    *,
    version: int,
    revision: str,
    old_buckets: Iterable[str] = (),
) -> dict[str, bytes]:
    """Wire bytes of the article's BucketUpdates, one per bucket it touches now or touched
    before (``old_buckets``: an empty update retracts it there)."""
    by_bucket: dict[str, list[Event]] = defaultdict(list)
    for ev in events:
        by_bucket[bucket_of(ev)].append(ev)
    return {
        bucket: BucketUpdate(
            bucket=bucket,
            article=record,
            revision=revision,
            version=version,
            events=by_bucket.get(bucket, []),
        ).to_wire()
        for bucket in sorted(set(by_bucket) | set(old_buckets))
    }


def anchorable(events: Iterable[Event]) -> list[Event]:
    """The events other articles can be anchored against (``infer_publication``'s pool): the
    explicitly dated ones with an interval."""
    return [
        e
        for e in events
        if e.anchor_kind == AnchorKind.EXPLICIT
        and e.mention.start_time is not None
        and e.mention.end_time is not None
    ]


def anchoring_key(msg: AnchoringMessage) -> bytes:
    """``<kind>:<article id>``: the stage has one partition, so the key only tells it what the
    message is without parsing it."""
    return f"{msg.kind}:{msg.article_id}".encode()


def plan_article(job: ArticleJob, max_bytes: int) -> ArticlePlan:
    """Decode, date and extract one article message; never raises for a bad message (a
    refusal is in ``rejected``), so a batch run in another process loses no other article."""
    try:
        article = decode_article(job.raw, max_bytes)
    except ArticleRejected as exc:
        return ArticlePlan(rejected=(exc.reason.value, exc.detail))
    record = resolve_publication(article, job.received)
    revision = revision_of(article)
    if record.published_at_source in STRONG_SOURCES:
        events = extract_events(article, record)
        anchoring = AnchoringMessage(
            kind="dated", article_id=article.id, version=job.version, events=anchorable(events)
        )
    else:
        # No date of its own: it is extracted once the anchoring stage has dated it.
        events = []
        anchoring = AnchoringMessage(
            kind="undated",
            article_id=article.id,
            version=job.version,
            article=article,
            message_timestamp=job.received,
        )
    return ArticlePlan(
        article_id=article.id,
        warnings=article.warnings,
        record=record,
        revision=revision,
        updates=bucket_updates(record, events, version=job.version, revision=revision),
        anchoring_key=anchoring_key(anchoring),
        anchoring_value=anchoring.to_wire(),
        n_events=len(events),
    )


def plan_articles(jobs: list[ArticleJob], max_bytes: int) -> list[ArticlePlan]:
    """``plan_article`` over a batch (one round trip to an extraction process per batch). A bug
    that raises costs its own article, refused as a processing error, never the batch."""
    plans = []
    for job in jobs:
        try:
            plans.append(plan_article(job, max_bytes))
        except Exception as exc:
            log.exception("extraction failed for the message at offset %s", job.version)
            plans.append(
                ArticlePlan(
                    rejected=(RejectReason.PROCESSING_ERROR.value, f"{type(exc).__name__}: {exc}")
                )
            )
    return plans
