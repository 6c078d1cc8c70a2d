"""Actors and places: a gazetteer (data files) plus capitalised-name heuristics, and a
place-name key that makes romanisation variants of one name compare equal
("Stanytsia Luhanska" / "Stanitsya Luhanska", "Kyiv" / "Kiev", "Luhansk" / "Lugansk").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from timeline.lexicon import gazetteer, stopwords, titles, transliteration_rules, word_classes
from timeline.text import fold

PERSON = "person"
ORGANISATION = "organisation"
COUNTRY = "country"
CITY = "city"
REGION = "region"
PLACE = "place"  # a place found by the heuristics, not in the gazetteer
GROUP = "group"  # a demonym used as a modifier: "Russian forces" -> Russia

PLACE_KINDS = frozenset({COUNTRY, CITY, REGION, PLACE})

_CONNECTORS = frozenset(
    {
        "of",
        "for",
        "and",
        "the",
        "de",
        "del",
        "da",
        "di",
        "von",
        "van",
        "al",
        "bin",
        "in",
        "le",
        "la",
    }
)
_ORG_HEADS = frozenset(
    [
        "Ministry",
        "Council",
        "Agency",
        "Party",
        "Army",
        "Command",
        "Committee",
        "Commission",
        "Union",
        "Organization",
        "Organisation",
        "Forces",
        "Bank",
        "Court",
        "Office",
        "Department",
        "Service",
        "Services",
        "News",
        "Times",
        "Post",
        "Guard",
        "Assembly",
        "Parliament",
        "Government",
        "Institute",
        "University",
        "Foundation",
        "Federation",
        "Corporation",
        "Company",
        "Group",
        "Front",
        "Brigade",
        "Battalion",
        "Police",
        "Network",
        "Television",
        "Radio",
        "Press",
        "Agency",
    ]
)
_STRONG_LOCATIVES = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "into",
        "across",
        "around",
        "towards",
        "toward",
        "throughout",
        "nearby",
        "outskirts",
    }
)
_RUN_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|\d+", re.UNICODE)
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")
# Patterns of the per-run and per-name paths, compiled once rather than looked up in the
# ``re`` module's cache on every call.
_HYPHEN_SPLIT = re.compile(r"(-)")
_PLACE_HEAD_AFTER = re.compile(r"\s+(region|oblast|province|peninsula|strip)\b")
_LOWER_WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    surface: str
    name: str
    kind: str
    country: str | None = None

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS


@lru_cache(maxsize=20_000)
def place_key(name: str) -> str:
    """A spelling-insensitive key for a place name (consonant skeleton after transliteration
    rules). Names whose key is too short to be distinctive keep their folded spelling."""
    base = fold(name)
    base = re.sub(r"\b(the|of)\b", " ", base)
    plain = " ".join(re.findall(r"[a-z0-9']+", base))
    s = plain
    for a, b in transliteration_rules():
        s = s.replace(a, b)
    words = []
    for w in s.split():
        if not w:
            continue
        skel = w[0] + re.sub(r"[aeiouy]", "", w[1:])
        skel = re.sub(r"(.)\1+", r"\1", skel)
        words.append(skel)
    key = " ".join(words)
    if len(key.replace(" ", "")) < 3:
        return re.sub(r"(.)\1+", r"\1", plain)
    return key


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _strip_possessive(tok: str) -> str:
    if tok[-1:] not in ("s", "'", "’"):
        return tok
    for suf in ("'s", "’s", "'", "’"):
        if tok.endswith(suf) and len(tok) > len(suf) + 1:
            return tok[: -len(suf)]
    return tok


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """``_RUN_TOKEN``'s (start, end, token) in ``text``. The strings come from ``findall`` and
    each offset from ``str.find`` after the token before: a token starts with a letter or a
    digit and what lies between two tokens has neither, so the first occurrence there is the
    token itself. A third cheaper than a match object per token, on every sentence."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    find = text.find
    for tok in _RUN_TOKEN.findall(text):
        start = find(tok, pos)
        pos = start + len(tok)
        out.append((start, pos, tok))
    return out


