"""Publication dates: field > dateline > (cross-article) > plausible message timestamp."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Article, PublishedAtSource
from timeline.dating import (
    dateline_span,
    implausibility,
    publication_from_dateline,
    resolve_publication,
)

D17 = datetime(2022, 2, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2022-02-17 Russia has been accused of trying.\n\nBody.", D17),
        ("date 2022-02-17\n\nBody.", D17),
        ("KYIV, Feb 17, 2022 (Reuters) - Russian forces moved.", D17),
        ("WASHINGTON, Feb. 17, 2022 (AP) — The talks ended.", D17),
        (
            "Headline here\n\nSALTMERE, March 10, 2023 (Tidewater Bulletin) — Dockworkers agreed.",
            datetime(2023, 3, 10, tzinfo=UTC),
        ),
        ("Published: 17 February 2022\n\nText here.", D17),
        (
            "Some title\nUpdated 18 Feb 2022 10:02 GMT\n\nBody text.",
            datetime(2022, 2, 18, 10, 2, tzinfo=UTC),
        ),
        (
            "First published on Thu 17 Feb 2022 10.02 GMT\nBody.",
            datetime(2022, 2, 17, 10, 2, tzinfo=UTC),
        ),
        # year-less wire datelines: the year only when the text settles it
        ("KYIV, Feb 17 (Reuters) - Troops moved. On Feb 17, 2022 they moved again.", D17),
        ("BRUSSELS, Feb 17 (Amberline) - Troops in the Allied Resolve 2022 drills moved.", D17),
        ("KYIV, Feb 17 (Reuters) - Separatists have fought since 2014.", None),
        ("KYIV, Feb 17 (Reuters) - The region was taken in 2014 and lost in 2015.", None),
        ("KYIV, Feb 17 (Reuters) - Nothing else here.", None),
        ("Updated 18 Feb 10:02 GMT\n\nBody with 2014 and 2022 in it.", None),
        ("A plain article with no dateline. Troops moved in 2022.", None),
        ("In the village, date palms grew.", None),
    ],
)
def test_datelines(text: str, expected: datetime | None) -> None:
    assert publication_from_dateline(text) == expected


def test_year_from_the_article_url() -> None:
    text = "MOSCOW, Feb. 16 (Pannonia Press) — Russia's Defence Ministry released video."
    assert publication_from_dateline(text) is None
    url = "https://example.org/pannonia/2022/02/16/crimea-trains"
    assert publication_from_dateline(text, [url]) == datetime(2022, 2, 16, tzinfo=UTC)
    art = Article(id="p", text=text, url=url)
    assert resolve_publication(art, None).published_at_source == PublishedAtSource.DATELINE


def test_dateline_span_covers_a_yearless_dateline_too() -> None:
    text = "KYIV, Feb 17 (Reuters) - Nothing else here."
    span = dateline_span(text)
    assert span is not None and text[span[1] :].startswith("Nothing")


def test_precedence_field_then_dateline_then_timestamp() -> None:
    ts = datetime(2022, 2, 18, 9, tzinfo=UTC)
    with_field = Article(id="a", text=" date 2022-02-17 Body.", published_at="2022-02-16T10:00:00Z")
    rec = resolve_publication(with_field, ts)
    assert rec.published_at_source == PublishedAtSource.FIELD
    assert rec.published_at == datetime(2022, 2, 16, 10, tzinfo=UTC)
    rec = resolve_publication(Article(id="b", text=" date 2022-02-17 Body."), ts)
    assert (rec.published_at, rec.published_at_source) == (D17, PublishedAtSource.DATELINE)
    rec = resolve_publication(Article(id="c", text="Troops moved in 2022 on Tuesday."), ts)
    assert (rec.published_at, rec.published_at_source) == (ts, PublishedAtSource.MESSAGE_TIMESTAMP)
    rec = resolve_publication(Article(id="d", text="Nothing dates this."), None)
    assert (rec.published_at, rec.published_at_source) == (None, PublishedAtSource.NONE)


@pytest.mark.parametrize(
    ("text", "year", "plausible"),
    [
        ("The region was taken in 2014 ... violations over the eight-year conflict.", 2026, False),
        ("The region was taken in 2014 ... violations over the eight-year conflict.", 2022, True),
        ("Fighting since 2014 has killed thousands.", 2026, False),
        ("Fighting since 2014 has killed thousands; elections are due in 2026.", 2026, True),
        ("A text with no year at all.", 2026, True),
        ("The 2025 budget was passed.", 2026, True),
        ("A decade-long war that began in 2014, now in its 12th year.", 2026, True),
    ],
)
def test_message_timestamp_plausibility(text: str, year: int, plausible: bool) -> None:
    assert (implausibility(text, datetime(year, 5, 1, tzinfo=UTC)) is None) is plausible


def test_implausible_timestamp_is_not_used_and_says_why() -> None:
    art = Article(id="x", text="Taken from Ukraine in 2014 ... the eight-year conflict.")
    rec = resolve_publication(art, datetime(2026, 11, 25, tzinfo=UTC))
    assert rec.published_at is None and rec.published_at_source == PublishedAtSource.NONE
    assert any("not used" in w for w in rec.warnings)


_BITS = [
    " date 2022-02-17 ",
    "Published: ",
    "Updated 18 Feb ",
    "KYIV, Feb 17 (Reuters) - ",
    "2022",
    "since 2014 ",
    "eight-year ",
    "\n\n",
    "Thu 17 Feb 2022 10.02 GMT",
    "Allied Resolve 2022 ",
    "31 Feb ",
    "x",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_BITS), max_size=10).map("".join) | st.text(max_size=200))
def test_dating_never_raises(text: str) -> None:
    publication_from_dateline(text)
    dateline_span(text)
    implausibility(text, datetime(2026, 1, 1, tzinfo=UTC))
