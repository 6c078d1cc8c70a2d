"""Messages on the internal and dead-letter topics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal, cast

from pydantic import BaseModel, Field

from models.article import Article, ArticleRecord
from models.event import Event, EventBody


class BucketUpdate(BaseModel):
    """The complete set of one article's events that fall into one time bucket.

    Sent on the internal events topic keyed by ``bucket``, so every event that may merge meets on
    one partition. It *replaces* what the bucket held for that article: re-delivery is a no-op
    and a corrected article (same id) simply overwrites, an empty ``events`` retracts.
    """

    bucket: str
    article: ArticleRecord
    revision: str = Field(description="digest of the article version these events came from")
    version: int = Field(
        description="offset of the article message in its partition: newer versions of one article "
        "always have larger offsets, so a late retraction of an old version cannot undo a new one"
    )
    events: list[Event] = Field(default_factory=list)

    def to_wire(self) -> bytes:
        """Compact JSON: the record once, events without it, default values left out (two
        thirds of the plain dump's bytes, on the topic, in the table changelog and in memory,
        where the events of one message share one record object)."""
        return (
            _BucketUpdateWire(
                bucket=self.bucket,
                article=self.article,
                revision=self.revision,
                version=self.version,
                events=cast(list[EventBody], self.events),  # serialised as bodies: no record
            )
            .model_dump_json(exclude_defaults=True)
            .encode()
        )

    @classmethod
    def from_wire(cls, raw: bytes | str) -> BucketUpdate:
        """The update ``to_wire`` wrote (a ValueError if it is not one); its events share one
        record object."""
        wire = _BucketUpdateWire.model_validate_json(raw)
        return cls(
            bucket=wire.bucket,
            article=wire.article,
            revision=wire.revision,
            version=wire.version,
            events=[Event.of(body, wire.article) for body in wire.events],
        )


class _BucketUpdateWire(BaseModel):
    """``BucketUpdate`` as it travels: ``bucket`` is optional so that a table row, which is
    the update that stored it, also reads rows written before the field was carried."""

    bucket: str = ""
    article: ArticleRecord
    revision: str
    version: int
    events: list[EventBody] = Field(default_factory=list)


DLQ_HEADER_PREFIX = "timewire."


class DeadLetter(BaseModel):
    """Why a message was rejected. On ``articles.dlq`` the message keeps its original key and
    bytes as its value (as Kafka Connect's dead-letter queues do), and these fields travel as
    ``timewire.*`` headers: a 50 MB message is kept whole, not inflated into JSON."""

    reason: str = Field(description="short machine-readable cause, e.g. 'invalid_json'")
    error: str = Field(description="human-readable detail")
    topic: str
    partition: int | None = None
    offset: int | None = None
    received_at: datetime

    def to_headers(self) -> list[tuple[str, bytes]]:
        fields = self.model_dump(mode="json", exclude_none=True)
        return [(f"{DLQ_HEADER_PREFIX}{k}", str(v).encode("utf-8")) for k, v in fields.items()]

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, bytes | None]]) -> DeadLetter:
        fields = {
            k.removeprefix(DLQ_HEADER_PREFIX): (v or b"").decode("utf-8", "replace")
            for k, v in headers
            if k.startswith(DLQ_HEADER_PREFIX)
        }
        return cls.model_validate(fields)


class AnchoringMessage(BaseModel):
    """Input of the anchoring stage (one partition, so it sees every dated article).

    ``dated``: a strongly dated article's events, which undated articles are anchored against.
    ``undated``: an article with no date of its own, to be placed by cross-article anchoring.
    """

    kind: Literal["dated", "undated"]
    article_id: str
    version: int
    events: list[Event] = Field(default_factory=list)
    article: Article | None = None
    message_timestamp: datetime | None = None

    def to_wire(self) -> bytes:
        """Compact JSON as ``BucketUpdate.to_wire``: the dated events' record travels once."""
        record = self.events[0].article if self.events else None
        return (
            _AnchoringWire(
                kind=self.kind,
                article_id=self.article_id,
                version=self.version,
                record=record,
                events=cast(list[EventBody], self.events),  # serialised as bodies: no record
                article=self.article,
                message_timestamp=self.message_timestamp,
            )
            .model_dump_json(exclude_defaults=True)
            .encode()
        )

    @classmethod
    def from_wire(cls, raw: bytes | str) -> AnchoringMessage:
        wire = _AnchoringWire.model_validate_json(raw)
        if wire.events and wire.record is None:
            raise ValueError("dated events without their article record")
        events = [Event.of(body, wire.record) for body in wire.events] if wire.record else []
        return cls(
            kind=wire.kind,
            article_id=wire.article_id,
            version=wire.version,
            events=events,
            article=wire.article,
            message_timestamp=wire.message_timestamp,
        )


class _AnchoringWire(BaseModel):
    kind: Literal["dated", "undated"]
    article_id: str
    version: int
    record: ArticleRecord | None = None
    events: list[EventBody] = Field(default_factory=list)
    article: Article | None = None
    message_timestamp: datetime | None = None
