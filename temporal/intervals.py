"""Calendar units and the half-open UTC intervals they denote.

A resolved date is a :class:`CalUnit`: a granularity plus the first day of the unit (and a part
of day or a clock time where the text gave one). One representation serves three needs: the
TIMEX3 value string, the interval, and shifting ("a year earlier" moves the previous mention by
one year at that mention's own granularity).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from models.mention import Granularity
from temporal.lexicon import lexicon

_LEX = lexicon()

SEASON_CODES = {v: k for k, v in _LEX.season_start_month.items()}  # month -> code


#: Granularities from finest to coarsest.
ORDER: tuple[Granularity, ...] = (
    Granularity.MINUTE,
    Granularity.HOUR,
    Granularity.PART_OF_DAY,
    Granularity.DAY,
    Granularity.WEEK,
    Granularity.MONTH,
    Granularity.QUARTER,
    Granularity.HALF,
    Granularity.SEASON,
    Granularity.YEAR,
    Granularity.DECADE,
    Granularity.CENTURY,
)
_RANK = {g: i for i, g in enumerate(ORDER)}


def coarser(a: Granularity, b: Granularity) -> bool:
    """True when ``a`` is a coarser unit than ``b`` (a month is coarser than a day)."""
    return _RANK.get(a, len(ORDER)) > _RANK.get(b, len(ORDER))


@dataclass(frozen=True)
class CalUnit:
    """One calendar unit: ``start`` is its first day; ``pod`` a part-of-day code ("MO");
    ``hour``/``minute`` a clock time (granularity hour or minute)."""

    gran: Granularity
    start: date
    pod: str | None = None
    hour: int | None = None
    minute: int | None = None


def utc(d: date, hour: int = 0, minute: int = 0) -> datetime:
    """Midnight (or the given time) of a day, in UTC."""
    if not hour and not minute:  # the common case, without the timedelta arithmetic
        return datetime(d.year, d.month, d.day, tzinfo=UTC)
    return datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(hours=hour, minutes=minute)


def add_months(d: date, months: int) -> date:
    """The same day-of-month ``months`` later, clamped to the month's length."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError("year out of range")
    day = min(d.day, days_in_month(year, month))
    return date(year, month, day)


def days_in_month(year: int, month: int) -> int:
    """Number of days of a month."""
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (nxt - date(year, month, 1)).days


def monday_of(d: date) -> date:
    """The Monday of the ISO week of ``d``."""
    return d - timedelta(days=d.weekday())


