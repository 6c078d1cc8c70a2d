"""Weekdays placed by the tense and modality of their clause."""

from __future__ import annotations

from datetime import datetime

import pytest

from models.mention import Direction, TimeType
from temporal import tag
from tests.temporal.helpers import PUB, find, only, utc


def test_announced_on_tuesday_is_the_tuesday_before() -> None:
    m = only("Russia announced on Tuesday it had begun to pull some troops out.")
    assert m.text == "Tuesday"
    assert m.value == "2022-02-15"
    assert (m.start_time, m.end_time) == (utc(2022, 2, 15), utc(2022, 2, 16))
    assert m.direction == Direction.PAST


def test_will_meet_on_friday_is_the_friday_after() -> None:
    m = only("The ministers will meet on Friday in Brussels.")
    assert m.value == "2022-02-18"
    assert m.direction == Direction.FUTURE


def test_passive_future() -> None:
    assert only("The vote will be held on Monday.").value == "2022-02-21"


def test_same_weekday_as_publication_is_that_day() -> None:
    m = only("Shells hit a kindergarten on Thursday.")
    assert m.value == "2022-02-17"
    assert m.direction == Direction.SAME


def test_later_on_thursday_same_day() -> None:
    m = only("The OSCE is expected to offer its assessment later on Thursday.")
    assert (m.text, m.value) == ("Thursday", "2022-02-17")


def test_last_and_next_weekday() -> None:
    assert only("They met last Thursday.").value == "2022-02-10"
    assert only("They meet next Thursday.").value == "2022-02-24"
    assert only("They met last Monday.").value == "2022-02-14"


def test_weekday_part_of_day_is_a_time() -> None:
    m = only("Explosions were heard on Monday night.")
    assert (m.text, m.type, m.value) == ("Monday night", TimeType.TIME, "2022-02-14TNI")


def test_weekday_with_date() -> None:
    m = only("The deadline is Saturday, February 19.")
    assert (m.text, m.value) == ("Saturday, February 19", "2022-02-19")


def test_weekday_without_anchor_is_underspecified() -> None:
    [m] = tag("Russia announced on Tuesday it had begun.", None)
    assert m.value == "XXXX-WXX-2"
    assert m.start_time is None and m.anchor == "none"


def test_reported_past_with_future_clause() -> None:
    text = "He said on Monday that talks would resume on Friday."
    assert find(text, "Monday").value == "2022-02-14"
    assert find(text, "Friday").value == "2022-02-18"


def test_published_date_only_is_midnight() -> None:
    assert only("It was announced on Wednesday.", PUB).value == "2022-02-16"


def test_set_to_is_future() -> None:
    assert only("The peace talks are set to resume Monday in Belfast.").value == "2022-02-21"


def test_governing_verb_on_the_left_wins() -> None:
    text = "Protesters planned a demonstration on Saturday and were planning to march."
    assert find(text, "Saturday").value == "2022-02-19"


def test_possessive_weekday_extent() -> None:
    m = only("Friday's ruling was appealed.")
    assert (m.text, m.value) == ("Friday", "2022-02-11")


# Future cues that news uses for schedules: modals, "due to", "expected to", "plans to", "is to",
# "set to", "ahead of", present-tense event verbs and "until" (published dates vary by case).
@pytest.mark.parametrize(
    ("sentence", "published", "surface", "value"),
    [
        # published Tuesday 7 March 2023: the "a.m." period does not end the sentence
        (
            "The curfew is due to end at 6 a.m. on Thursday.",
            utc(2023, 3, 7),
            "6 a.m. on Thursday",
            "2023-03-09T06:00",
        ),
        ("The curfew is due to end on Thursday.", utc(2023, 3, 7), "Thursday", "2023-03-09"),
        ("The exercises run until Sunday.", utc(2022, 2, 18), "Sunday", "2022-02-20"),
        (
            "The joint drills, which began last week, run until Sunday, the ministry said.",
            utc(2022, 2, 18),
            "Sunday",
            "2022-02-20",
        ),
        ("The drills are expected to last until Sunday.", utc(2022, 2, 18), "Sunday", "2022-02-20"),
        (
            "Parliament is scheduled to vote on Wednesday.",
            utc(2023, 3, 13),
            "Wednesday",
            "2023-03-15",
        ),
        (
            "The president will travel to Warsaw on Tuesday.",
            utc(2023, 2, 17),
            "Tuesday",
            "2023-02-21",
        ),
        (
            "The company plans to announce results on Thursday.",
            utc(2023, 2, 17),
            "Thursday",
            "2023-02-23",
        ),
        (
            "The prime minister is to visit Berlin on Monday.",
            utc(2023, 2, 17),
            "Monday",
            "2023-02-20",
        ),
        ("Ministers are set to meet on Saturday.", utc(2023, 2, 17), "Saturday", "2023-02-18"),
        (
            "Investors were cautious ahead of Wednesday's Fed decision.",
            utc(2023, 2, 13),
            "Wednesday",
            "2023-02-15",
        ),
        ("Talks resume on Monday in Geneva.", utc(2023, 2, 17), "Monday", "2023-02-20"),
        ("The summit opens on Tuesday.", utc(2023, 2, 17), "Tuesday", "2023-02-21"),
        ("The court adjourned the case until Monday.", utc(2023, 2, 17), "Monday", "2023-02-20"),
        ("The deadline was extended until Monday.", PUB, "Monday", "2022-02-21"),
        ("The storm is forecast to hit on Saturday.", utc(2022, 2, 16), "Saturday", "2022-02-19"),
        ("The storm could hit on Saturday.", utc(2022, 2, 16), "Saturday", "2022-02-19"),
        ("Elections are due on Sunday.", utc(2022, 2, 16), "Sunday", "2022-02-20"),
        ("The strike is set for Monday.", utc(2022, 2, 16), "Monday", "2022-02-21"),
        (
            "The strikers have been given until 5 p.m. Friday to return to work.",
            utc(2023, 2, 14),
            "5 p.m. Friday",
            "2023-02-17T17:00",
        ),
        ("They will meet again next Monday.", PUB, "next Monday", "2022-02-21"),
    ],
)
def test_future_cues_place_the_weekday_ahead(
    sentence: str, published: datetime, surface: str, value: str
) -> None:
    m = find(sentence, surface, published)
    assert m.value == value
    assert m.direction == Direction.FUTURE


