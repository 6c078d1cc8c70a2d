"""Periods of the calendar: quarters, halves, seasons, weeks of a month, weekends, decades,
centuries, "the year", "year-end", "the year-ago period", "this time of year".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from models.mention import Direction, Granularity, Mod, TimeType
from temporal import placement, tense
from temporal.grammar import MONTH, ORDINAL_NUM, SEASON, YEAR4
from temporal.intervals import CalUnit, shift, unit_containing
from temporal.lexicon import alternation, lexicon, normalize
from temporal.numbers import ORDINAL_WORD, ordinal
from temporal.rules.base import Context, Resolved, Rule, dated, rule, unanchored
from temporal.rules.common import (
    at_sentence_start,
    month_number,
    month_word_ok,
    next_word_raw,
    prev_word,
    prev_word_raw,
)

_LEX = lexicon()

_ORD_Q = _LEX.quarter_ordinals
_POS_MOD = {"early": Mod.START, "mid": Mod.MID, "mid-": Mod.MID, "late": Mod.END}
_YEAR_REL = {"this": 0, "last": -1, "next": 1, "the": 0}


def _ref_year(ctx: Context, m: re.Match[str], *groups: str) -> tuple[int | None, bool]:
    """Year named by one of ``groups`` (digits, or this/last/next year's); explicit flag."""
    for g in groups:
        val = m.groupdict().get(g)
        if not val:
            continue
        if val.isdigit():
            return int(val), True
        rel = normalize(val)
        if rel in _YEAR_REL and ctx.dct_date is not None:
            return ctx.dct_date.year + _YEAR_REL[rel], True
    return (ctx.dct_date.year if ctx.dct_date else None), False


def _quarter(m: re.Match[str], ctx: Context) -> Resolved | None:
    pre = normalize(m.group("pre") or "")
    adj = normalize(m.group("adj") or "")
    ord_word = normalize(m.group("ord") or "")
    if not ord_word and not adj and pre in ("", "a", "an"):
        return None
    year, explicit = _ref_year(ctx, m, "yr1", "yr2", "yr3", "yr4", "ypos", "yrel")
    ago = "year-ago" in adj or "year-earlier" in adj or "year-before" in adj
    ref = ctx.dct_date
    if ord_word:
        q = _ORD_Q.get(ord_word)
        if q is None:
            return None
        if year is None:
            return unanchored(f"XXXX-Q{q}", "quarter", Granularity.QUARTER)
        if ago and not explicit:
            year -= 1
        elif not explicit and ref is not None:
            # "the fourth quarter" in a January paper, in the past tense, is last year's.
            current_q = (ref.month - 1) // 3 + 1
            if (
                q >= current_q + 2
                and tense.clause_direction(ctx.text, m.start(), m.end()) != Direction.FUTURE
            ):
                year -= 1
        res = dated(
            CalUnit(Granularity.QUARTER, date(year, 3 * q - 2, 1)), "quarter", confidence=0.9
        )
        res.span = _quarter_span(m)
        return res
    if ref is None:
        return unanchored("XXXX-QX", "quarter", Granularity.QUARTER)
    current = unit_containing(Granularity.QUARTER, ref)
    if pre == "next":
        unit = shift(current, 1)
    elif pre in ("this",) or "current" in adj:
        unit = current
    else:
        unit = shift(current, -1)  # "the quarter", "the latest quarter", "last quarter"
    if ago:
        unit = shift(unit, -4)
    if explicit and year is not None:
        unit = CalUnit(Granularity.QUARTER, date(year, unit.start.month, 1))
    res = dated(unit, "quarter_relative", confidence=0.7)
    res.span = _quarter_span(m)
    return res


def _quarter_span(m: re.Match[str]) -> tuple[int, int] | None:
    """TempEval extents: "third-quarter" without its article when hyphenated (an adjective),
    and never a possessive ("its fourth quarter" -> "fourth quarter")."""
    pre = normalize(m.group("pre") or "")
    if not pre or m.group("ypos") or m.group("yr1"):
        return None
    hyphenated = "-quarter" in m.group(0).lower()
    if pre in ("its", "their") or (hyphenated and pre in ("a", "an", "the")):
        start = m.end("pre")
        while start < m.end() and m.string[start].isspace():
            start += 1
        return start, m.end()
    return None


def _q_abbrev(m: re.Match[str], ctx: Context) -> Resolved | None:
    q = int(m.group("q") or m.group("q2"))
    yr = m.group("yr") or m.group("yr2")
    year = int(yr) if yr and len(yr) == 4 else (2000 + int(yr) if yr else None)
    if year is None:
        if ctx.dct_date is None:
            return unanchored(f"XXXX-Q{q}", "quarter", Granularity.QUARTER)
        year = ctx.dct_date.year
    return dated(CalUnit(Granularity.QUARTER, date(year, 3 * q - 2, 1)), "quarter", confidence=0.9)


def _half(m: re.Match[str], ctx: Context) -> Resolved | None:
    h = 1 if normalize(m.group("ord")) in ("first", "1st", "early") else 2
    year, _ = _ref_year(ctx, m, "yr", "yrel")
    if year is None:
        return unanchored(f"XXXX-H{h}", "half", Granularity.HALF)
    return dated(
        CalUnit(Granularity.HALF, date(year, 1 if h == 1 else 7, 1)), "half", confidence=0.85
    )


def _season(m: re.Match[str], ctx: Context) -> Resolved | None:
    pre = normalize(m.group("pre") or "")
    word = normalize(m.group("s"))
    code = _LEX.seasons[word]
    start_month = _LEX.season_start_month[code]
    yr = m.group("yr")
    if not pre and not yr:
        if not m.group("s")[:1].isupper():
            return None
        prev = prev_word_raw(ctx.text, m.start())
        if prev[:1].isupper() and not at_sentence_start(ctx.text, m.start()):
            return None  # "British Summer Time"
    if not yr:
        nxt = next_word_raw(ctx.text, m.end()).lower()
        if nxt in ("of", "in", "out") or (word == "fall" and not pre):
            return None  # "the fall of Rome", "a fall in prices"
    mod = _POS_MOD.get(pre.rstrip("-") if pre != "mid-" else "mid")
    if yr:
        unit = CalUnit(Granularity.SEASON, date(int(yr), start_month, 1))
        return dated(unit, "season", mod=mod, confidence=0.9)
    ref = ctx.dct_date
    if ref is None:
        return unanchored(f"XXXX-{code}", "season", Granularity.SEASON)
    current = unit_containing(Granularity.SEASON, ref)

    def make(k: int) -> CalUnit:
        return CalUnit(Granularity.SEASON, date(ref.year + k, start_month, 1))

    cands = [make(k) for k in (-2, -1, 0, 1, 2)]
    if pre in ("last", "this past", "past"):
        past = [c for c in cands if c.start < current.start]
        unit = max(past, key=lambda c: c.start)
        direction: Direction | None = Direction.PAST
    elif pre in ("next", "this coming", "coming"):
        fut = [c for c in cands if c.start > current.start]
        unit = min(fut, key=lambda c: c.start)
        direction = Direction.FUTURE
    elif pre == "this" and current.start.month == start_month:
        unit, direction = current, Direction.SAME
    elif pre == "this":
        unit = (
            make(0) if code != "WI" else make(0 if ref.month == 12 else -1 if ref.month <= 2 else 0)
        )
        direction = None
    else:
        placed = placement.place(make, ref, tense.clause_direction(ctx.text, m.start(), m.end()))
        if placed is None:
            return None
        unit, direction = placed
    return dated(unit, "season", mod=mod, direction=direction, confidence=0.8)


_DECADE_WORDS = _LEX.decade_words
_DECADE_ALT = alternation(_DECADE_WORDS)


def _decade(m: re.Match[str], ctx: Context) -> Resolved | None:
    mod = _POS_MOD.get(normalize(m.group("pos") or m.group("pos2") or "").rstrip("-") or "x")
    if m.group("dec"):
        start = int(m.group("dec"))
    elif m.group("short"):
        tens = int(m.group("short"))
        century = 1900
        if ctx.dct_date is not None and 2000 + tens <= ctx.dct_date.year:
            century = 2000 if tens < 30 else 1900
        start = century + tens
    else:
        start = 1900 + 10 * _DECADE_WORDS[normalize(m.group("word"))]
    if start < 1000:
        return None
    unit = CalUnit(Granularity.DECADE, date(start, 1, 1))
    return dated(unit, "decade", mod=mod, confidence=0.9)


def _century(m: re.Match[str], ctx: Context) -> Resolved | None:
    n = ordinal(m.group("ord"))
    if n is None or not 1 <= n <= 22:
        return None
    mod = _POS_MOD.get(normalize(m.group("pos") or "").rstrip("-") or "x")
    unit = CalUnit(Granularity.CENTURY, date(max(1, (n - 1) * 100), 1, 1))
    res = dated(unit, "century", mod=mod, confidence=0.9)
    res.value = f"{n - 1:02d}"
    return res


def _week_of_month(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = month_number(m.group("month"))
    if month is None or not month_word_ok(ctx.text, m.start("month"), m.end("month"), strong=True):
        return None
    word = normalize(m.group("ord"))
    n = 5 if word in ("last", "final") else ordinal(word)
    if n is None or not 1 <= n <= 5:
        return None
    year = int(m.group("yr")) if m.group("yr") else (ctx.dct_date.year if ctx.dct_date else None)
    if year is None:
        return unanchored(f"XXXX-{month:02d}", "week_of_month", Granularity.WEEK)
    if n == 5:
        last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        day = last - timedelta(days=3)
    else:
        day = date(year, month, 7 * (n - 1) + 1)
    return dated(unit_containing(Granularity.WEEK, day), "week_of_month", confidence=0.8)


def _weekend(m: re.Match[str], ctx: Context) -> Resolved | None:
    ref = ctx.dct_date
    if ref is None:
        return unanchored("XXXX-WXX-WE", "weekend", Granularity.DAY)
    monday = ref - timedelta(days=ref.weekday())
    if ref.isoweekday() >= 6:
        direction: Direction | None = Direction.SAME
    else:
        direction = tense.clause_direction(ctx.text, m.start(), m.end())
        if direction != Direction.FUTURE:
            monday -= timedelta(weeks=1)
            direction = Direction.PAST
    iso = monday.isocalendar()
    res = dated(
        CalUnit(Granularity.DAY, monday + timedelta(days=5)),
        "weekend",
        direction=direction,
        confidence=0.75,
    )
    res.value = f"{iso[0]:04d}-W{iso[1]:02d}-WE"
    res.end_time = res.start_time + timedelta(days=2) if res.start_time else None
    res.unit = CalUnit(Granularity.WEEK, monday)
    return res


_ENDED = re.compile(r"\s+(?:ended|ending|to|through)\b(?!\s+(?:the|a|an)\b)", re.IGNORECASE)


def _the_unit(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = normalize(m.group("unit"))
    gran = {"year": Granularity.YEAR, "month": Granularity.MONTH, "week": Granularity.WEEK}[word]
    ref = ctx.dct_date
    if ref is None:
        return unanchored(
            {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}[word], "the_unit", gran
        )
    if _ENDED.match(ctx.text, m.end()):
        # "the year ended March 31": a fiscal period, a length ending on that date.
        letter = {"year": "Y", "month": "M", "week": "W"}[word]
        return Resolved(
            extra={"amount": 1.0, "unit": word},
            type=TimeType.DURATION,
            value=f"P1{letter}",
            rule="the_" + word + "_ended",
            granularity=gran,
            confidence=0.7,
        )
    res = dated(unit_containing(gran, ref), "the_" + word, direction=Direction.SAME, confidence=0.6)
    res.extra["dct_month"] = ref.month
    return res


def _year_end(m: re.Match[str], ctx: Context) -> Resolved | None:
    ref = ctx.dct_date
    if ref is None:
        return unanchored("XXXX", "year_end", Granularity.YEAR)
    if "-" in m.group(0):
        # "year-end" names the closing day: this year's ahead, last year's when looking back
        # ("the change since year-end").
        back = prev_word(ctx.text, m.start()) == "since" or (
            tense.clause_direction(ctx.text, m.start(), m.end()) == Direction.PAST
        )
        year = ref.year - 1 if back else ref.year
        return dated(CalUnit(Granularity.DAY, date(year, 12, 31)), "year_end", confidence=0.6)
    return dated(
        CalUnit(Granularity.YEAR, date(ref.year, 1, 1)), "year_end", mod=Mod.END, confidence=0.7
    )


def _part_of_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the end of year" (no article before "year"): this year's end."""
    gran = Granularity.YEAR if normalize(m.group("unit")) == "year" else Granularity.MONTH
    mod = Mod(_LEX.position_words[normalize(m.group("w"))])
    ref = ctx.dct_date
    if ref is None:
        res = unanchored("XXXX" if gran == Granularity.YEAR else "XXXX-XX", "part_of_year", gran)
        res.mod = mod
        return res
    res = dated(unit_containing(gran, ref), "part_of_year", mod=mod, confidence=0.7)
    res.extra["dct_month"] = ref.month
    if gran == Granularity.YEAR and mod == Mod.END and ref.month < 9:
        from temporal.postprocess import _end_of_this_year

        res = _end_of_this_year(ctx.text, m.start(), res)
    return res


def _year_ago(m: re.Match[str], ctx: Context) -> Resolved | None:
    ref = ctx.dct_date
    noun = normalize(m.group("noun") or "")
    if ref is None:
        return unanchored("XXXX", "year_ago", Granularity.YEAR)
    if not noun and m.group(0).lower().startswith("the"):
        res = _year_ago_value(ref, noun)
        res.span = (m.start("adj"), m.end())
        return res
    return _year_ago_value(ref, noun)


def _year_ago_value(ref: date, noun: str) -> Resolved:
    if noun in ("period", "quarter"):
        unit = shift(shift(unit_containing(Granularity.QUARTER, ref), -1), -4)
        return dated(unit, "year_ago_period", confidence=0.6)
    if noun == "month":
        return dated(
            shift(unit_containing(Granularity.MONTH, ref), -12), "year_ago", confidence=0.6
        )
    return dated(CalUnit(Granularity.YEAR, date(ref.year - 1, 1, 1)), "year_ago", confidence=0.6)


def _time_of_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    ref = ctx.dct_date
    value = f"XXXX-{ref.month:02d}" if ref else "XXXX-XX"
    return Resolved(
        type=TimeType.SET,
        value=value,
        rule="time_of_year",
        granularity=Granularity.MONTH,
        confidence=0.6,
    )


_QADJ = (
    r"(?:fiscal|calendar|latest|current|year-ago|year-earlier|year-before|comparable|same|previous|recent|"
    r"most\s+recent|just-ended|just\s+ended|corresponding|flat|strong|weak|disappointing|traditionally\s+\w+|weaker|stronger)"
)
_QORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final)"

RULES: list[Rule] = [
    rule(
        "quarter",
        rf"\b(?:(?P<pre>the|its|their|this|last|next|a|an|(?P<ypos>this|last|next)\s+year's|(?P<yr1>{YEAR4})'s)\s+)?"
        rf"(?:(?P<yr2>{YEAR4})\s+)?(?P<adj>(?:{_QADJ}[\s-]+)+)?(?:(?P<ord>{_QORD})[\s-]+)?(?:fiscal[\s-]+)?quarter"
        rf"(?:\s+of\s+(?:fiscal\s+)?(?:(?P<yr3>{YEAR4})|(?P<yrel>this|last|next|the)\s+year)|,?\s+(?P<yr4>{YEAR4}))?\b(?!-)",
        _quarter,
        35,
    ),
    rule(
        "quarter_abbrev",
        rf"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s+(?P<yr>{YEAR4})|'?(?P<yr2>\d\d))?\b",
        _q_abbrev,
        36,
    ),
    rule(
        "half",
        rf"\b(?:the\s+)?(?P<ord>first|second|1st|2nd|last|latter)\s+half(?:\s+of\s+(?:(?P<yr>{YEAR4})|(?P<yrel>this|last|next|the)\s+year))?\b(?!\s+of\b)",
        _half,
        37,
    ),
    rule(
        "season",
        rf"\b(?:(?P<pre>the|this\s+past|this\s+coming|this|last|next|early|late|mid-|mid)[\s]*)?(?P<s>{SEASON})\b(?:\s+(?:of\s+)?(?P<yr>{YEAR4})\b)?",
        _season,
        38,
    ),
    rule(
        "decade",
        rf"\b(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+|(?P<pos2>mid-))?(?:(?P<dec>(?:1\d|20)\d0)'?s\b|'(?P<short>\d0)s\b|(?:nineteen[\s-]+)?(?P<word>{_DECADE_ALT})\b)",
        _decade,
        32,
    ),
    rule(
        "century",
        rf"\b(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?P<ord>{ORDINAL_NUM}|{ORDINAL_WORD})[\s-]+century\b",
        _century,
        31,
    ),
    rule(
        "week_of_month",
        rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<month>{MONTH})(?:\s+(?P<yr>{YEAR4}))?",
        _week_of_month,
        33,
    ),
    rule("weekend", r"\bthe\s+weekend\b", _weekend, 60),
    rule(
        "the_unit",
        r"\bthe\s+(?:(?:fiscal|full|calendar)\s+)?(?P<unit>year|month|week)\b(?![-'])",
        _the_unit,
        80,
    ),
    rule("year_end", r"\byear[\s-]end\b", _year_end, 60),
    rule(
        "part_of_year",
        r"\bthe\s+(?P<w>end|start|beginning|middle|close)\s+of\s+(?P<unit>year|month)\b",
        _part_of_year,
        60,
    ),
    rule(
        "year_ago",
        r"\b(?:the\s+(?:comparable\s+|corresponding\s+)?)?(?P<adj>year-ago|year-earlier|year-before)"
        r"(?:\s+(?P<noun>period|quarter|month))?\b",
        _year_ago,
        55,
    ),
    rule("time_of_year", r"\b(?:this|that)\s+time\s+of\s+(?:the\s+)?year\b", _time_of_year, 20),
]
