"""Durations and the intervals they make."""

from __future__ import annotations

import pytest

from models.mention import TimeType
from temporal import tag
from tests.temporal.helpers import PUB, find, only, utc


@pytest.mark.parametrize(
    ("sentence", "surface", "value"),
    [
        ("The siege lasted 48 hours.", "48 hours", "PT48H"),
        ("It was common over the eight-year conflict.", "eight-year", "P8Y"),
        ("The talks took three months.", "three months", "P3M"),
        ("It takes weeks to deploy.", "weeks", "PXW"),
        ("It cannot be done in a day.", "a day", "P1D"),
        ("He waited for a few days.", "a few days", "PXD"),
        ("It lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("A twenty four hour strike.", "twenty four hour", "PT24H"),
        ("She held the post for two decades.", "two decades", "P20Y"),
    ],
)
def test_durations(sentence: str, surface: str, value: str) -> None:
    m = find(sentence, surface)
    assert (m.type, m.value) == (TimeType.DURATION, value)
    assert m.start_time is None and m.end_time is None


def test_the_last_48_hours_ends_at_publication() -> None:
    m = only("We have seen an increase of troops over the last 48 hours.")
    assert (m.text, m.type, m.value) == ("the last 48 hours", TimeType.DURATION, "PT48H")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 15), PUB)


def test_the_past_24_hours() -> None:
    m = only("They fired four times in the past 24 hours.")
    assert (m.text, m.value) == ("the past 24 hours", "PT24H")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 16), PUB)


def test_over_the_next_few_days_starts_at_publication() -> None:
    m = only("We will see more of it over the next few days.")
    assert (m.text, m.value) == ("the next few days", "PXD")
    assert m.start_time == PUB
    assert m.end_time is not None and m.end_time > PUB


def test_since_2014_runs_to_publication() -> None:
    m = only("They have been at war since 2014.")
    assert (m.text, m.value, m.mod) == ("2014", "2014", "ON_OR_AFTER")
    assert (m.start_time, m.end_time) == (utc(2014, 1, 1), PUB)


def test_until_20_january() -> None:
    m = only("Exercises run until 20 March.")
    assert (m.text, m.value) == ("20 March", "2022-03-20")
    assert (m.start_time, m.end_time) == (PUB, utc(2022, 3, 21))


def test_from_march_to_may() -> None:
    found = tag("The offensive ran from March to May 2021.", PUB)
    assert [(m.text, m.value) for m in found] == [
        ("March", "2022-03"),
        ("May 2021", "2021-05"),
    ] or [(m.text, m.value) for m in found][1] == ("May 2021", "2021-05")


def test_between_years() -> None:
    found = tag("Output doubled between 2010 and 2015.", PUB)
    assert [(m.text, m.value) for m in found] == [("2010", "2010"), ("2015", "2015")]
    assert all((m.start_time, m.end_time) == (utc(2010, 1, 1), utc(2016, 1, 1)) for m in found)


def test_quantity_modifiers() -> None:
    m = only("The blockade lasted more than four hours.")
    assert (m.text, m.value, m.mod) == ("more than four hours", "PT4H", "MORE_THAN")
    m = only("They talked for about two years.")
    assert (m.text, m.mod) == ("about two years", "APPROX")


def test_within_and_in_durations_get_intervals() -> None:
    m = only("A decision is expected within 14 days.")
    assert (m.value, m.start_time, m.end_time) == ("P14D", PUB, utc(2022, 3, 3))
    m = only("The troops will return in two weeks.")
    assert (m.value, m.start_time, m.end_time) == ("P2W", utc(2022, 3, 3), utc(2022, 3, 4))


def test_position_mods_narrow_the_interval() -> None:
    m = only("Prices will fall in mid-March.")
    assert (m.value, m.mod) == ("2022-03", "MID")
    assert (m.start_time, m.end_time) == (utc(2022, 3, 11), utc(2022, 3, 22))
    m = only("The plant will close by the end of the year.")
    assert (m.start_time, m.end_time) == (utc(2022, 9, 1), utc(2023, 1, 1))


