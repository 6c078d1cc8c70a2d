"""The offline pipeline: streaming equivalence, order independence, corrections."""

from __future__ import annotations

import random
from pathlib import Path

from timeline.buckets import bucket_of
from timeline.build import build_timeline, date_articles, latest_versions
from timeline.merge import merge_events
from timeline.reader import read_paths

from .helpers import SAMPLES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _articles():  # type: ignore[no-untyped-def]
    paths = [p for p in (SAMPLES, EXAMPLES) if p.exists()]
    return read_paths(paths).articles


def test_entries_are_the_bucket_by_bucket_merge() -> None:
    articles = _articles()
    result = build_timeline(articles)
    _records, events = date_articles(latest_versions(articles))
    by_bucket: dict[str, list] = {}  # type: ignore[type-arg]
    for evs in events.values():
        for e in evs:
            by_bucket.setdefault(bucket_of(e), []).append(e)
    streamed = [
        entry
        for key in sorted(by_bucket)
        if key != "undated"
        for entry in merge_events(list(reversed(by_bucket[key])))
    ]
    streamed.sort(key=lambda t: (t.start, t.end, t.id))
    assert streamed == result.entries


def test_any_order_gives_the_same_table() -> None:
    assert EXAMPLES.exists(), f"examples/ is missing: {EXAMPLES}"
    articles = _articles()
    first = build_timeline(articles)
    rnd = random.Random(7)
    for _ in range(2):
        shuffled = list(articles)
        rnd.shuffle(shuffled)
        assert build_timeline(shuffled).model_dump() == first.model_dump()


def test_a_correction_replaces_the_article() -> None:
    articles = _articles()
    first = build_timeline(articles)
    target = articles[0]
    corrected = target.model_copy(update={"text": target.text + "\n\nA correction was appended."})
    again = build_timeline([*articles, corrected])
    assert [a.id for a in again.articles] == [a.id for a in first.articles]
    ids = [s.event_id for e in again.entries for s in e.sources]
    assert len(ids) == len(set(ids))
