"""Duration values (TIMEX3 ``P3M``, ``PT48H``, ``PXD``) and the intervals durations make.

"48 hours" is only a length; "the last 48 hours" is also a place on the calendar, the 48 hours
ending at publication, and "the next few days" starts at publication.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporal.intervals import add_months
from temporal.lexicon import Unit

_FINER = {
    "Y": ("M", 12),
    "M": ("D", 30),
    "W": ("D", 7),
    "D": ("H", 24),
    "E": ("Y", 10),
}
_FINER_TIME = {"H": ("M", 60), "M": ("S", 60)}
#: How many units a vague quantity stands for when an interval must be drawn ("a few days").
VAGUE_GUESS = 3


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def duration_value(amount: float | None, unit: Unit) -> str:
    """TIMEX3 value for ``amount`` units (None = vague, written X)."""
    letter = unit.letter
    prefix = "PT" if unit.is_time else "P"
    if amount is None:
        return f"PX{letter}"  # TimeML writes vague time units without the T ("a few minutes": PXM)
    n = amount * unit.factor
    if letter == "E":
        if n == 1:
            return "P1E"
        n, letter = n * 10, "Y"
    finer_table = _FINER_TIME if unit.is_time else _FINER
    if n != int(n) and letter in finer_table:
        whole = int(n)
        finer, per = finer_table[letter]
        rest = round((n - whole) * per)
        head = f"{whole}{letter}" if whole else ""
        if unit.is_time:
            return f"PT{head}{rest}{finer}"
        if letter == "D":
            return f"P{head}T{rest}H"
        return f"P{head}{rest}{finer}"
    return f"{prefix}{_fmt(n)}{letter}"


def add_units(base: datetime, amount: float, unit: Unit) -> datetime:
    """``base`` moved by ``amount`` units (negative: back).

    Raises ValueError or OverflowError when the result leaves the calendar.
    """
    n = amount * unit.factor
    letter = unit.letter
    if unit.is_time:
        per = {"S": 1, "M": 60, "H": 3600}[letter]
        return base + timedelta(seconds=n * per)
    if letter in ("D", "WE"):
        return base + timedelta(days=n)
    if letter == "W":
        return base + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "S": 3, "Y": 12, "E": 120, "C": 1200, "L": 12000}.get(letter, 12) * n
    whole = int(months)
    moved = add_months(base.date(), whole)
    out = base.replace(year=moved.year, month=moved.month, day=moved.day)
    frac = months - whole
    return out + timedelta(days=30.4 * frac) if frac else out
