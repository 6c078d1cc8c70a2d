"""Deictic and relative expressions resolved against the publication date.

today, tonight, yesterday, tomorrow, this morning, last night, Monday night, (last|next|this)
Friday, last week, next month, this year, the past year, two days ago, three years ago, a decade
ago, in two weeks' time. Weekdays without a modifier are placed by the tense of their clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from models.mention import Direction, Granularity, TimeType
from temporal import placement, tense
from temporal.grammar import POD, QTY, UNIT_FORMS, UNIT_QUALIFIER, WEEKDAY
from temporal.intervals import CalUnit, coarser, shift, unit_containing, utc
from temporal.lexicon import alternation, lexicon, normalize
from temporal.numbers import is_vague, quantity
from temporal.rules.base import Context, Resolved, Rule, dated, direction_of, rule, unanchored
from temporal.rules.common import at_sentence_start, prev_word, prev_word_raw, weekday_number

_LEX = lexicon()

_DEICTIC_OFFSET = _LEX.deictic_days
_GENERIC_AFTER = re.compile(r"'s\s+(?:\w+\s+)?(\w+)")


def _pod_code(word: str | None) -> str | None:
    return _LEX.parts_of_day.get(normalize(word)) if word else None


def _day_or_pod(
    day: date, pod: str | None, name: str, direction: Direction | None = None
) -> Resolved:
    if pod:
        return dated(
            CalUnit(Granularity.PART_OF_DAY, day, pod=pod),
            name,
            type_=TimeType.TIME,
            direction=direction,
        )
    return dated(CalUnit(Granularity.DAY, day), name, direction=direction)


def _deictic(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = normalize(m.group("w"))
    raw = m.group("w")
    if raw[:1].isupper() and not at_sentence_start(ctx.text, m.start()):
        prev = prev_word_raw(ctx.text, m.start())
        if prev[:1].isupper():
            return None  # "USA Today", "VOA Today": a title
    after = _GENERIC_AFTER.match(ctx.text, m.end())
    if after and normalize(after.group(1)) in _LEX.context["generic_after_today"]:
        return None  # "today's world", "today's youth": the present age, not a day
    if word == "tomorrow" and prev_word(ctx.text, m.start()) == "of":
        return None  # "the people of tomorrow"
    pod = _pod_code(m.group("pod"))
    if word in ("tonight", "tonite", "overnight"):
        pod = "NI"
    ref = ctx.dct_date
    if ref is None:
        value = "XXXX-XX-XX" + (f"T{pod}" if pod else "")
        return unanchored(
            value,
            "deictic",
            Granularity.PART_OF_DAY if pod else Granularity.DAY,
            type_=TimeType.TIME if pod else TimeType.DATE,
        )
    day = ref + timedelta(days=_DEICTIC_OFFSET[word])
    offset = _DEICTIC_OFFSET[word]
    direction = (
        Direction.SAME if offset == 0 else (Direction.PAST if offset < 0 else Direction.FUTURE)
    )
    res = _day_or_pod(day, pod, "deictic", direction)
    res.confidence = 0.95
    return res


def _this_pod(m: re.Match[str], ctx: Context) -> Resolved | None:
    rel = normalize(m.group("rel"))
    pod = _pod_code(m.group("pod"))
    if pod is None:
        return None
    ref = ctx.dct_date
    if ref is None:
        return unanchored(
            f"XXXX-XX-XXT{pod}", "this_part_of_day", Granularity.PART_OF_DAY, type_=TimeType.TIME
        )
    day = ref - timedelta(days=1) if rel == "last" else ref
    direction = Direction.PAST if rel == "last" else Direction.SAME
    return _day_or_pod(day, pod, "this_part_of_day", direction)


_ANCHORED_WD = ("the previous", "the following", "the next", "that")


def _weekday(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = m.group("wd")
    if not word[:1].isupper():
        return None
    wd = weekday_number(word)
    if wd is None:
        return None
    rel = normalize(m.group("rel") or "")
    pod = _pod_code(m.group("pod"))
    name = "weekday" + ("_" + rel.replace(" ", "_") if rel else "")
    if rel in _ANCHORED_WD:
        return _anchored_weekday(wd, pod, name, rel)
    ref = ctx.dct_date
    if ref is None:
        value = f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else "")
        return unanchored(
            value,
            name,
            Granularity.PART_OF_DAY if pod else Granularity.DAY,
            type_=TimeType.TIME if pod else TimeType.DATE,
        )
    delta = wd - ref.isoweekday()
    if rel in ("last", "this past", "past"):
        day = ref - timedelta(days=(-delta) % 7 or 7)
        return _day_or_pod(day, pod, name, Direction.PAST)
    if rel in ("next", "this coming", "coming"):
        day = ref + timedelta(days=delta % 7 or 7)
        return _day_or_pod(day, pod, name, Direction.FUTURE)
    if rel == "this":
        direction: Direction | None = Direction.FUTURE
    else:
        direction = tense.clause_direction(ctx.text, m.start(), m.end(), until=True)
    day, how = placement.weekday_near(ref, wd, direction)
    res = _day_or_pod(day, pod, name, how)
    res.confidence = 0.85 if how != Direction.SAME else 0.9
    return res


def _anchored_weekday(wd: int, pod: str | None, name: str, rel: str) -> Resolved:
    """ "the following Monday": the weekday after (or before) the previous mention's day."""

    def later(anchor: CalUnit | None, _index: int | None) -> Resolved | None:
        if anchor is None or coarser(anchor.gran, Granularity.WEEK):
            return None  # "the following Monday" after "in March": no day to count from
        base = anchor.start
        delta = wd - base.isoweekday()
        if rel == "the previous":
            day = base - timedelta(days=(-delta) % 7 or 7)
        elif rel == "that":
            day = base + timedelta(days=delta % 7)
        else:
            day = base + timedelta(days=delta % 7 or 7)
        return _day_or_pod(day, pod, name)

    value = f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else "")
    return Resolved(
        type=TimeType.TIME if pod else TimeType.DATE,
        value=value,
        rule=name,
        granularity=Granularity.DAY,
        deferred=later,
        positional=True,
    )


