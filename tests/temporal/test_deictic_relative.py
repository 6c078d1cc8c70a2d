"""Deictic and relative expressions against the publication date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from models.mention import Granularity, TimeType
from tests.temporal.helpers import find, only, utc


@pytest.mark.parametrize(
    ("sentence", "surface", "type_", "value"),
    [
        ("Today, the minister spoke.", "Today", "DATE", "2022-02-17"),
        ("The minister spoke yesterday.", "yesterday", "DATE", "2022-02-16"),
        ("The minister speaks tomorrow.", "tomorrow", "DATE", "2022-02-18"),
        ("The minister speaks tonight.", "tonight", "TIME", "2022-02-17TNI"),
        ("The minister spoke this morning.", "this morning", "TIME", "2022-02-17TMO"),
        ("Sirens sounded last night.", "last night", "TIME", "2022-02-16TNI"),
        ("Talks were held last week.", "last week", "DATE", "2022-W06"),
        ("Talks will be held next month.", "next month", "DATE", "2022-03"),
        ("Growth slowed this year.", "this year", "DATE", "2022"),
        ("Growth slowed last year.", "last year", "DATE", "2021"),
        ("It happened two days ago.", "two days ago", "DATE", "2022-02-15"),
        ("It happened three years ago.", "three years ago", "DATE", "2019"),
        ("The bridge opened a decade ago.", "a decade ago", "DATE", "2012"),
        ("Prices rose in the past year.", "the past year", "DATE", "2021"),
        ("The ship sank five months ago.", "five months ago", "DATE", "2021-09"),
    ],
)
def test_relative(sentence: str, surface: str, type_: str, value: str) -> None:
    m = find(sentence, surface)
    assert (m.type, m.value) == (type_, value)


def test_today_interval() -> None:
    m = only("Today, the minister spoke.")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 17), utc(2022, 2, 18))
    assert m.granularity == Granularity.DAY


def test_last_week_interval_is_the_iso_week() -> None:
    m = only("Talks were held last week.")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 7), utc(2022, 2, 14))
    assert m.granularity == Granularity.WEEK


def test_earlier_this_year_mod_start() -> None:
    m = only("Earlier this year, prices rose.")
    assert (m.text, m.value, m.mod) == ("Earlier this year", "2022", "START")


def test_yesterday_evening_time() -> None:
    m = only("The strike happened yesterday evening.")
    assert (m.type, m.value) == (TimeType.TIME, "2022-02-16TEV")


def test_earlier_in_the_year() -> None:
    m = only("Prices rose earlier in the year.")
    assert (m.text, m.value, m.mod) == ("earlier in the year", "2022", "START")


def test_overnight_is_the_night_before() -> None:
    m = only("Explosions were heard overnight in Kharkiv.")
    assert (m.type, m.value) == (TimeType.TIME, "2022-02-16TNI")


def test_end_of_the_year_in_the_past_tense_early_in_the_year() -> None:
    pub = utc(2013, 3, 22)
    assert only("Cases peaked by the end of the year.", pub).value == "2012"
    assert only("Cases peaked by the end of year.", pub).value == "2012"
    assert only("It will close by the end of the year.", pub).value == "2013"


def test_two_days_off() -> None:
    assert only("He left the day before yesterday.").value == "2022-02-15"
    assert only("They return the day after tomorrow.").value == "2022-02-19"


def test_today_follows_the_publication_time_zone() -> None:
    late_evening = datetime(2022, 2, 17, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    m = only("Today the council voted.", late_evening)
    assert m.value == "2022-02-17"
    m = only("The vote was in the past 24 hours.", late_evening)
    assert m.end_time == utc(2022, 2, 18, 4, 30)
