"""The value of one row of the ``timeline`` table, and how a BucketUpdate changes it.

Pure code (no Faust): the merge agent calls ``update_slots`` and stores the slots; the merged
entries follow (``merge_slots``). A bucket keeps every article's events by article id plus the
merged entries, so the entries are always ``merge_events`` of the events present, whatever order
updates arrived in. That is what makes the streamed table equal to ``timewire build`` and makes
re-delivery harmless.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, PrivateAttr

from models import ArticleRecord, BucketUpdate, Event, TimelineEntry
from timeline.merge import merge_events


class ArticleSlot(BaseModel):
    """One article's events in one bucket: the value of one table row."""

    version: int
    revision: str
    article: ArticleRecord
    events: list[Event] = Field(default_factory=list)
    # the row's bytes when the slot came from a message: stored as they arrived, not re-encoded
    _wire: bytes | None = PrivateAttr(default=None)

    @classmethod
    def of_update(cls, update: BucketUpdate, wire: bytes | None = None) -> ArticleSlot:
        slot = cls(
            version=update.version,
            revision=update.revision,
            article=update.article,
            events=update.events,
        )
        slot._wire = wire
        return slot

    def to_wire(self, bucket: str) -> bytes:
        """The row's value: the update that stored it (``BucketUpdate.to_wire``)."""
        if self._wire is None:
            self._wire = BucketUpdate(
                bucket=bucket,
                article=self.article,
                revision=self.revision,
                version=self.version,
                events=self.events,
            ).to_wire()
        return self._wire

    @classmethod
    def from_wire(cls, raw: bytes) -> ArticleSlot:
        return cls.of_update(BucketUpdate.from_wire(raw), raw)

    def __eq__(self, other: object) -> bool:
        # what the slot says, not whether its bytes happen to be at hand
        if not isinstance(other, ArticleSlot):
            return NotImplemented
        return (self.version, self.revision, self.article, self.events) == (
            other.version,
            other.revision,
            other.article,
            other.events,
        )

    __hash__ = None  # type: ignore[assignment]


class BucketState(BaseModel):
    bucket: str
    articles: dict[str, ArticleSlot] = Field(default_factory=dict)
    entries: list[TimelineEntry] = Field(default_factory=list)


def apply_update(state: BucketState | None, update: BucketUpdate) -> BucketState | None:
    """Return the new state, or None when the update changes nothing (stale or a duplicate)."""
    return apply_updates(state, update.bucket, [update])


def apply_updates(
    state: BucketState | None, bucket: str, updates: list[BucketUpdate]
) -> BucketState | None:
    """Apply a batch of one bucket's updates in order and merge once; None if nothing changed."""
    articles = update_slots(state.articles if state else {}, updates)
    if articles is None:
        return None
    return BucketState(bucket=bucket, articles=articles, entries=merge_slots(articles))


def update_slots(
    articles: dict[str, ArticleSlot],
    updates: list[BucketUpdate],
    wires: list[bytes] | None = None,
) -> dict[str, ArticleSlot] | None:
    """The bucket's article slots after the updates, in order; None if nothing changed.

    This is the cheap, factual half of an update (what each article says in the bucket); the
    merge, which compares the bucket's events, is done separately and as often as load allows.
    ``wires`` are the updates' bytes as received, kept as the rows' values.
    """
    articles = dict(articles)
    changed = False
    for k, update in enumerate(updates):
        if _changes(articles.get(update.article.id), update):
            changed = True
            if update.events:
                articles[update.article.id] = ArticleSlot.of_update(
                    update, wires[k] if wires is not None else None
                )
            else:
                articles.pop(update.article.id, None)
    return articles if changed else None


def bucket_events(articles: dict[str, ArticleSlot]) -> list[Event]:
    return [event for slot in articles.values() for event in slot.events]


def merge_slots(articles: dict[str, ArticleSlot]) -> list[TimelineEntry]:
    return merge_events(bucket_events(articles))


def _changes(current: ArticleSlot | None, update: BucketUpdate) -> bool:
    if current is None:
        return bool(update.events)  # a retraction of something never stored here is a no-op
    if current.version > update.version:
        return False  # an older version of the article arriving late
    return not (
        current.version == update.version
        and current.revision == update.revision
        and current.article == update.article
        and current.events == update.events
    )  # else a re-delivery
