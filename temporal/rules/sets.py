"""Recurring times (TIMEX3 SET): "every Monday", "daily", "annually", "each year",
"twice a week", "on Tuesdays", "Tuesday nights", "every other week".
"""

from __future__ import annotations

import re

from models.mention import Granularity, TimeType
from temporal.durations import duration_value
from temporal.grammar import MONTH, POD, QTY, SEASON, UNIT_FORMS, WEEKDAY
from temporal.lexicon import alternation, lexicon, normalize
from temporal.numbers import quantity
from temporal.rules.base import Context, Resolved, Rule, rule
from temporal.rules.common import at_sentence_start, month_number, prev_word, weekday_number

_LEX = lexicon()
_FREQ_BEFORE = frozenset(["once", "twice", "thrice", "times"])
_NOUN_AFTER = re.compile(
    r"\s+(?!and\b|or\b|basis\b|to\b|in\b|at\b|on\b|for\b|by\b|from\b|since\b|until\b|with\b)[a-z]{3,}\b"
)
_NAME_AFTER = re.compile(r" +[A-Z][a-z]")
_DETERMINERS = _LEX.context["determiners"]
_PER_SETS = frozenset(k for k in _LEX.sets if k.startswith(("a ", "an ")))


def _set(value: str, name: str, gran: Granularity | None, confidence: float = 0.85) -> Resolved:
    return Resolved(
        type=TimeType.SET, value=value, rule=name, granularity=gran, confidence=confidence
    )


def _set_word(m: re.Match[str], ctx: Context) -> Resolved | None:
    key = normalize(m.group("w"))
    if key in _PER_SETS and prev_word(ctx.text, m.start()) not in _FREQ_BEFORE:
        return None  # "$1.76 a year" is a rate; "twice a year" is a recurrence
    if (
        key.endswith("ly")
        and _NOUN_AFTER.match(ctx.text, m.end())
        and prev_word(ctx.text, m.start()) in _DETERMINERS
    ):
        return None  # "its quarterly dividend", "daily flights": an adjective, not a time
    word = m.group("w")
    if key.endswith("ly") and _NAME_AFTER.match(ctx.text, m.end()):
        return None  # "the Communist Party daily Granma": a newspaper
    if word[:1].isupper() and not at_sentence_start(ctx.text, m.start()):
        return None  # "the Daily podcast", "Weekly Standard"
    value, gran = _LEX.sets[key]
    return _set(value, "set_word", Granularity(gran))


def _every(m: re.Match[str], ctx: Context) -> Resolved | None:
    other = bool(m.group("other"))
    n = 2 if other else 1
    if m.group("q"):
        amount = quantity(m.group("q"))
        if amount is None:
            return None
        n = int(amount)
    if m.group("wd"):
        if not m.group("wd")[:1].isupper():
            return None
        wd = weekday_number(m.group("wd"))
        pod = _LEX.parts_of_day.get(normalize(m.group("pod") or ""))
        return _set(f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), "set_every", Granularity.DAY)
    if m.group("month"):
        if not m.group("month")[:1].isupper():
            return None
        return _set(f"XXXX-{month_number(m.group('month')):02d}", "set_every", Granularity.MONTH)
    if m.group("season"):
        return _set(
            f"XXXX-{_LEX.seasons[normalize(m.group('season'))]}", "set_every", Granularity.SEASON
        )
    if m.group("pod2"):
        return _set(
            f"XXXX-XX-XXT{_LEX.parts_of_day[normalize(m.group('pod2'))]}",
            "set_every",
            Granularity.PART_OF_DAY,
        )
    unit = _LEX.units.get(normalize(m.group("unit") or ""))
    if unit is None:
        return None
    return _set(duration_value(float(n), unit), "set_every", Granularity(unit.granularity))


def _weekday_plural(m: re.Match[str], ctx: Context) -> Resolved | None:
    if not m.group("wd")[:1].isupper():
        return None
    wd = weekday_number(m.group("wd"))
    pod = _LEX.parts_of_day.get(normalize(m.group("pod") or ""))
    if wd is None:
        return None
    if not m.group("plural") and not m.group("pods"):
        return None
    return _set(f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), "set_weekdays", Granularity.DAY, 0.8)


_WEEKDAY_STEM = alternation(w for w in _LEX.weekdays if not w.endswith("."))

RULES: list[Rule] = [
    rule("set_word", rf"\b(?P<w>{alternation(_LEX.sets)})\b", _set_word, 40),
    rule(
        "set_every",
        rf"\b(?:every|each)\s+(?:(?P<other>other|second)\s+|(?P<q>{QTY})\s+)?"
        rf"(?:(?P<wd>{WEEKDAY})(?:\s+(?P<pod>{POD}))?|(?P<month>{MONTH})|(?P<season>{SEASON})\b|(?P<unit>{UNIT_FORMS})\b|(?P<pod2>{POD})\b)",
        _every,
        20,
    ),
    rule(
        "set_weekdays",
        rf"\b(?P<wd>{_WEEKDAY_STEM})(?:(?P<plural>s)\b|\s+(?P<pod>{POD})(?P<pods>s)\b)",
        _weekday_plural,
        22,
    ),
]
