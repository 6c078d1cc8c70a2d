"""Property tests: ``tag`` never raises, spans lie inside the text, intervals are ordered."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from temporal import tag
from temporal.rows import tag_line, tag_row

_WORDS = [
    "on",
    "Tuesday",
    "last",
    "next",
    "week",
    "the",
    "past",
    "48",
    "hours",
    "since",
    "2014",
    "until",
    "20",
    "January",
    "May",
    "march",
    "We",
    "second",
    "7,000",
    "a",
    "few",
    "days",
    "ago",
    "later",
    "two",
    "years",
    "early",
    "mid-",
    "the end of",
    "quarter",
    "third",
    "5",
    "p.m.",
    "17:00",
    "GMT",
    "every",
    "Monday",
    "night",
    "today",
    "yesterday",
    "tomorrow",
    "now",
    "1990s",
    "century",
    "-",
    ",",
    ".",
    "Feb.",
    "29",
    "31",
    "February",
    "9999",
    "0",
    "000",
    "between",
    "and",
    "from",
    "to",
    "Q4",
    "half",
    "spring",
    "fall",
    "noon",
    "midnight",
    "o'clock",
    "twenty",
    "four",
    "fiscal",
]

_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join),
)
_anchors = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1, 1, 3), max_value=datetime(9999, 12, 29)),
    st.datetimes(
        min_value=datetime(1, 1, 3),
        max_value=datetime(9999, 12, 29),
        timezones=st.just(timezone(timedelta(hours=5))),
    ),
)


@given(_texts, _anchors)
def test_tag_is_total(text: str, anchor: datetime | None) -> None:
    mentions = tag(text, anchor)
    last_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.start >= last_end  # sorted, non-overlapping
        last_end = m.end
        if m.start_time is not None and m.end_time is not None:
            assert m.start_time <= m.end_time
        for t in (m.start_time, m.end_time):
            assert t is None or t.utcoffset() == timedelta(0)


@given(
    st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join),
    st.sampled_from(["DMY", "MDY", "YMD", "bad"]),
)
def test_date_order_never_breaks(text: str, order: str) -> None:
    tag(text, datetime(2022, 2, 17, tzinfo=UTC), date_order=order)


@given(st.text(max_size=200))
def test_rows_are_total(line: str) -> None:
    out = tag_line(line)
    assert "timexes" in out


@given(
    st.dictionaries(
        st.sampled_from(["id", "published_at", "text", "x"]),
        st.one_of(
            st.none(), st.integers(), st.text(max_size=60), st.lists(st.integers(), max_size=2)
        ),
    )
)
def test_row_dicts_are_total(row: dict[str, object]) -> None:
    out = tag_row(row)
    assert isinstance(out["timexes"], list)


def test_no_rule_fails_on_news_text(caplog: pytest.LogCaptureFixture, samples_dir: Path) -> None:
    """Rules swallow their own errors to keep ``tag`` total; make sure none actually happen."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples_dir.glob("*.txt"))]
    texts.append(" ".join(_WORDS))
    texts.append("But a minute and a half later, 2 1/2 years, 1.5 hours and 0.5 days passed.")
    with caplog.at_level(logging.ERROR, logger="temporal"):
        for text in texts:
            for anchor in (
                None,
                datetime(2022, 2, 17, tzinfo=UTC),
                datetime(1, 1, 3),
                datetime(9999, 12, 29),
            ):
                tag(text, anchor)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
