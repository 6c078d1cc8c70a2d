"""Head words: the cheap pre-scan that keeps the hot path fast.

Every rule names the words one of which any of its matches must contain ("quarter" for the
quarter rule, a month name for the date rules, a digit for years and clock times). The tagger
tokenizes the text once, and runs a rule's regex only in windows around its head words instead of
over the whole text: most rules never see most of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from temporal.lexicon import lexicon

_LEX = lexicon()
TOKEN = re.compile(r"[a-z]+|\d+")
#: Characters a window reaches either side of a head word: longer than any rule's context.
REACH = 64


def _words(phrases: Iterable[str], *, last_only: bool = False) -> frozenset[str]:
    out: set[str] = set()
    for phrase in phrases:
        tokens = TOKEN.findall(phrase.lower())
        if not tokens:
            continue
        out.update(tokens[-1:] if last_only else tokens)
    return frozenset(out)


@dataclass(frozen=True)
class Heads:
    """Words that anchor a rule; ``digits`` when any run of digits does."""

    words: frozenset[str]
    digits: bool = False
    before: int = REACH
    after: int = REACH
    #: For digit heads: a regex the text right after the digits must match ("'?s" for decades).
    follow: str | None = None


_MONTHS = _words(_LEX.months)
_WEEKDAYS = _words(_LEX.weekdays)
_UNITS = _words(_LEX.units)
_SMALL_NUMBERS = frozenset(w for w, n in _LEX.cardinals.items() if 1 <= n <= 12)
_DECADE_WORDS = frozenset(
    ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
)

HEADS: dict[str, Heads] = {
    "date_iso": Heads(frozenset(), digits=True, before=2, after=30, follow=r"-\d\d-\d\d"),
    "date_numeric": Heads(frozenset(), digits=True, before=2, after=12, follow=r"[/.]\d"),
    "date_ymd_numeric": Heads(frozenset(), digits=True, before=2, after=8, follow=r"[/.]\d"),
    "date_day_range_start": Heads(
        frozenset(),
        digits=True,
        before=2,
        after=30,
        follow=r"(?:st|nd|rd|th)?(?:\s*[-–]\s*|\s+(?:to|and|until|till|through)\s+)\d",
    ),
    "date_day_range_end": Heads(_MONTHS, before=2, after=16),
    "date_day_alone": Heads(
        frozenset(), digits=True, before=6, after=6, follow=r"(?:st|nd|rd|th)\b"
    ),
    "date_dmy": Heads(_MONTHS, before=34, after=14),
    "date_mdy": Heads(_MONTHS, before=18, after=22),
    "month_year": Heads(_MONTHS, before=2, after=14),
    "month": Heads(_MONTHS, before=14, after=2),
    "year": Heads(frozenset(), digits=True, before=24, after=24),
    "year_range_end": Heads(frozenset(), digits=True, before=6, after=6, follow=r"[-–]\d"),
    "year_spoken": Heads(frozenset(_LEX.year_centuries) | {"thousand"}),
    "holiday": Heads(
        _words([*_LEX.holidays, *_LEX.nth_weekday_holidays])
        - {"day", "year", "may", "eve", "st", "s"}
    ),
    "deictic": Heads(frozenset(_LEX.deictic_days)),
    "this_part_of_day": Heads(_words(_LEX.parts_of_day)),
    "weekday": Heads(_WEEKDAYS, before=20, after=12),
    "relative_unit": Heads(
        frozenset({"week", "weekend", "month", "quarter", "year", "decade", "century", "day"})
    ),
    "ago": Heads(frozenset({"ago", "back", "now", "hence"}), before=48, after=2),
    "anchored_later": Heads(
        frozenset(
            {
                "later",
                "earlier",
                "afterward",
                "afterwards",
                "previously",
                "prior",
                "after",
                "before",
            }
        )
    ),
    "anchored_day": Heads(frozenset({"day"})),
    "duration": Heads(_UNITS, before=48, after=14),
    "duration_vague": Heads(_UNITS, before=2, after=2),
    "duration_recent": Heads(frozenset({"recent"})),
    "quarter": Heads(frozenset({"quarter"})),
    "quarter_abbrev": Heads(frozenset({"q"}), digits=True, before=3, after=8, follow=r"q"),
    "half": Heads(frozenset({"half"})),
    "season": Heads(_words(_LEX.seasons)),
    "decade": Heads(_DECADE_WORDS, digits=True, before=24, after=12, follow=r"'?s\b"),
    "century": Heads(frozenset({"century"})),
    "week_of_month": Heads(frozenset({"week"})),
    "weekend": Heads(frozenset({"weekend"})),
    "the_unit": Heads(frozenset({"year", "month", "week"})),
    "year_end": Heads(frozenset({"end"})),
    "part_of_year": Heads(
        frozenset({"end", "start", "beginning", "middle", "close"}), before=6, after=16
    ),
    "year_ago": Heads(frozenset({"ago", "earlier", "before"})),
    "time_of_year": Heads(frozenset({"time"})),
    "clock_ampm": Heads(
        _SMALL_NUMBERS, digits=True, before=2, after=24, follow=r"(?:[:.][0-5]\d)?\s*[ap]\.?m"
    ),
    "clock_24h": Heads(frozenset(), digits=True, before=4, after=24, follow=r":[0-5]\d"),
    "clock_military": Heads(frozenset(), digits=True, before=2, after=12, follow=r"\s*[a-z]"),
    "clock_named": Heads(frozenset({"midnight", "noon", "midday"})),
    "clock_oclock": Heads(frozenset({"clock"})),
    "set_word": Heads(_words(_LEX.sets, last_only=True), before=12, after=2),
    "set_every": Heads(frozenset({"every", "each"})),
    "set_weekdays": Heads(_WEEKDAYS | frozenset(w + "s" for w in _WEEKDAYS)),
    "vague": Heads(_words(_LEX.vague, last_only=True), before=28, after=2),
}


@dataclass(frozen=True)
class _Index:
    """Head words -> the distinct head sets (groups) they belong to, built once per rule list."""

    groups: tuple[Heads, ...]
    follows: tuple[re.Pattern[str] | None, ...]
    by_word: dict[str, tuple[int, ...]]
    digit_groups: tuple[int, ...]
    rule_group: dict[str, int]


@cache
def _index(rule_names: tuple[str, ...]) -> _Index:
    groups: list[Heads] = []
    rule_group: dict[str, int] = {}
    for name in rule_names:
        heads = HEADS.get(name)
        if heads is None:
            continue
        if heads not in groups:
            groups.append(heads)
        rule_group[name] = groups.index(heads)
    by_word: dict[str, list[int]] = {}
    for gi, heads in enumerate(groups):
        for w in heads.words:
            by_word.setdefault(w, []).append(gi)
    digit_groups = tuple(gi for gi, h in enumerate(groups) if h.digits)
    follows = tuple(re.compile(h.follow, re.IGNORECASE) if h.follow else None for h in groups)
    return _Index(
        tuple(groups), follows, {w: tuple(g) for w, g in by_word.items()}, digit_groups, rule_group
    )


def windows(text: str, rule_names: tuple[str, ...]) -> dict[str, list[tuple[int, int]]]:
    """For each rule with heads, the merged character windows around its head words.

    Rules without an entry in :data:`HEADS` are absent from the result (run on the whole text).
    Rules with the same heads share one computation.
    """
    index = _index(rule_names)
    spans: list[list[tuple[int, int]]] = [[] for _ in index.groups]
    reach = [(h.before, h.after) for h in index.groups]
    size = len(text)
    lower = text.lower()
    if len(lower) != size:  # a few characters change length when lower-cased; stay exact
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    by_word = index.by_word
    digit_groups = index.digit_groups
    follows = index.follows
    for m in TOKEN.finditer(lower):
        tok = m.group()
        digit = tok[0] <= "9"
        hit = digit_groups if digit else by_word.get(tok)
        if not hit:
            continue
        start, end = m.span()
        for gi in hit:
            follow = follows[gi] if digit else None
            if follow is not None and follow.match(text, end) is None:
                continue
            before, after = reach[gi]
            lo, hi = start - before, end + after
            lst = spans[gi]
            if lst and lo <= lst[-1][1]:
                lst[-1] = (lst[-1][0], hi if hi < size else size)
            else:
                lst.append((lo if lo > 0 else 0, hi if hi < size else size))
    return {name: spans[gi] for name, gi in index.rule_group.items()}
