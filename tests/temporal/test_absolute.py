"""Absolute and partial dates: the formats news uses."""

from __future__ import annotations

import pytest

from models.mention import Granularity, TimeType
from temporal import tag
from tests.temporal.helpers import PUB, find, only, utc


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        ("The talks ended on 17 February 2022 in Paris.", "17 February 2022", "2022-02-17"),
        ("The talks ended on February 17, 2022, in Paris.", "February 17, 2022", "2022-02-17"),
        ("The report is dated 2022-02-17.", "2022-02-17", "2022-02-17"),
        ("The ceasefire began on the 3rd of March 2021.", "the 3rd of March 2021", "2021-03-03"),
        ("It was signed in August 2002 by both sides.", "August 2002", "2002-08"),
        ("The war started in 2014.", "2014", "2014"),
        ("Profits fell in fiscal 1989.", "fiscal 1989", "1989"),
        ("Unemployment peaked in the 1990s.", "the 1990s", "199"),
        ("The fortress dates from the 19th century.", "the 19th century", "18"),
        ("Sales were weak on Sept. 30, 1989, the company said.", "Sept. 30, 1989", "1989-09-30"),
    ],
)
def test_absolute_dates(sentence: str, surface: str, value: str) -> None:
    m = find(sentence, surface)
    assert m.value == value
    assert m.type == TimeType.DATE
    assert sentence[m.start : m.end] == surface


def test_full_date_interval_and_offsets() -> None:
    text = "The talks ended on 17 February 2022 in Paris."
    m = only(text)
    assert (m.start, m.end) == (19, 35)
    assert (m.start_time, m.end_time) == (utc(2022, 2, 17), utc(2022, 2, 18))
    assert m.granularity == Granularity.DAY


def test_year_is_the_whole_year() -> None:
    m = only("The war started in 2014.")
    assert (m.start_time, m.end_time) == (utc(2014, 1, 1), utc(2015, 1, 1))
    assert m.granularity == Granularity.YEAR


def test_numeric_dates_follow_the_locale_setting() -> None:
    assert only("Filed on 03/04/2022.").value == "2022-04-03"
    assert only("Filed on 03/04/2022.", date_order="MDY").value == "2022-03-04"
    assert only("Filed on 17/02/2022.", date_order="MDY").value == "2022-02-17"


def test_day_month_without_year_takes_the_year_from_tense() -> None:
    # Published 4 January: "sold on December 30" (past tense) is the December before.
    pub = utc(2022, 1, 4)
    text = "The company said on Monday that it had sold the unit on December 30."
    m = find(text, "December 30", pub)
    assert m.value == "2021-12-30"
    assert find(text, "Monday", pub).value == "2022-01-03"


def test_exercises_until_20_january_nearest_year() -> None:
    m = find("It is conducting joint military exercises until 20 January.", "20 January")
    assert m.value == "2022-01-20"
    assert m.end_time == utc(2022, 1, 21)


def test_future_month_day() -> None:
    m = find("The summit will be held on March 3.", "March 3")
    assert m.value == "2022-03-03"


def test_mid_and_early_and_end_of() -> None:
    m = find("Prices rose in mid-2021 and will rise again in early March.", "mid-2021")
    assert (m.value, m.mod) == ("2021", "MID")
    m = find("Prices rose in mid-2021 and will rise again in early March.", "early March")
    assert (m.value, m.mod) == ("2022-03", "START")
    m = find("The plant will close by the end of the year.", "the end of the year")
    assert (m.value, m.mod) == ("2022", "END")


def test_month_alone_placed_by_tense() -> None:
    assert find("The fighting escalated in October.", "October").value == "2021-10"
    assert find("Elections will be held in October.", "October").value == "2022-10"


def test_without_anchor_absolute_dates_still_resolve() -> None:
    [m] = tag("The talks ended on 17 February 2022.", None)
    assert m.value == "2022-02-17"
    assert m.start_time == utc(2022, 2, 17)
    assert m.anchor == "none"
    [m] = tag("The talks ended on 17 February.", None)
    assert m.value == "XXXX-02-17"
    assert m.start_time is None and m.end_time is None


def test_publication_used_as_anchor() -> None:
    assert only("It happened on 20 January.", PUB).anchor == "publication"


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        ("Atlanta, nineteen ninety-six: a bomb exploded.", "nineteen ninety-six", "1996"),
        ("Computers may fail by the year two thousand.", "the year two thousand", "2000"),
        ("It was built in nineteen oh five.", "nineteen oh five", "1905"),
    ],
)
def test_spoken_years(sentence: str, surface: str, value: str) -> None:
    assert find(sentence, surface).value == value


