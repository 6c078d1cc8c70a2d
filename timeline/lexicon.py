"""Loading of the language knowledge kept as data files under ``timeline/data/``.

Every table is read once and cached; the engine modules never hard-code word lists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

# through the package, not ``__file__``: a compiled module's file is elsewhere (streams/native.py)
DATA_DIR = resources.files("timeline") / "data"


def _lines(name: str) -> list[str]:
    out: list[str] = []
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _json(name: str) -> dict[str, Any]:
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str  # country | city | region | organisation
    country: str | None = None


@dataclass
class Gazetteer:
    """Surface form -> entry. Keys are exact surface forms (case kept for acronyms)."""

    by_surface: dict[str, GazetteerEntry] = field(default_factory=dict)
    by_lower: dict[str, GazetteerEntry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    max_tokens: int = 1

    def add(self, surface: str, entry: GazetteerEntry) -> None:
        surface = surface.strip()
        if not surface:
            return
        self.by_surface.setdefault(surface, entry)
        # Short all-caps forms (US, UN, AP, WHO) only match with their case.
        if not (surface.isupper() and len(surface.replace(".", "")) <= 4):
            self.by_lower.setdefault(surface.lower(), entry)
        self.max_tokens = max(self.max_tokens, len(surface.split()))

    def lookup(self, surface: str) -> GazetteerEntry | None:
        hit = self.by_surface.get(surface)
        if hit is not None:
            return hit
        return self.by_lower.get(surface.lower())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    gaz = Gazetteer()
    for line in _lines("countries.txt"):
        names = [p.strip() for p in line.split("|")]
        entry = GazetteerEntry(names[0], "country", names[0])
        for name in names:
            gaz.add(name, entry)
    for line in _lines("capitals.txt"):
        parts = [p.strip() for p in line.split("|")]
        entry = GazetteerEntry(parts[0], "city", parts[1])
        for name in [parts[0], *parts[2:]]:
            gaz.add(name, entry)
    for line in _lines("regions.txt"):
        parts = [p.strip() for p in line.split("|")]
        country = None if parts[1] == "-" else parts[1]
        entry = GazetteerEntry(parts[0], "region", country)
        for name in [parts[0], *parts[2:]]:
            gaz.add(name, entry)
    for line in _lines("organisations.txt"):
        names = [p.strip() for p in line.split("|")]
        entry = GazetteerEntry(names[0], "organisation", None)
        for name in names:
            if name.islower():  # "the alliance": anaphoric, handled by attribution only
                continue
            gaz.add(name, entry)
    for line in _lines("demonyms.txt"):
        demonym, country = (p.strip() for p in line.split("|"))
        if country != "-":
            gaz.demonyms[demonym] = country
    return gaz


@lru_cache(maxsize=1)
def reporting() -> dict[str, Any]:
    return _json("reporting.json")


@lru_cache(maxsize=1)
def modality_cues() -> dict[str, list[str]]:
    data = _json("modality.json")
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def disputes() -> dict[str, list[str]]:
    data = _json("disputes.json")
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def word_classes() -> dict[str, Any]:
    return _json("word_classes.json")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    """Concept stem -> the stems that mean it (paraphrases.json)."""
    data: dict[str, list[str]] = _json("paraphrases.json")["synonyms"]
    return data


@lru_cache(maxsize=1)
def phrases() -> dict[str, list[list[str]]]:
    """Concept stem -> word sequences that mean it ("pull back", "return to base")."""
    data = _json("paraphrases.json")["phrases"]
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in _lines("stopwords.txt"):
        words.update(line.lower().split())
    return frozenset(words)


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    return frozenset(_lines("titles.txt"))


@lru_cache(maxsize=1)
def transliteration_rules() -> list[tuple[str, str]]:
    return [(a, b) for a, b in _json("transliteration.json")["rules"]]


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """Surface form of a reporting verb -> stance (reported | claimed | denied)."""
    data = reporting()
    out: dict[str, str] = {}
    for stance in ("reported", "claimed", "denied"):
        for verb in data[stance]:
            out.setdefault(verb.lower(), stance)
    return out
