"""Durations: "48 hours", "eight-year conflict", "three months", "a few days", "weeks",
and the ones placed on the calendar: "the last 48 hours", "the past 24 hours" (ending at
publication), "over the next few days" (starting at publication), "the first nine months".
"""

from __future__ import annotations

import re

from models.mention import Granularity, TimeType
from temporal.durations import VAGUE_GUESS, add_units, duration_value
from temporal.grammar import QTY, UNIT_FORMS, UNIT_QUALIFIER
from temporal.lexicon import Unit, lexicon, normalize
from temporal.numbers import is_vague, quantity
from temporal.rules.base import Context, Resolved, Rule, rule
from temporal.rules.common import prev_word

_LEX = lexicon()

_AGE = re.compile(r"[\s-]+old\b", re.IGNORECASE)
_BACK = {"past", "last", "previous", "recent", "preceding"}
_AHEAD = {"next", "coming", "following", "upcoming"}


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
    res = Resolved(
        span=span,
        type=TimeType.DURATION,
        value=duration_value(amount, unit),
        rule="duration",
        granularity=Granularity(unit.granularity),
        confidence=0.9 if amount is not None else 0.7,
        quantity=True,
    )
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

RULES: list[Rule] = [
    rule(
        "duration",
        rf"\b(?:(?P<det>the|these|those|its|their|his|her|a|an)\s+)?(?:(?P<which>{_WHICH})\s+)?(?P<q>{QTY})(?:\s+{UNIT_QUALIFIER})?(?P<sep>[\s-]+)(?P<unit>{UNIT_FORMS})(?:-old|-long)?\b(?!-)",
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
