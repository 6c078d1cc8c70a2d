"""Placing underspecified dates (a weekday, "20 January", "March") on the calendar.

The candidates are the same expression in neighbouring weeks or years; the tense of the clause
chooses: PAST takes the latest one not after the publication day, FUTURE the earliest one not
before it, and with no cue we take the nearest (for weekdays, news reports the past: the latest
one not after publication). An expression naming the publication's own day, week or month is
that same unit whatever the tense ("on Thursday" in Thursday's paper is that Thursday).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from models.mention import Direction
from temporal import intervals
from temporal.intervals import CalUnit


def _contains(unit: CalUnit, day: date) -> bool:
    start, end = intervals.interval(unit)
    return start <= intervals.utc(day) < end


def place(
    make: Callable[[int], CalUnit | None],
    ref: date,
    direction: Direction | None,
    *,
    default: Direction | None = None,
    offsets: range = range(-2, 3),
    near_days: int = 0,
) -> tuple[CalUnit, Direction] | None:
    """Choose among ``make(k)`` for k in ``offsets`` (years or weeks away from ``ref``).

    Returns the unit and how it was placed, or None when no candidate exists (30 February).
    A candidate within ``near_days`` of ``ref`` wins over the tense (the nearest one).
    """
    cands: list[CalUnit] = []
    for k in offsets:
        try:
            unit = make(k)
        except ValueError:
            unit = None
        if unit is not None:
            cands.append(unit)
    if not cands:
        return None
    for unit in cands:
        if _contains(unit, ref):
            return unit, Direction.SAME
    ref_t = intervals.utc(ref)
    # SAME is a present-tense event verb ("the World Cup starts in November"): a schedule.
    want = Direction.FUTURE if direction == Direction.SAME else (direction or default)
    if near_days:
        nearest = min(cands, key=lambda u: abs((intervals.interval(u)[0] - ref_t).total_seconds()))
        if abs((intervals.interval(nearest)[0] - ref_t).days) <= near_days:
            want = None
    past = [u for u in cands if intervals.interval(u)[1] <= ref_t]
    future = [u for u in cands if intervals.interval(u)[0] > ref_t]
    if want == Direction.PAST and past:
        return max(past, key=lambda u: u.start), Direction.PAST
    if want == Direction.FUTURE and future:
        return min(future, key=lambda u: u.start), Direction.FUTURE
    best = min(cands, key=lambda u: abs((intervals.interval(u)[0] - ref_t).total_seconds()))
    return best, (Direction.PAST if intervals.interval(best)[1] <= ref_t else Direction.FUTURE)


def weekday_near(
    ref: date, iso_weekday: int, direction: Direction | None
) -> tuple[date, Direction]:
    """The day with ``iso_weekday`` (1 = Monday) placed around ``ref``.

    The publication's own weekday is that day; otherwise past (the default in news) or future
    (a future cue, or a present-tense event verb: a schedule).
    """
    delta = iso_weekday - ref.isoweekday()
    if direction == Direction.SAME:
        direction = Direction.FUTURE  # a present-tense event verb: "the talks resume on Monday"
    if delta == 0:
        return ref, Direction.SAME
    if direction == Direction.FUTURE:
        return ref + timedelta(days=delta % 7), Direction.FUTURE
    return ref - timedelta(days=(-delta) % 7), Direction.PAST
