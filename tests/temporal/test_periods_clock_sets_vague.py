"""Quarters, halves, seasons, weeks, clock times, parts of day, sets and vague references."""

from __future__ import annotations

import pytest

from models.mention import TimeType
from tests.temporal.helpers import find, only, utc


@pytest.mark.parametrize(
    ("sentence", "surface", "type_", "value"),
    [
        ("Profit fell in the first quarter.", "the first quarter", "DATE", "2022-Q1"),
        ("Third-quarter profit fell.", "Third-quarter", "DATE", "2022-Q3"),
        (
            "Profit fell in the third quarter of 2020.",
            "the third quarter of 2020",
            "DATE",
            "2020-Q3",
        ),
        ("Sales doubled in Q2 2021.", "Q2 2021", "DATE", "2021-Q2"),
        ("Sales rose in the first half of 2021.", "the first half of 2021", "DATE", "2021-H1"),
        ("The offensive is expected in the spring.", "the spring", "DATE", "2022-SP"),
        ("Prices rose last summer.", "last summer", "DATE", "2021-SU"),
        ("It opens in the first week of July.", "the first week of July", "DATE", "2022-W26"),
        (
            "The ceasefire starts at 5 p.m. on Sunday.",
            "5 p.m. on Sunday",
            "TIME",
            "2022-02-13T17:00",
        ),
        ("The curfew begins at 17:00 GMT.", "17:00 GMT", "TIME", "2022-02-17T17:00"),
        ("The deadline is midnight.", "midnight", "TIME", "2022-02-17T24:00"),
        ("They met at noon.", "noon", "TIME", "2022-02-17T12:00"),
        ("Crowds gathered on Thursday evening.", "Thursday evening", "TIME", "2022-02-17TEV"),
        ("The council meets every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
        ("The paper is published daily.", "daily", "SET", "P1D"),
        ("Rents are reviewed annually.", "annually", "SET", "P1Y"),
        ("The talks are now over.", "now", "DATE", "PRESENT_REF"),
        ("Troops are currently deployed.", "currently", "DATE", "PRESENT_REF"),
        ("The plant recently closed.", "recently", "DATE", "PAST_REF"),
        ("Moscow offered that years ago.", "years ago", "DATE", "PAST_REF"),
        ("More talks are planned in the coming weeks.", "the coming weeks", "DATE", "FUTURE_REF"),
        ("An uptick is common at this time of year.", "this time of year", "SET", "XXXX-02"),
    ],
)
def test_family(sentence: str, surface: str, type_: str, value: str) -> None:
    m = find(sentence, surface)
    assert (m.type, m.value) == (TimeType(type_), value)


def test_quarter_interval() -> None:
    m = only("Profit fell in the first quarter.")
    assert (m.start_time, m.end_time) == (utc(2022, 1, 1), utc(2022, 4, 1))


def test_clock_interval() -> None:
    m = only("The curfew begins at 17:00 GMT.")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 17, 17), utc(2022, 2, 17, 17, 1))


def test_years_ago_ends_before_publication_year() -> None:
    m = only("Moscow offered that years ago.")
    assert m.start_time is None
    assert m.end_time == utc(2022, 1, 1)


def test_sets_have_no_interval() -> None:
    m = only("The council meets every Monday.")
    assert m.start_time is None and m.end_time is None
