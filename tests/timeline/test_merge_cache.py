"""A bucket's MergeCache makes merges cheaper, never different; incremental merges started from
the cached clusters give what the merge over every entry gives (up to the preview limits),
and past those limits a busy entry takes new reports in as a preview until the exact merge."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from models import Event, TimelineEntry
from timeline import merge
from timeline.merge import MergeCache, merge_events, merge_incremental

from .test_merge import PUB, SHELL_A, SHELL_B, ev
from .test_merge_blocking import _example_buckets, mixed_events


def _dump(entries: list[TimelineEntry]) -> list[dict[str, object]]:
    return [e.model_dump() for e in entries]


def _by_article(events: list[Event]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        out[e.article.id].append(e)
    return out


def _steps(events: list[Event], seed: int) -> list[tuple[dict[str, list[Event]], set[str]]]:
    """A bucket's history: articles arrive one or two at a time, some are corrected (new
    event objects, one event fewer) or retracted."""
    rng = random.Random(seed)
    arts = _by_article(events)
    order = sorted(arts)
    rng.shuffle(order)
    present: dict[str, list[Event]] = {}
    out = []
    while order or len(out) < 3:
        changed: set[str] = set()
        r = rng.random()
        if order and r < 0.7:
            for a in order[-2:] if r < 0.2 else order[-1:]:
                present[a] = arts[a]
                changed.add(a)
                order.remove(a)
        elif present and r < 0.85:
            a = rng.choice(sorted(present))
            del present[a]
            changed.add(a)
        elif present:
            a = rng.choice(sorted(present))
            corrected = [e.model_copy() for e in present[a]]
            present[a] = corrected[:-1] if len(corrected) > 1 else corrected
            changed.add(a)
        else:
            break
        out.append((dict(present), changed))
    return out


def _check_history(events: list[Event], seed: int) -> None:
    cached, plain = MergeCache(), MergeCache()
    fast = merge_events([], cached)
    slow: list[TimelineEntry] = []
    history = _steps(events, seed)
    for k, (present, changed) in enumerate(history):
        bucket = [e for evs in present.values() for e in evs]
        if k % 4 == 3:  # now and then an exact merge, with the cache and without
            fast = merge_events(bucket, cached)
            slow = merge_events(bucket)
        else:
            fast = merge_incremental(bucket, fast, changed, cached)  # from the cached clusters
            slow = merge_incremental(bucket, list(slow), changed, plain)  # over every entry
        assert _dump(fast) == _dump(slow), k
    # and the exact merge with the cache is the merge without
    final = [e for evs in (history[-1][0] if history else {}).values() for e in evs]
    assert _dump(merge_events(final, cached)) == _dump(merge_events(final))


def test_merging_with_the_cache_gives_the_merge_without_it_on_the_examples() -> None:
    buckets = _example_buckets()
    assert buckets
    for seed, events in enumerate(buckets):
        _check_history(events, seed)


@settings(max_examples=60, deadline=None)
@given(mixed_events(), st.integers(0, 1000))
def test_merging_with_the_cache_gives_the_merge_without_it(evs: list[Event], seed: int) -> None:
    _check_history(evs, seed)


def test_a_corrected_article_is_not_taken_for_its_old_version() -> None:
    cache = MergeCache()
    a = ev("a", 1, PUB, SHELL_A, places=["Stanytsia Luhanska"], outlet="One")
    b = ev("b", 3, PUB, SHELL_B, places=["Stanitsya Luhanska"], outlet="Two")
    (joined,) = merge_events([a, b], cache)
    assert sorted(s.article_id for s in joined.sources) == ["a", "b"]
    # same id, other content: the cached features and entry of b#3 must not be reused
    b2 = ev("b", 3, PUB, ["parliament", "vote", "budget", "session"], outlet="Two")
    after = merge_events([a, b2], cache)
    assert _dump(after) == _dump(merge_events([a, b2]))
    assert sorted(sorted(s.event_id for s in e.sources) for e in after) == [["a#1"], ["b#3"]]


def test_a_new_report_of_a_busy_entry_is_shown_at_once_and_placed_exactly_later() -> None:
    n = merge.PREVIEW_BIG + 6
    reports = [
        ev(f"r{i:03d}", 1, PUB, SHELL_A, places=["Stanytsia Luhanska"], outlet=f"Outlet {i}")
        for i in range(n)
    ]
    cache = MergeCache()
    (busy,) = merge_events(reports, cache)
    assert busy.n_sources == n
    late = ev("z", 1, PUB, SHELL_B, places=["Stanitsya Luhanska"], outlet="Latecomer")
    (shown,) = merge_incremental([*reports, late], [busy], {"z"}, cache)
    assert shown.n_sources == n + 1 and shown.sources[-1].article_id == "z"
    assert (shown.id, shown.label, shown.places) == (busy.id, busy.label, busy.places)
    (exact,) = merge_events([*reports, late], cache)
    assert exact == merge_events([*reports, late])[0]
    assert exact.n_sources == n + 1


def test_a_preview_spends_its_partners_on_reports_of_compatible_dates() -> None:
    # more earlier reports of the story (weeks apart, so never the same entry) than a preview
    # compares a new report with, all sharing its words and held longer than the one report
    # of its own day
    older = [
        ev(f"old{k:03d}", 1, PUB - timedelta(days=8 * (k + 1)), SHELL_A, outlet=f"Old {k}")
        for k in range(merge.PREVIEW_PARTNERS + 6)
    ]
    same_day = ev("same", 1, PUB, SHELL_A, outlet="First")
    cache = MergeCache()
    before = merge_events([*older, same_day], cache)
    assert len(before) == len(older) + 1
    late = ev("z", 1, PUB, SHELL_B, outlet="Latecomer")
    shown = merge_incremental([*older, same_day, late], before, {"z"}, cache)
    (story,) = [e for e in shown if any(s.article_id == "z" for s in e.sources)]
    assert [s.article_id for s in story.sources] == ["same", "z"]
    assert _dump(merge_events([*older, same_day, late], cache)) == _dump(shown)
