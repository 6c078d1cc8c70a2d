"""Words that fool date parsers are not time expressions."""

from __future__ import annotations

import pytest

from temporal import tag
from tests.temporal.helpers import PUB


@pytest.mark.parametrize(
    "sentence",
    [
        "We have seen the opposite.",
        "It may rain and prices may fall.",
        "Protesters march through the city.",
        "Workers will march on the capital.",
        "It was the second attempt.",
        "Up to 7,000 troops were seen.",
        "The fund holds 2 billion dollars.",
        "Turnout was 98% in the region.",
        "Theresa May spoke to reporters.",
        "April Ryan asked a question.",
        "The score was 3-1.",
        "He paid $1,999 for it.",
        "Some 1500 people attended.",
        "A second round is planned.",
        "Prices fall in winter markets.",
        "The Daily Mail reported it.",
        "The fall of the Berlin Wall changed Europe.",
    ],
)
def test_no_mentions(sentence: str) -> None:
    assert tag(sentence, PUB) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A 6-year-old boy was found.",
        "Mr. Reupke, 52 years old, resigned.",
        "Howes, 37 years old when he was kidnapped, was a deminer.",
        "They could leave as soon as the threats ended.",
        "He was killed soon after being captured.",
        "Magna cut its quarterly dividend.",
        "ABC News' This Week reported it.",
        "It was a scene from the film High Noon.",
        "Ministers Jan Kavan and Geremek met.",
        "The dividend rate is $1.76 a year.",
        "British Summer Time starts soon.",
    ],
)
def test_ages_titles_and_rates(sentence: str) -> None:
    assert [m.text for m in tag(sentence, PUB) if m.text.lower() not in ("soon",)] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "He was last seen on the day before authorities issued a warrant.",
        "Prices sit just a notch above a quarter-century low.",
        "The academy has twelve hundred mostly American students.",
    ],
)
def test_relational_and_count_phrases(sentence: str) -> None:
    assert tag(sentence, PUB) == []
