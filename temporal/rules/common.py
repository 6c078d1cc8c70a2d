"""Small helpers shared by rule families: reading month/weekday words, context words."""

from __future__ import annotations

import re

from temporal.lexicon import lexicon, normalize

_LEX = lexicon()
_PREV_WORD = re.compile(r"([A-Za-z][\w'.-]*)\W*$")
_NEXT_WORD = re.compile(r"^\W*?([A-Za-z][\w'-]*)")
_GLUED_CAPITAL = re.compile(r" +[A-Z]")  # a capitalised word right after: "May Day"

#: Words before a bare month name that make it a date ("in May", not "may" the verb).
MONTH_TRIGGERS = _LEX.context["month_triggers"]


def month_number(word: str) -> int | None:
    """1..12 for a month name or abbreviation, None otherwise."""
    return _LEX.months.get(normalize(word))


def weekday_number(word: str) -> int | None:
    """ISO weekday (1 = Monday) of a weekday name."""
    return _LEX.weekdays.get(normalize(word))


def prev_word(text: str, pos: int, span: int = 40) -> str:
    """The word just before ``pos`` (lower-cased), or ""."""
    m = _PREV_WORD.search(text, max(0, pos - span), pos)
    return m.group(1).lower().rstrip("-.") if m else ""


def prev_word_raw(text: str, pos: int, span: int = 40) -> str:
    """The word just before ``pos`` as written."""
    m = _PREV_WORD.search(text, max(0, pos - span), pos)
    return m.group(1) if m else ""


def next_word_raw(text: str, pos: int, span: int = 40) -> str:
    """The word just after ``pos`` as written."""
    m = _NEXT_WORD.search(text[pos : pos + span])
    return m.group(1) if m else ""


def at_sentence_start(text: str, pos: int) -> bool:
    """True when only spaces/quotes separate ``pos`` from a sentence end or the text start."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;"


def month_word_ok(text: str, start: int, end: int, *, strong: bool) -> bool:
    """Is ``text[start:end]`` really a month name here?

    Month names are capitalized in news. "May" and "March" are also a verb and a name, so a
    bare one needs a trigger word before it ("in May"); ``strong`` means a day or year follows.
    """
    word = text[start:end]
    if not word[:1].isupper():
        return False
    key = normalize(word)
    if strong:
        return True
    if key in _LEX.ambiguous_months:
        nxt = next_word_raw(text, end)
        glued = bool(_GLUED_CAPITAL.match(text[end : end + 3]))
        if glued and nxt[:1].isupper() and month_number(nxt) is None:
            return False  # "Jan Kavan", "May Day Parade"
        return prev_word(text, start) in MONTH_TRIGGERS
    nxt = next_word_raw(text, end)
    glued = bool(_GLUED_CAPITAL.match(text[end : end + 3]))
    if glued and nxt[:1].isupper() and month_number(nxt) is None and weekday_number(nxt) is None:
        # "April Ryan", "August Wilson": a first name.
        return prev_word(text, start) in MONTH_TRIGGERS and not at_sentence_start(text, start)
    prev = prev_word_raw(text, start)
    return not (
        prev[:1].isupper()
        and not at_sentence_start(text, start)
        and prev.lower() not in MONTH_TRIGGERS
    )
