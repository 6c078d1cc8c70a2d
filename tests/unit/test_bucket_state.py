"""The timeline table's bucket reducer: replacement per article, versions, batches."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from models import Article, ArticleRecord, BucketUpdate, PublishedAtSource
from streams import state_cache as state_cache_module
from streams.bucket_state import ArticleSlot, apply_update, apply_updates, update_slots
from streams.state_cache import (
    COLD_S,
    COST_FACTOR,
    IDLE_MERGE_SHARE,
    MAX_CREDIT_S,
    MAX_INEXACT_S,
    MERGE_SHARE,
    MIN_GAP_S,
    QUIET_S,
    RESTING_GAP_S,
    StateCache,
    slot_key,
)
from timeline.buckets import bucket_of
from timeline.extract import extract_events

PUBLISHED = datetime(2022, 2, 17, 12, tzinfo=UTC)


def _update(article_id: str, text: str, version: int, outlet: str = "Wire") -> BucketUpdate:
    article = Article(id=article_id, text=text, source=outlet, published_at=PUBLISHED)
    record = ArticleRecord(
        id=article_id,
        source=outlet,
        published_at=PUBLISHED,
        published_at_source=PublishedAtSource.FIELD,
    )
    events = [e for e in extract_events(article, record) if bucket_of(e) == "2022-02"]
    return BucketUpdate(
        bucket="2022-02", article=record, revision=text[:8], version=version, events=events
    )


A1 = _update(
    "a", "Shells hit a kindergarten in Stanytsia Luhanska on Thursday, officials said.", 1, "Steppe"
)
A2 = _update(
    "a", "Shells hit a school in Stanytsia Luhanska on Wednesday, officials said.", 5, "Steppe"
)
B1 = _update(
    "b", "A kindergarten in Stanytsia Luhanska was shelled on Thursday morning.", 3, "Ledger"
)


def _sources(state) -> list[list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    return [
        sorted((s.article_id, s.start.date().isoformat()) for s in e.sources) for e in state.entries
    ]


def test_two_outlets_merge_into_one_entry() -> None:
    state = apply_update(apply_update(None, A1), B1)
    assert state is not None
    assert _sources(state) == [[("a", "2022-02-17"), ("b", "2022-02-17")]]


def test_a_newer_version_replaces_and_an_older_one_is_ignored() -> None:
    state = apply_update(apply_update(None, A1), A2)
    assert state is not None and state.articles["a"].version == 5
    assert [s.sentence for e in state.entries for s in e.sources] == [A2.events[0].sentence]
    assert apply_update(state, A1) is None  # late delivery of version 1


def test_redelivery_and_retraction_of_unknown_are_no_ops() -> None:
    state = apply_update(None, A1)
    assert apply_update(state, A1) is None
    retract_unknown = B1.model_copy(update={"events": []})
    assert apply_update(state, retract_unknown) is None


def test_retraction_removes_the_article() -> None:
    state = apply_update(apply_update(None, A1), B1)
    retract = B1.model_copy(update={"events": [], "version": 4})
    after = apply_update(state, retract)
    assert after is not None
    assert sorted(after.articles) == ["a"]
    assert _sources(after) == [[("a", "2022-02-17")]]


def test_a_batch_equals_the_same_updates_one_by_one() -> None:
    sequence = [A1, B1, A2, A1]
    one_by_one = None
    for u in sequence:
        one_by_one = apply_update(one_by_one, u) or one_by_one
    batched = apply_updates(None, "2022-02", sequence)
    assert batched == one_by_one
    assert apply_updates(batched, "2022-02", [A1, B1]) is None


def test_state_cache_stores_one_row_per_bucket_and_article() -> None:
    table: dict[str, bytes] = {}
    cache = StateCache()
    first = apply_updates(None, "2022-02", [A1, B1])
    assert first is not None
    cache.store("2022-02", first.articles, table)
    assert sorted(table) == ["2022-02|a", "2022-02|b"]
    # a row is the compact update that stored it
    assert BucketUpdate.from_wire(table["2022-02|b"]) == B1
    assert ArticleSlot.from_wire(table["2022-02|b"]) == first.articles["b"]
    assert cache.pending == 1 and cache.entries(table) == []  # stored, not merged yet
    assert cache.merge_all(table) == 1
    assert cache.get("2022-02", table) == first and cache.pending == 0
    second = apply_update(first, B1.model_copy(update={"events": [], "version": 4}))
    assert second is not None
    cache.store("2022-02", second.articles, table)
    assert sorted(table) == ["2022-02|a"]  # the retraction deleted the row
    cache.merge_all(table)
    assert cache.get("2022-02", table) == second
    assert cache.counts(table) == (len(A1.events), len(second.entries))
    # after a rebalance the cache is rebuilt from the rows, merged entries included
    rebuilt = StateCache()
    assert rebuilt.slots("2022-02", table) == second.articles
    assert rebuilt.merge_all(table) == 1
    assert rebuilt.get("2022-02", table) == second
    assert [e.id for e in rebuilt.entries(table)] == [e.id for e in second.entries]
    assert [e.id for e in cache.entries_of("a", table)] == [e.id for e in second.entries]
    assert cache.entries_of("b", table) == []  # retracted: no longer cited
    gone = apply_update(second, A1.model_copy(update={"events": [], "version": 9}))
    assert gone is not None
    cache.store("2022-02", gone.articles, table)
    cache.merge_all(table)
    assert table == {} and cache.get("2022-02", table) is None and cache.pending == 0


def test_state_cache_counts_follow_every_store_and_merge() -> None:
    """The counts /api/health shows are kept with each change, not recounted: they must equal
    a recount after stores, a replacement, a retraction, merges and a rebuild."""
    table: dict[str, bytes] = {}
    cache = StateCache()
    assert cache.counts(table) == (0, 0)
    first = apply_updates(None, "2022-02", [A1, B1])
    assert first is not None
    cache.store("2022-02", first.articles, table)
    n_first = len(A1.events) + len(B1.events)
    assert cache.counts(table) == (n_first, 0)  # stored, not merged yet
    cache.merge_all(table)
    assert cache.counts(table) == (n_first, len(first.entries)) == (n_first, 1)
    replaced = apply_update(first, A2)  # "a" now reports another day: two entries
    assert replaced is not None
    cache.store("2022-02", replaced.articles, table)
    cache.merge_all(table)
    n_replaced = len(A2.events) + len(B1.events)
    assert cache.counts(table) == (n_replaced, len(replaced.entries)) == (n_replaced, 2)
    retracted = apply_update(replaced, B1.model_copy(update={"events": [], "version": 4}))
    assert retracted is not None
    cache.store("2022-02", retracted.articles, table)
    assert cache.counts(table) == (len(A2.events), 2)  # entries change only when merged
    cache.merge_all(table)
    assert cache.counts(table) == (len(A2.events), 1)
    rebuilt = StateCache()  # after a rebalance: counted from the rows
    assert rebuilt.counts(table) == (len(A2.events), 0)
    cache.clear()
    assert cache.counts(table) == (len(A2.events), 0)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_is_merged_again_only_after_its_gap() -> None:
    clock = _Clock()
    table: dict[str, bytes] = {}
    cache = StateCache(clock)
    cache.store("2022-02", {"a": _slot(A1)}, table)
    assert cache.due() == ["2022-02"]
    assert cache.merge("2022-02") is True
    assert cache.merge("2022-02") is False  # clean: nothing to do
    cache.store("2022-02", {"a": _slot(A1), "b": _slot(B1)}, table)
    assert cache.pending == 1
    assert cache.due() == []  # merged an instant ago
    clock.now += MIN_GAP_S
    assert cache.due() == ["2022-02"]
    assert cache.entries_of("b", table) == []  # stored but not merged: not visible yet
    cache.merge("2022-02")
    assert [sorted(s.article_id for s in e.sources) for e in cache.entries(table)] == [["a", "b"]]
    assert cache.entries_of("b", table) == cache.entries(table)
    # a failed merge is tried again later, not at every tick
    cache.store("2022-02", {"a": _slot(A1)}, table)
    cache.postpone("2022-02", 30.0)
    clock.now += MIN_GAP_S
    assert cache.due() == [] and cache.pending == 1
    clock.now += 30.0
    assert cache.due() == ["2022-02"]


@contextmanager
def _merges_take_one_second(clock: _Clock) -> Iterator[None]:
    real = state_cache_module.merge_events

    def slow(events, cache=None):  # type: ignore[no-untyped-def]
        clock.now += 1.0
        return real(events, cache)

    state_cache_module.merge_events = slow
    try:
        yield
    finally:
        state_cache_module.merge_events = real


def _slow_bucket() -> tuple[_Clock, StateCache, dict[str, dict]]:
    """A cache holding bucket 2022-02 with article a, whose first (whole) merge took 1 s."""
    clock = _Clock()
    cache = StateCache(clock)
    table: dict[str, bytes] = {}
    cache.store("2022-02", {"a": _slot(A1)}, table)
    with _merges_take_one_second(clock):
        cache.merge("2022-02")
    return clock, cache, table


def test_a_slow_merge_spaces_the_next_one_by_its_cost() -> None:
    clock, cache, table = _slow_bucket()
    cache.store("2022-02", {"a": _slot(A1), "b": _slot(B1)}, table)
    clock.now += COST_FACTOR * 1.0 - 0.01
    assert cache.due() == []
    clock.now += 0.01
    assert cache.due() == ["2022-02"]


def _two_buckets() -> tuple[_Clock, StateCache]:
    clock = _Clock()
    cache = StateCache(clock)
    table: dict[str, bytes] = {}
    cache.store("2022-01", {"a": _slot(A1)}, table)
    cache.store("2022-02", {"b": _slot(B1)}, table)
    return clock, cache


def test_merging_takes_at_most_its_share_of_the_time() -> None:
    clock, cache = _two_buckets()
    with _merges_take_one_second(clock):
        assert cache.next_due() == "2022-01"  # the first dirty, first merged
        cache.merge("2022-01")
    # one second of merging spent a credit of MAX_CREDIT_S: the rest waits until it refills
    assert cache.due() == ["2022-02"]
    assert cache.next_due() is None
    clock.now += (1.0 - MAX_CREDIT_S) / MERGE_SHARE + 0.01
    assert cache.next_due() == "2022-02"


def _slot(update: BucketUpdate) -> ArticleSlot:
    return ArticleSlot(
        version=update.version,
        revision=update.revision,
        article=update.article,
        events=update.events,
    )


C1 = _update(
    "c", "Shells hit a kindergarten in Stanytsia Luhanska on Thursday, the mayor said.", 7, "Post"
)


def test_a_big_bucket_shows_new_articles_at_once_and_is_merged_exactly_when_quiet() -> None:
    clock = _Clock()
    cache = StateCache(clock)
    table: dict[str, bytes] = {}
    cache.store("2022-02", {"a": _slot(A1)}, table)
    with _merges_take_one_second(clock):  # a bucket whose whole merge is slow
        cache.merge("2022-02")
    clock.now += COST_FACTOR
    cache.store("2022-02", {"a": _slot(A1), "b": _slot(B1)}, table)
    cache.store("2022-02", {"a": _slot(A1), "b": _slot(B1), "c": _slot(C1)}, table)
    assert cache.next_due() == "2022-02"
    assert cache.merge("2022-02") is True  # incremental: b and c placed, a's entry kept
    assert [sorted(s.article_id for s in e.sources) for e in cache.entries(table)] == [
        ["a", "b", "c"]
    ]
    assert cache.pending == 1  # shown, but not yet exactly merged
    assert cache.due() == []
    clock.now += QUIET_S
    assert cache.due() == ["2022-02"]
    cache.merge("2022-02")
    assert cache.pending == 0
    whole = apply_updates(None, "2022-02", [A1, B1, C1])
    assert whole is not None and cache.get("2022-02", table) == whole


def test_a_bucket_that_never_goes_quiet_is_still_merged_exactly() -> None:
    clock, cache, table = _slow_bucket()
    clock.now += COST_FACTOR  # (the slow merge ended at 101)
    slots = {"a": _slot(A1)}
    exact_at = None
    merged_at = []
    for step, update in enumerate([B1, C1] * 40):
        clock.now += 1.0  # an update every second, never QUIET_S apart
        slots = {
            **slots,
            update.article.id: _slot(update.model_copy(update={"version": step + 10})),
        }
        cache.store("2022-02", slots, table)
        if cache.next_due() == "2022-02":
            cache.merge("2022-02")
            merged_at.append(clock.now)
        if cache.pending == 0:
            exact_at = clock.now
            break
    # incremental merges meanwhile: at once while b and c are new (no entry cites them yet),
    # then every RESTING_GAP_S (corrections of articles already shown); a whole merge once
    # the bucket has been inexact for MAX_INEXACT_S
    first_incremental = 101.0 + COST_FACTOR + 1.0
    assert merged_at[:3] == [first_incremental, first_incremental + 1, first_incremental + 3]
    assert all(b - a == RESTING_GAP_S for a, b in itertools.pairwise(merged_at[2:]))
    assert exact_at is not None
    assert first_incremental + MAX_INEXACT_S <= exact_at < first_incremental + MAX_INEXACT_S + 2


def test_merging_may_take_more_of_the_time_while_the_worker_keeps_up() -> None:
    due = []
    for share in (IDLE_MERGE_SHARE, MERGE_SHARE):
        clock, cache = _two_buckets()
        with _merges_take_one_second(clock):
            cache.merge("2022-01")  # the credit is now MAX_CREDIT_S - 1 s
        clock.now += 0.5
        due.append(cache.next_due(share))
    # 1.5 s at the larger share refills the credit above zero, at the smaller share not
    assert due == ["2022-02", None]


def test_an_article_no_entry_shows_yet_is_merged_first_in_its_cheapest_bucket() -> None:
    clock = _Clock()
    cache = StateCache(clock)
    table: dict[str, bytes] = {}
    cache.store("2022-02", {"a": _slot(A1)}, table)
    cache.store("2022-01", {"a": _slot(A1)}, table)
    cache.merge("2022-02")
    cache.merge("2022-01")
    cache._buckets["2022-01"].last_cost = 0.001  # the cheaper of the two
    cache._buckets["2022-02"].last_cost = 0.5
    clock.now += MIN_GAP_S
    # b is new (no entry cites it): one of its buckets, the cheapest, goes first
    cache.store("2022-02", {"a": _slot(A1), "b": _slot(B1)}, table)
    cache.store("2022-01", {"a": _slot(A1), "b": _slot(B1)}, table)
    assert cache.due() == ["2022-01"]
    cache.merge("2022-01")
    assert [e.id for e in cache.entries_of("b", table)]
    # b shows now: its other bucket waits for the resting gap, as corrections do
    assert cache.due() == []
    clock.now += RESTING_GAP_S
    assert cache.due() == ["2022-02"]


def test_while_articles_wait_only_the_merges_that_show_new_articles_are_done() -> None:
    clock = _Clock()
    cache = StateCache(clock)
    table: dict[str, bytes] = {}
    cache.store("2022-02", {"a": _slot(A1)}, table)
    cache.merge("2022-02")
    clock.now += RESTING_GAP_S
    cache.store("2022-02", {"a": _slot(A2)}, table)  # a correction of an article shown
    cache.store("2022-01", {"b": _slot(B1)}, table)  # a new article
    assert cache.due() == ["2022-01", "2022-02"]
    assert cache.due(urgent_only=True) == ["2022-01"]
    assert cache.next_due(IDLE_MERGE_SHARE, urgent_only=True) == "2022-01"
    cache.merge("2022-01")
    assert cache.next_due(MERGE_SHARE, urgent_only=True) is None
    assert cache.next_due(IDLE_MERGE_SHARE) == "2022-02"


def test_a_merge_pass_plans_once_and_ends_when_the_share_is_spent() -> None:
    """The order is worked out when the pass starts: a bucket stored meanwhile waits for the
    next pass, one dropped meanwhile (a rebalance) is skipped, and a merge that spends the
    credit ends the pass."""
    clock = _Clock()
    cache = StateCache(clock)
    table: dict[str, bytes] = {}
    for bucket, slot in (("2022-01", A1), ("2022-02", B1), ("2022-03", C1)):
        cache.store(bucket, {slot.article.id: _slot(slot)}, table)
    passing = cache.merge_pass(MERGE_SHARE)
    assert next(passing) == "2022-01"  # three new articles: their buckets, cheapest first
    cache.merge("2022-01")
    cache.store("2021-12", {"d": _slot(A1.model_copy(update={"version": 9}))}, table)
    assert next(passing) == "2022-02"
    with _merges_take_one_second(clock):
        cache.merge("2022-02")  # a second of merging: more than the credit
    assert list(passing) == []
    clock.now += 1.0 / MERGE_SHARE
    assert list(cache.merge_pass(MERGE_SHARE)) == ["2021-12", "2022-03"]
    passing = cache.merge_pass(MERGE_SHARE)
    assert next(passing) == "2021-12"
    cache.clear()
    assert list(passing) == []


class _RecordingTable(dict[str, bytes]):
    def __init__(self) -> None:
        super().__init__()
        self.written: list[str] = []

    def __setitem__(self, key: str, value: bytes) -> None:
        self.written.append(key)
        super().__setitem__(key, value)


def test_storing_an_update_writes_and_marks_only_the_articles_it_touched() -> None:
    table = _RecordingTable()
    cache = StateCache(_Clock())
    cache.store("2022-02", {"a": _slot(A1), "b": _slot(B1)}, table)
    cache.merge("2022-02")
    for version, touched in ((8, ["c"]), (9, None)):  # told which article changed, or not
        update = C1.model_copy(update={"version": version})
        slots = update_slots(cache.slots("2022-02", table), [update])
        assert slots is not None
        table.written.clear()
        cache.store("2022-02", slots, table, touched)
        assert table.written == [slot_key("2022-02", "c")]
        assert cache._buckets["2022-02"].changed == {"c"}
        cache.merge("2022-02", whole=True)


def test_a_cold_bucket_lets_go_of_its_rows_and_reads_them_back_on_its_next_update() -> None:
    """Released, a bucket still answers queries with its entries; its next update reads its
    rows back from the table, and merging goes on from exactly what it held."""
    clock = _Clock()
    cache = StateCache(clock)
    table: dict[str, bytes] = {}
    first = apply_updates(None, "2022-02", [A1])
    assert first is not None
    cache.store("2022-02", first.articles, table)
    cache.merge_all(table)
    shown = cache.entries(table)
    assert [len(e.sources) for e in shown] == [1]
    clock.now += COLD_S - 0.01  # the merge ended at 100
    assert cache.release_cold() == 0 and cache.resident("2022-02")
    clock.now += 0.01
    assert cache.release_cold() == 1 and not cache.resident("2022-02")
    assert cache.release_cold() == 0  # once
    assert cache.entries(table) == shown and cache.entries_of("a", table) == shown
    assert cache.counts(table) == (len(A1.events), 1) and cache.pending == 0
    assert cache.merge("2022-02") is False  # nothing to do: it is exact
    # the next update: the rows come back from the table, and B1 joins A1's entry
    before = cache.slots("2022-02", table)
    assert cache.resident("2022-02") and (cache.released, cache.reloaded) == (1, 1)
    assert before == first.articles
    both = apply_updates(first, "2022-02", [B1])
    assert both is not None
    cache.store("2022-02", both.articles, table)
    assert cache.merge("2022-02") is True
    assert cache.get("2022-02", table) == both
    assert _sources(cache.get("2022-02", table)) == [[("a", "2022-02-17"), ("b", "2022-02-17")]]
    # a bucket that keeps changing is never released
    clock.now += COLD_S
    cache.store("2022-02", apply_update(both, A2).articles, table)  # type: ignore[union-attr]
    assert cache.release_cold() == 0 and cache.resident("2022-02")
