"""The timeline table's bucket reducer: replacement per article, versions, batches."""

from __future__ import annotations

from datetime import UTC, datetime

from models import Article, ArticleRecord, BucketUpdate, PublishedAtSource
from streams.bucket_state import apply_update, apply_updates
from streams.state_cache import StateCache
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
    table: dict[str, dict] = {}
    cache = StateCache()
    first = apply_updates(None, "2022-02", [A1, B1])
    assert first is not None
    cache.write(None, first, table)
    assert sorted(table) == ["2022-02|a", "2022-02|b"]
    assert table["2022-02|b"]["version"] == 3
    second = apply_update(first, B1.model_copy(update={"events": [], "version": 4}))
    assert second is not None
    cache.write(first, second, table)
    assert sorted(table) == ["2022-02|a"]  # the retraction deleted the row
    assert cache.get("2022-02", table) == second
    # after a rebalance the cache is rebuilt from the rows, merged entries included
    rebuilt = StateCache()
    assert rebuilt.get("2022-02", table) == second
    assert [e.id for e in rebuilt.entries(table)] == [e.id for e in second.entries]
    gone = apply_update(second, A1.model_copy(update={"events": [], "version": 9}))
    assert gone is not None
    cache.write(second, gone, table)
    assert table == {} and cache.get("2022-02", table) is None
