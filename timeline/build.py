"""The whole offline pipeline: articles -> dated articles -> events -> buckets -> entries.

It gives exactly what bucket-by-bucket streaming merging gives: the entries are the
concatenation over buckets of ``merge_events(events of the bucket)``, ordered by start.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from pydantic import BaseModel, Field

from models import Article, ArticleRecord, Event, PublishedAtSource, TimelineEntry
from timeline.anchoring import infer_publication
from timeline.article_plan import STRONG_SOURCES
from timeline.buckets import UNDATED, bucket_of
from timeline.dating import resolve_publication
from timeline.extract import extract_events
from timeline.merge import merge_events


class BuildResult(BaseModel):
    articles: list[ArticleRecord] = Field(default_factory=list)
    entries: list[TimelineEntry] = Field(default_factory=list)


def latest_versions(articles: list[Article]) -> dict[str, Article]:
    """Republished ids replace earlier versions: the last one in the input wins."""
    latest: dict[str, Article] = {}
    for a in articles:
        latest[a.id] = a
    return latest


def date_articles(
    latest: dict[str, Article], message_timestamps: dict[str, datetime] | None = None
) -> tuple[dict[str, ArticleRecord], dict[str, list[Event]]]:
    """Records and events of every article, with cross-article anchoring of undated ones."""
    stamps = message_timestamps or {}
    ids = sorted(latest)
    records = {i: resolve_publication(latest[i], stamps.get(i)) for i in ids}
    events: dict[str, list[Event]] = {}
    strong = [i for i in ids if records[i].published_at_source in STRONG_SOURCES]
    for i in strong:
        events[i] = extract_events(latest[i], records[i])
    pool = [e for i in strong for e in events[i]]
    for i in ids:
        if i in events:
            continue
        inferred = infer_publication(latest[i], pool)
        if inferred is not None:
            when, confidence = inferred
            rec = records[i]
            records[i] = rec.model_copy(
                update={
                    "published_at": when,
                    "published_at_source": PublishedAtSource.CROSS_ARTICLE,
                    "warnings": [
                        *rec.warnings,
                        f"publication date inferred from other articles (confidence {confidence})",
                    ],
                }
            )
        events[i] = extract_events(latest[i], records[i])
    return records, events


def entries_from_events(events: list[Event]) -> list[TimelineEntry]:
    buckets: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        buckets[bucket_of(e)].append(e)
    entries: list[TimelineEntry] = []
    for key in sorted(buckets):
        if key != UNDATED:
            entries.extend(merge_events(buckets[key]))
    entries.sort(key=lambda t: (t.start, t.end, t.id))
    return entries


def build_timeline(
    articles: list[Article], message_timestamps: dict[str, datetime] | None = None
) -> BuildResult:
    latest = latest_versions(articles)
    records, events = date_articles(latest, message_timestamps)
    all_events = [e for i in sorted(events) for e in events[i]]
    return BuildResult(
        articles=[records[i] for i in sorted(records)],
        entries=entries_from_events(all_events),
    )
