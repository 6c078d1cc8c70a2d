"""The blocked candidate search of ``merge_events`` gives exactly what comparing all pairs gives.

``timeline.merge._candidates`` finds the pairs that may be related with bitmasks (shared words,
overlapping or rival intervals) instead of looking at every pair. The reference below is the
search it replaced: every pair sharing a content word used by at most MAX_POSTING events. Both
must lead to the same entries, ids included, on the samples, the examples, a feed-like bucket
and random events.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Event, TimelineEntry
from models.event import AnchorKind
from models.mention import Granularity
from timeline import merge
from timeline.buckets import bucket_of
from timeline.build import date_articles, latest_versions
from timeline.extract import ENTITY_MARKS
from timeline.reader import read_paths

from .helpers import SAMPLES
from .test_merge import PUB, ev

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def reference_candidates(events: list[Event], _sc: object = None) -> list[tuple[int, int]]:
    """All pairs (i < j) sharing a content word that at most MAX_POSTING events use."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        for w in set(e.keywords):
            if not w.startswith(ENTITY_MARKS):
                index[w].append(i)
    out: set[tuple[int, int]] = set()
    for ids in index.values():
        if len(ids) > merge.MAX_POSTING:
            continue
        for p in range(len(ids)):
            for q in range(p + 1, len(ids)):
                out.add((ids[p], ids[q]))
    return sorted(out)


def reference_merge(events: list[Event], monkeypatch: pytest.MonkeyPatch) -> list[TimelineEntry]:
    with monkeypatch.context() as m:
        m.setattr(merge, "_candidates", reference_candidates)
        return merge.merge_events(events)


def check_same(events: list[Event], monkeypatch: pytest.MonkeyPatch) -> None:
    evs = [
        e
        for e in merge._dedupe(events)
        if e.mention.start_time is not None and e.mention.end_time is not None
    ]
    sc = merge._Scorer(evs)
    fast = set(merge._candidates(evs, sc))
    ref = reference_candidates(evs)
    assert fast <= set(ref)  # blocking only ever drops pairs ...
    for i, j in ref:  # ... that cannot be related
        if merge._relation(sc, evs[i], evs[j]) is not None:
            assert (i, j) in fast, (evs[i].id, evs[j].id)
    assert merge.merge_events(events) == reference_merge(events, monkeypatch)


def _example_buckets() -> list[list[Event]]:
    paths = [p for p in (EXAMPLES, SAMPLES) if p.exists()]
    if not paths:
        return []
    read = read_paths(paths)
    _records, events = date_articles(latest_versions(read.articles))
    buckets: dict[str, list[Event]] = defaultdict(list)
    for aid in sorted(events):
        for e in events[aid]:
            buckets[bucket_of(e)].append(e)
    return [buckets[k] for k in sorted(buckets)]


def test_samples_and_examples_merge_as_with_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    buckets = _example_buckets()
    assert buckets, "examples/ gave no events"
    for events in buckets:
        check_same(events, monkeypatch)
    check_same([e for b in buckets for e in b], monkeypatch)


def test_a_feed_like_bucket_merges_as_with_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    assert EXAMPLES.exists(), f"examples/ is missing: {EXAMPLES}"
    from bench.timeline_bench import synthetic_events

    check_same(synthetic_events(400), monkeypatch)


def test_words_in_too_many_events_do_not_block(monkeypatch: pytest.MonkeyPatch) -> None:
    # 'common' is in MAX_POSTING + 1 events (it cannot block), 'usual' in exactly MAX_POSTING
    n = merge.MAX_POSTING + 1
    evs = [
        ev(f"a{i:03d}", 1, PUB, ["common", "usual" if i < n - 1 else "other", f"w{i % 9}"])
        for i in range(n)
    ]
    check_same(evs, monkeypatch)
    assert len(merge.merge_events(evs)) < n


GRAN = {
    Granularity.MINUTE: timedelta(minutes=1),
    Granularity.HOUR: timedelta(hours=1),
    Granularity.PART_OF_DAY: timedelta(hours=6),
    Granularity.DAY: timedelta(days=1),
    Granularity.WEEK: timedelta(days=7),
    Granularity.MONTH: timedelta(days=28),
}
VOCAB = ["shell", "village", "troop", "border", "talk", "reply", "drill", "osce", "@kyiv", "#nato"]


@st.composite
def mixed_events(draw: st.DrawFn) -> list[Event]:
    """Events of several granularities, some empty intervals, a few days apart."""
    n = draw(st.integers(min_value=0, max_value=14))
    out: list[Event] = []
    for i in range(n):
        art = draw(st.sampled_from(["a", "b", "c", "d", "e"]))
        gran = draw(st.sampled_from(list(GRAN)))
        start = PUB + timedelta(hours=draw(st.integers(min_value=0, max_value=24 * 10)))
        words = draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=6, unique=True))
        kind = draw(st.sampled_from(list(AnchorKind)))
        e = ev(art, i, start, words, kind=kind)
        length = timedelta(0) if draw(st.integers(0, 9)) == 0 else GRAN[gran]
        mention = e.mention.model_copy(update={"granularity": gran, "end_time": start + length})
        out.append(e.model_copy(update={"mention": mention}))
    return out


@settings(max_examples=80, deadline=None)
@given(mixed_events())
def test_random_events_merge_as_with_all_pairs(evs: list[Event]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        check_same(evs, mp)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 14)).map(lambda t: (t[0], t[0] + t[1])),
        min_size=1,
        max_size=6,
    )
)
def test_rival_groups_are_found_without_comparing_all_pairs(spans: list[tuple[int, int]]) -> None:
    evs = [
        ev("a", i, PUB + timedelta(hours=s), ["shell", "village"], days=(t - s) / 24)
        for i, (s, t) in enumerate(spans)
    ]
    keys = sorted({(e.mention.start_time, e.mention.end_time) for e in evs})

    def compatible(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
        near = (
            a[1] - a[0] <= merge.FINE_SPAN
            and b[1] - b[0] <= merge.FINE_SPAN
            and a[0].date() == b[0].date()
            and abs(a[0] - b[0]) <= merge.NEAR_TIMES
        )
        return max(a[0], b[0]) < min(a[1], b[1]) or near

    quadratic = any(not compatible(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :])
    assert merge._choose_interval(evs)[1] == quadratic


@settings(max_examples=60, deadline=None)
@given(mixed_events(), st.randoms(use_true_random=False))
def test_mixed_granularities_merge_order_independently(evs: list[Event], rnd) -> None:  # type: ignore[no-untyped-def]
    first = merge.merge_events(evs)
    shuffled = list(evs)
    rnd.shuffle(shuffled)
    assert merge.merge_events(shuffled) == first
    assert merge.merge_events(shuffled + evs) == first
