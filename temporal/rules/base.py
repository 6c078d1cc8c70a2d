"""What every rule family shares: the rule record, the resolution context and result.

A rule is a compiled regex plus a resolver. The resolver reads the match and the context
(text, publication datetime) and returns a :class:`Resolved` or None to reject the candidate
(a false positive such as "may" the verb). Resolvers that need the previous mention ("two
days later") return a Resolved whose ``deferred`` callback the tagger calls once the earlier
mentions are known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from models.mention import Direction, Granularity, Mod, TimeType
from temporal import intervals
from temporal.intervals import CalUnit


@dataclass
class Context:
    """Per-call inputs: the text, the anchor (publication, aware UTC or None), the date order.

    ``local_date`` is the publication's calendar day where it was written: "today" in an
    article stamped 23:30 -05:00 is that day, though it is already tomorrow in UTC.
    """

    text: str
    dct: datetime | None
    date_order: str = "DMY"
    local_date: date | None = None

    @property
    def dct_date(self) -> date | None:
        if self.local_date is not None:
            return self.local_date
        return self.dct.date() if self.dct is not None else None


@dataclass
class Resolved:
    """A rule's answer before it becomes a :class:`models.Mention`."""

    type: TimeType
    value: str
    rule: str
    mod: Mod | None = None
    unit: CalUnit | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    granularity: Granularity | None = None
    anchor: str = "publication"
    direction: Direction | None = None
    confidence: float = 0.9
    #: Called with the anchor unit of the previous dated mention (or the publication day).
    deferred: Callable[[CalUnit | None, int | None], Resolved | None] | None = None
    #: Quantity-bearing expressions may take "about", "more than" on their left.
    quantity: bool = False
    #: Dated expressions may take "early", "the end of" on their left.
    positional: bool = False
    span: tuple[int, int] | None = None
    #: False when a deferred resolver fell back to the publication date.
    anchor_used: bool = True
    extra: dict[str, object] = field(default_factory=dict)


Resolver = Callable[[re.Match[str], Context], "Resolved | None"]


@dataclass(frozen=True)
class Rule:
    """A named detection pattern and the function that resolves its matches."""

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    priority: int = 50


def rule(name: str, pattern: str, resolve: Resolver, priority: int = 50) -> Rule:
    """Compile a rule (IGNORECASE, VERBOSE off: fragments are written compactly)."""
    return Rule(name, re.compile(pattern, re.IGNORECASE), resolve, priority)


def dated(
    unit: CalUnit,
    rule_name: str,
    *,
    type_: TimeType = TimeType.DATE,
    direction: Direction | None = None,
    confidence: float = 0.9,
    mod: Mod | None = None,
) -> Resolved:
    """A Resolved for a calendar unit: value, interval and granularity all from the unit."""
    start, end = intervals.interval(unit)
    return Resolved(
        type=type_,
        value=intervals.value(unit),
        rule=rule_name,
        mod=mod,
        unit=unit,
        start_time=start,
        end_time=end,
        granularity=unit.gran,
        direction=direction,
        confidence=confidence,
        positional=True,
    )


def unanchored(
    value: str, rule_name: str, gran: Granularity | None, *, type_: TimeType = TimeType.DATE
) -> Resolved:
    """A relative expression with no publication date: an underspecified value, no interval."""
    return Resolved(
        type=type_,
        value=value,
        rule=rule_name,
        granularity=gran,
        anchor="none",
        confidence=0.5,
        positional=True,
    )


def capitalized(word: str) -> bool:
    """True when a word starts with an upper-case letter (names of months and days do)."""
    return bool(word) and word[0].isupper()


def direction_of(unit: CalUnit, ref: date) -> Direction:
    """Where a placed unit lies relative to the anchor day."""
    start, end = intervals.interval(unit)
    ref_start = intervals.utc(ref)
    if start <= ref_start < end:
        return Direction.SAME
    return Direction.PAST if start < ref_start else Direction.FUTURE
