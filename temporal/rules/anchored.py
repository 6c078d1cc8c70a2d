"""Expressions anchored to an earlier mention of the same text: "two days later",
"a year earlier", "the day before", "the day after", "two days before," and "a day after."
(closing their clause: "two days before the vote" is a duration with a signal). (The
following/previous day/week/month/year and "the following Monday" live with the relative
rules and defer the same way.)

With no earlier dated mention the publication date is the anchor.
"""

from __future__ import annotations

import re

from models.mention import Granularity, TimeType
from temporal.grammar import QTY, UNIT_FORMS
from temporal.intervals import ORDER, CalUnit, shift, unit_containing
from temporal.lexicon import lexicon, normalize
from temporal.numbers import is_vague, quantity
from temporal.rules.base import Context, Resolved, Rule, dated, rule

_LEX = lexicon()
_STEP = {
    "D": Granularity.DAY,
    "W": Granularity.WEEK,
    "M": Granularity.MONTH,
    "Q": Granularity.QUARTER,
    "Y": Granularity.YEAR,
    "E": Granularity.DECADE,
    "C": Granularity.CENTURY,
}


def shifted_from(anchor: CalUnit, amount: int, step: Granularity, name: str) -> Resolved | None:
    """``anchor`` moved by ``amount`` steps; the result keeps the finer of the two granularities
    where that is meaningful ("a year earlier" than 1989-Q3 is 1988-Q3)."""
    a_rank, s_rank = ORDER.index(anchor.gran), ORDER.index(step)
    if a_rank > s_rank:
        return None  # "two days after 2014": no day to count from
    if step == Granularity.YEAR and anchor.gran in (
        Granularity.QUARTER,
        Granularity.MONTH,
        Granularity.HALF,
        Granularity.SEASON,
    ):
        base = anchor
    elif step == Granularity.DAY and anchor.gran in (
        Granularity.HOUR,
        Granularity.MINUTE,
        Granularity.PART_OF_DAY,
    ):
        base = CalUnit(Granularity.DAY, anchor.start)
    else:
        base = (
            unit_containing(step, anchor.start)
            if step != Granularity.DAY
            else CalUnit(Granularity.DAY, anchor.start)
        )
    if step == Granularity.DECADE:
        moved = shift(unit_containing(Granularity.YEAR, anchor.start), 10 * amount)
    elif step == Granularity.CENTURY:
        moved = shift(unit_containing(Granularity.YEAR, anchor.start), 100 * amount)
    else:
        moved = shift(base, amount, step)
    return dated(moved, name, confidence=0.7)


def _later(m: re.Match[str], ctx: Context) -> Resolved | None:
    q_text = m.group("q")
    unit = _LEX.units.get(normalize(m.group("unit")))
    if unit is None:
        return None
    day_multiple = 1
    if unit.is_time:
        hours = quantity(m.group("q"))
        if unit.letter != "H" or hours is None or hours % 24:
            return None  # "three hours later": no clock on the anchor to count from
        day_multiple, unit = 24, _LEX.units["day"]
    if unit.letter not in _STEP:
        return None
    word = normalize(m.group("dir"))
    sign = -1 if word in ("earlier", "before", "previously", "prior") else 1
    if is_vague(q_text):
        return None
    amount = quantity(q_text)
    if amount is None or amount != int(amount) or amount > 1000:
        return None
    step = _STEP[unit.letter]
    n = sign * int(amount) * unit.factor // day_multiple
    name = "anchored_later" if sign > 0 else "anchored_earlier"

    def later(anchor: CalUnit | None, _index: int | None) -> Resolved | None:
        if anchor is None:
            return None
        return shifted_from(anchor, n, step, name)

    return Resolved(
        type=TimeType.DATE,
        value="XXXX-XX-XX",
        rule=name,
        granularity=step,
        deferred=later,
        quantity=True,
    )


def _day_before(m: re.Match[str], ctx: Context) -> Resolved | None:
    sign = -1 if normalize(m.group("dir")) == "before" else 1

    def later(anchor: CalUnit | None, _index: int | None) -> Resolved | None:
        if anchor is None:
            return None
        return shifted_from(anchor, sign, Granularity.DAY, "anchored_day")

    return Resolved(
        type=TimeType.DATE,
        value="XXXX-XX-XX",
        rule="anchored_day",
        granularity=Granularity.DAY,
        deferred=later,
    )


RULES: list[Rule] = [
    rule(
        "anchored_later",
        rf"\b(?P<q>{QTY})[\s-]+(?P<unit>{UNIT_FORMS})\s+(?P<dir>later|earlier|afterwards?|previously|prior"
        r"|(?:before|after)(?=\s*(?:[.,;:)!?\"'”’]|$)))\b",
        _later,
        18,
    ),
    rule(
        "anchored_day",
        r"\bthe\s+day\s+(?P<dir>before|after)(?=\s*[.,;:)!?\"'])",
        _day_before,
        19,
    ),
]