class NameFinder:
    """Finds entities sentence by sentence, remembering the people of the article so that a
    later "Stoltenberg" or "Mr Johnson" resolves to the full name met earlier."""

    def __init__(self) -> None:
        self.gaz = gazetteer()
        self.titles = titles()
        self.stops = stopwords()
        self.surnames: dict[str, str] = {}
        self.place_heads = frozenset(word_classes()["place_heads"])

    def _lookup_run(
        self, words: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, Entity | None]]:
        """Greedy longest gazetteer matches over a run of tokens; unmatched token spans are
        returned with ``None``. Returns (first token idx, last+1 token idx, entity)."""
        out: list[tuple[int, int, Entity | None]] = []
        i = 0
        n = len(words)
        texts = [w[2] for w in words]
        connector = [t.lower() in _CONNECTORS for t in texts]
        by_surface, by_lower = self.gaz.by_surface, self.gaz.by_lower
        max_tokens = self.gaz.max_tokens
        while i < n:
            hit: tuple[int, Entity] | None = None
            for j in range(min(n, i + max_tokens), i, -1):
                if connector[j - 1]:
                    continue
                surface = _strip_possessive(" ".join(texts[i:j]))
                entry = by_surface.get(surface) or by_lower.get(surface.lower())
                if entry is None and surface.endswith("."):
                    entry = self.gaz.lookup(surface.rstrip("."))
                if entry is not None:
                    hit = (
                        j,
                        Entity(
                            words[i][0],
                            words[j - 1][1],
                            surface,
                            entry.name,
                            entry.kind,
                            entry.country,
                        ),
                    )
                    break
            if hit is not None:
                out.append((i, hit[0], hit[1]))
                i = hit[0]
                continue
            out.append((i, i + 1, None))
            i += 1
        return out

    def find(self, text: str, offset: int = 0, sentence_initial: int | None = None) -> list[Entity]:
        """Entities in ``text`` (offsets shifted by ``offset``). ``sentence_initial`` is the
        position (in ``text``) where a sentence starts, where capitals say nothing."""
        # tokens, without the periods that end a sentence (keep "U.S.")
        toks = _tokens(text)
        if "." in text:
            # in place: a token starts with a letter or is digits, so it never strips to ""
            initials = _INITIALS.fullmatch
            for k in [k for k, tok in enumerate(toks) if tok[2][-1] == "."]:
                s, _e, t = toks[k]
                if not initials(t):
                    t = t.rstrip(".")
                    toks[k] = (s, s + len(t), t)
        sent_start = 0 if sentence_initial is None else sentence_initial
        entities: list[Entity] = []
        n = len(toks)
        # runs start at capitalised tokens only (most tokens are not)
        caps = [k for k in range(n) if toks[k][2][0].isupper()]
        end_of_run = -1
        for i in caps:
            if i < end_of_run:
                continue  # inside the previous run
            # a run of capitalised tokens joined by connectors, same clause (no punctuation)
            j = i + 1
            while j < n:
                if text[toks[j - 1][1] : toks[j][0]].strip():
                    break
                tj = toks[j][2]
                if tj[0].isupper():
                    j += 1
                    continue
                if (
                    tj.lower() in _CONNECTORS
                    and j + 1 < n
                    and toks[j + 1][2][0].isupper()
                    and not text[toks[j][1] : toks[j + 1][0]].strip()
                ):
                    j += 2
                    continue
                break
            entities.extend(self._resolve_run(text, toks[i:j], sent_start))
            end_of_run = j
        if not offset:
            return entities
        return [
            Entity(e.start + offset, e.end + offset, e.surface, e.name, e.kind, e.country)
            for e in entities
        ]

    def _split_hyphen(self, tok: tuple[int, int, str]) -> list[tuple[int, int, str]]:
        s, _e, t = tok
        parts: list[tuple[int, int, str]] = []
        pos = s
        for p in _HYPHEN_SPLIT.split(t):
            if p and p != "-":
                parts.append((pos, pos + len(p), p))
            pos += len(p)
        return parts

    def _resolve_run(
        self, text: str, run: list[tuple[int, int, str]], sent_start: int
    ) -> list[Entity]:
        out: list[Entity] = []
        # expand hyphenated tokens when a part is in the gazetteer (Russia-Ukraine, Russian-backed)
        words: list[tuple[int, int, str]] = []
        for tok in run:
            if "-" in tok[2]:
                parts = self._split_hyphen(tok)
                if any(self.gaz.lookup(p[2]) or p[2] in self.gaz.demonyms for p in parts):
                    words.extend(p for p in parts if _is_cap(p[2]))
                    continue
            words.append(tok)
        if not words:
            return out
        # a place head right after the run ("Luhansk region") may complete a gazetteer name
        after = text[words[-1][1] :]
        m = _PLACE_HEAD_AFTER.match(after)
        if m:
            surface = " ".join(w[2] for w in words) + " " + m.group(1)
            entry = self.gaz.lookup(surface)
            if entry is not None:
                return [
                    Entity(
                        words[0][0],
                        words[-1][1] + m.end(),
                        surface,
                        entry.name,
                        entry.kind,
                        entry.country,
                    )
                ]
        pieces = self._lookup_run(words)
        pending: list[tuple[int, int, str]] = []

        def flush() -> None:
            if pending:
                out.extend(self._classify(text, list(pending), sent_start))
                pending.clear()

        for a, _b, ent in pieces:
            if ent is None:
                w = words[a]
                if w[2].lower() in _CONNECTORS:
                    flush()
                    continue
                bare = _strip_possessive(w[2])
                dem = self.gaz.demonyms.get(bare)
                if dem is None and bare.endswith("s"):  # "Ukrainians"
                    dem = self.gaz.demonyms.get(bare[:-1])
                if dem is not None:
                    flush()
                    out.append(Entity(w[0], w[1], w[2], dem, GROUP, dem))
                    continue
                pending.append(w)
            else:
                flush()
                out.append(ent)
        flush()
        return out

    def _classify(
        self, text: str, words: list[tuple[int, int, str]], sent_start: int
    ) -> list[Entity]:
        """An unknown capitalised sequence: person, organisation or place by context."""
        had_title = False
        # drop title words and a sentence-initial function word
        while words:
            w = words[0][2]
            bare = _strip_possessive(w)
            if bare in self.titles or bare.rstrip(".") in self.titles:
                had_title = True
                words = words[1:]
                continue
            if words[0][0] <= sent_start + 1 and (fold(bare) in self.stops or len(words) == 1):
                if len(words) == 1 and fold(bare) not in self.stops:
                    # a lone sentence-initial capitalised word: only a known surname counts
                    full = self.surnames.get(bare)
                    if full is not None:
                        return [Entity(words[0][0], words[0][1], w, full, PERSON)]
                    return []
                words = words[1:]
                continue
            break
        while words and (_strip_possessive(words[-1][2]) in self.titles):
            words = words[:-1]
        if not words:
            return []
        if all(w[2].isupper() and len(w[2]) > 1 for w in words) and len(words) == 1:
            # an unknown acronym: an organisation
            return [Entity(words[0][0], words[-1][1], words[0][2], words[0][2], ORGANISATION)]
        surface = text[words[0][0] : words[-1][1]]
        surface = _strip_possessive(surface)
        before = text[max(0, words[0][0] - 40) : words[0][0]].lower()
        prev_words = _LOWER_WORDS.findall(before)
        prev = prev_words[-1] if prev_words else ""
        prev2 = prev_words[-2] if len(prev_words) > 1 else ""
        locative = prev in _STRONG_LOCATIVES or (prev == "of" and prev2 in self.place_heads)
        if _strip_possessive(words[-1][2]) in _ORG_HEADS:
            return [Entity(words[0][0], words[-1][1], surface, surface, ORGANISATION)]
        if locative and not had_title:
            return [Entity(words[0][0], words[-1][1], surface, surface, PLACE)]
        name_like = all(
            w[2][:1].isupper() and not w[2].isupper() and fold(w[2]) not in self.stops
            for w in words
        )
        if len(words) >= 2 and name_like:
            if len(words) <= 4:
                self.surnames[_strip_possessive(words[-1][2])] = surface
                return [Entity(words[0][0], words[-1][1], surface, surface, PERSON)]
            return []
        if len(words) == 1:
            bare = _strip_possessive(words[0][2])
            full = self.surnames.get(bare)
            if full is not None:
                return [Entity(words[0][0], words[0][1], bare, full, PERSON)]
            if had_title and name_like:
                self.surnames.setdefault(bare, bare)
                return [Entity(words[0][0], words[0][1], bare, bare, PERSON)]
        return []
