"""Expressions anchored to an earlier mention of the same text."""

from __future__ import annotations

from temporal import tag
from tests.temporal.helpers import PUB, find, utc


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


def test_the_same_day_skips_a_month_for_the_previous_day() -> None:
    text = "The bank met on 14 January. Prices rose last month. On the same day, it raised rates."
    m = find(text, "the same day")
    assert (m.value, m.anchor) == ("2022-01-14", "mention:0")
    assert (m.start_time, m.end_time) == (utc(2022, 1, 14), utc(2022, 1, 15))


def test_the_same_day_without_an_earlier_day_has_no_interval() -> None:
    m = find("Prices rose last month. On the same day, the bank raised rates.", "the same day")
    assert (m.value, m.anchor) == ("XXXX-XX-XX", "none")
    assert m.start_time is None and m.end_time is None


def test_the_following_day_needs_a_day() -> None:
    m = find("Prices rose in March 2021. The following day, they fell.", "The following day")
    assert (m.value, m.start_time) == ("XXXX-XX-XX", None)
    text = "Russia invaded on 24 February. The following day, troops reached Kyiv."
    assert find(text, "The following day", utc(2022, 6, 17)).value == "2022-02-25"


def test_a_count_before_or_after_closing_its_clause_is_anchored() -> None:
    text = "The talks ended on 3 May. Two days before, troops had moved."
    m = find(text, "Two days before", utc(2022, 6, 17))
    assert (m.type, m.value, m.anchor) == ("DATE", "2022-05-01", "mention:0")
    assert (m.start_time, m.end_time) == (utc(2022, 5, 1), utc(2022, 5, 2))
    m = find(
        "The talks ended on 3 May. A day after, troops moved.", "A day after", utc(2022, 6, 17)
    )
    assert (m.value, m.anchor) == ("2022-05-04", "mention:0")


def test_a_count_before_an_event_stays_a_duration() -> None:
    m = find("Troops moved two days before the vote.", "two days")
    assert (m.type, m.value) == ("DURATION", "P2D")


def test_paragraphs_under_a_date_heading_count_from_that_date() -> None:
    text = (
        "Live: the war in Ukraine\n\nThursday 3 March 2022\n\n"
        "Russian forces shelled Kharkiv on Tuesday. Yesterday the mayor said the city would hold."
        "\n\n4 March 2022:\n\nTalks resumed today and will continue on Monday."
    )
    found = tag(text, utc(2022, 3, 10))
    assert [(m.text, m.value, m.anchor) for m in found] == [
        ("Thursday 3 March 2022", "2022-03-03", "publication"),
        ("Tuesday", "2022-03-01", "mention:0"),
        ("Yesterday", "2022-03-02", "mention:0"),
        ("4 March 2022", "2022-03-04", "publication"),
        ("today", "2022-03-04", "mention:3"),
        ("Monday", "2022-03-07", "mention:3"),
    ]


def test_a_date_inside_a_sentence_is_no_heading() -> None:
    text = "The talks opened on 3 March 2022.\nShelling resumed on Tuesday."
    assert find(text, "Tuesday", utc(2022, 3, 10)).value == "2022-03-08"
