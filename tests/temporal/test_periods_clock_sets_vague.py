"""Quarters, halves, seasons, weeks, clock times, parts of day, sets and vague references."""

from __future__ import annotations

import pytest

from models.mention import TimeType
from tests.temporal.helpers import find, only, utc


@pytest.mark.parametrize(
    ("sentence", "surface", "type_", "value"),
    [
        ("Profit fell in the first quarter.", "the first quarter", "DATE", "2022-Q1"),
        ("Third-quarter profit fell.", "Third-quarter", "DATE", "2021-Q3"),
        ("Third-quarter profit will rise.", "Third-quarter", "DATE", "2022-Q3"),
        ("It reported a third-quarter loss.", "third-quarter", "DATE", "2021-Q3"),
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
            # a present-tense event verb is a schedule: the coming Sunday (published Thursday)
            "The ceasefire starts at 5 p.m. on Sunday.",
            "5 p.m. on Sunday",
            "TIME",
            "2022-02-20T17:00",
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


def test_quarter_extents_drop_articles_and_possessives() -> None:
    assert find("It posted a third-quarter loss.", "third-quarter").value == "2021-Q3"
    assert find("Its fourth quarter ended Sept. 30.", "fourth quarter").value == "2021-Q4"


def test_a_year_ago_after_a_quarter_is_that_quarter() -> None:
    text = "Net income in the third quarter of 1989 rose from $5 million a year ago."
    assert find(text, "a year ago").value == "1988-Q3"
    assert find("Output rose from a year ago.", "a year ago").value == "2021"


def test_around_a_clock_time() -> None:
    m = only("The blast came around 7:15 p.m.")
    assert (m.text, m.value, m.mod) == ("around 7:15 p.m.", "2022-02-17T19:15", "APPROX")


def test_recent_units_are_vague_durations() -> None:
    m = only("Funds have been selling in recent weeks.")
    assert (m.text, m.type, m.value) == ("recent weeks", TimeType.DURATION, "PXW")


def test_vague_minutes_follow_timeml() -> None:
    assert only("It took a few minutes.").value == "PXM"


def test_year_ago_adjective_extent() -> None:
    m = only("Net fell below the year-earlier $4.5 million.")
    assert (m.text, m.value) == ("year-earlier", "2021")


def test_time_zone_moves_the_interval_to_utc() -> None:
    m = only("Bids are due at 5 p.m. EST Nov. 9.", utc(1989, 11, 2))
    assert (m.text, m.type, m.value) == ("5 p.m. EST Nov. 9", TimeType.TIME, "1989-11-09T17:00")
    assert m.start_time == utc(1989, 11, 9, 22)


def test_titles_are_not_dates() -> None:
    from temporal import tag

    assert tag("USA Today reported it.", utc(2022, 2, 17)) == []
    assert tag("It matters in today's world.", utc(2022, 2, 17)) == []
    assert only("Today's meeting was cancelled.").value == "2022-02-17"


def test_clock_time_takes_the_day_of_its_sentence() -> None:
    pub = utc(1998, 8, 8)
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, police said."
    m = find(text, "about 10:35 a.m.", pub)
    assert (m.value, m.mod, m.anchor) == ("1998-08-07T10:35", "APPROX", "mention:2")
    assert find(text, "0735 GMT", pub).value == "1998-08-07T07:35"
    text = "He was shot on Oct. 23. He died at 10 p.m. in his kitchen."
    assert find(text, "10 p.m.", pub).value == "1997-10-23T22:00"


def test_year_end() -> None:
    pub = utc(1989, 10, 30)
    assert only("The deal should close by year-end.", pub).value == "1989-12-31"
    assert only("The index is up 5% since year-end.", pub).value == "1988-12-31"
    m = only("The deal should close around year end.", pub)
    assert (m.text, m.value, m.mod) == ("year end", "1989", "END")


def test_military_time() -> None:
    m = only("The deadline is 1400 hours.")
    assert (m.type, m.value) == (TimeType.TIME, "2022-02-17T14:00")
    assert only("Over 1500 hours of video were filmed.").value == "PT1500H"
