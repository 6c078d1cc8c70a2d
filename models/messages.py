"""Messages on the internal and dead-letter topics."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from models.article import Article, ArticleRecord
from models.event import Event


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
