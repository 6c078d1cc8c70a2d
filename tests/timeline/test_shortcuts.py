"""The extractor's shortcuts give exactly what the plain forms they replace give: word-list
patterns tested against the text's words first, label endings trimmed by scanning back from
the end, keywords from one tokenisation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract import (
    _ARTICLE_MEMO,
    _Alternatives,
    _strip_trailing_junk,
    _strip_trailing_preposition,
    _word_patterns,
)
from timeline.lexicon import word_classes
from timeline.text import content_words, keyword_stems, paraphrases

WORDS = ["said", "Said", "told", "denied", "pointed out", "according to", "will", "may"]
PIECES = [*WORDS, " ", ", ", ".", "'", "’", "un", "s", "-", "Mayor", "x", "é", "\u00a0", "1"]


def _plain(phrases: list[str], flags: int = 0) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(w) for w in ordered)
    return re.compile(r"(?<![\w'’])(?:" + body + r")(?![\w'’])", flags)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.booleans())
def test_word_list_patterns_match_as_the_plain_regex(text: str, ignore_case: bool) -> None:
    flags = re.I if ignore_case else 0
    fast, plain = _Alternatives(WORDS, flags), _plain(WORDS, flags)
    _ARTICLE_MEMO.clear()
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
    found, expected = fast.search(text), plain.search(text)
    assert (found.span() if found else None) == (expected.span() if expected else None)


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ('"We saw nothing," the mayor said on Friday.', "said"),
        ("The ministry told reporters the convoy had left.", "told"),
        ("Officials, speaking on Tuesday, confirmed the strike.", "confirmed"),
        ("The unsaid part of the deal worried them.", None),
    ],
)
def test_reporting_verbs_are_found_in_example_sentences(sentence: str, verb: str | None) -> None:
    _ARTICLE_MEMO.clear()
    m = _word_patterns().verbs.search(sentence)
    assert (m.group(0) if m else None) == verb


_JUNK = re.compile(
    r"(?:[\s,;:-]+|\b(?:" + "|".join(word_classes()["label_trailing_words"]) + r")\b)+$",
    re.I,
)
_PREPOSITION = re.compile(r"\b(?:" + "|".join(word_classes()["date_prepositions"]) + r")\s*$", re.I)
TAILS = ["and", "The", " of", "band", "this", "x-", ",", " ", "on", "since ", "in", "Kyiv", "é"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(TAILS), max_size=10).map("".join))
def test_label_endings_are_trimmed_as_the_anchored_regexes_trim_them(text: str) -> None:
    assert _strip_trailing_junk(text) == _JUNK.sub("", text)
    assert _strip_trailing_preposition(text) == _PREPOSITION.sub("", text)


@pytest.mark.parametrize(
    ("label", "trimmed"),
    [
        ("Russia pulled back some of its troops and", "Russia pulled back some of its troops"),
        ("Shells hit the kindergarten in the", "Shells hit the kindergarten"),
        ("NATO ministers met, ", "NATO ministers met"),
        ("The band played", "The band played"),
    ],
)
def test_label_endings_in_examples(label: str, trimmed: str) -> None:
    assert _strip_trailing_junk(label) == trimmed


def test_a_date_takes_its_preposition_with_it() -> None:
    assert _strip_trailing_preposition("The talks resumed on ") == "The talks resumed "
    assert (
        _strip_trailing_preposition("Troops have been massing since") == "Troops have been massing "
    )
    assert _strip_trailing_preposition("The talks went on within") == "The talks went on within"


@pytest.mark.parametrize(
    "text",
    [
        "Russia said it was pulling its forces back to their bases after the drills.",
        "Moscow kicked out two diplomats, and the embassy was told to return them home.",
        "",
    ],
)
def test_keywords_from_one_tokenisation(text: str) -> None:
    assert keyword_stems(text) == content_words(text) + paraphrases(text)
