"""Sentence segmentation of news prose, stems and content words."""

from __future__ import annotations

import pytest

from timeline.text import content_words, segment, split_sentences, stem


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington. He met Gen. Jones.",
            ["Mr. Smith went to Washington.", "He met Gen. Jones."],
        ),
        (
            "The U.S. Army said it was ready. Officials agreed.",
            ["The U.S. Army said it was ready.", "Officials agreed."],
        ),
        (
            "Talks began in the U.S. The talks ended.",
            ["Talks began in the U.S.", "The talks ended."],
        ),
        (
            "It happened on Feb. 17 in Kyiv. Nobody was hurt.",
            ["It happened on Feb. 17 in Kyiv.", "Nobody was hurt."],
        ),
        ("J. K. Rowling spoke. She left.", ["J. K. Rowling spoke.", "She left."]),
        ('"We are ready," he said. "We will go."', ['"We are ready," he said.', '"We will go."']),
        (
            "“We have seen it. We have seen more,” said Wallace.",
            ["“We have seen it.", "We have seen more,” said Wallace."],
        ),
        (
            "He said it was a pretext for invasion... this is the playbook.",
            ["He said it was a pretext for invasion... this is the playbook."],
        ),
        ("Prices rose 2.5 per cent. Shares fell.", ["Prices rose 2.5 per cent.", "Shares fell."]),
        ("Is it over? Nobody knows!", ["Is it over?", "Nobody knows!"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _sents(text) == expected


def test_headline_bullets_and_paragraphs() -> None:
    text = (
        "Shelling provokes fears war imminent\n"
        "The first paragraph runs on\nover a wrapped line. Second sentence.\n\n"
        "- first bullet without stop\n- second bullet\n\n"
        "Last paragraph."
    )
    sents = segment(text)
    assert [s.text for s in sents] == [
        "Shelling provokes fears war imminent",
        "The first paragraph runs on\nover a wrapped line.",
        "Second sentence.",
        "- first bullet without stop",
        "- second bullet",
        "Last paragraph.",
    ]
    assert [s.paragraph for s in sents] == [0, 0, 0, 1, 1, 2]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_quotes_spanning_sentences_and_paragraphs() -> None:
    text = 'He said: "Today it was shelled.\n\n"We fear more of it."\n\nAnother paragraph.'
    s1, s2, s3 = segment(text)
    assert s1.open_at_end and not s1.in_quote
    assert s2.in_quote and not s2.open_at_end
    assert not s3.in_quote


def test_dateline_is_skipped() -> None:
    text = " date 2022-02-17 Russia has been accused of trying.\n\nMore text."
    first = segment(text, skip=(0, 17))[0]
    assert first.text == "Russia has been accused of trying."


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("shelled", "shells", "shelling", "shell"), True),
        (("wounding", "injuring", "injured", "wounded"), True),
        (("troops", "troop", "forces", "soldiers"), True),
        (("hitting", "hit", "struck"), True),
        (("withdraw", "pulling", "pull", "withdrawal"), True),
        (("kindergarten", "embassy"), False),
    ],
)
def test_stems_and_synonyms(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_content_words_drop_function_words_and_keep_numbers() -> None:
    words = content_words("We have seen an increase of troops over the last 48 hours, up to 7,000.")
    assert "7000" in words and "48" in words
    assert stem("troops") in words and stem("increase") in words
    assert "have" not in words and "the" not in words and "hours" not in words


def test_semicolons_separate_independent_clauses() -> None:
    assert _sents("Kyiv blamed the separatists; the separatists blamed Kyiv.") == [
        "Kyiv blamed the separatists;",
        "the separatists blamed Kyiv.",
    ]
