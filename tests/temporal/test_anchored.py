"""Expressions anchored to an earlier mention of the same text."""

from __future__ import annotations

from temporal import tag
from tests.temporal.helpers import PUB, find


def test_two_days_later_counts_from_the_previous_date() -> None:
    text = "The treaty was signed on 3 March 2020. Two days later, fighting resumed."
    m = find(text, "Two days later")
    assert m.value == "2020-03-05"
    assert m.anchor == "mention:0"


def test_the_following_day() -> None:
    text = "Protests began on 10 January 2021. The following day, police moved in."
    m = find(text, "The following day")
    assert (m.value, m.anchor) == ("2021-01-11", "mention:0")


def test_the_previous_week() -> None:
    text = "The vote was held on 10 January 2021; the previous week had been calm."
    m = find(text, "the previous week")
    assert m.value == "2020-W53"  # 10 January 2021 is a Sunday: its ISO week is 2021-W01


def test_a_year_earlier_keeps_the_quarter() -> None:
    text = "Net income rose in the third quarter of 1989 from a year earlier."
    assert find(text, "a year earlier").value == "1988-Q3"


def test_without_earlier_mention_uses_publication() -> None:
    m = find("Two days later, fighting resumed.", "Two days later", PUB)
    assert (m.value, m.anchor) == ("2022-02-19", "publication")


def test_anchored_without_anchor_is_underspecified() -> None:
    [m] = tag("Two days later, fighting resumed.", None)
    assert m.value == "XXXX-XX-XX"
    assert m.start_time is None


def test_day_count_skips_a_week_anchor() -> None:
    text = "Talks began on 3 March 2020. A week ago, protests grew. The day after, markets fell."
    m = find(text, "The day after")
    assert (m.value, m.anchor) == ("2020-03-04", "mention:0")


def test_earlier_that_day() -> None:
    text = "He left on 3 March 2020. Earlier that day, he had spoken."
    m = find(text, "Earlier that day")
    assert (m.value, m.mod, m.anchor) == ("2020-03-03", "START", "mention:0")