_UNIT_GRAN = {
    "week": Granularity.WEEK,
    "weekend": Granularity.WEEK,
    "month": Granularity.MONTH,
    "quarter": Granularity.QUARTER,
    "year": Granularity.YEAR,
    "decade": Granularity.DECADE,
    "century": Granularity.CENTURY,
    "day": Granularity.DAY,
}
_REL_SHIFT = _LEX.relative_shift
_REL_ANCHORED = _LEX.relative_anchored
_UNDERSPEC = {
    Granularity.WEEK: "XXXX-WXX",
    Granularity.MONTH: "XXXX-XX",
    Granularity.QUARTER: "XXXX-QX",
    Granularity.YEAR: "XXXX",
    Granularity.DECADE: "XXX",
    Granularity.CENTURY: "XX",
    Granularity.DAY: "XXXX-XX-XX",
}


def _weekend(unit: CalUnit, name: str, direction: Direction | None = None) -> Resolved:
    """The Saturday+Sunday of the ISO week of ``unit`` (value ``2022-W07-WE``)."""
    monday = unit.start
    sat = CalUnit(Granularity.DAY, monday + timedelta(days=5))
    res = dated(sat, name, direction=direction)
    iso = monday.isocalendar()
    res.value = f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    res.end_time = res.start_time + timedelta(days=2) if res.start_time else None
    res.unit = CalUnit(Granularity.WEEK, monday)
    return res


