"""Absolute and partial calendar dates: "17 February 2022", "Feb. 17", "2022-02-17",
"17/02/2022", "20 January" (year from tense), "August 2002", "March", "2014", "fiscal 1989".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from models.mention import Direction, Granularity, TimeType
from temporal import placement, tense
from temporal.grammar import DAY_ANY, DAY_NUM, HOLIDAY, MONTH, WEEKDAY, YEAR4, L, R
from temporal.intervals import CalUnit
from temporal.lexicon import alternation, lexicon, normalize
from temporal.numbers import ordinal
from temporal.rules.base import Context, Resolved, Rule, dated, rule, unanchored
from temporal.rules.common import month_number, month_word_ok, prev_word, weekday_number

_LEX = lexicon()


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _day_of_month(
    m: re.Match[str], ctx: Context, name: str, month: int, day: int, year: int | None
) -> Resolved | None:
    """A day of a month, with or without its year; a weekday given alongside disambiguates."""
    wd = weekday_number(m.group("wd")) if m.groupdict().get("wd") else None
    rel = normalize(m.groupdict().get("rel") or "")
    if year is not None:
        try:
            return dated(CalUnit(Granularity.DAY, date(year, month, day)), name, confidence=0.95)
        except ValueError:
            return None
    if not 1 <= day <= 31:
        return None
    ref = ctx.dct_date
    if ref is None:
        return unanchored(f"XXXX-{month:02d}-{day:02d}", name, Granularity.DAY)
    if wd is not None:
        for k in (0, -1, 1):
            try:
                d = date(ref.year + k, month, day)
            except ValueError:
                continue
            if d.isoweekday() == wd:
                return dated(CalUnit(Granularity.DAY, d), name, direction=None, confidence=0.9)
    cue = tense.clause_cue(ctx.text, m.start(), m.end())
    direction = cue[1] if cue else None
    if rel in ("last", "this past"):
        direction = Direction.PAST
    elif rel in ("next", "this coming"):
        direction = Direction.FUTURE
    placed = placement.place(
        lambda k: CalUnit(Granularity.DAY, date(ref.year + k, month, day)),
        ref,
        direction,
        offsets=range(-1, 2),
        near_days=0 if rel else _NEAR_DAYS,
    )
    if placed is None:
        return None
    unit, how = placed
    return dated(unit, name, direction=how, confidence=0.85)


#: A yearless day this close to publication is taken as the nearest one whatever the tense:
#: "payable Dec. 7" in a paper of 27 October is this December, not last.
_NEAR_DAYS = 45


def _dmy(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = month_number(m.group("month"))
    day = ordinal(m.group("day"))
    if month is None or day is None:
        return None
    if not month_word_ok(ctx.text, m.start("month"), m.end("month"), strong=True):
        return None
    return _day_of_month(m, ctx, "date_dmy", month, day, _year(m.group("year")))


def _mdy(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = month_number(m.group("month"))
    day = ordinal(m.group("day"))
    if month is None or day is None:
        return None
    if not month_word_ok(ctx.text, m.start("month"), m.end("month"), strong=True):
        return None
    return _day_of_month(m, ctx, "date_mdy", month, day, _year(m.group("year")))


_MONTH_DAY_DASH = re.compile(
    rf"(?P<month>{MONTH})\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*[-–]\s*$", re.IGNORECASE
)
_DASH_DAY_MONTH = re.compile(
    rf"(?:\s*[-–]\s*|\s+(?P<word>to|and|until|till|through)\s+)\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR4})\b)?",
    re.IGNORECASE,
)
#: Before "10 to 20 February" only these make "10" a day ("from 10 to 20 February").
_RANGE_OPENERS = frozenset({"from", "between"})


def _day_range_start(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ "17" of "17-18 February" or "from 10 to 20 February": the first day of a range, its
    month read after the dash (or the "to" of a range opened by "from" or "between")."""
    follow = _DASH_DAY_MONTH.match(ctx.text, m.end())
    day = ordinal(m.group("d"))
    if follow is None or day is None:
        return None
    if follow.group("word") and prev_word(ctx.text, m.start()) not in _RANGE_OPENERS:
        return None  # "rose 10 to 20 February...": a number, not the start of a range
    month = month_number(follow.group("month"))
    if month is None or not month_word_ok(
        ctx.text, follow.start("month"), follow.end("month"), strong=True
    ):
        return None
    return _day_of_month(m, ctx, "date_day_range", month, day, _year(follow.group("year")))


