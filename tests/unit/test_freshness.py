"""How far behind the feed a worker is, stage by stage (streams/freshness.py)."""

from __future__ import annotations

from streams import freshness as freshness_module
from streams.bucket_state import apply_updates
from streams.freshness import (
    Freshness,
    StageLatency,
    percentile,
    published_header,
    published_of,
    worst,
)
from streams.state_cache import StateCache
from tests.unit.test_bucket_state import A1, A2, B1


class _Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert [percentile(values, q) for q in (0.05, 0.5, 0.95, 1.0)] == [1.0, 10.0, 19.0, 20.0]
    assert percentile([7.0], 0.95) == 7.0


def test_a_stage_reports_its_window_and_counts_its_whole_life() -> None:
    stage = StageLatency(window=4)
    assert stage.summary() == {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    for seconds in (9.0, 0.1, 0.2, 0.3, 0.4):  # the 9 s falls out of the window
        stage.add(seconds)
    assert stage.summary() == {"count": 5, "p50_ms": 200.0, "p95_ms": 400.0, "max_ms": 400.0}
    stage.add(-0.5)  # a producer clock ahead of this one: never a negative latency
    assert stage.summary()["p50_ms"] == 200.0 and min(stage.samples) == 0.0


def test_an_article_is_visible_once_from_its_publication() -> None:
    clock = _Clock(1000.0)
    f = Freshness(clock)
    f.passed("extracted", 999.75)
    f.awaiting("a", 999.5)
    f.awaiting("a", 999.9)  # a second bucket's update: the first wait counts
    f.passed("stored", None)  # no timestamp: not counted
    clock.now = 1001.0
    f.cited("a")
    f.cited("a")  # cited again elsewhere: once
    f.cited("b")  # never awaited here (stored on another worker)
    assert f.summary() == {
        "extracted": {"count": 1, "p50_ms": 250.0, "p95_ms": 250.0, "max_ms": 250.0},
        "stored": {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None},
        "visible": {"count": 1, "p50_ms": 1500.0, "p95_ms": 1500.0, "max_ms": 1500.0},
    }


def test_articles_never_cited_are_forgotten_oldest_first(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(freshness_module, "MAX_AWAITING", 2)
    clock = _Clock(100.0)
    f = Freshness(clock)
    for i, name in enumerate("abc"):
        f.awaiting(name, 90.0 + i)
    for name in "abc":
        f.cited(name)
    assert f.summary()["visible"] == {
        "count": 2,
        "p50_ms": 8000.0,
        "p95_ms": 9000.0,
        "max_ms": 9000.0,
    }  # "a" was forgotten


def test_the_cluster_reports_the_slowest_worker_and_all_counts() -> None:
    fast = {"visible": {"count": 10, "p50_ms": 100.0, "p95_ms": 200.0, "max_ms": 900.0}}
    slow = {"visible": {"count": 3, "p50_ms": 300.0, "p95_ms": 250.0, "max_ms": 400.0}}
    idle = {"visible": {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}}
    assert worst([fast, slow, idle, {}])["visible"] == {
        "count": 13,
        "p50_ms": 300.0,
        "p95_ms": 250.0,
        "max_ms": 900.0,
    }
    assert worst([idle])["extracted"] == {
        "count": 0,
        "p50_ms": None,
        "p95_ms": None,
        "max_ms": None,
    }


def test_the_state_cache_tells_when_an_article_is_first_cited_and_only_then() -> None:
    told: list[str] = []
    cache = StateCache(on_cited=told.append)
    table: dict[str, bytes] = {}
    state = apply_updates(None, "2022-02", [A1, B1])
    assert state is not None
    cache.store("2022-02", state.articles, table)
    assert not cache.cites("a") and told == []
    cache.merge_all(table)
    assert sorted(told) == ["a", "b"] and cache.cites("a") and cache.cites("b")
    cache.store("2022-02", state.articles, table)  # stored again: already cited, not told again
    cache.merge("2022-02", whole=True)
    corrected = apply_updates(state, "2022-02", [A2])  # a correction: its entries are rebuilt
    assert corrected is not None and corrected.articles["a"] != state.articles["a"]
    cache.store("2022-02", corrected.articles, table)
    cache.merge("2022-02", whole=True)
    assert sorted(told) == ["a", "b"]


def test_the_publication_time_travels_in_a_header() -> None:
    headers = published_header(1700000000.25)
    assert headers == [("timewire.published", b"1700000000.25")]
    assert published_of(headers) == 1700000000.25
    assert published_of(dict(headers)) == 1700000000.25
    assert published_header(None) is None and published_of(None) is None
    assert published_of([("other", b"1"), ("timewire.published", b"soon")]) is None


def test_a_rebalance_forgets_what_the_worker_waited_for() -> None:
    clock = _Clock(10.0)
    f = Freshness(clock)
    f.awaiting("a", 5.0)
    f.forget_awaiting()
    f.cited("a")
    assert f.summary()["visible"]["count"] == 0
