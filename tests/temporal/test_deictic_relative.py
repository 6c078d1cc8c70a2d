"""Deictic and relative expressions against the publication date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from models.mention import Direction, Granularity, TimeType
from tests.temporal.helpers import PUB, find, only, utc


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


@pytest.mark.parametrize(
    ("sentence", "published", "surface", "value", "interval", "direction"),
    [
        (
            "Police said the man was arrested yesterday evening.",
            PUB,
            "yesterday evening",
            "2022-02-16TEV",
            (utc(2022, 2, 16, 18), utc(2022, 2, 17)),
            Direction.PAST,
        ),
        (
            "Prices fell sharply earlier this week.",
            PUB,
            "earlier this week",
            "2022-W07",
            (utc(2022, 2, 14), utc(2022, 2, 17)),  # Monday up to the publication day
            Direction.SAME,
        ),
        (
            "The company was founded late last year.",
            PUB,
            "late last year",
            "2021",
            (utc(2021, 9, 1), utc(2022, 1, 1)),
            Direction.PAST,
        ),
        (
            "Protests are planned this weekend.",
            PUB,
            "this weekend",
            "2022-W07-WE",
            (utc(2022, 2, 19), utc(2022, 2, 21)),
            Direction.FUTURE,  # published on a Thursday: the weekend ahead
        ),
        (
            "Protesters clashed with police over the weekend.",
            utc(2022, 2, 21),  # a Monday
            "the weekend",
            "2022-W07-WE",
            (utc(2022, 2, 19), utc(2022, 2, 21)),
            Direction.PAST,
        ),
        (
            "Protesters clashed with police last weekend.",
            PUB,
            "last weekend",
            "2022-W06-WE",
            (utc(2022, 2, 12), utc(2022, 2, 14)),
            Direction.PAST,
        ),
        (
            "They will meet again next Monday.",
            PUB,
            "next Monday",
            "2022-02-21",
            (utc(2022, 2, 21), utc(2022, 2, 22)),
            Direction.FUTURE,
        ),
    ],
)
def test_news_relatives(
    sentence: str,
    published: datetime,
    surface: str,
    value: str,
    interval: tuple[datetime, datetime],
    direction: Direction,
) -> None:
    m = find(sentence, surface, published)
    assert m.value == value
    assert (m.start_time, m.end_time) == interval
    assert m.direction == direction


def test_this_weekend_on_a_saturday_is_that_weekend() -> None:
    m = only("Protests are planned this weekend.", utc(2022, 2, 19))
    assert (m.value, m.direction) == ("2022-W07-WE", Direction.SAME)


def test_in_the_coming_days_is_open_from_publication() -> None:
    m = only("More rain is forecast in the coming days.")
    assert (m.text, m.value, m.direction) == ("the coming days", "FUTURE_REF", Direction.FUTURE)
    assert (m.start_time, m.end_time) == (PUB, None)


@pytest.mark.parametrize(
    ("sentence", "published", "interval"),
    [
        ("It closed earlier this month.", PUB, (utc(2022, 2, 1), utc(2022, 2, 17))),
        ("Earlier this year, prices rose.", PUB, (utc(2022, 1, 1), utc(2022, 2, 17))),
        ("Talks resume later this week.", utc(2022, 2, 15), (utc(2022, 2, 15), utc(2022, 2, 21))),
        ("It will close later this year.", utc(2022, 11, 20), (utc(2022, 11, 20), utc(2023, 1, 1))),
    ],
)
def test_earlier_and_later_this_unit_split_at_publication(
    sentence: str, published: datetime, interval: tuple[datetime, datetime]
) -> None:
    m = only(sentence, published)
    assert (m.start_time, m.end_time) == interval
