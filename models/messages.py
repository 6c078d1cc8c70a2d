"""Messages on the internal and dead-letter topics."""

from __future__ import annotations

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


class DeadLetter(BaseModel):
    """A rejected message with why it was rejected and its original bytes, so nothing is lost."""

    reason: str = Field(description="short machine-readable cause, e.g. 'invalid_json'")
    error: str = Field(description="human-readable detail")
    topic: str
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    payload_b64: str = Field(description="the original message value, base64")
    received_at: datetime


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
