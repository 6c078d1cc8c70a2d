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

from temporal.lexicon import lexicon

_LEX = lexicon()
TOKEN = re.compile(r"[a-z]+|\d+", re.IGNORECASE)
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


_MONTHS = _words(_LEX.months)
_WEEKDAYS = _words(_LEX.weekdays)
_UNITS = _words(_LEX.units)
_SMALL_NUMBERS = frozenset(w for w, n in _LEX.cardinals.items() if 1 <= n <= 12)
_DECADE_WORDS = frozenset("twenties thirties forties fifties sixties seventies eighties nineties".split())

HEADS: dict[str, Heads] = {
    "date_iso": Heads(frozenset(), digits=True, before=2, after=30),
    "date_numeric": Heads(frozenset(), digits=True, before=2, after=12),
    "date_dmy": Heads(_MONTHS),
    "date_mdy": Heads(_MONTHS),
    "month_year": Heads(_MONTHS),
    "month": Heads(_MONTHS),
    "year": Heads(frozenset(), digits=True, before=24, after=24),
    "holiday": Heads(_words(_LEX.holidays) - {"day", "year", "may", "eve", "st", "s"}),
    "deictic": Heads(frozenset({"today", "tonight", "tonite", "yesterday", "tomorrow"})),
    "this_part_of_day": Heads(_words(_LEX.parts_of_day)),
    "weekday": Heads(_WEEKDAYS),
    "relative_unit": Heads(frozenset({"week", "weekend", "month", "quarter", "year", "decade", "century", "day"})),
    "ago": Heads(frozenset({"ago", "back", "now", "hence"})),
    "anchored_later": Heads(
        frozenset({"later", "earlier", "afterward", "afterwards", "previously", "prior", "after", "before"})
    ),
    "anchored_day": Heads(frozenset({"day"})),
    "duration": Heads(_UNITS),
    "duration_vague": Heads(_UNITS),
    "quarter": Heads(frozenset({"quarter"})),
    "quarter_abbrev": Heads(frozenset(), digits=True, before=3, after=8),
    "half": Heads(frozenset({"half"})),
    "season": Heads(_words(_LEX.seasons)),
    "decade": Heads(_DECADE_WORDS, digits=True, before=24, after=12),
    "century": Heads(frozenset({"century"})),
    "week_of_month": Heads(frozenset({"week"})),
    "weekend": Heads(frozenset({"weekend"})),
    "the_unit": Heads(frozenset({"year", "month", "week"})),
    "year_end": Heads(frozenset({"end"})),
    "year_ago": Heads(frozenset({"ago", "earlier", "before"})),
    "time_of_year": Heads(frozenset({"time"})),
    "clock_ampm": Heads(_SMALL_NUMBERS, digits=True, before=2, after=24),
    "clock_24h": Heads(frozenset(), digits=True, before=4, after=24),
    "clock_named": Heads(frozenset({"midnight", "noon", "midday"})),
    "clock_oclock": Heads(frozenset({"clock"})),
    "set_word": Heads(_words(_LEX.sets, last_only=True)),
    "set_every": Heads(frozenset({"every", "each"})),
    "set_weekdays": Heads(_WEEKDAYS | frozenset(w + "s" for w in _WEEKDAYS)),
    "vague": Heads(_words(_LEX.vague, last_only=True)),
}


def windows(text: str, rule_names: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """For each rule with heads, the merged character windows around its head words.

    Rules without an entry in :data:`HEADS` are absent from the result (run on the whole text).
    """
    names = [n for n in rule_names if n in HEADS]
    by_word: dict[str, list[str]] = {}
    digit_rules: list[str] = []
    reach = {n: (HEADS[n].before, HEADS[n].after) for n in names}
    for n in names:
        h = HEADS[n]
        for w in h.words:
            by_word.setdefault(w, []).append(n)
        if h.digits:
            digit_rules.append(n)
    spans: dict[str, list[tuple[int, int]]] = {n: [] for n in names}
    size = len(text)
    for m in TOKEN.finditer(text):
        tok = m.group().lower()
        hit = digit_rules if tok[0].isdigit() else by_word.get(tok)
        if not hit:
            continue
        start, end = m.start(), m.end()
        for n in hit:
            before, after = reach[n]
            lo, hi = max(0, start - before), min(size, end + after)
            lst = spans[n]
            if lst and lo <= lst[-1][1]:
                lst[-1] = (lst[-1][0], hi)
            else:
                lst.append((lo, hi))
    return spans