def _relative_unit(m: re.Match[str], ctx: Context) -> Resolved | None:
    rel = normalize(m.group("rel"))
    unit_word = normalize(m.group("unit"))
    if m.group("unit")[:1].isupper() and not m.group("unit").isupper():
        return None  # a title: ABC's "This Week"
    gran = _UNIT_GRAN[unit_word]
    name = f"relative_{unit_word}"
    if rel in _REL_ANCHORED or (unit_word == "day" and rel in ("the next", "the last")):
        anchored_step = _REL_ANCHORED.get(rel, 1 if rel == "the next" else -1)
        return _anchored_unit(gran, anchored_step, name, weekend=unit_word == "weekend")
    if unit_word == "day":
        return None
    step = _REL_SHIFT.get(rel)
    if step is None:
        return None
    ref = ctx.dct_date
    if ref is None:
        value = _UNDERSPEC[gran] + ("-WE" if unit_word == "weekend" else "")
        return unanchored(value, name, gran)
    base = unit_containing(gran, ref)
    unit = shift(base, step)
    direction = Direction.SAME if step == 0 else (Direction.PAST if step < 0 else Direction.FUTURE)
    if unit_word == "weekend":
        res = _weekend(unit, name, direction)
        if step == 0 and res.start_time is not None and res.end_time is not None:
            day = utc(ref)  # "this weekend" on a Thursday is ahead, on a Sunday the same one
            if day < res.start_time:
                res.direction = Direction.FUTURE
            elif day >= res.end_time:
                res.direction = Direction.PAST
        return res
    return dated(unit, name, direction=direction, confidence=0.9)


def _anchored_unit(gran: Granularity, step: int, name: str, *, weekend: bool = False) -> Resolved:
    def later(anchor: CalUnit | None, _index: int | None) -> Resolved | None:
        if anchor is None or coarser(anchor.gran, gran):
            return None  # "the same day" after "last month": no day to take; look further back
        base = (
            unit_containing(gran, anchor.start)
            if gran != Granularity.DAY
            else CalUnit(Granularity.DAY, anchor.start)
        )
        unit = shift(base, step)
        if weekend:
            return _weekend(unit, name)
        return dated(unit, name, confidence=0.75)

    return Resolved(
        type=TimeType.DATE,
        value=_UNDERSPEC[gran],
        rule=name,
        granularity=gran,
        deferred=later,
        positional=True,
    )


def ago_unit(amount: float, unit_form: str, base: datetime) -> CalUnit | None:
    """The unit ``amount`` units of ``unit_form`` before ``base`` (negative amount: after)."""
    unit = _LEX.units.get(normalize(unit_form))
    if unit is None:
        return None
    n = amount * unit.factor
    if unit.letter == "M" and unit.is_time:
        t = base - timedelta(minutes=n)
        return CalUnit(Granularity.MINUTE, t.date(), hour=t.hour, minute=t.minute)
    if unit.letter == "H":
        t = base - timedelta(hours=n)
        return CalUnit(Granularity.HOUR, t.date(), hour=t.hour)
    if unit.letter == "S":
        return None
    day = base.date()
    if unit.letter == "D" or unit.letter == "WE":
        return CalUnit(Granularity.DAY, day - timedelta(days=round(n)))
    if unit.letter == "W":
        if n != int(n):
            return CalUnit(Granularity.DAY, day - timedelta(days=round(7 * n)))
        return shift(unit_containing(Granularity.WEEK, day), -int(n))
    if unit.letter == "M":
        if n != int(n):
            return CalUnit(Granularity.DAY, day - timedelta(days=round(30.4 * n)))
        return shift(unit_containing(Granularity.MONTH, day), -int(n))
    if unit.letter == "Q":
        return shift(unit_containing(Granularity.QUARTER, day), -int(n))
    years = {"Y": 1, "E": 10, "C": 100, "L": 1000}.get(unit.letter, 1) * n
    if years != int(years):
        return shift(unit_containing(Granularity.MONTH, day), -round(12 * years))
    return shift(unit_containing(Granularity.YEAR, day), -int(years))


