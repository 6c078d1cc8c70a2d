"""Steps after detection that look at a mention's neighbours.

* modifiers on the left: "early March" (mod START), "the end of the year" (END), "mid-2022",
  "about two years" (APPROX), "more than four hours" (MORE_THAN); "or so" on the right;
* a clock time followed by its day ("5 p.m. on Sunday", "noon Thursday") becomes one TIME;
* range words outside the extent ("since 2014", "until 20 January", "from March to May",
  "between 2010 and 2015") stretch the interval without changing the TIMEX3 value, whose
  extent TempEval-3 keeps without the preposition.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import cast

from models.mention import Direction, Granularity, Mod, TimeType
from temporal import intervals
from temporal.intervals import CalUnit
from temporal.lexicon import alternation, lexicon
from temporal.rules.base import Resolved

_LEX = lexicon()


@dataclass
class Found:
    """A selected mention before it becomes a Mention: span and resolution."""

    start: int
    end: int
    res: Resolved


_POSITION_LEFT = re.compile(
    r"(?:\b(?P<w>early|late|mid|earlier(?:\s+in)?|later(?:\s+in)?|the\s+(?:end|beginning|start|middle|close|turn|dawn)\s+of|"
    r"the\s+(?:early|late)\s+part\s+of)\s+|\b(?P<h>mid-))$",
    re.IGNORECASE,
)
_POSITION_MOD = {word: Mod(mod) for word, mod in _LEX.position_words.items()}
#: Position words that measure from the publication ("earlier this week"), not the unit's thirds.
_NOW_RELATIVE = ("earlier", "later")
_QUANTITY_LEFT = re.compile(rf"\b(?P<w>{alternation(_LEX.quantity_mods)})\s+$", re.IGNORECASE)
_APPROX_LEFT = re.compile(r"\b(?:around|about|approximately|roughly|circa)\s+$", re.IGNORECASE)
_PHRASAL_AROUND = re.compile(
    r"\b(?:get|gets|got|getting|go|goes|went|going|come|came|turn|turned|work|way|ways|run|look|looking|move|moving|"
    r"bring|brought|talk|talked|hang|hung|lie|lying)\s+$",
    re.IGNORECASE,
)
_OPEN_RIGHT = re.compile(
    r"\s+(?:or|and)\s+(?P<w>later|beyond|after|earlier|before)\b(?!\s+(?:the|a|an|this|that|his|her|its)\b)",
    re.IGNORECASE,
)
_OR_SO = re.compile(r"^\s+or\s+so\b", re.IGNORECASE)
_TIME_DATE_GAP = re.compile(r"^(?:,?\s+(?:on\s+)?|\s+)$", re.IGNORECASE)


def _position_key(phrase: str) -> str:
    words = phrase.lower().replace("-", " ").split()
    for w in words:
        if w in _POSITION_MOD:
            return w
    return ""


def _end_of_this_year(text: str, start: int, res: Resolved) -> Resolved:
    """ "the end of the year" told in the past tense before that end is near means last year's
    end ("cases peaked by the end of the year", written in March)."""
    from temporal import tense
    from temporal.intervals import shift

    unit = res.unit
    if (
        res.mod != Mod.END
        or unit is None
        or unit.gran != Granularity.YEAR
        or not res.rule.startswith(("the_year", "part_of_year"))
        or res.start_time is None
        or tense.clause_direction(text, start, start + 1) != Direction.PAST
    ):
        return res
    anchor = res.extra.get("dct_month")
    if not isinstance(anchor, int) or anchor >= 9:
        return res
    back = shift(unit, -1)
    start_t, end_t = intervals.interval(back)
    return replace(
        res,
        unit=back,
        value=intervals.value(back),
        start_time=start_t,
        end_time=end_t,
        direction=Direction.PAST,
    )


def extend_modifiers(text: str, found: list[Found]) -> list[Found]:
    """Grow extents over position/quantity modifiers and set ``mod`` (never over a neighbour)."""
    out: list[Found] = []
    prev_end = 0
    for f in found:
        lo = max(prev_end, f.start - 40)
        left = text[lo : f.start]
        res = f.res
        qm = _QUANTITY_LEFT.search(left) if res.quantity else None
        if qm:
            word = " ".join(qm.group("w").lower().split())
            f = Found(lo + qm.start(), f.end, replace(res, mod=Mod(_LEX.quantity_mods[word])))
        elif (
            res.positional
            and (res.unit is not None or res.deferred is not None)
            and res.mod is None
        ):
            pm = _POSITION_LEFT.search(left)
            am = _APPROX_LEFT.search(left)
            if am and _PHRASAL_AROUND.search(left, 0, am.start()):
                am = None  # "get around Wednesday's ruling": a phrasal verb
            if am and not pm:
                f = Found(lo + am.start(), f.end, replace(res, mod=Mod.APPROX))
            if pm:
                key = _position_key(pm.group(0))
                mod = _POSITION_MOD.get(key)
                weekday_earlier = key in ("earlier", "later") and res.rule.startswith("weekday")
                if mod is not None and not weekday_earlier:
                    extra = {**res.extra, "position": key} if key in _NOW_RELATIVE else res.extra
                    f = Found(
                        lo + pm.start(),
                        f.end,
                        _end_of_this_year(text, f.start, replace(res, mod=mod, extra=extra)),
                    )
        if res.positional and res.unit is not None:
            om = _OPEN_RIGHT.match(text, f.end)
            if om:
                mod = (
                    Mod.ON_OR_AFTER
                    if om.group("w").lower() in ("later", "beyond", "after")
                    else Mod.ON_OR_BEFORE
                )
                f = Found(f.start, om.end(), replace(f.res, mod=mod))
        if res.quantity:
            om = _OR_SO.match(text, f.end)
            if om and not text[f.start : f.end].lower().endswith("or so"):
                f = Found(f.start, om.end(), replace(f.res, mod=f.res.mod or Mod.APPROX))
        out.append(f)
        prev_end = f.end
    return out


def merge_time_date(text: str, found: list[Found]) -> list[Found]:
    """ "5 p.m. on Sunday", "noon Thursday", "10 p.m. Wednesday" -> one TIME on that day."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        f = found[i]
        clock = f.res.extra.get("clock")
        if clock is not None and i + 1 < len(found):
            g = found[i + 1]
            gap = text[f.end : g.start]
            unit = g.res.unit
            if (
                _TIME_DATE_GAP.match(gap)
                and unit is not None
                and unit.gran == Granularity.DAY
                and g.res.type == TimeType.DATE
            ):
                hour, minute = cast(tuple[int, int], clock)
                merged = _clock_on(unit, hour, minute, f.res, g.res)
                out.append(Found(f.start, g.end, merged))
                i += 2
                continue
        out.append(f)
        i += 1
    return out


