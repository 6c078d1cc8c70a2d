"""Durations: "48 hours", "eight-year conflict", "three months", "a few days", "weeks",
and the ones placed on the calendar: "the last 48 hours", "the past 24 hours" (ending at
publication), "over the next few days" (starting at publication), "the first nine months".
"""

from __future__ import annotations

import re

from models.mention import Granularity, Mod, TimeType
from temporal.durations import VAGUE_GUESS, add_units, duration_value
from temporal.grammar import QTY, UNIT_FORMS, UNIT_QUALIFIER
from temporal.lexicon import Unit, lexicon, normalize
from temporal.numbers import is_vague, quantity
from temporal.rules.base import Context, Resolved, Rule, rule
from temporal.rules.common import at_sentence_start, prev_word

_LEX = lexicon()

_AGE = re.compile(r"[\s-]+old\b", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
_RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|dollars|percent|cents|times|flights|once|twice))[\s%]*$",
    re.IGNORECASE,
)
_BACK = _LEX.looking_back
_AHEAD = _LEX.looking_ahead


def _unit(word: str) -> Unit | None:
    unit = _LEX.units.get(normalize(word))
    if unit is None or unit.letter in ("WE",) or unit.name == "season":
        return None
    return unit


def _duration(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = _unit(m.group("unit"))
    if unit is None:
        return None
    q_text = m.group("q")
    q_key = normalize(q_text)
    if _AGE.match(ctx.text, m.end()) or m.group(0).lower().endswith("-old"):
        return None  # ages ("a 6-year-old boy", "52 years old") are not times
    if unit.name == "second" and q_key in ("a", "an"):
        return None  # "a second round"
    if (
        q_key == "one"
        and unit.name == "day"
        and prev_word(ctx.text, m.start()) in _LEX.context["someday_before"]
    ):
        # "Islam will one day be...": "one day" as "some day", a vague future.
        return Resolved(
            type=TimeType.DATE,
            value="FUTURE_REF",
            rule="one_day",
            start_time=ctx.dct,
            confidence=0.6,
        )
    unit_text = m.group("unit")
    if unit_text[:1].isupper() and not at_sentence_start(ctx.text, m.start()):
        return None  # a title: "60 Minutes"
    if unit.name == "quarter" and (
        _OF_AFTER.match(ctx.text, m.end())
        or (m.group("sep") == "-" and unit_text.lower().endswith("s"))
    ):
        return None  # "three-quarters of its food", "a quarter of the market": fractions
    if q_key in ("a", "an") and _RATE_BEFORE.search(ctx.text, max(0, m.start() - 24), m.start()):
        return None  # "$1.76 a year", "four flights a week": a rate, not a duration
    which = normalize(m.groupdict().get("which") or "")
    vague = is_vague(q_text)
    amount = None if vague else quantity(q_text)
    if amount is None and not vague:
        return None
    if amount is not None and (amount <= 0 or amount > 100000):
        return None
    span = None
    det = m.group("det")
    singular = normalize(m.group("unit")) == unit.name
    if det and not which and (m.group("sep") == "-" or (singular and q_key not in ("a", "an"))):
        # "the eight-year conflict": the article belongs to the noun, not to the duration.
        span = (m.start("q"), m.end())
    if amount is not None and m.group("half"):
        amount += 0.5
    ranged = m.group("q2") is not None and amount is not None
    res = Resolved(
        span=span,
        mod=Mod.EQUAL_OR_MORE if ranged else None,
        type=TimeType.DURATION,
        value=duration_value(amount, unit),
        rule="duration",
        granularity=Granularity(unit.granularity),
        confidence=0.9 if amount is not None else 0.7,
        quantity=True,
    )
    res.extra["amount"] = amount
    res.extra["unit"] = unit.name
    if which in _BACK or which in _AHEAD:
        res.rule = "duration_back" if which in _BACK else "duration_ahead"
        if ctx.dct is not None:
            n = amount if amount is not None else float(VAGUE_GUESS)
            try:
                if which in _BACK:
                    res.start_time, res.end_time = add_units(ctx.dct, -n, unit), ctx.dct
                else:
                    res.start_time, res.end_time = ctx.dct, add_units(ctx.dct, n, unit)
            except (ValueError, OverflowError):
                res.start_time = res.end_time = None
            if amount is None:
                res.confidence = 0.6
        else:
            res.anchor = "none"
    return res


def _bare_plural(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = _unit(m.group("unit"))
    if unit is None:
        return None
    if _AGE.match(ctx.text, m.end()) or re.search(
        r"\d\s*$", ctx.text[max(0, m.start() - 3) : m.start()]
    ):
        return None  # "37 years old"; "48 hours" is the duration rule's
    prev = prev_word(ctx.text, m.start())
    if prev in ("the", "those", "these", "early", "their", "its", "his", "her", "our", "of"):
        return None
    after = ctx.text[m.end() : m.end() + 6].lower()
    if after.startswith((" of ", "'")):
        return None
    return Resolved(
        type=TimeType.DURATION,
        value=duration_value(None, unit),
        rule="duration_vague",
        granularity=Granularity(unit.granularity),
        confidence=0.6,
        quantity=True,
    )


_WHICH = (
    r"past|last|next|coming|first|final|previous|following|latest|remaining|initial|recent|"
    r"preceding|upcoming|same|full"
)


def _recent(m: re.Match[str], ctx: Context) -> Resolved | None:
    unit = _unit(m.group("unit"))
    if unit is None:
        return None
    res = Resolved(
        type=TimeType.DURATION,
        value=duration_value(None, unit),
        rule="duration_recent",
        granularity=Granularity(unit.granularity),
        confidence=0.6,
    )
    if ctx.dct is not None:
        res.end_time = ctx.dct
    return res


RULES: list[Rule] = [
    rule(
        "duration_recent",
        r"\b(?:the\s+)?(?:most\s+)?recent\s+(?P<unit>days|weeks|months|quarters)\b",
        _recent,
        44,
    ),
    rule(
        "duration",
        rf"\b(?:(?P<det>the|these|those|its|their|his|her|a|an)\s+)?(?:(?P<which>{_WHICH})\s+)?(?P<q>{QTY})(?:\s*(?:to|-|–)\s*(?P<q2>{QTY}))?(?:\s+{UNIT_QUALIFIER})?(?P<sep>[\s-]+)(?P<unit>{UNIT_FORMS})(?:-old|-long)?(?P<half>\s+and\s+a\s+half)?\b(?!-)",
        _duration,
        50,
    ),
    rule(
        "duration_vague",
        r"\b(?P<unit>years|months|weeks|days|hours|minutes|decades|centuries)\b(?!-)",
        _bare_plural,
        70,
    ),
]
