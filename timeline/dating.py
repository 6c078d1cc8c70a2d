"""Publication dates: the article's field, a dateline in its text, or the message timestamp when
the text does not contradict it. Cross-article anchoring lives in ``timeline.anchoring``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from models import Article, ArticleRecord, PublishedAtSource
from models.dates import parse_datetime

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
_DAY_MONTH = (
    rf"(?:{_WEEKDAY_RE}\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_RE})"
    rf"|(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
)
_YEAR = r"(?P<y>(?:19|20)\d{2})"

# "date 2022-02-17" (the sample format) or "Date: 2022-02-17" at the very top.
_ISO_LINE = re.compile(
    r"\A\s*date:?\s+(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)\s*", re.I
)
# "Published: 17 February 2022", "Updated 18 Feb 2022 10:02 GMT", "First published on Thu 17 Feb"
_META_LINE = re.compile(
    r"(?im)^[ \t]*(?:first\s+|last\s+)?(?:published|updated|posted|modified|date)"
    r"(?:\s+(?:on|at))?\s*:?\s*(?P<rest>[^\n]{4,60})$"
)
# "KYIV, Feb 17 (Reuters) -", "WASHINGTON, Feb. 17, 2022 (AP) —", "KYIV, Ukraine, 17 February -"
_WIRE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Za-z'’. -]{1,40}?(?:,\s*[A-Z][A-Za-z. ]{1,30})?),\s+"
    rf"{_DAY_MONTH}"
    rf"(?:,?\s+{_YEAR})?\s*(?:\((?P<agency>[A-Za-z .&-]{{2,30}})\)\s*)?[-–—:]+\s*"
)
_YEAR_ANY = re.compile(r"(?<![\d,.])((?:19|20)\d{2})(?![\d,])")
_NEAR_TOP = 400


@dataclass(frozen=True)
class Dateline:
    published_at: datetime
    start: int
    end: int
    kind: str  # iso | meta | wire


def _month(token: str) -> int:
    return _MONTHS[token[:3].lower()]


def _day_month(m: re.Match[str]) -> tuple[int, int]:
    if m.group("d1"):
        return int(m.group("d1")), _month(m.group("m1"))
    return int(m.group("d2")), _month(m.group("m2"))


_YEAR_AFTER_PREP = re.compile(
    r"\b(?:since|in|from|until|till|by|before|after|of|during|between|and|to|through|early|late|mid)[\s-]+$",
    re.I,
)


def _year_elsewhere(
    text: str, day: int, month: int, skip: tuple[int, int], hints: Iterable[str] = ()
) -> int | None:
    """The year of a year-less dateline, only when it is unambiguous: the same day and month
    written elsewhere with a year; a URL of the article dated /YYYY/MM/DD/ on that day; a single
    year in a copyright line; or a single year named in the text that is not a time reference
    ("Allied Resolve 2022" counts, "since 2014" and "in 2014" do not)."""
    years: set[int] = set()
    pattern = re.compile(rf"{_DAY_MONTH},?\s+{_YEAR}")
    for m in pattern.finditer(text):
        if skip[0] <= m.start() < skip[1]:
            continue
        if _day_month(m) == (day, month):
            years.add(int(m.group("y")))
    for hint in hints:
        for m in re.finditer(
            r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?:/|$)", hint or ""
        ):
            if int(m.group(2)) == month and (m.group(3) is None or int(m.group(3)) == day):
                years.add(int(m.group(1)))
    if len(years) == 1:
        return years.pop()
    if years:
        return None
    top = text[:_NEAR_TOP]
    meta = {int(y) for y in re.findall(r"(?:©|\(c\)|copyright)\s*((?:19|20)\d{2})", top, re.I)}
    if len(meta) == 1:
        return meta.pop()
    named: set[int] = set()
    for m in _YEAR_ANY.finditer(text):
        if skip[0] <= m.start() < skip[1]:
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        after = text[m.end() : m.end() + 6]
        if _YEAR_AFTER_PREP.search(before) or re.match(r"\s*(?:ago|-|–|/)", after):
            continue
        if re.search(rf"{_MONTH_RE}\s*(?:\d{{1,2}},?)?\s*$", before):
            continue  # "February 2014", "Feb 17, 2014": a date, not a name
        # part of a name: "Allied Resolve 2022", "the 2022 Winter Olympics"
        if re.search(r"\b[A-Z][a-z]+\s$", before) or re.match(
            r"\s[A-Z][a-z]+", after + text[m.end() + 6 : m.end() + 20]
        ):
            named.add(int(m.group(1)))
    if len(named) == 1:
        return named.pop()
    return None


def _safe_date(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def find_dateline(text: str, hints: Iterable[str] = ()) -> Dateline | None:
    """The dateline near the top of ``text`` and its span, or None."""
    m = _ISO_LINE.match(text)
    if m:
        parsed = parse_datetime(m.group(1))
        if parsed is not None:
            return Dateline(parsed, m.start(), m.end(), "iso")
    m2 = _WIRE.search(text[: _NEAR_TOP + 200])
    if m2 and m2.start() > 0 and text[: m2.start()].count("\n\n") > 1:
        m2 = None  # only the title may precede a wire dateline
    if m2:
        day, month = _day_month(m2)
        year = (
            int(m2.group("y"))
            if m2.group("y")
            else _year_elsewhere(text, day, month, (m2.start(), m2.end()), hints)
        )
        if year is not None:
            when = _safe_date(year, month, day)
            if when is not None:
                return Dateline(when, m2.start("place"), m2.end(), "wire")
        return None
    for m3 in _META_LINE.finditer(text[:_NEAR_TOP]):
        rest = m3.group("rest").strip()
        # keep the date part only: cut at a separator such as "|" or " - "
        rest = re.split(r"\s[|•]\s|\s[-–—]\s", rest)[0]
        rest = re.sub(
            r"\b(?:GMT|UTC|BST|CET|EST|EDT|PST|ET)\b",
            lambda x: "UTC" if x.group(0) in ("GMT", "UTC") else x.group(0),
            rest,
        )
        rest = re.sub(r"(\d{1,2})\.(\d{2})\b", r"\1:\2", rest)  # "10.02 GMT"
        if not re.search(r"(?:19|20)\d{2}", rest):
            dm = re.search(_DAY_MONTH, rest)
            if dm is None:
                continue
            day, month = _day_month(dm)
            year = _year_elsewhere(text, day, month, (m3.start(), m3.end()), hints)
            if year is None:
                return None
            when = _safe_date(year, month, day)
            if when is not None:
                return Dateline(when, m3.start(), m3.end(), "meta")
            continue
        parsed = parse_datetime(rest)
        if parsed is None:
            cut = re.search(rf"{_DAY_MONTH},?\s+{_YEAR}|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}", rest)
            if cut:
                parsed = parse_datetime(cut.group(0))
        if parsed is not None:
            return Dateline(parsed, m3.start(), m3.end(), "meta")
    return None


def publication_from_dateline(text: str, hints: Iterable[str] = ()) -> datetime | None:
    """The publication date in a dateline near the top of ``text`` (None when absent, or when a
    year-less wire dateline's year is not settled by the text). ``hints`` are other strings of
    the article that may settle the year (its URL: ``/2022/02/17/``)."""
    found = find_dateline(text, hints)
    return found.published_at if found else None


def dateline_span(text: str) -> tuple[int, int] | None:
    """The span of the dateline (also of a year-less one that gave no date), to keep it out of
    the article's sentences."""
    found = find_dateline(text)
    if found is None:
        m = _ISO_LINE.match(text) or _WIRE.search(text[: _NEAR_TOP + 200])
        if m is not None and (m.start() == 0 or text[: m.start()].count("\n\n") <= 1):
            return (m.start(), m.end())
        return None
    return (found.start, found.end) if found else None


_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
}
_N_YEAR = re.compile(r"\b(\d{1,2}|[a-z]+)[- ]year(?:-old)?\b(?!s)", re.I)
_SINCE_YEAR = re.compile(r"\b(?:since|in|from)\s+((?:19|20)\d{2})\b")