def quarter_start(d: date) -> date:
    """First day of the calendar quarter containing ``d``."""
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def season_start(d: date) -> date:
    """First day of the meteorological season containing ``d`` (winter starts in December)."""
    if d.month == 12:
        return date(d.year, 12, 1)
    if d.month <= 2:
        return date(d.year - 1, 12, 1)
    return date(d.year, 3 * (d.month // 3), 1)


def unit_containing(gran: Granularity, d: date) -> CalUnit:
    """The unit of granularity ``gran`` that contains day ``d``."""
    if gran == Granularity.WEEK:
        return CalUnit(gran, monday_of(d))
    if gran == Granularity.MONTH:
        return CalUnit(gran, d.replace(day=1))
    if gran == Granularity.QUARTER:
        return CalUnit(gran, quarter_start(d))
    if gran == Granularity.SEASON:
        return CalUnit(gran, season_start(d))
    if gran == Granularity.HALF:
        return CalUnit(gran, date(d.year, 1 if d.month <= 6 else 7, 1))
    if gran == Granularity.YEAR:
        return CalUnit(gran, date(d.year, 1, 1))
    if gran == Granularity.DECADE:
        return CalUnit(gran, date(d.year - d.year % 10, 1, 1))
    if gran == Granularity.CENTURY:
        return CalUnit(gran, date(max(1, d.year - d.year % 100), 1, 1))
    return CalUnit(Granularity.DAY, d)


def unit_containing_day(d: date) -> CalUnit:
    """The day ``d`` as a unit."""
    return CalUnit(Granularity.DAY, d)


def shift(unit: CalUnit, amount: int, gran: Granularity | None = None) -> CalUnit:
    """Move a unit by ``amount`` steps of ``gran`` (default: its own granularity).

    The result keeps the unit's own granularity ("a year earlier" than 1989-Q3 is 1988-Q3).
    """
    step = gran or unit.gran
    s = unit.start
    if step in (Granularity.DAY, Granularity.PART_OF_DAY, Granularity.HOUR, Granularity.MINUTE):
        moved = s + timedelta(days=amount)
    elif step == Granularity.WEEK:
        moved = s + timedelta(weeks=amount)
    elif step == Granularity.MONTH:
        moved = add_months(s, amount)
    elif step in (Granularity.QUARTER, Granularity.SEASON):
        moved = add_months(s, 3 * amount)
    elif step == Granularity.HALF:
        moved = add_months(s, 6 * amount)
    elif step == Granularity.YEAR:
        moved = add_months(s, 12 * amount)
    elif step == Granularity.DECADE:
        moved = add_months(s, 120 * amount)
    else:
        moved = add_months(s, 1200 * amount)
    if unit.gran in (
        Granularity.DAY,
        Granularity.PART_OF_DAY,
        Granularity.HOUR,
        Granularity.MINUTE,
    ):
        return replace(unit, start=moved)
    return replace(unit, start=unit_containing(unit.gran, moved).start)


def interval(unit: CalUnit) -> tuple[datetime, datetime]:
    """The half-open UTC interval ``[start, end)`` of a unit."""
    s = unit.start
    g = unit.gran
    if g == Granularity.MINUTE:
        begin = utc(s, unit.hour or 0, unit.minute or 0)
        return begin, begin + timedelta(minutes=1)
    if g == Granularity.HOUR:
        begin = utc(s, unit.hour or 0)
        return begin, begin + timedelta(hours=1)
    if g == Granularity.PART_OF_DAY:
        lo, hi = _LEX.part_of_day_hours.get(unit.pod or "", (0, 24))
        return utc(s, lo), utc(s, hi)
    if g == Granularity.DAY:
        return utc(s), utc(s + timedelta(days=1))
    if g == Granularity.WEEK:
        return utc(s), utc(s + timedelta(weeks=1))
    months = {
        Granularity.MONTH: 1,
        Granularity.QUARTER: 3,
        Granularity.SEASON: 3,
        Granularity.HALF: 6,
        Granularity.YEAR: 12,
        Granularity.DECADE: 120,
        Granularity.CENTURY: 1200,
    }[g]
    return utc(s), utc(add_months(s, months))


def value(unit: CalUnit) -> str:
    """The TIMEX3 value of a unit ("2022-02-17", "2022-W07", "2022-Q1", "199", "2022-02-17TEV")."""
    s = unit.start
    g = unit.gran
    if g == Granularity.MINUTE:
        return f"{s.isoformat()}T{unit.hour or 0:02d}:{unit.minute or 0:02d}"
    if g == Granularity.HOUR:
        return f"{s.isoformat()}T{unit.hour or 0:02d}:00"
    if g == Granularity.PART_OF_DAY:
        return f"{s.isoformat()}T{unit.pod or 'XX'}"
    if g == Granularity.DAY:
        return s.isoformat()
    if g == Granularity.WEEK:
        iso = s.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if g == Granularity.MONTH:
        return f"{s.year:04d}-{s.month:02d}"
    if g == Granularity.QUARTER:
        return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
    if g == Granularity.SEASON:
        return f"{s.year:04d}-{SEASON_CODES.get(s.month, 'XX')}"
    if g == Granularity.HALF:
        return f"{s.year:04d}-H{1 if s.month <= 6 else 2}"
    if g == Granularity.YEAR:
        return f"{s.year:04d}"
    if g == Granularity.DECADE:
        return f"{s.year // 10:03d}"
    return f"{s.year // 100:02d}"
