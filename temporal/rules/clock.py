"""Clock times: "5 p.m.", "17:00 GMT", "7:15 a.m. local time", "midnight", "noon",
"ten o'clock". A time alone is on the publication day; the tagger merges a time with an
adjacent date ("5 p.m. on Sunday", "10 p.m. Wednesday") into one TIME mention.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from models.mention import Granularity, TimeType
from temporal.grammar import TZ, WORD_NUMBER_SMALL
from temporal.intervals import CalUnit
from temporal.lexicon import lexicon, normalize
from temporal.numbers import quantity
from temporal.rules.base import Context, Resolved, Rule, dated, rule, unanchored
from temporal.rules.common import at_sentence_start, prev_word

_LEX = lexicon()
_TIME_PREPS = _LEX.context["time_prepositions"]


def time_resolved(
    hour: int, minute: int, ctx: Context, name: str, day: date | None = None
) -> Resolved | None:
    """A clock time on ``day`` (default: the publication day)."""
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    base = day or ctx.dct_date
    if base is None:
        value = f"XXXX-XX-XXT{hour:02d}:{minute:02d}"
        res = unanchored(value, name, Granularity.MINUTE, type_=TimeType.TIME)
        res.extra["clock"] = (hour, minute)
        return res
    if hour == 24:
        res = dated(
            CalUnit(Granularity.MINUTE, base, hour=0, minute=0),
            name,
            type_=TimeType.TIME,
            confidence=0.85,
        )
        if res.start_time is not None:
            res.start_time += timedelta(days=1)
            res.end_time = res.start_time + timedelta(minutes=1)
        res.value = f"{base.isoformat()}T24:00"
    else:
        res = dated(
            CalUnit(Granularity.MINUTE, base, hour=hour, minute=minute),
            name,
            type_=TimeType.TIME,
            confidence=0.85,
        )
    res.extra["clock"] = (hour, minute)
    res.quantity = True  # "around 7:15 p.m."
    return res


def _ampm(m: re.Match[str], ctx: Context) -> Resolved | None:
    h_text = m.group("h")
    hour_f = quantity(h_text)
    if hour_f is None:
        return None
    hour = int(hour_f)
    minute = int(m.group("m") or 0)
    if not 1 <= hour <= 12:
        return None
    pm = normalize(m.group("ampm")).startswith("p")
    if pm and hour != 12:
        hour += 12
    if not pm and hour == 12:
        hour = 0
    return _in_zone(time_resolved(hour, minute, ctx, "clock_ampm"), m.group("tz"))


def _hhmm(m: re.Match[str], ctx: Context) -> Resolved | None:
    hour, minute = int(m.group("h")), int(m.group("m"))
    if not m.group("tz") and prev_word(ctx.text, m.start()) not in _TIME_PREPS:
        return None  # "won 3:1", "John 3:16"
    return _in_zone(time_resolved(hour, minute, ctx, "clock_24h"), m.group("tz"))


def _in_zone(res: Resolved | None, zone: str | None) -> Resolved | None:
    """Shift the interval of a local clock time to UTC when its zone is known ("5 p.m. EST")."""
    offset = _LEX.time_zone_offsets.get(normalize(zone)) if zone else None
    if res is None or not offset or res.start_time is None or res.end_time is None:
        return res
    shift = timedelta(hours=offset)
    res.start_time -= shift
    res.end_time -= shift
    res.extra["utc_offset"] = offset
    return res


def _military(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ "0735 GMT", "1400 hours": four digits with a zone or "hours"."""
    hour, minute = int(m.group("h")), int(m.group("m"))
    return _in_zone(time_resolved(hour, minute, ctx, "clock_military"), m.group("tz"))


def _named(m: re.Match[str], ctx: Context) -> Resolved | None:
    if m.group("w")[:1].isupper() and not at_sentence_start(ctx.text, m.start()):
        return None  # "High Noon"
    word = normalize(m.group("w"))
    hour = 24 if word == "midnight" else 12
    return time_resolved(hour, 0, ctx, "clock_" + word)


def _oclock(m: re.Match[str], ctx: Context) -> Resolved | None:
    h = quantity(m.group("h"))
    if h is None or not 1 <= h <= 12:
        return None
    return time_resolved(int(h), 0, ctx, "clock_oclock")


RULES: list[Rule] = [
    rule(
        "clock_ampm",
        rf"\b(?P<h>[01]?\d|{WORD_NUMBER_SMALL})(?:[:.](?P<m>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|a\.m|p\.m|am\b|pm\b)"
        rf"(?:\s+(?P<tz>{TZ})\b)?",
        _ampm,
        14,
    ),
    rule(
        "clock_24h",
        rf"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])(?:\s*(?P<tz>{TZ}|hrs|h)\b)?",
        _hhmm,
        14,
    ),
    rule(
        "clock_military",
        rf"(?<![\d:.,$])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?:(?P<tz>{TZ})\b|hrs\b|hours\b(?!\s+(?:of|a|per|ago|later|earlier)\b))",
        _military,
        13,
    ),
    rule("clock_named", r"\b(?P<w>midnight|noon|midday)\b", _named, 24),
    rule("clock_oclock", rf"\b(?P<h>[01]?\d|{WORD_NUMBER_SMALL})\s+o'clock\b", _oclock, 14),
]