def test_nineteen_people_is_not_a_year() -> None:
    assert tag("Nineteen people died and two thousand fled.", PUB) == []


def test_year_ranges_are_two_years_with_one_interval() -> None:
    found = tag("The pandemic of 2009-2010 and the expedition of 1957-58.", PUB)
    assert [(m.text, m.value) for m in found] == [
        ("2009", "2009"),
        ("2010", "2010"),
        ("1957", "1957"),
        ("58", "1958"),
    ]
    assert (found[0].start_time, found[0].end_time) == (utc(2009, 1, 1), utc(2011, 1, 1))


def test_holidays() -> None:
    assert (
        find("He was found on Thanksgiving Day 2021.", "Thanksgiving Day 2021").value
        == "2021-11-25"
    )
    assert find("Shops closed on Christmas Day.", "Christmas Day").value == "2021-12-25"


def test_day_month_near_publication_ignores_distant_tense() -> None:
    # "declared" is past, but a dividend "payable Dec. 7" in late October is this December.
    pub = utc(1989, 10, 27)
    text = "The directors declared a split, payable Dec. 7 to stock of record Nov. 22."
    assert find(text, "Dec. 7", pub).value == "1989-12-07"
    assert find(text, "Nov. 22", pub).value == "1989-11-22"


def test_last_month_name_skips_the_month_just_gone() -> None:
    pub = utc(1998, 3, 1)
    assert only("Prices peaked last February.", pub).value == "1997-02"
    assert only("Prices peaked last November.", pub).value == "1997-11"


def test_open_ended_year() -> None:
    m = only("Deliveries start in 1994 or later.", utc(1989, 10, 30))
    assert (m.text, m.value, m.mod) == ("1994 or later", "1994", "ON_OR_AFTER")


def test_approximate_date() -> None:
    m = only("The offer expires around Nov. 1.", utc(1989, 10, 30))
    assert (m.text, m.value, m.mod) == ("around Nov. 1", "1989-11-01", "APPROX")


def test_weekday_date_before_colon() -> None:
    m = only("The Times said on Saturday, April 25: the court erred.", utc(1998, 4, 24))
    assert (m.text, m.value) == ("Saturday, April 25", "1998-04-25")


def test_year_first_numeric_date_is_unambiguous() -> None:
    assert only("Filed on 2022/02/17.").value == "2022-02-17"
    assert only("Filed on 2022.02.17.", date_order="MDY").value == "2022-02-17"


def test_every_rule_has_head_words() -> None:
    """Rules run only around their head words: a rule without heads would scan every text."""
    from temporal.heads import HEADS
    from temporal.rules import ALL_RULES

    assert [r.name for r in ALL_RULES if r.name not in HEADS] == []


def test_last_month_day() -> None:
    pub = utc(1999, 4, 19)
    m = only("He was shot to death last Oct. 23 at his home.", pub)
    assert (m.text, m.value) == ("last Oct. 23", "1998-10-23")


def test_weekday_with_date_picks_the_matching_year() -> None:
    m = only("It started on Tuesday, March 3.", utc(1999, 4, 19))
    assert (m.text, m.value) == ("Tuesday, March 3", "1998-03-03")


def test_day_ranges_are_two_days_with_one_interval() -> None:
    found = tag("Talks were held on 17-18 February and on February 21-22.", PUB)
    assert [(m.text, m.value) for m in found] == [
        ("17", "2022-02-17"),
        ("18 February", "2022-02-18"),
        ("February 21", "2022-02-21"),
        ("22", "2022-02-22"),
    ]
    assert (found[0].start_time, found[0].end_time) == (utc(2022, 2, 17), utc(2022, 2, 19))
    [first, _last] = tag("It ran from 9-11 December 2020.", PUB)
    assert (first.value, first.end_time) == ("2020-12-09", utc(2020, 12, 12))


def test_score_and_percent_ranges_are_not_days() -> None:
    assert [m.text for m in tag("The score was 3-1 on 5 March; it rose 10-15% in 2021.", PUB)] == [
        "5 March",
        "2021",
    ]


def test_present_tense_schedule_is_ahead() -> None:
    assert find("The World Cup starts in November.", "November").value == "2022-11"
    assert find("Prices rose in November.", "November").value == "2021-11"


def test_day_of_month_alone() -> None:
    assert only("The vote was held on the 17th.").value == "2022-02-17"
    assert only("It expires on the 3rd, officials said.").value == "2022-03-03"
    assert only("It happened in the 17th century.").value == "16"


def test_day_month_ahead_in_a_future_clause() -> None:
    m = only("The vote will take place on 20 February.")  # published 17 February
    assert (m.value, m.direction) == ("2022-02-20", "future")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 20), utc(2022, 2, 21))
