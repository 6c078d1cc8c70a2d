"""Query parameters of /api/timeline and `timewire query`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models import EntrySource, Granularity, TimelineEntry
from streams.api_query import QueryError, TimelineQuery, encode_cursor, paginate, sort_entries


def entry(eid: str, start: str, end: str, label: str, **kw: object) -> TimelineEntry:
    src = EntrySource(
        article_id=kw.pop("article", "a1"),
        event_id="a1#0",
        outlet=kw.pop("outlet", "Wire"),
        sentence=kw.pop("sentence", label),
        mention_text="x",
        value="2022",
    )  # type: ignore[arg-type]
    return TimelineEntry(
        id=eid,
        bucket="b",
        start=datetime.fromisoformat(start).replace(tzinfo=UTC),
        end=datetime.fromisoformat(end).replace(tzinfo=UTC),
        value="v",
        label=label,
        sources=[src],
        n_sources=1,
        **kw,
    )  # type: ignore[arg-type]


SHELLING = entry(
    "e1",
    "2022-02-17",
    "2022-02-18",
    "Kindergarten shelled",
    actors=["Ukraine"],
    places=["Stanytsia Luhanska"],
    granularity=Granularity.DAY,
    outlet="Steppe Report",
)
WAR = entry(
    "e2", "2014-01-01", "2022-02-17", "War since 2014", granularity=Granularity.YEAR, disputed=True
)
STRIKE = entry(
    "e3",
    "2023-03-06",
    "2023-03-07",
    "Port strike begins",
    outlet="Coastline Chronicle",
    article="coast-17",
)


def test_dates_accept_partial_forms() -> None:
    q = TimelineQuery.from_params({"from": "2022-02", "to": "2022-02-17"})
    assert q.from_ == datetime(2022, 2, 1, tzinfo=UTC)
    assert q.to == datetime(2022, 2, 18, tzinfo=UTC)  # the whole of the 17th
    assert TimelineQuery.from_params({"to": "2022-12"}).to == datetime(2023, 1, 1, tzinfo=UTC)
    assert TimelineQuery.from_params({"to": "2014"}).to == datetime(2015, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"from": "soonish"}, "from"),
        ({"to": "2022-99-99"}, "to"),
        ({"granularity": "fortnight"}, "granularity"),
        ({"disputed": "maybe"}, "disputed"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_bad_parameters_name_themselves(params: dict[str, str], param: str) -> None:
    with pytest.raises(QueryError) as info:
        TimelineQuery.from_params(params)
    assert info.value.param == param


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["e1", "e2", "e3"]),
        ({"from": "2022-02-17", "to": "2022-02-17"}, ["e1"]),  # e2 ends as the 17th begins
        ({"from": "2022-02-16", "to": "2022-02-17"}, ["e1", "e2"]),
        ({"from": "2022-02-18"}, ["e3"]),
        ({"to": "2015-01-01"}, ["e2"]),
        ({"q": "kindergarten SHELLED"}, ["e1"]),
        ({"q": "kindergarten strike"}, []),
        ({"actor": "ukr"}, ["e1"]),
        ({"place": "luhansk"}, ["e1"]),
        ({"source": "coastline"}, ["e3"]),
        ({"source": "coast-1"}, ["e3"]),  # source: a substring of the outlet or the id
        ({"article": "coast-17"}, ["e3"]),  # article: the exact id
        ({"article": "coast-1"}, []),
        ({"article": "COAST-17"}, []),
        ({"granularity": "year"}, ["e2"]),
        ({"disputed": "true"}, ["e2"]),
        ({"disputed": "false"}, ["e1", "e3"]),
    ],
)
def test_filters(params: dict[str, str], expected: list[str]) -> None:
    q = TimelineQuery.from_params(params)
    assert [e.id for e in sort_entries([STRIKE, SHELLING, WAR]) if q.matches(e)] == [
        e for e in ["e2", "e1", "e3"] if e in expected
    ]


def test_params_round_trip() -> None:
    q = TimelineQuery.from_params({"from": "2022-02-01", "q": "troops", "disputed": "true"})
    assert q.as_params() == {"from": "2022-02-01T00:00:00+00:00", "q": "troops", "disputed": "true"}
    assert TimelineQuery.from_params(q.as_params()) == q


def test_sort_is_chronological_and_deduplicated() -> None:
    assert [e.id for e in sort_entries([STRIKE, SHELLING, WAR, SHELLING])] == ["e2", "e1", "e3"]


def _many(n: int) -> list[TimelineEntry]:
    return [
        entry(f"m{i:03d}", f"2022-02-{1 + i % 28:02d}", f"2022-02-{2 + i % 27:02d}", f"event {i}")
        for i in range(n)
    ]


def test_pages_follow_the_cursor_without_gaps_or_repeats() -> None:
    entries = _many(57)
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params = {"limit": "10", **({"cursor": cursor} if cursor else {})}
        page = paginate(entries, TimelineQuery.from_params(params))
        seen.extend(e.id for e in page.entries)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 6
    assert seen == [e.id for e in sort_entries(entries)]


def test_last_page_has_no_cursor_unless_a_peer_has_more() -> None:
    entries = _many(5)
    q = TimelineQuery.from_params({"limit": "5"})
    assert paginate(entries, q).next_cursor is None
    assert paginate(entries, q, more=True).next_cursor == encode_cursor(sort_entries(entries)[-1])


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "5001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_paging_parameters(params: dict[str, str], param: str) -> None:
    with pytest.raises(QueryError) as info:
        TimelineQuery.from_params(params)
    assert info.value.param == param