# Past clauses keep the weekday behind, whatever future-looking word sits nearby.
@pytest.mark.parametrize(
    ("sentence", "published", "surface", "value"),
    [
        # "as planned" compares with a plan; the verb is "ended" (published Friday 10 March)
        (
            "The exercises ended as planned early on Thursday.",
            utc(2023, 3, 10),
            "Thursday",
            "2023-03-09",
        ),
        ("The vote went ahead as scheduled on Monday.", utc(2023, 3, 10), "Monday", "2023-03-06"),
        (
            "Inflation rose more than expected on Tuesday.",
            utc(2023, 3, 10),
            "Tuesday",
            "2023-03-07",
        ),
        # "due to" + a noun is a cause, not a schedule
        (
            "Flights were cancelled due to the storm on Monday.",
            utc(2023, 3, 10),
            "Monday",
            "2023-03-06",
        ),
        # a plan in the past perfect is over
        ("The deal had been due to expire on Friday.", utc(2023, 3, 13), "Friday", "2023-03-10"),
        ("The fighting lasted until Sunday.", utc(2022, 2, 22), "Sunday", "2022-02-20"),
        (
            "Until Thursday, officials had not named a suspect.",
            utc(2022, 2, 19),
            "Thursday",
            "2022-02-17",
        ),
        # "next to" is a place
        (
            "A bomb exploded next to the U.S. embassy in Nairobi on Friday.",
            utc(2023, 2, 18),
            "Friday",
            "2023-02-17",
        ),
        ("Shares fell at the open on Monday.", utc(2023, 2, 17), "Monday", "2023-02-13"),
        ("The team did not meet on Monday.", utc(2023, 2, 17), "Monday", "2023-02-13"),
        ("He was minister until Tuesday, when he resigned.", PUB, "Tuesday", "2022-02-15"),
        ("Who is to blame for Monday's attack?", PUB, "Monday", "2022-02-14"),
        ("Officials kept the border open on Monday.", PUB, "Monday", "2022-02-14"),
        ("The storm hit on Saturday.", utc(2022, 2, 16), "Saturday", "2022-02-12"),
        ("Russia decided to cut supplies on Monday.", utc(2022, 2, 16), "Monday", "2022-02-14"),
        (
            "He told reporters on Monday that the talks would continue.",
            utc(2023, 2, 17),
            "Monday",
            "2023-02-13",
        ),
    ],
)
def test_past_clauses_place_the_weekday_behind(
    sentence: str, published: datetime, surface: str, value: str
) -> None:
    m = find(sentence, surface, published)
    assert m.value == value
    assert m.direction == Direction.PAST


def test_until_a_weekday_runs_from_publication() -> None:
    m = find("The exercises run until Sunday.", "Sunday", utc(2022, 2, 18))
    assert (m.start_time, m.end_time) == (utc(2022, 2, 18), utc(2022, 2, 21))
    assert m.mod == "ON_OR_BEFORE"


def test_weekday_night_the_day_before_publication() -> None:
    m = only("Shelling continued on Wednesday night, officials said.")
    assert (m.text, m.type, m.value) == ("Wednesday night", TimeType.TIME, "2022-02-16TNI")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 16, 20), utc(2022, 2, 17, 6))
    assert m.direction == Direction.PAST