def _ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    q_text = m.group("q")
    unit_word = normalize(m.group("unit"))
    if unit_word in ("second", "sec") and normalize(q_text) in ("a", "an"):
        return None
    word = normalize(m.group("dir"))
    sign = 1 if word in ("ago", "back") else -1
    if is_vague(q_text):
        value = "PAST_REF" if sign > 0 else "FUTURE_REF"
        res = Resolved(
            type=TimeType.DATE, value=value, rule="ago_vague", confidence=0.7, quantity=True
        )
        if ctx.dct is not None:
            unit = _LEX.units.get(unit_word)
            gran = Granularity(unit.granularity) if unit else Granularity.YEAR
            base = unit_containing(
                gran if gran not in (Granularity.HOUR, Granularity.MINUTE) else Granularity.DAY,
                ctx.dct.date(),
            )
            if sign > 0:
                res.end_time = dated(base, "x").start_time
            else:
                res.start_time = dated(base, "x").end_time
            res.granularity = gran
        else:
            res.anchor = "none"
        return res
    amount = quantity(q_text)
    if amount is None or amount > 5000:
        return None
    if ctx.dct is None:
        spec = _LEX.units.get(unit_word)
        ago_gran = Granularity(spec.granularity) if spec else None
        res = unanchored(_UNDERSPEC.get(ago_gran or Granularity.DAY, "XXXX-XX-XX"), "ago", ago_gran)
        res.quantity = True
        return res
    try:
        unit_cal = ago_unit(sign * amount, unit_word, ctx.dct)
    except (ValueError, OverflowError):
        return None
    if unit_cal is None:
        return None
    type_ = (
        TimeType.TIME if unit_cal.gran in (Granularity.HOUR, Granularity.MINUTE) else TimeType.DATE
    )
    res = dated(
        unit_cal,
        "ago" if sign > 0 else "from_now",
        type_=type_,
        direction=direction_of(unit_cal, ctx.dct.date()),
    )
    res.quantity = True
    spec = _LEX.units.get(unit_word)
    if sign > 0 and spec is not None and spec.letter == "Y" and amount == int(amount):
        res.deferred = _year_ago_of_quarter(res, int(amount))
    return res


def _year_ago_of_quarter(
    fallback: Resolved, years: int
) -> Callable[[CalUnit | None, int | None], Resolved | None]:
    """ "a year ago" after a quarter is that quarter a year back (results reporting: "net
    income rose in the third quarter from $5 million a year ago"); else the publication year."""

    def later(anchor: CalUnit | None, _index: int | None) -> Resolved | None:
        if anchor is not None and anchor.gran == Granularity.QUARTER:
            res = dated(shift(anchor, -4 * years), "ago_quarter", confidence=0.7)
            res.quantity = True
            return res
        fallback.anchor_used = False
        fallback.deferred = None
        return fallback

    return later


_REL_WORDS = (
    r"the\s+previous|the\s+prior|the\s+following|the\s+same|the\s+current|the\s+coming|the\s+past|the\s+last|"
    r"the\s+next|the\s+latest|this\s+past|this\s+coming|last|next|this|past|coming|current|that"
)

RULES: list[Rule] = [
    rule(
        "deictic",
        rf"\b(?P<w>{alternation(_LEX.deictic_days)})(?:(?:'s)?\s+(?P<pod>{POD})\b)?\b",
        _deictic,
        20,
    ),
    rule(
        "this_part_of_day",
        r"\b(?P<rel>this|last)\s+(?P<pod>morning|afternoon|evening|night)\b",
        _this_pod,
        21,
    ),
    rule(
        "weekday",
        rf"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|the\s+previous|the\s+following|the\s+next|that)\s+)?"
        rf"(?P<wd>{WEEKDAY})(?!s\b)(?:\s+(?P<pod>{POD})\b(?!s))?",
        _weekday,
        25,
    ),
    rule(
        "relative_unit",
        rf"\b(?P<rel>{_REL_WORDS})\s+(?:fiscal\s+)?(?P<unit>week|weekend|month|quarter|year|decade|century|day)\b(?!-)",
        _relative_unit,
        30,
    ),
    rule(
        "ago",
        rf"\b(?P<q>{QTY})(?:\s+{UNIT_QUALIFIER})?[\s-]+(?P<unit>{UNIT_FORMS})(?:\s+or\s+so)?\s+(?P<dir>ago|back|from\s+now|hence)\b",
        _ago,
        18,
    ),
]
