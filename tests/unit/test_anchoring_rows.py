"""Rows of the anchoring table: dated articles stored as received and parsed only when an
undated article needs them; undated rows as JSON."""

from __future__ import annotations

from datetime import UTC, datetime

from models import AnchoringMessage, Article, ArticleRecord, PublishedAtSource
from streams.anchoring_rows import DatedEvents, put_undated_row, undated_row
from timeline.extract import extract_events

PUBLISHED = datetime(2022, 2, 17, 12, tzinfo=UTC)


def _dated(article_id: str, text: str) -> bytes:
    record = ArticleRecord(
        id=article_id, published_at=PUBLISHED, published_at_source=PublishedAtSource.FIELD
    )
    article = Article(id=article_id, text=text, published_at=PUBLISHED)
    events = extract_events(article, record)
    return AnchoringMessage(kind="dated", article_id=article_id, version=1, events=events).to_wire()


A = _dated("a", "Shells hit a kindergarten in Stanytsia Luhanska on Thursday, officials said.")
B = _dated("b", "Russia announced on Tuesday that it was pulling some troops back.")


def test_dated_rows_are_kept_as_received_and_parsed_on_first_need() -> None:
    table: dict[str, bytes] = {}
    dated = DatedEvents()
    dated.put(table, "a", A)
    assert table == {"dated:a": A}
    assert dated._parsed is None  # nothing parsed while no undated article asks
    events = dated.all(table)
    assert [e.id for e in events] == ["a#1"]
    assert events[0].mention.value == "2022-02-17"
    # from now on each new dated article is parsed once, as it arrives
    dated.put(table, "b", B)
    assert sorted(e.id for e in dated.all(table)) == ["a#1", "b#1"]
    dated.discard(table, "a")
    assert [e.id for e in dated.all(table)] == ["b#1"] and "dated:a" not in table


def test_after_a_rebalance_the_events_are_read_again_from_the_table() -> None:
    table: dict[str, bytes] = {"dated:a": A}
    dated = DatedEvents()
    assert [e.id for e in dated.all(table)] == ["a#1"]
    table["dated:b"] = B  # the partition moved: other rows
    del table["dated:a"]
    dated.reset()
    assert [e.id for e in dated.all(table)] == ["b#1"]


def test_an_unreadable_row_costs_its_article_only() -> None:
    table: dict[str, bytes] = {"dated:a": A, "dated:x": b"{not json"}
    assert [e.id for e in DatedEvents().all(table)] == ["a#1"]


def test_undated_rows_round_trip_as_json() -> None:
    table: dict[str, bytes] = {}
    assert undated_row(table, "u") is None
    row = {"article": {"id": "u", "text": "On Thursday ..."}, "version": 3, "record": None}
    put_undated_row(table, "u", row)
    assert table["undated:u"].startswith(b"{")
    assert undated_row(table, "u") == row