def test_hours_earlier_in_whole_days_anchor() -> None:
    text = "The treaty was signed on 3 March 2020. Forty-eight hours earlier, talks had stalled."
    assert find(text, "Forty-eight hours earlier").value == "2020-03-01"


@pytest.mark.parametrize(
    ("sentence", "surface", "value", "mod"),
    [
        (
            "Shipments resume within two to three weeks.",
            "two to three weeks",
            "P2W",
            "EQUAL_OR_MORE",
        ),
        ("But a minute and a half later, it fell.", "a minute and a half", "PT1M30S", None),
        ("It lasted 1.5 hours.", "1.5 hours", "PT1H30M", None),
        ("The fund holds about three-quarters of its food.", None, None, None),
    ],
)
def test_ranges_and_fractions(
    sentence: str, surface: str | None, value: str | None, mod: str | None
) -> None:
    if surface is None:
        assert tag(sentence, PUB) == []
        return
    m = find(sentence, surface)
    assert (m.value, m.mod) == (value, mod)


def test_one_day_as_someday() -> None:
    m = only("Islam will one day be the second largest religion.")
    assert (m.type, m.value) == (TimeType.DATE, "FUTURE_REF")
    assert only("The strike lasted one day.").value == "P1D"


def test_year_ended_is_a_fiscal_period() -> None:
    m = find("Revenue was $76 million for the year ended March 31.", "the year")
    assert (m.text, m.type, m.value) == ("the year", TimeType.DURATION, "P1Y")


def test_duration_to_a_date_ends_with_it() -> None:
    m = find("GDP grew 1.2% in the three months to December.", "the three months")
    assert (m.value, m.start_time, m.end_time) == ("P3M", utc(2021, 10, 1), utc(2022, 1, 1))
    m = find("Revenue was $76 million for the year ended March 31, 2021.", "the year")
    assert (m.value, m.start_time, m.end_time) == ("P1Y", utc(2020, 4, 1), utc(2021, 4, 1))


def test_the_past_two_weeks_ends_at_publication() -> None:
    m = only("Prices have risen over the past two weeks.")
    assert (m.text, m.type, m.value) == ("the past two weeks", TimeType.DURATION, "P2W")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 3), PUB)


def test_within_the_next_48_hours_starts_at_publication() -> None:
    m = only("A decision is expected within the next 48 hours.")
    assert (m.text, m.type, m.value) == ("the next 48 hours", TimeType.DURATION, "PT48H")
    assert (m.start_time, m.end_time) == (PUB, utc(2022, 2, 19))


def test_by_the_end_of_the_month() -> None:
    m = only("The plant will close by the end of the month.")
    assert (m.text, m.value, m.mod) == ("the end of the month", "2022-02", "END")
    assert (m.start_time, m.end_time) == (utc(2022, 2, 19), utc(2022, 3, 1))


def test_from_day_to_day_month_is_one_range() -> None:
    found = tag("The festival runs from 10 to 20 February.", PUB)
    assert [(m.text, m.value) for m in found] == [
        ("10", "2022-02-10"),
        ("20 February", "2022-02-20"),
    ]
    for m in found:
        assert (m.start_time, m.end_time) == (utc(2022, 2, 10), utc(2022, 2, 21))
    found = tag("Talks were held between 3 and 5 March 2021.", PUB)
    assert [(m.text, m.value) for m in found] == [
        ("3", "2021-03-03"),
        ("5 March 2021", "2021-03-05"),
    ]
    assert (found[0].start_time, found[0].end_time) == (utc(2021, 3, 3), utc(2021, 3, 6))


def test_a_number_before_to_is_not_a_range_day() -> None:
    assert [m.text for m in tag("Output rose 10 to 20 February levels.", PUB)] == ["20 February"]