def _day_range_end(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ "22" of "February 21-22": the last day of a range, its month read before the dash."""
    before = _MONTH_DAY_DASH.search(ctx.text, max(0, m.start() - 24), m.start())
    day = ordinal(m.group("d"))
    if before is None or day is None:
        return None
    month = month_number(before.group("month"))
    if month is None or not month_word_ok(
        ctx.text, before.start("month"), before.end("month"), strong=True
    ):
        return None
    return _day_of_month(m, ctx, "date_day_range", month, day, None)


_DAY_ALONE_BEFORE = frozenset(
    {"on", "by", "until", "till", "since", "from", "before", "after", "through"}
)


def _day_alone(m: re.Match[str], ctx: Context) -> Resolved | None:
    """ "on the 17th": a day of the publication's month (or the one before or after, by tense)."""
    if prev_word(ctx.text, m.start()) not in _DAY_ALONE_BEFORE:
        return None
    day = ordinal(m.group("d"))
    ref = ctx.dct_date
    if day is None or not 1 <= day <= 31:
        return None
    if ref is None:
        return unanchored(f"XXXX-XX-{day:02d}", "date_day_alone", Granularity.DAY)
    direction = tense.clause_direction(ctx.text, m.start(), m.end())

    def make(k: int) -> CalUnit:
        first = date(ref.year, ref.month, 1)
        index = first.year * 12 + first.month - 1 + k
        return CalUnit(Granularity.DAY, date(index // 12, index % 12 + 1, day))

    placed = placement.place(make, ref, direction, offsets=range(-1, 2))
    if placed is None:
        return None
    return dated(placed[0], "date_day_alone", direction=placed[1], confidence=0.7)


def _iso(m: re.Match[str], ctx: Context) -> Resolved | None:
    try:
        d = date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    except ValueError:
        return None
    if m.group("h") is not None:
        hour, minute = int(m.group("h")), int(m.group("mi"))
        if hour > 23 or minute > 59:
            return None
        return dated(
            CalUnit(Granularity.MINUTE, d, hour=hour, minute=minute),
            "date_iso",
            type_=TimeType.TIME,
            confidence=0.98,
        )
    return dated(CalUnit(Granularity.DAY, d), "date_iso", confidence=0.98)


def _numeric(m: re.Match[str], ctx: Context) -> Resolved | None:
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    year = int(y)
    if len(y) == 2:
        year += 2000 if year < 50 else 1900
    order = ctx.date_order.upper()
    day, month = (b, a) if order.startswith("M") else (a, b)
    if month > 12 and day <= 12:
        day, month = month, day
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return dated(CalUnit(Granularity.DAY, d), "date_numeric", confidence=0.8)


def _ymd_numeric(m: re.Match[str], ctx: Context) -> Resolved | None:
    try:
        d = date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    except ValueError:
        return None
    return dated(CalUnit(Granularity.DAY, d), "date_numeric", confidence=0.85)


def _month_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = month_number(m.group("month"))
    if month is None or not month_word_ok(ctx.text, m.start("month"), m.end("month"), strong=True):
        return None
    if m.group("year"):
        return dated(
            CalUnit(Granularity.MONTH, date(int(m.group("year")), month, 1)),
            "month_year",
            confidence=0.95,
        )
    rel = normalize(m.group("rel") or "")
    ref = ctx.dct_date
    if ref is None:
        return unanchored(f"XXXX-{month:02d}", "month_year", Granularity.MONTH)
    year = ref.year + {"last": -1, "next": 1}.get(rel, 0)
    return dated(CalUnit(Granularity.MONTH, date(year, month, 1)), "month_year", confidence=0.9)


def _month(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = month_number(m.group("month"))
    rel = normalize(m.group("rel") or "")
    if month is None:
        return None
    if not month_word_ok(ctx.text, m.start("month"), m.end("month"), strong=bool(rel)):
        return None
    ref = ctx.dct_date
    if ref is None:
        return unanchored(f"XXXX-{month:02d}", "month", Granularity.MONTH)
    here = date(ref.year, month, 1)
    this_month = ref.replace(day=1)
    if rel in ("last", "this past", "past"):
        year = ref.year if here < this_month else ref.year - 1
        if rel == "last" and (this_month.year * 12 + this_month.month) - (year * 12 + month) == 1:
            year -= (
                1  # the month just gone is "last month"; "last February" in March is a year back
            )
        unit = CalUnit(Granularity.MONTH, date(year, month, 1))
        return dated(unit, "month_last", direction=Direction.PAST)
    if rel in ("next", "this coming", "coming"):
        year = ref.year if here > this_month else ref.year + 1
        unit = CalUnit(Granularity.MONTH, date(year, month, 1))
        return dated(unit, "month_next", direction=Direction.FUTURE)
    if rel == "this":
        return dated(CalUnit(Granularity.MONTH, here), "month_this")
    direction = tense.clause_direction(ctx.text, m.start(), m.end())
    placed = placement.place(
        lambda k: CalUnit(Granularity.MONTH, date(ref.year + k, month, 1)),
        ref,
        direction,
        offsets=range(-1, 2),
        near_days=62,
        default=Direction.PAST,
    )
    if placed is None:
        return None
    unit, how = placed
    return dated(unit, "month", direction=how, confidence=0.8)


_WORD_AFTER = re.compile(r"\s*([a-z]+)")
_COUNT_AFTER = re.compile(
    r"^\s*(?:%|percent|per\b|million|billion|thousand|[a-z]+s\b(?<!\bis)(?<!\bwas)(?<!\bhas)(?<!\bdoes))",
)
_YEAR_OK_AFTER = _LEX.context["year_ok_after"]
_YEAR_REFUSED_BEFORE = re.compile(
    "(?:" + "|".join(re.escape(w) for w in _LEX.context["year_refused_before"]) + r")\s*$"
)


def _year_rule(m: re.Match[str], ctx: Context) -> Resolved | None:
    year = int(m.group("year"))
    pre = normalize(m.group("pre") or "")
    if pre == "the" and not m.group("period"):
        # "the 1988 period" is one expression; otherwise "the" belongs to what follows.
        res = _year_rule_plain(m, ctx, year, m.end())
        if res is not None:
            res.span = (m.start("year"), m.end())
        return res
    return _year_rule_plain(m, ctx, year, m.end())


def _year_rule_plain(m: re.Match[str], ctx: Context, year: int, end: int) -> Resolved | None:
    after = ctx.text[end : end + 20]
    follow = _WORD_AFTER.match(after)
    if follow and follow.group(1) not in _YEAR_OK_AFTER and _COUNT_AFTER.match(after):
        return None  # "2000 troops", "1990 percent"
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if _YEAR_REFUSED_BEFORE.search(before):
        return None
    if (
        not m.group("pre")
        and re.search(r"(?:about|some|nearly|than|over|up to|under)\s+$", before)
        and not 1900 <= year <= 2100
    ):
        return None  # "about 1500" counts things more often than it names a year
    return dated(CalUnit(Granularity.YEAR, date(year, 1, 1)), "year", confidence=0.85)


def _year_range_end(m: re.Match[str], ctx: Context) -> Resolved | None:
    """The second year of "2009-2010" or "1957-58" (TempEval tags the two years apart)."""
    first = ctx.text[m.start() - 5 : m.start() - 1]
    if not first.isdigit():
        return None
    tail = m.group("year")
    year = int(tail) if len(tail) == 4 else int(first[:2]) * 100 + int(tail)
    if year <= int(first):
        return None
    return dated(CalUnit(Granularity.YEAR, date(year, 1, 1)), "year", confidence=0.8)


def holiday_date(name: str, year: int) -> date:
    """The date of a named holiday in ``year`` (fixed day, or n-th weekday of a month)."""
    key = normalize(name)
    if key in _LEX.holidays:
        month, day = _LEX.holidays[key]
        return date(year, month, day)
    month, weekday, n = _LEX.nth_weekday_holidays[key]
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _holiday(m: re.Match[str], ctx: Context) -> Resolved | None:
    word = m.group("h")
    if not word[:1].isupper():
        return None
    year = _year(m.groupdict().get("year"))
    if year is not None:
        return dated(CalUnit(Granularity.DAY, holiday_date(word, year)), "holiday")
    ref = ctx.dct_date
    if ref is None:
        key = normalize(word)
        fixed = _LEX.holidays.get(key)
        value = f"XXXX-{fixed[0]:02d}-{fixed[1]:02d}" if fixed else "XXXX-XX-XX"
        return unanchored(value, "holiday", Granularity.DAY)
    direction = tense.clause_direction(ctx.text, m.start(), m.end())
    placed = placement.place(
        lambda k: CalUnit(Granularity.DAY, holiday_date(word, ref.year + k)),
        ref,
        direction,
        offsets=range(-1, 2),
    )
    if placed is None:
        return None
    return dated(placed[0], "holiday", direction=placed[1], confidence=0.8)


_ONES = {w: n for w, n in _LEX.cardinals.items() if n < 100}


def _below_100(text: str) -> int | None:
    total = 0
    for part in re.split(r"[\s-]+", normalize(text)):
        if part not in _ONES:
            return None
        total += _ONES[part]
    return total if total < 100 else None


def _spoken_year(m: re.Match[str], ctx: Context) -> Resolved | None:
    if m.group("century"):
        century = _LEX.year_centuries[normalize(m.group("century"))]
        rest = normalize(m.group("rest"))
        if rest == "hundred":
            if prev_word(ctx.text, m.start()) not in _LEX.context["month_triggers"]:
                return None  # "twelve hundred students" counts; "in nineteen hundred" is a year
            year = century * 100
        else:
            tail = _below_100(rest.removeprefix("oh ").removeprefix("o "))
            if tail is None or (tail < 10 and not rest.startswith(("oh", "o "))):
                return None
            year = century * 100 + tail
    else:
        tail = _below_100(m.group("thousand_rest")) if m.group("thousand_rest") else 0
        if tail is None:
            return None
        if not m.group("pre") and not m.group("thousand_rest"):
            return None  # "two thousand" alone is a count
        year = 2000 + tail
    if _COUNT_AFTER.match(ctx.text[m.end() : m.end() + 20]):
        return None
    return dated(CalUnit(Granularity.YEAR, date(year, 1, 1)), "year_spoken", confidence=0.75)


_CENTURY_WORDS = alternation(_LEX.year_centuries)
_TENS_WORDS = rf"(?:{alternation(_ONES)}(?:[\s-]+{alternation(_ONES)})?)"

_WD_PREFIX = (
    rf"(?:(?P<wd>{WEEKDAY}),?\s+(?:the\s+)?|(?P<rel>last|next|this\s+past|this\s+coming)\s+)?"
)

RULES: list[Rule] = [
    rule(
        "date_iso",
        rf"{L}(?P<y>{YEAR4})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)"
        r"(?:[T ](?P<h>[0-2]\d):(?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
        rf"{R}",
        _iso,
        10,
    ),
    rule(
        "date_numeric",
        rf"{L}(?P<a>[0-3]?\d)([/.])(?P<b>[01]?\d)\2(?P<y>{YEAR4}|\d\d){R}",
        _numeric,
        12,
    ),
    rule(
        "date_ymd_numeric",
        rf"{L}(?P<y>{YEAR4})([/.])(?P<mo>[01]?\d)\2(?P<d>[0-3]?\d){R}",
        _ymd_numeric,
        11,
    ),
    rule(
        "date_dmy",
        rf"\b{_WD_PREFIX}(?:the\s+)?(?P<day>{DAY_ANY})\s+(?:of\s+)?(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR4}){R})?",
        _dmy,
        15,
    ),
    rule(
        "date_mdy",
        rf"\b{_WD_PREFIX}(?P<month>{MONTH})\s+(?:the\s+)?(?P<day>{DAY_ANY})(?!\d|:\d)(?!\s*(?:%|percent|million|billion))(?:,?\s+(?P<year>{YEAR4}){R})?\b",
        _mdy,
        16,
    ),
    rule(
        "date_day_alone",
        r"\bthe\s+(?P<d>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))(?=\s*[.,;:)]|\s+(?:and|or|to|at|when|as|until|before|after)\b)",
        _day_alone,
        18,
    ),
    rule(
        "date_day_range_start",
        rf"\b(?P<d>{DAY_NUM})(?=\s*[-–]\s*\d|\s+(?:to|and|until|till|through)\s+\d)",
        _day_range_start,
        17,
    ),
    rule(
        "date_day_range_end",
        rf"(?<=[-–])(?P<d>{DAY_NUM})\b(?!\s*[-–/.:%]\s*\d)",
        _day_range_end,
        17,
    ),
    rule(
        "month_year",
        rf"\b(?P<month>{MONTH})(?:,?\s+(?:of\s+)?(?P<year>{YEAR4}){R}|\s+(?P<rel>this|last|next)\s+year\b)",
        _month_year,
        20,
    ),
    rule(
        "month",
        rf"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this)\s+)?(?P<month>{MONTH})",
        _month,
        40,
    ),
    rule(
        "year",
        rf"(?:\b(?P<pre>fiscal(?:\s+year)?|the\s+year|calendar\s+year|fy|the)\s*)?(?:(?<=mid-)|{L})(?P<year>{YEAR4})(?:{R}|(?=[-–](?:\d\d|{YEAR4})(?!\d)))(?P<period>\s+period\b)?",
        _year_rule,
        45,
    ),
    rule(
        "year_range_end",
        rf"(?<=\d{{4}}[-–])(?P<year>\d\d|{YEAR4}){R}",
        _year_range_end,
        46,
    ),
    rule(
        "year_spoken",
        rf"\b(?:(?P<pre>the\s+year)\s+)?(?:(?P<century>{_CENTURY_WORDS})[\s-]+(?P<rest>hundred|(?:oh\s+|o\s+)?{_TENS_WORDS})"
        rf"|two\s+thousand(?:\s+(?:and\s+)?(?P<thousand_rest>{_TENS_WORDS}))?)\b",
        _spoken_year,
        44,
    ),
    rule("holiday", rf"\b(?P<h>{HOLIDAY})(?:\s+(?P<year>{YEAR4}))?\b", _holiday, 30),
]
