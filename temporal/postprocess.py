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
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import cast

from models.mention import Granularity, Mod, TimeType
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
    r"(?:\b(?P<w>early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle|close|turn|dawn)\s+of|"
    r"the\s+(?:early|late)\s+part\s+of)\s+|\b(?P<h>mid-))$",
    re.IGNORECASE,
)
_POSITION_MOD = {
    "early": Mod.START,
    "earlier": Mod.START,
    "beginning": Mod.START,
    "start": Mod.START,
    "dawn": Mod.START,
    "mid": Mod.MID,
    "middle": Mod.MID,
    "late": Mod.END,
    "later": Mod.END,
    "end": Mod.END,
    "close": Mod.END,
    "turn": Mod.END,
}
_QUANTITY_LEFT = re.compile(rf"\b(?P<w>{alternation(_LEX.quantity_mods)})\s+$", re.IGNORECASE)
_OR_SO = re.compile(r"^\s+or\s+so\b", re.IGNORECASE)
_TIME_DATE_GAP = re.compile(r"^(?:,?\s+(?:on\s+)?|\s+)$", re.IGNORECASE)


def _position_key(phrase: str) -> str:
    words = phrase.lower().replace("-", " ").split()
    for w in words:
        if w in _POSITION_MOD:
            return w
    return ""


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
        elif res.positional and res.unit is not None and res.mod is None:
            pm = _POSITION_LEFT.search(left)
            if pm:
                key = _position_key(pm.group(0))
                mod = _POSITION_MOD.get(key)
                weekday_earlier = key in ("earlier", "later") and res.rule.startswith("weekday")
                if mod is not None and not weekday_earlier:
                    f = Found(lo + pm.start(), f.end, replace(res, mod=mod))
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
        if joined and nxt is not None and (_SINCE.search(left) or _BETWEEN.search(left)):
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
