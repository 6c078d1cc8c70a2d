"""Vague references: now, currently, recently, the past, the future, soon, years ago,
in the coming weeks (TIMEX3 PRESENT_REF, PAST_REF, FUTURE_REF).

Intervals are open-ended where the text is: PAST_REF ends at publication ("years ago" ends
before the publication year), FUTURE_REF starts at it, PRESENT_REF is the publication day.
"""

from __future__ import annotations

import re
from datetime import date

from models.mention import Direction, TimeType
from temporal import intervals
from temporal.grammar import WORD_NUMBER_SMALL
from temporal.lexicon import alternation, lexicon, normalize
from temporal.rules.base import Context, Resolved, Rule, rule

_LEX = lexicon()
_AS_SOON = re.compile(r"\bas\s+soon\s+as\b", re.IGNORECASE)
_SOON_AFTER = re.compile(r"\s+(?:after|before|afterwards?|thereafter)\b", re.IGNORECASE)
_COUNTED_AFTER = re.compile(
    r"\s+(?:\d|few\b|several\b|many\b|" + WORD_NUMBER_SMALL + r"\b)", re.IGNORECASE
)
_AGO = re.compile(r"(years|decades|centuries|months)\s+ago|long\s+ago")


def _vague(m: re.Match[str], ctx: Context) -> Resolved | None:
    key = normalize(m.group("w"))
    if key == "soon" and (
        _AS_SOON.search(ctx.text, max(0, m.start() - 4), m.end() + 4)
        or _SOON_AFTER.match(ctx.text, m.end())
    ):
        return None  # "as soon as", "soon after the attack": a relation to an event
    if key in ("the past", "the future") and _COUNTED_AFTER.match(ctx.text, m.end()):
        return None  # "the past three summers": a counted period, not the vague past
    value = _LEX.vague[key]
    res = Resolved(type=TimeType.DATE, value=value, rule="vague", confidence=0.7)
    dct = ctx.dct
    if dct is None:
        res.anchor = "none"
        return res
    if value == "PRESENT_REF":
        res.start_time, res.end_time = intervals.interval(intervals.unit_containing_day(dct.date()))
        res.direction = Direction.SAME
    elif value == "PAST_REF":
        end = dct
        if _AGO.fullmatch(key):
            word = key.split()[0]
            if word in ("years", "decades", "centuries"):
                end = intervals.utc(date(dct.year, 1, 1))
            elif word == "months":
                end = intervals.utc(date(dct.year, dct.month, 1))
        res.end_time = end
        res.direction = Direction.PAST
    else:
        res.start_time = dct
        res.direction = Direction.FUTURE
    return res


RULES: list[Rule] = [
    rule("vague", rf"\b(?P<w>{alternation(_LEX.vague)})\b(?!-)", _vague, 45),
]
