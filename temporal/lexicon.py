"""Language knowledge, loaded once from ``temporal/data/*.json``.

The engine (patterns, resolvers, tense placement) never spells an English word itself where a
table can hold it: adding a month abbreviation, a tense cue or a vague reference is a data edit,
in the manner of HeidelTime's resource files. This module turns the tables into typed lookups
and into regex alternations (longest form first, so "sept." wins over "sep").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


def _load(name: str) -> dict[str, Any]:
    text = resources.files("temporal.data").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def alternation(forms: Iterable[str], space: str = r"\s+") -> str:
    """A non-capturing regex alternation of literal forms, longest first (a trie where one
    matches the same, see ``trie``).

    Spaces in a form match ``space``, by default any run of whitespace; a trailing period is
    optional only where the table lists both spellings.
    """
    items = sorted(set(forms), key=lambda f: (-len(f), f))
    as_trie = trie(items, space=space)
    if as_trie is not None:
        return as_trie
    parts = [re.escape(f).replace(r"\ ", space) for f in items]
    return "(?:" + "|".join(parts) + ")"


def trie(forms: Iterable[str], space: str = r"\ ") -> str | None:
    """The alternation of literal ``forms``, longest first, as a regex trie ("march|mar." ->
    "mar(?:ch|\\.)"), each space written as ``space``; None where it might not match the same.

    A flat alternation is tried form by form at every position of a text; the trie tries a
    character once and follows the one branch that matches it. It matches what the flat one,
    longest form first, does, in the same order on backtracking: the forms that match at a
    position are prefixes of one another (a space and another character cannot both match),
    and a branch that goes on is tried before the empty one that ends a form, so longer
    first. That needs no two branches of a node to match one character: under IGNORECASE "A"
    and "a" would, so forms that differ only in case there, characters with a case beyond
    ASCII and whitespace other than a space get None (the caller keeps the flat alternation).
    """
    items = sorted(set(forms), key=lambda f: (-len(f), f))
    if not items:
        return None
    root: dict[str, Any] = {}
    for form in items:
        node = root
        for ch in form:
            if (ch.isspace() and ch != " ") or not (ch.isascii() or _caseless(ch)):
                return None
            node = node.setdefault(ch, {})
        node[""] = {}  # a form ends here

    def emit(node: dict[str, Any]) -> str | None:
        keys = [k for k in node if k]
        if len({k.lower() for k in keys}) != len(keys):
            return None
        branches = []
        for k in sorted(keys):
            rest = emit(node[k])
            if rest is None:
                return None
            branches.append((space if k == " " else re.escape(k)) + rest)
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ("|" if "" in node else "") + ")"

    body = emit(root)
    return None if body is None else "(?:" + body + ")"


def _caseless(ch: str) -> bool:
    """A character no other matches under IGNORECASE ("’", "–")."""
    return ch.lower() == ch and ch.upper() == ch and ch.casefold() == ch


@dataclass(frozen=True)
class Unit:
    """A time unit: TIMEX3 duration letter, whether it needs the ``T`` prefix, its granularity."""

    name: str
    letter: str
    is_time: bool
    granularity: str
    factor: int = 1


@dataclass(frozen=True)
class Lexicon:
    """Every table the engine reads, as lookups keyed by lower-case surface form."""

    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    season_start_month: dict[str, int]
    parts_of_day: dict[str, str]
    part_of_day_hours: dict[str, tuple[int, int]]
    time_zones: tuple[str, ...]
    time_zone_offsets: dict[str, float]
    holidays: dict[str, tuple[int, int]]
    nth_weekday_holidays: dict[str, tuple[int, int, int]]
    year_centuries: dict[str, int]
    cardinals: dict[str, int]
    multipliers: dict[str, int]
    ordinals: dict[str, int]
    articles: dict[str, int]
    couple: dict[str, float]
    vague_quantities: tuple[str, ...]
    units: dict[str, Unit]  # surface form -> unit
    unit_qualifiers: tuple[str, ...]
    quantity_mods: dict[str, str]
    position_mods: dict[str, str]
    approx_suffixes: tuple[str, ...]
    range_before: dict[str, str]
    range_after: dict[str, str]
    future_cues: frozenset[str]
    future_aux: frozenset[str]
    future_before_to: frozenset[str]
    present_events: frozenset[str]
    present_events_base: frozenset[str]
    present_base_not_after: frozenset[str]
    future_not_before: dict[str, frozenset[str]]
    future_only_before: dict[str, frozenset[str]]
    not_infinitive_after_to: frozenset[str]
    neutral_before: frozenset[str]
    past_perfect: frozenset[str]
    until_words: frozenset[str]
    durative_past: frozenset[str]
    copula_past: frozenset[str]
    past_cues: frozenset[str]
    past_suffix: str
    not_past_ed: frozenset[str]
    vague: dict[str, str]
    vague_needs_context: dict[str, str]
    sets: dict[str, tuple[str, str]]
    time_of_year: dict[str, str]
    context: dict[str, frozenset[str]]
    deictic_days: dict[str, int]
    relative_shift: dict[str, int]
    relative_anchored: dict[str, int]
    decade_words: dict[str, int]
    quarter_ordinals: dict[str, int]
    position_words: dict[str, str]
    looking_back: frozenset[str]
    looking_ahead: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """Load all tables (once per process)."""
    cal = _load("calendar.json")
    num = _load("numbers.json")
    uni = _load("units.json")
    mod = _load("modifiers.json")
    ten = _load("tense.json")
    ref = _load("references.json")
    ctx = _load("context.json")
    rel = _load("relative.json")
    units: dict[str, Unit] = {}
    for name, spec in uni["units"].items():
        unit = Unit(
            name=name,
            letter=spec["letter"],
            is_time=bool(spec["time"]),
            granularity=spec["granularity"],
            factor=int(spec.get("factor", 1)),
        )
        for form in spec["forms"]:
            units[form] = unit
    return Lexicon(
        months=dict(cal["months"]),
        ambiguous_months=frozenset(cal["ambiguous_months"]),
        weekdays=dict(cal["weekdays"]),
        seasons=dict(cal["seasons"]),
        season_start_month=dict(cal["season_start_month"]),
        parts_of_day=dict(cal["parts_of_day"]),
        part_of_day_hours={k: (int(v[0]), int(v[1])) for k, v in cal["part_of_day_hours"].items()},
        time_zones=tuple(cal["time_zones"]),
        time_zone_offsets={k: float(v) for k, v in cal["time_zone_offsets"].items()},
        holidays={k: (int(v[0]), int(v[1])) for k, v in cal["holidays"].items()},
        nth_weekday_holidays={
            k: (int(v[0]), int(v[1]), int(v[2])) for k, v in cal["nth_weekday_holidays"].items()
        },
        year_centuries=dict(num["year_centuries"]),
        cardinals=dict(num["cardinals"]),
        multipliers=dict(num["multipliers"]),
        ordinals=dict(num["ordinals"]),
        articles=dict(num["articles"]),
        couple={k: float(v) for k, v in num["couple"].items()},
        vague_quantities=tuple(num["vague"]),
        units=units,
        unit_qualifiers=tuple(uni["trading"]),
        quantity_mods=dict(mod["quantity_mods"]),
        position_mods=dict(mod["position_mods"]),
        approx_suffixes=tuple(mod["approx_suffixes"]),
        range_before=dict(mod["range_before"]),
        range_after=dict(mod["range_after"]),
        future_cues=frozenset(ten["future"]),
        future_aux=frozenset(ten["future_aux"]),
        future_before_to=frozenset(ten["future_before_to"]),
        present_events=frozenset(ten["present_events"]),
        present_events_base=frozenset(ten["present_events_base"]),
        present_base_not_after=frozenset(ten["present_base_not_after"]),
        future_not_before={k: frozenset(v) for k, v in ten["future_not_before"].items()},
        future_only_before={k: frozenset(v) for k, v in ten["future_only_before"].items()},
        not_infinitive_after_to=frozenset(ten["not_infinitive_after_to"]),
        neutral_before=frozenset(ten["neutral_before"]),
        past_perfect=frozenset(ten["past_perfect"]),
        until_words=frozenset(ten["until"]),
        durative_past=frozenset(ten["durative_past"]),
        copula_past=frozenset(ten["copula_past"]),
        past_cues=frozenset(ten["past"]),
        past_suffix=str(ten["past_suffix"]),
        not_past_ed=frozenset(ten["not_past_ed"]),
        vague=dict(ref["vague"]),
        vague_needs_context=dict(ref["vague_needs_context"]),
        sets={k: (str(v[0]), str(v[1])) for k, v in ref["sets"].items()},
        time_of_year=dict(ref["time_of_year"]),
        context={k: frozenset(v) for k, v in ctx.items() if not k.startswith("_")},
        deictic_days=dict(rel["deictic_days"]),
        relative_shift=dict(rel["relative_shift"]),
        relative_anchored=dict(rel["relative_anchored"]),
        decade_words=dict(rel["decade_words"]),
        quarter_ordinals=dict(rel["quarter_ordinals"]),
        position_words=dict(rel["position_words"]),
        looking_back=frozenset(rel["looking_back"]),
        looking_ahead=frozenset(rel["looking_ahead"]),
    )


def normalize(form: str) -> str:
    """Lower-case and collapse whitespace, the key form of every table."""
    return " ".join(form.lower().split())