def _clock_on(
    day: CalUnit, hour: int, minute: int, clock: Resolved, date_res: Resolved
) -> Resolved:
    if hour == 24:
        unit = CalUnit(Granularity.MINUTE, day.start, hour=0, minute=0)
        start, _ = intervals.interval(unit)
        start += timedelta(days=1)
        end = start + timedelta(minutes=1)
        value = f"{day.start.isoformat()}T24:00"
    else:
        unit = CalUnit(Granularity.MINUTE, day.start, hour=hour, minute=minute)
        start, end = intervals.interval(unit)
        value = intervals.value(unit)
    offset = clock.extra.get("utc_offset")
    if isinstance(offset, float):
        start -= timedelta(hours=offset)
        end -= timedelta(hours=offset)
    return replace(
        clock,
        value=value,
        unit=unit,
        start_time=start,
        end_time=end,
        granularity=Granularity.MINUTE,
        direction=date_res.direction,
        anchor=date_res.anchor,
        rule=clock.rule + "+" + date_res.rule,
        deferred=None,
    )


_SINCE = re.compile(
    r"\b(?:since|from|starting(?:\s+in)?|beginning(?:\s+in)?|as\s+of)\s+(?:(?:early|late|mid)\s+)?$",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"\b(?:until|till|through|up\s+to|by|before|to)\s+$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_RANGE_GAP = re.compile(r"^\s*(?:to|until|till|through|and|-|–|—)\s*$", re.IGNORECASE)


def apply_ranges(text: str, found: list[Found], dct: datetime | None) -> list[Found]:
    """Stretch intervals for since/until/from-to/between-and (values and extents unchanged)."""
    out = list(found)
    for i, f in enumerate(out):
        res = f.res
        if (
            res.type not in (TimeType.DATE, TimeType.TIME)
            or res.start_time is None
            or res.end_time is None
        ):
            continue
        left = text[max(0, f.start - 25) : f.start]
        nxt = out[i + 1] if i + 1 < len(out) else None
        joined = (
            nxt is not None
            and nxt.res.start_time is not None
            and nxt.res.end_time is not None
            and _RANGE_GAP.match(text[f.end : nxt.start]) is not None
        )
        dash = nxt is not None and text[f.end : nxt.start] in ("-", "–")
        if joined and nxt is not None and (_SINCE.search(left) or _BETWEEN.search(left) or dash):
            lo, hi = res.start_time, nxt.res.end_time
            if lo is not None and hi is not None and lo < hi:
                out[i] = Found(
                    f.start,
                    f.end,
                    replace(res, start_time=lo, end_time=hi, rule=res.rule + "+range"),
                )
                out[i + 1] = Found(
                    nxt.start,
                    nxt.end,
                    replace(nxt.res, start_time=lo, end_time=hi, rule=nxt.res.rule + "+range"),
                )
            continue
        if res.rule.endswith("+range"):
            continue
        since = re.search(r"\b(?:since|as\s+of)\s+$", left, re.I) is not None
        until = re.search(r"\b(?:until|till)\s+$", left, re.I) is not None
        if since and dct is not None and res.start_time < dct:
            out[i] = Found(
                f.start,
                f.end,
                replace(
                    res,
                    end_time=max(dct, res.end_time),
                    mod=res.mod or Mod.ON_OR_AFTER,
                    rule=res.rule + "+since",
                ),
            )
        elif until and dct is not None and dct < res.end_time:
            out[i] = Found(
                f.start,
                f.end,
                replace(
                    res,
                    start_time=min(dct, res.start_time),
                    mod=res.mod or Mod.ON_OR_BEFORE,
                    rule=res.rule + "+until",
                ),
            )
    return out


_WITHIN = re.compile(r"\b(?:within|inside)\s+(?:the\s+next\s+)?$", re.IGNORECASE)
_IN = re.compile(r"\bin\s+$", re.IGNORECASE)


_TO_DATE = re.compile(r"^\s+(?:to|through|ending|ended|until)\s+$", re.IGNORECASE)


def durations_to_dates(text: str, found: list[Found]) -> list[Found]:
    """ "the three months to December": the duration ends with the named period."""
    from temporal.durations import add_units

    out = list(found)
    for i in range(len(out) - 1):
        f, g = out[i], out[i + 1]
        amount, unit_name = f.res.extra.get("amount"), f.res.extra.get("unit")
        if (
            f.res.type != TimeType.DURATION
            or not isinstance(amount, float)
            or not isinstance(unit_name, str)
            or g.res.end_time is None
            or g.res.type not in (TimeType.DATE, TimeType.TIME)
            or not _TO_DATE.match(text[f.end : g.start])
        ):
            continue
        unit = _LEX.units.get(unit_name)
        if unit is None:
            continue
        try:
            start = add_units(g.res.end_time, -amount, unit)
        except (ValueError, OverflowError):
            continue
        out[i] = Found(
            f.start,
            f.end,
            replace(f.res, start_time=start, end_time=g.res.end_time, rule=f.res.rule + "+to"),
        )
    return out


def place_durations(text: str, found: list[Found], dct: datetime | None) -> list[Found]:
    """ "within two weeks" runs from publication for two weeks; "in two weeks" (future clause)
    is the day two weeks after publication. Values stay DURATION, as TimeML writes them."""
    if dct is None:
        return found
    from temporal import tense
    from temporal.durations import add_units

    out: list[Found] = []
    for f in found:
        res = f.res
        amount, unit_name = res.extra.get("amount"), res.extra.get("unit")
        if (
            res.type == TimeType.DURATION
            and res.start_time is None
            and isinstance(amount, float)
            and isinstance(unit_name, str)
        ):
            unit = _LEX.units.get(unit_name)
            left = text[max(0, f.start - 20) : f.start]
            try:
                if unit is not None and _WITHIN.search(left):
                    end = add_units(dct, amount, unit)
                    f = Found(
                        f.start,
                        f.end,
                        replace(res, start_time=dct, end_time=end, rule=res.rule + "+within"),
                    )
                elif (
                    unit is not None
                    and _IN.search(left)
                    and tense.clause_direction(text, f.start, f.end) == Direction.FUTURE
                ):
                    day = CalUnit(Granularity.DAY, add_units(dct, amount, unit).date())
                    start, end = intervals.interval(day)
                    f = Found(
                        f.start,
                        f.end,
                        replace(
                            res,
                            start_time=start,
                            end_time=end,
                            direction=Direction.FUTURE,
                            rule=res.rule + "+in",
                        ),
                    )
            except (ValueError, OverflowError):
                pass
        out.append(f)
    return out


# week and every coarser unit (the calendar order lives in intervals.ORDER)
_NARROWABLE = frozenset(intervals.ORDER[intervals.ORDER.index(Granularity.WEEK) :])
_THIRD = {Mod.START: 0, Mod.MID: 1, Mod.END: 2}


def _split_at_publication(res: Resolved, day: date | None) -> Resolved | None:
    """ "earlier this week" runs from the week's start to the publication day, "later this
    month" from the publication day to the month's end (when the unit holds that day)."""
    where = res.extra.get("position")
    if day is None or where not in _NOW_RELATIVE or res.start_time is None or not res.end_time:
        return None
    pub = intervals.utc(day)
    if where == "earlier" and res.start_time < pub < res.end_time:
        return replace(res, end_time=pub)
    if where == "later" and res.start_time < pub < res.end_time:
        return replace(res, start_time=pub)
    return None


def narrow_positions(found: list[Found], day: date | None = None) -> list[Found]:
    """ "early March" is the first third of March, "mid-2022" the middle third of 2022,
    "the end of the year" the last third: the interval follows the mod, the value does not.
    "earlier this week" and "later this month" are split at the publication ``day``."""
    out: list[Found] = []
    for f in found:
        res = f.res
        third = _THIRD.get(res.mod) if res.mod else None
        split = _split_at_publication(res, day)
        if split is not None:
            f = Found(f.start, f.end, split)
        elif (
            third is not None
            and res.unit is not None
            and res.unit.gran in _NARROWABLE
            and res.start_time is not None
            and res.end_time is not None
        ):
            span = (res.end_time - res.start_time) / 3
            start = res.start_time + span * third
            end = res.end_time if third == 2 else start + span
            start = start.replace(hour=0, minute=0, second=0, microsecond=0)
            if end.time() != end.min.time():
                end = end.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
            f = Found(f.start, f.end, replace(res, start_time=start, end_time=end))
        out.append(f)
    return out


def anchor_clock_times(text: str, found: list[Found]) -> list[Found]:
    """A clock time alone ("at 10 p.m.") happens on the day its sentence names ("10:35 a.m.
    (0735 GMT) Friday"), else on the day last named before it; only then on publication day."""
    from temporal import tense

    days: list[tuple[int, int, CalUnit]] = [
        (i, f.start, f.res.unit)
        for i, f in enumerate(found)
        if f.res.unit is not None
        and f.res.unit.gran in (Granularity.DAY, Granularity.PART_OF_DAY)
        and f.res.deferred is None
    ]
    starts = [d[1] for d in days]
    out: list[Found] = []
    for i, f in enumerate(found):
        clock = f.res.extra.get("clock")
        if clock is None or "+" in f.res.rule or f.res.anchor == "none":
            out.append(f)
            continue
        lo, hi = tense.sentence_bounds(text, f.start, f.end)
        first, last = bisect_left(starts, lo), bisect_left(starts, hi)
        same = [d for d in days[first:last] if d[0] != i]
        before = bisect_left(starts, f.start)
        earlier = days[before - 1] if before > 0 else None
        pick = min(same, key=lambda d: abs(d[1] - f.start)) if same else earlier
        if pick is None:
            out.append(f)
            continue
        hour, minute = cast(tuple[int, int], clock)
        merged = _clock_on(
            CalUnit(Granularity.DAY, pick[2].start), hour, minute, f.res, found[pick[0]].res
        )
        merged = replace(merged, rule=f.res.rule + "@day", anchor=f"mention:{pick[0]}")
        out.append(Found(f.start, f.end, merged))
    return out