def implausibility(text: str, when: datetime) -> str | None:
    """Why ``when`` cannot be the publication date of ``text`` (None when it can).

    The text is older than ``when`` if the latest year it names lies well before ``when``'s
    year, or if an ongoing "N-year" span counted from a year it names ("since 2014" ... "the
    eight-year conflict") ends in another year.
    """
    years = [int(y) for y in _YEAR_ANY.findall(text)]
    if not years:
        return None
    starts = {int(y) for y in _SINCE_YEAR.findall(text)}
    spans: set[int] = set()
    for m in _N_YEAR.finditer(text):
        tok = m.group(1).lower()
        n = int(tok) if tok.isdigit() else _NUMBER_WORDS.get(tok)
        if n is not None and n >= 2:
            spans.add(n)
    implied = sorted({y + n for y in starts for n in spans})
    if implied:
        if any(abs(i - when.year) <= 1 for i in implied):
            return None
        return f"spans of {sorted(spans)} years counted from {sorted(starts)} end in {implied}"
    latest = max(years)
    if when.year - latest >= 3:
        return f"the text names no year after {latest}"
    return None


def resolve_publication(article: Article, message_timestamp: datetime | None) -> ArticleRecord:
    """Date an article from its field, else its dateline, else the message timestamp when the
    text does not say it is older. Cross-article anchoring is applied by the caller."""
    warnings = list(article.warnings)
    base: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
    }
    if article.published_at is not None:
        return ArticleRecord(
            **base,
            published_at=article.published_at,
            published_at_source=PublishedAtSource.FIELD,
            warnings=warnings,
        )
    dateline = publication_from_dateline(article.text, [article.url or ""])
    if dateline is not None:
        return ArticleRecord(
            **base,
            published_at=dateline,
            published_at_source=PublishedAtSource.DATELINE,
            warnings=warnings,
        )
    if message_timestamp is not None:
        ts = parse_datetime(message_timestamp)
        if ts is not None:
            why = implausibility(article.text, ts)
            if why is None:
                return ArticleRecord(
                    **base,
                    published_at=ts,
                    published_at_source=PublishedAtSource.MESSAGE_TIMESTAMP,
                    warnings=warnings,
                )
            warnings.append(f"message timestamp {ts.date().isoformat()} not used: {why}")
    return ArticleRecord(
        **base, published_at=None, published_at_source=PublishedAtSource.NONE, warnings=warnings
    )
