"""Weekdays placed by the tense and modality of their clause."""

from __future__ import annotations

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
