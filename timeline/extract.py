"""Article -> events: one event per clause anchored by a time mention.

For each sentence (``timeline.text``) the mentions the temporal engine found in it are assigned
to clauses (a dash- or bracket-delimited parenthetical is its own clause; several mentions in the
main clause split it at clause boundaries). Each anchored clause becomes an ``Event`` with a
short label, its actors and places (``timeline.names``), who asserts it (reported speech) and
its modality. A sentence with no time expression inherits the anchor of the sentence before it
in the same paragraph only when it continues it (anaphoric subject, same tense); otherwise it
is not an event, except as an *implicit* recent-past event (see ``models.event.AnchorKind``)
that only survives merging when another article dates the same happening explicitly.

A happening dated relative to another ("..., a day after Moscow announced that ...", "two days
before they were released") is an event of its own, dated from the day of its sentence (or of
the earlier happening the sentence's subject names: "The shelling came two days after ...");
the clause it hangs from no longer carries its words. Keywords add the concepts of several-word
paraphrases ("pulling troops back", "returning to their bases" -> withdraw), from
``timeline/data/paraphrases.json``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any, TypeVar, cast

from models import Article, ArticleRecord, Event, Mention, Modality, PublishedAtSource
from models.event import AnchorKind
from models.mention import Direction, Granularity, TimeType
from temporal.lexicon import alternation
from timeline import tagging
from timeline.dating import dateline_span
from timeline.lexicon import (
    disputes,
    modality_cues,
    reporting,
    reporting_verbs,
    titles,
    word_classes,
)
from timeline.names import (
    CITY,
    COUNTRY,
    GROUP,
    ORGANISATION,
    PERSON,
    PLACE_KINDS,
    Entity,
    NameFinder,
    place_key,
)
from timeline.text import Sentence, content_words, fold, keyword_stems, segment, stopwords

ENTITY_MARKS = ("@", "#", "^")  # keyword prefixes: specific place, actor, country
VAGUE_VALUES = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})
IMPLICIT_DAYS_BEFORE = 2
MAX_LABEL_WORDS = 14
MAX_LABEL_EXTRA = 4  # words a label may run over to finish its phrase
# an interval longer than this is not a happening but an era ("the 20th century")
MAX_EVENT_SPAN = timedelta(days=366 * 30)

_LEADING_CONNECTIVE = re.compile(
    r"^(?:(?:however|but|and|meanwhile|also|still|yet|so|then|separately|moreover|earlier|later)"
    r"\b[\s,]*)+",
    re.I,
)
_ADDRESSEE_VERBS = frozenset({"told", "tells", "tell", "telling", "informed", "briefed"})
_ADDRESSEE = re.compile(
    r"^\s*(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,4}(?=[A-Z]|that\b)"
    r"|^\s*(?:reporters|journalists|parliament|lawmakers|the media|the press)\s+(?:that\s+)?"
)
# as ``temporal.lexicon.alternation`` writes it (a trie, longest word first): the whitespace
# after the word lets one word at most match at a position, so their order never mattered
_SUBORDINATOR = re.compile(
    r"\b"
    + alternation(
        [
            *("as", "while", "when", "after", "before", "because", "that", "since", "although"),
            *("though", "whereas", "but", "which", "who", "where", "if", "once", "until"),
        ]
    )
    + r"\s",
    re.I,
)
_WEAK_ANAPHORA = frozenset({"that", "this", "it", "them"})
_BOUNDING = frozenset({"until", "till", "by", "before", "after", "since", "from", "through"})
_DASH_PAIR = re.compile(r"\s(?:--|[-–—])\s")
_AUX = frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "was",
        "were",
        "is",
        "are",
        "will",
        "would",
        "been",
        "being",
        "did",
        "does",
        "do",
        "could",
        "may",
        "might",
        "reportedly",
        "previously",
        "already",
        "then",
        "later",
        "earlier",
        "now",
        "again",
        "meanwhile",
    ]
)
_PRONOUNS_PERSON = frozenset({"he", "she", "his", "her"})
_PRONOUNS_GROUP = frozenset({"they", "their", "we"})
_PRONOUNS_THING = frozenset({"it", "its"})
_LEADING_JUNK = re.compile(
    r"^(?:(?:however|but|and|meanwhile|also|still|yet|so|then|earlier|later|separately|"
    r"moreover|in addition|as well|that|while|whereas|though|although|with|of|on|in|at|"
    r"ahead of|after|before|during|over|since|by|for|to|from|the|a|an|this|these|those|"
    r"where|which|who|whom|whose)\b[\s,:]*)+",
    re.I,
)
_LEADING_ADVERBIAL = re.compile(
    r"^\s*(?:late|early|earlier|later|in|on|at|during|by|from|on the contrary|in contrast"
    r"|by contrast|meanwhile|separately|elsewhere|however|instead)\b"
    r"[^,;:]{0,40}?,\s+(?=(?:[\w'’-]+\s+){3})",
    re.I,
)


# Words a label does not end with, and the trailing words a date takes with it ("on", "since")
# (word_classes.json) are removed by scanning back from the end: as a regex anchored at "$" the
# search was tried from every position of the label (a third of the labelling time).
@functools.cache
def _closed_class(name: str) -> frozenset[str]:
    """A word class of word_classes.json as a set, built once (not on every sentence)."""
    return frozenset(word_classes()[name])


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # the regex \w


def _last_word_start(text: str, end: int) -> int:
    k = end
    while k > 0 and _is_word_char(text[k - 1]):
        k -= 1
    return k


def _strip_trailing_junk(text: str) -> str:
    """``text`` without the longest ending made of spaces, ",;:-" and the junk words."""
    end = len(text)
    while end > 0:
        k = end
        while k > 0 and (text[k - 1] in ",;:-" or text[k - 1].isspace()):
            k -= 1
        w = _last_word_start(text, k)
        if w < k and text[w:k].lower() in _closed_class("label_trailing_words"):
            end = w
            continue
        end = k
        break
    return text[:end]


def _strip_trailing_preposition(text: str) -> str:
    """``text`` without a last word that introduces a date ("... met on"), nor the spaces
    after it."""
    k = len(text)
    while k > 0 and text[k - 1].isspace():
        k -= 1
    w = _last_word_start(text, k)
    if w < k and text[w:k].lower() in _closed_class("date_prepositions"):
        return text[:w]
    return text


# patterns of the clause, label and attribution heuristics, compiled once
_BRACKETS = re.compile(r"\(([^()]{1,200})\)")
_ANY_BRACKETS = re.compile(r"\([^()]*\)")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|where|whose|whom)\b[^,;]{1,160},")
_RELATIVE_PRONOUN = re.compile(r"(?:who|which|where|whose|whom)\b")
_HEAD_PREPOSITION = re.compile(r"\s(?:of|in|from|at|on|near|with|across|inside|outside)\s")
_MAIN_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|said|says|[a-z]{3,}ed)\b")
_PUNCT = re.compile(r"[,.;:]")
_AFTER_SPEAKER = re.compile(
    r"[,.;:]|\b(?:ahead|after|before|on|at|in|during|when|as|who|adding|saying)\b"
)
_POSSESSIVE_S = re.compile(r"^['’]s\b")
_ACCORDING_TO = re.compile(r"^\s*according to [^,]{1,60},\s*", re.I)
_CIRCUMSTANCE = re.compile(r"\b(?:ahead of|after|before|at|in|on|during|as|when)\b")
_SAID_WHERE_THAT = re.compile(
    r"^\s*(?:(?:in|at|from)\s+(?:[A-Z][\w'’.-]*\s+){1,3})?(?:that|:)[\s,]+"
)
_AS_I_SAID = re.compile(r"(^|,)\s*as (?:I|you|we)\b[^,]{0,60},")
_COMMAS = re.compile(r"\s*,(?:\s*,)+")
_LOWER_WORD = re.compile(r"[a-z]+")
_CAME_ONLY = re.compile(r"\b(?:only|just|came|comes|come)\s*$")
_LEADING_ON = re.compile(r"^(?:on|in|at)\b", re.I)
_WORD_CHAR = re.compile(r"\w")
_EMPTY_DASHES = re.compile(r"\s(?:--|[-–—])\s*(?:--|[-–—])\s")
_NEXT_CAPITAL = re.compile(r"\s+([A-Z][\w.-]*)")


@lru_cache(maxsize=1)
def _anaphoric_start() -> re.Pattern[str]:
    """'He', 'The ministry', ...: a sentence opening that refers back (any of the listed)."""
    starts = word_classes()["anaphoric_starts"]
    return re.compile("(?:" + "|".join(rf"{re.escape(a)}\b" for a in starts) + ")")


@dataclass
class _Clause:
    start: int  # absolute offsets of the clause's outer bounds
    end: int
    text: str
    role: str  # main | parenthetical
    context: str = ""  # the antecedent of a relative clause: matched, labelled when needed


@dataclass
class _Attribution:
    speaker: str | None = None
    stance: str | None = None  # reported | claimed | denied
    verb_start: int | None = None  # absolute offset of the reporting verb
    verb_end: int | None = None


@dataclass
class _SentenceInfo:
    sentence: Sentence
    entities: list[Entity]
    mentions: list[Mention] = field(default_factory=list)
    other_mentions: bool = False  # time expressions that did not make an event (vague, sets)
    attribution: _Attribution = field(default_factory=_Attribution)
    subject: str | None = None


_F = TypeVar("_F", bound=Callable[..., Any])
_ARTICLE_MEMO: dict[tuple[Any, ...], Any] = {}


def per_article(fn: _F) -> _F:
    """Remember ``fn``'s results for the article being extracted (``extract_events`` forgets
    them when it starts the next): within an article one sentence is masked and matched for
    each of its clauses and checks. Not across articles, where texts do not repeat, except in
    a benchmark that copies articles and must not be flattered by it."""
    name = fn.__name__

    @functools.wraps(fn)
    def remembered(*args: Any) -> Any:
        key = (name, *args)
        try:
            return _ARTICLE_MEMO[key]
        except KeyError:
            value = _ARTICLE_MEMO[key] = fn(*args)
            return value

    return cast(_F, remembered)


_WORD = re.compile(r"[\w'’]+")


@per_article
def _lower_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


class _Alternatives:
    """A regex of listed words and phrases between word boundaries, tested first against the
    words of the text: a match starts with one of the phrases' first words, and a set lookup
    is much cheaper than trying a hundred alternatives at every position of a sentence, as
    each of a dozen such patterns otherwise does for every clause."""

    def __init__(self, phrases: list[str], flags: int = 0) -> None:
        ordered = sorted(set(phrases), key=len, reverse=True)
        # a regex trie where it matches the same (``temporal.lexicon.alternation``), a fraction
        # of the time; under IGNORECASE an ASCII letter matches what its lower case does
        folded = [p.lower() if p.isascii() else p for p in ordered] if flags & re.I else ordered
        body = alternation(folded, space=r"\ ")
        self.pattern = re.compile(r"(?<![\w'’])" + body + r"(?![\w'’])", flags)
        firsts = [_WORD.match(p.lower()) for p in ordered]
        # a phrase that does not start with a word character: no shortcut
        self.firsts = (
            frozenset(m.group(0) for m in firsts if m is not None)
            if all(m is not None for m in firsts)
            else None
        )

    def _may_match(self, text: str) -> bool:
        return self.firsts is None or not self.firsts.isdisjoint(_lower_words(text))

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.search(text, pos) if self._may_match(text) else None

    def finditer(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text)) if self._may_match(text) else []

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text)


@dataclass(frozen=True)
class _Patterns:
    verbs: _Alternatives
    phrases: _Alternatives
    denied: _Alternatives
    claimed: _Alternatives
    planned: _Alternatives
    expected: _Alternatives
    dispute_verbs: _Alternatives
    branding: _Alternatives
    falsity: _Alternatives
    anaphora: _Alternatives
    future: _Alternatives
    reporting_clause: re.Pattern[str]


@lru_cache(maxsize=1)
def _word_patterns() -> _Patterns:
    cues = modality_cues()
    dis = disputes()
    verbs = list(reporting_verbs())
    return _Patterns(
        verbs=_Alternatives(verbs),
        phrases=_Alternatives(list(reporting()["phrases"]), re.I),
        denied=_Alternatives(cues["denied"]),
        claimed=_Alternatives(cues["claimed"]),
        planned=_Alternatives(cues["planned"]),
        expected=_Alternatives(cues["expected"]),
        dispute_verbs=_Alternatives(dis["verbs"]),
        branding=_Alternatives(dis["branding"]),
        falsity=_Alternatives(dis["falsity"]),
        anaphora=_Alternatives(dis["anaphora"]),
        future=_Alternatives(word_classes()["future_cues"]),
        reporting_clause=re.compile(
            r",\s+(?=[^,;\"“”]{0,60}?\b(?:"
            + "|".join(re.escape(v) for v in sorted(verbs))
            + r")\b)"
        ),
    )


_QUOTE_MARK = re.compile('[“«”»"]')


@per_article
def _mask_quotes(text: str, in_quote: bool) -> str:
    """``text`` with quoted material blanked (same length), given the state at its start."""
    if not in_quote and _QUOTE_MARK.search(text) is None:
        return text
    out: list[str] = []
    state = in_quote
    pos = 0
    for m in _QUOTE_MARK.finditer(text):
        i = m.start()
        out.append(" " * (i - pos) if state else text[pos:i])
        ch = text[i]
        state = True if ch in "“«" else False if ch in "”»" else not state
        out.append(" ")
        pos = i + 1
    out.append(" " * (len(text) - pos) if state else text[pos:])
    return "".join(out)


@per_article
def _parentheticals(text: str) -> tuple[tuple[int, int], ...]:
    """Relative spans of dash pairs, brackets and comma-delimited relative clauses.

    Remembered for the article (a tuple, so no caller can change what another gets): a
    sentence's parentheticals are asked for by its clauses, its masking and its main text.
    Each pattern needs a character most sentences lack (a dash, "(", a comma): testing for
    it first skips the regex scan, with the same spans."""
    spans: list[tuple[int, int]] = []
    if "-" in text or "–" in text or "—" in text:
        dashes = list(_DASH_PAIR.finditer(text))
        for a, b in zip(dashes[0::2], dashes[1::2], strict=False):
            spans.append((a.end(), b.start()))
    if "(" in text:
        for m in _BRACKETS.finditer(text):
            spans.append((m.start(1), m.end(1)))
    if "," in text:
        for m in _RELATIVE_CLAUSE.finditer(text):
            spans.append((m.start() + 1, m.end() - 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            continue
        merged.append((s, e))
    return tuple(merged)


_CLAUSE_BOUNDARY = re.compile(
    r";\s+|,\s+(?=(?:and|but|while|whereas|although|though|after|before|when|because|as)\b)"
    r"|[,.]?[\"”]\s*,?\s+(?=[a-z])|:\s+(?=[\"“])"
)


def _clauses(sentence: Sentence, mentions: list[Mention]) -> list[_Clause]:
    """One clause per mention, in mention order."""
    text = sentence.text
    base = sentence.start
    parens = _parentheticals(text)
    out: list[_Clause] = []
    main_mentions: list[Mention] = []
    for m in mentions:
        rel = m.start - base
        box = next(((s, e) for s, e in parens if s <= rel < e), None)
        if box is not None:
            lo = box[0]
            body = text[box[0] : box[1]].strip()
            if _RELATIVE_PRONOUN.match(body):
                # a relative clause is about its antecedent: "the kindergarten ..., which was hit"
                head = text[: box[0]].rstrip(" ,")
                cut = max(head.rfind(c) for c in ",;:(")
                antecedent = " ".join(head[cut + 1 :].split()[-8:])
                lo = max(0, head.rfind(antecedent)) if antecedent else box[0]
                out.append(_Clause(base + lo, base + box[1], body, "parenthetical", antecedent))
                continue
            out.append(_Clause(base + lo, base + box[1], body, "parenthetical"))
        else:
            main_mentions.append(m)
            out.append(_Clause(0, 0, "", "main"))  # filled below
    # main text: the sentence without its parentheticals
    pieces: list[tuple[int, int]] = []
    pos = 0
    for s, e in parens:
        pieces.append((pos, s))
        pos = e
    pieces.append((pos, len(text)))

    def main_text(lo: int, hi: int) -> str:
        chunks = [text[max(s, lo) : min(e, hi)] for s, e in pieces if min(e, hi) > max(s, lo)]
        joined = " ".join(c.strip(" -–—()") for c in chunks if c.strip(" -–—()"))
        return " ".join(joined.split())  # = _SPACES.sub(" ", joined).strip(), faster

    masked = _mask_quotes(text, sentence.in_quote)
    if main_mentions and len(main_mentions) == 1 and masked.strip():
        # a mention inside a quotation that the sentence attributes: the quote is the clause
        rel = main_mentions[0].start - base
        if 0 <= rel < len(text) and masked[rel] == " " and text[rel] != " ":
            lo = rel
            while lo > 0 and (masked[lo - 1] == " " and text[lo - 1] not in '"“”«»'):
                lo -= 1
            hi = rel
            while hi < len(text) and (masked[hi] == " " and text[hi] not in '"“”«»'):
                hi += 1
            if text[lo:hi].strip() and len(text[lo:hi].split()) >= 3 and hi - lo < len(text) - 3:
                for i, clause in enumerate(out):
                    if clause.role == "main":
                        out[i] = _Clause(base + lo, base + hi, text[lo:hi].strip(" ,"), "main")
                return out
    if main_mentions:
        bounds = [0, len(text)]
        if len(main_mentions) > 1:
            cuts = [m.end() for m in _CLAUSE_BOUNDARY.finditer(text)]
            # an inverted reporting clause: "..., British Defence Secretary Ben Wallace said"
            cuts += [m.end() for m in _word_patterns().reporting_clause.finditer(text)]
            cuts.sort()
            rels = [m.start - base for m in main_mentions]
            # keep one cut between each pair of consecutive mentions (the last one before the
            # second mention), so every mention owns a contiguous segment
            chosen: list[int] = []
            for a, b in itertools.pairwise(rels):
                between = [c for c in cuts if a < c <= b]
                if between:
                    chosen.append(between[-1])
            bounds = [0, *chosen, len(text)]
        segs = list(itertools.pairwise(bounds))
        it = iter(main_mentions)
        for i, clause in enumerate(out):
            if clause.role != "main":
                continue
            m = next(it)
            rel = m.start - base
            seg = next(((s, e) for s, e in segs if s <= rel < e), (0, len(text)))
            out[i] = _Clause(base + seg[0], base + seg[1], main_text(*seg), "main")
    return out


class _Extractor:
    def __init__(self, article: Article, record: ArticleRecord, mentions: list[Mention]) -> None:
        self.article = article
        self.record = record
        self.text = article.text
        span = dateline_span(self.text)
        self.sentences = segment(self.text, skip=span)
        self.names = NameFinder()
        self.pat = _word_patterns()
        keep = [m for m in mentions if span is None or not (span[0] <= m.start < span[1])]
        self.mentions = sorted(keep, key=lambda m: (m.start, m.end))
        self.infos: list[_SentenceInfo] = []
        self.last_person: str | None = None
        self.last_actor: str | None = None

    # -- sentence analysis ---------------------------------------------------------------------

    def analyse(self) -> None:
        mi = 0
        for s in self.sentences:
            ents = self.names.find(s.text, offset=s.start, sentence_initial=0)
            info = _SentenceInfo(s, ents)
            while mi < len(self.mentions) and self.mentions[mi].start < s.start:
                mi += 1
            j = mi
            while j < len(self.mentions) and self.mentions[j].start < s.end:
                info.mentions.append(self.mentions[j])
                j += 1
            info.subject = self._subject(s, ents)
            info.attribution = self._attribution(s, ents)
            self.infos.append(info)
            for e in ents:
                if e.kind == PERSON:
                    self.last_person = e.name
                if e.kind in (PERSON, ORGANISATION, COUNTRY):
                    self.last_actor = e.name
        self._propagate_quotes()

    def _np_before(self, text: str, end: int) -> str:
        """The noun phrase that ends at ``end`` in ``text`` (the subject of a verb)."""
        head = text[:end]
        # the subject starts after the last clause break before the verb
        cut = max(
            head.rfind(";"),
            head.rfind(":"),
            head.rfind("“"),
            head.rfind('"'),
            head.rfind("”"),
            head.rfind(" - "),
            head.rfind(" -- "),
            head.rfind("("),
        )
        if cut >= 0:
            head = head[cut + 1 :]
        if _GAP in head:
            # words after a parenthetical are the subject ("the quake, which hit at night,
            # officials said" -> "officials"); none: the subject comes before it
            after_gap = head[head.rfind(_GAP) + 1 :]
            head = after_gap if after_gap.strip() else head.replace(_GAP, " ")
        head = _LEADING_CONNECTIVE.sub("", head.lstrip())
        # ... and after the last subordinating word: "Russia's reply landed as Western
        # governments disputed" -> "Western governments"
        sub_cut = list(_SUBORDINATOR.finditer(head))
        if sub_cut:
            head = head[sub_cut[-1].end() :]
        words = head.split()
        while words and fold(words[-1]).strip(",") in _AUX:
            words = words[:-1]
        return " ".join(words[-16:]).strip(" ,")

    def _entity_in(self, ents: list[Entity], lo: int, hi: int) -> Entity | None:
        inside = [e for e in ents if lo <= e.start and e.end <= hi]
        for kinds in ((PERSON,), (ORGANISATION,), (COUNTRY, CITY), (GROUP,)):
            for e in inside:
                if e.kind in kinds:
                    return e
        return None

    def _resolve_np(self, np: str, ents: list[Entity], lo: int, hi: int) -> str | None:
        np = " ".join(np.replace(_GAP, " ").split())
        if not np:
            return None
        first = fold(np.split()[0])
        if len(np.split()) == 1 and first in _PRONOUNS_PERSON:
            return self.last_person
        if len(np.split()) == 1 and first in _PRONOUNS_THING:
            return self.last_actor
        if len(np.split()) == 1 and first in _PRONOUNS_GROUP:
            prev = self.infos[-1].subject if self.infos else None
            return prev
        # the head noun phrase: "Jens Stoltenberg, NATO's chief," -> its first comma part;
        # "Separatist authorities in the Luhansk region" -> before the preposition
        parts = [p.strip() for p in np.split(",") if p.strip()]
        named_parts = [
            p for p in parts if any(e.kind == PERSON and e.surface and e.surface in p for e in ents)
        ]
        # an appositive names the person ("Her minister, James Heappey, said"); otherwise the
        # part next to the verb ("Schools stay closed until Monday, the ministry said")
        head = named_parts[0] if len(parts) > 1 and named_parts else (parts[-1] if parts else np)
        head = _HEAD_PREPOSITION.split(head)[0]
        at = np.find(head)
        in_head = [e for e in ents if e.surface and at <= np.find(e.surface) < at + len(head)]
        ent = self._entity_in(in_head, lo, hi)
        if ent is not None and (ent.kind != GROUP or len(head.split()) > 6):
            return ent.name
        words = head.split()
        if words and fold(words[0]) in ("the", "a", "an"):
            words = words[1:]
        if not words or len(words) > 6:
            return None
        np = " ".join(words)
        return np[0].upper() + np[1:]

    def _subject(self, s: Sentence, ents: list[Entity]) -> str | None:
        masked = _masked(s)
        m = _MAIN_VERB.search(masked)
        if not m:
            return None
        np = self._np_before(masked, m.start())
        if not np or len(np.split()) > 8:
            return None
        return self._resolve_np(np, ents, s.start, s.start + m.start())

    def _attribution(self, s: Sentence, ents: list[Entity]) -> _Attribution:
        masked = _masked(s)
        verbs = reporting_verbs()
        m = self.pat.phrases.search(masked)
        if m:
            rest = masked[m.end() :]
            stop = _PUNCT.search(rest)
            np = rest[: stop.start() if stop else len(rest)].strip()
            lo = s.start + m.end()
            speaker = self._resolve_np(" ".join(np.split()[:8]), ents, lo, lo + len(rest))
            if speaker:
                return _Attribution(speaker, "reported", s.start + m.start(), s.start + m.end())
        candidates = list(self.pat.verbs.finditer(masked))
        # participles ("saying", "describing") describe the main verb's subject: try them last
        candidates.sort(key=lambda x: (x.group(0).endswith("ing"), x.start()))
        for vm in candidates:
            verb = vm.group(0).lower()
            stance = verbs.get(verb, "reported")
            before = masked[: vm.start()].rstrip()
            # inversion: '..." said X' / '..., says X'
            if (before.endswith(",") or not before.strip()) and (
                s.text[: vm.start()].rstrip().endswith(('"', "”", ',"', ",”")) or not before.strip()
            ):
                after = masked[vm.end() :]
                stop = _AFTER_SPEAKER.search(after)
                np = after[: stop.start() if stop else len(after)].strip()
                if np and (np[0].isupper() or np.split()[0].lower() in ("the", "a", "an")):
                    lo = s.start + vm.end()
                    speaker = self._resolve_np(np, ents, lo, lo + len(np) + 2)
                    if speaker:
                        return _Attribution(
                            speaker, stance, s.start + vm.start(), s.start + vm.end()
                        )
                continue
            np = self._np_before(masked, vm.start())
            if not np:
                continue
            speaker = self._resolve_np(
                np, ents, s.start + max(0, vm.start() - len(np) - 40), s.start + vm.start()
            )
            if speaker:
                return _Attribution(speaker, stance, s.start + vm.start(), s.start + vm.end())
        return _Attribution()

    def _propagate_quotes(self) -> None:
        """A quotation running over several sentences (or paragraphs) has one speaker."""
        i = 0
        n = len(self.infos)
        while i < n:
            j = i
            while (
                j + 1 < n
                and self.infos[j].sentence.open_at_end
                and self.infos[j + 1].sentence.in_quote
            ):
                j += 1
            if j > i:
                chain = self.infos[i : j + 1]
                found = next((x.attribution for x in chain if x.attribution.speaker), None)
                if found is not None:
                    for x in chain:
                        if not x.attribution.speaker:
                            x.attribution = _Attribution(found.speaker, found.stance)
            i = j + 1

    # -- events ---------------------------------------------------------------------------------

    def _usable(self, m: Mention) -> bool:
        if m.start_time is None or m.end_time is None:
            return False
        if m.type == TimeType.SET or m.value in VAGUE_VALUES:
            return False
        return m.end_time - m.start_time <= MAX_EVENT_SPAN

    def _modality(
        self, clause_text: str, info: _SentenceInfo, mention: Mention | None, role: str
    ) -> Modality:
        txt = clause_text
        if mention is not None and mention.text:
            txt = txt.replace(mention.text, " ")
        stance = info.attribution.stance if role == "main" else None
        if stance == "denied" or self.pat.denied.search(txt):
            return Modality.DENIED
        if stance == "claimed" or self.pat.claimed.search(txt):
            return Modality.CLAIMED
        if self.pat.planned.search(txt):
            return Modality.PLANNED
        future = False
        if (
            mention is not None
            and self.record.published_at is not None
            and mention.start_time is not None
        ):
            future = mention.start_time >= self.record.published_at + timedelta(days=1) or (
                mention.direction == Direction.FUTURE
            )
        if future or self.pat.expected.search(txt):
            return Modality.EXPECTED
        return Modality.REPORTED

    def _entities_between(self, info: _SentenceInfo, lo: int, hi: int) -> list[Entity]:
        return [e for e in info.entities if lo <= e.start and e.end <= hi]

    def _actors_places(self, ents: list[Entity], clause_start: int) -> tuple[list[str], list[str]]:
        actors: list[str] = []
        places: list[str] = []
        for e in ents:
            if e.kind in (PERSON, ORGANISATION):
                actors.append(e.name)
            elif e.kind == GROUP and e.country:
                actors.append(e.country)
            elif e.kind in (COUNTRY, CITY):
                # a country or capital that opens the clause or owns something acts ("Russia
                # announced", "Moscow's demands"); elsewhere it is a place
                opens = e.start - clause_start <= 12 or _before_title(self.text, e.end)
                if opens or e.surface.endswith(("'s", "’s")):
                    actors.append(e.name if e.kind == COUNTRY else (e.country or e.name))
                else:
                    places.append(e.name)
            elif e.kind in PLACE_KINDS:
                places.append(e.name)
        return _uniq(actors), _uniq(places)

    def _keywords(
        self, clause_text: str, clause_start: int, ents: list[Entity], mention: Mention | None
    ) -> list[str]:
        text = clause_text
        if mention is not None and mention.text:
            text = text.replace(mention.text, " ")
        for e in ents:
            if e.surface and e.surface in text:
                text = text.replace(e.surface, " ")
        words = keyword_stems(text)
        for e in ents:
            if e.kind == COUNTRY:
                words.append("^" + place_key(e.name))
            elif e.kind in PLACE_KINDS:
                words.append("@" + place_key(e.name))
            elif e.kind == GROUP and e.country:
                words.append("^" + place_key(e.country))
            else:
                words.append("#" + fold(e.name))
        return sorted(set(words))

    def _label(
        self, clause_text: str, info: _SentenceInfo, mention: Mention | None, ents: list[Entity]
    ) -> str:
        text = clause_text
        if mention is not None and mention.text and mention.text in text:
            idx = text.index(mention.text)
            pre = text[:idx]
            pre = _strip_trailing_preposition(pre)
            post = _POSSESSIVE_S.sub("", text[idx + len(mention.text) :])  # "Thursday's"
            text = pre + post
        text = _ANY_BRACKETS.sub(" ", text)
        # long names -> their short canonical form ("Organization for ... Europe" -> "OSCE")
        for e in ents:
            if e.kind == ORGANISATION and len(e.name) < len(e.surface) and e.surface in text:
                text = text.replace(e.surface, e.name)
        # drop the attribution: 'X said (that)', '"...," said X', 'according to X,'
        text = _ACCORDING_TO.sub("", text)
        vm = self.pat.verbs.search(text)
        if vm is not None:
            before = text[: vm.start()]
            after = text[vm.end() :]
            if before.rstrip().endswith(('"', "”")) and len(before.split()) >= 3:
                text = before
            elif len(after.split()) <= 3 and "," in before and len(before.split()) >= 3:
                text = before[: before.rfind(",")]  # "..., officials said"
            elif len(before.split()) <= 9 and len(after.split()) >= 3:
                if vm.group(0).lower() in _ADDRESSEE_VERBS:
                    after = _ADDRESSEE.sub("", after, count=1)
                stance = reporting_verbs().get(vm.group(0).lower(), "reported")
                if not before.strip():
                    # '... said UK Defence Secretary Ben Wallace ahead of a NATO meeting'
                    stop = _CIRCUMSTANCE.search(after)
                    text = after[stop.start() :] if stop else after
                elif stance != "reported" and info.attribution.speaker:
                    # who claims, accuses or denies is part of what happened
                    who = info.attribution.speaker
                    text = f"{who} {vm.group(0)} {after.lstrip()}"
                else:
                    text = after
            # "said in Brussels that the alliance ...": where it was said is not the happening
            text = _SAID_WHERE_THAT.sub("", text)
        text = text.replace("“", "").replace("”", "").replace('"', "")
        # a leading adverbial ("In Moscow, Putin held ...", "On the contrary, Russia ...")
        text = _LEADING_ADVERBIAL.sub("", text)
        # the tests for what each pattern needs ("as ", two commas) skip most scans
        if "as " in text:
            text = _AS_I_SAID.sub(r"\1", text)
        if text.count(",") > 1:
            text = _COMMAS.sub(",", text)  # commas left by removed parentheticals
        # whitespace runs as one space: the join drops the ones at the ends, which the
        # strip (its characters include " ") removed anyway
        text = " ".join(text.split()).strip(" ,;:-–—.")
        text = _LEADING_JUNK.sub("", text)
        words = text.split()
        # cut at the first clause break after a few words
        acc: list[str] = []
        for w in words:
            acc.append(w)
            if len(acc) >= 5 and (w.endswith((",", ";", ":")) or w in ("-", "–", "—", "--")):
                break
            if len(acc) >= MAX_LABEL_WORDS:
                # do not stop on a verb or a function word ("... has killed"): finish the
                # phrase with a few more words, up to its object's head
                rest = words[len(acc) : len(acc) + MAX_LABEL_EXTRA + 1]
                tail = [w for w in acc if not _dangling(w) or _verbish(w)]
                if tail and _verbish(tail[-1]):
                    # the shortest run-over that ends a phrase: a content word followed by
                    # punctuation, a function word, a verb or the end of the clause
                    for k in range(1, min(len(rest), MAX_LABEL_EXTRA) + 1):
                        last = rest[k - 1]
                        if _dangling(last):
                            continue
                        if k == len(rest) or last.endswith((",", ";", ":", ".")):
                            acc = acc + rest[:k]
                            break
                        if _dangling(rest[k]):
                            acc = acc + rest[:k]
                            break
                break
        text = " ".join(acc)
        text = _strip_trailing_junk(text).strip(" ,;:-–—.")
        if not text:
            text = clause_text.strip()[:80]
        speaker = info.attribution.speaker
        first = text.split(" ", 1)[0].lower() if text else ""
        if speaker and speaker[:1].isupper() and len(speaker.split()) <= 4:
            if first in ("we", "i"):
                said = text if first == "i" else text[0].lower() + text[1:]
                text = f"{speaker}: {said}"  # a first-person quote says who speaks
            elif first in ("it", "he", "she", "they") and len(text.split()) > 2:
                # reported speech: "Russia announced it had begun" -> "Russia had begun"
                text = speaker + text[len(first) :]
        return text[0].upper() + text[1:] if text else text

    def _event(
        self, n: int, info: _SentenceInfo, clause: _Clause, mention: Mention, kind: AnchorKind
    ) -> Event:
        s = info.sentence
        lo, hi = clause.start, clause.end
        ents = self._entities_between(info, lo, hi)
        actors, places = self._actors_places(ents, clause.start)
        speaker = info.attribution.speaker if clause.role == "main" else None
        if (
            speaker
            and speaker not in actors
            and speaker[:1].isupper()
            and len(speaker.split()) <= 4
        ):
            actors = [*actors, speaker]
        own_mention = mention if kind == AnchorKind.EXPLICIT else None
        return Event(
            id=f"{self.article.id}#{n}",
            article=self.record,
            sentence=s.text,
            sentence_start=s.start,
            sentence_end=s.end,
            label=self._label(
                clause.text
                if not clause.context or len(clause.text.split()) >= 8
                else f"{clause.context}, {clause.text}",
                info,
                own_mention,
                ents,
            ),
            mention=mention,
            actors=actors,
            places=places,
            asserted_by=speaker,
            modality=self._modality(clause.text, info, own_mention, clause.role),
            keywords=self._keywords(
                f"{clause.context} {clause.text}".strip(), clause.start, ents, own_mention
            ),
            clause=clause.text,
            clause_role=clause.role,
            anchor_kind=kind,
            paragraph=s.paragraph,
        )

    def _continues(self, prev: _SentenceInfo, cur: _SentenceInfo, anchor: Mention) -> bool:
        """Whether ``cur`` (no time expression) continues the narrative of ``prev``."""
        if prev.sentence.paragraph != cur.sentence.paragraph or cur.other_mentions:
            return False
        start = fold(cur.sentence.text.lstrip('"“ ')[:40])
        if not _anaphoric_start().match(start):
            return False
        txt = cur.sentence.text
        future_anchor = (
            self.record.published_at is not None
            and anchor.start_time is not None
            and anchor.start_time >= self.record.published_at + timedelta(days=1)
        )
        has_future = bool(self.pat.future.search(txt))
        past_words = _closed_class("past_verb_cues")
        has_past = any(
            (w in past_words or (w.endswith("ed") and len(w) > 4))
            for w in _LOWER_WORD.findall(txt.lower())
        )
        if future_anchor:
            return has_future
        lead = self.text[max(0, anchor.start - 12) : anchor.start].lower().split()
        if anchor.mod is not None or (lead and lead[-1] in _BOUNDING):
            return False
        if anchor.granularity not in (
            Granularity.DAY,
            Granularity.PART_OF_DAY,
            Granularity.HOUR,
            Granularity.MINUTE,
            None,
        ):
            return False
        return has_past and not has_future

    def _implicit_mention(self, s: Sentence) -> Mention | None:
        pub = self.record.published_at
        if pub is None or self.record.published_at_source == PublishedAtSource.NONE:
            return None
        day = pub.replace(hour=0, minute=0, second=0, microsecond=0)
        return Mention(
            start=s.start,
            end=s.start,
            text="",
            type=TimeType.DATE,
            value="PAST_REF",
            start_time=day - timedelta(days=IMPLICIT_DAYS_BEFORE),
            end_time=day + timedelta(days=1),
            granularity=Granularity.DAY,
            anchor="publication",
            direction=Direction.PAST,
            confidence=0.3,
            rule="timeline:implicit_recent_past",
        )

    def events(self) -> list[Event]:
        self.analyse()
        out: list[Event] = []
        by_sentence: dict[int, list[Event]] = {}
        n = 0
        header: tuple[int, Mention] | None = None  # a date heading its paragraph ("Tuesday.")
        relative: list[tuple[_SentenceInfo, _Clause, Mention]] = []
        for k, info in enumerate(self.infos):
            continued: Mention | None = None  # the anchor a mention-less sentence continues
            usable = [m for m in info.mentions if self._usable(m)]
            info.other_mentions = bool(info.mentions)
            produced: list[Event] = []
            if header is not None and header[0] != info.sentence.paragraph:
                header = None
            if len(info.mentions) == 1 and _is_heading(info.sentence, info.mentions[0]):
                n += 1
                if usable:
                    header = (info.sentence.paragraph, usable[0])
            elif header is not None and not usable:
                # every independent clause under a date heading is a happening of that date
                for clause in _independent_clauses(info.sentence):
                    n += 1
                    produced.append(self._event(n, info, clause, header[1], AnchorKind.INHERITED))
            elif info.mentions:
                clauses = _clauses(info.sentence, info.mentions)
                for m, clause in zip(info.mentions, clauses, strict=True):
                    n += 1
                    if m in usable:
                        clause = _before_relative(info.sentence, clause, m.end)
                        produced.append(self._event(n, info, clause, m, AnchorKind.EXPLICIT))
                # a mention-less sentence: inherited or implicit
            else:
                n += 1
                whole = _before_relative(
                    info.sentence,
                    _Clause(
                        info.sentence.start, info.sentence.end, _main_text(info.sentence), "main"
                    ),
                    info.sentence.start,
                )
                prev_events = by_sentence.get(k - 1, [])
                prev_main = [
                    e
                    for e in prev_events
                    if e.clause_role == "main" and e.anchor_kind != AnchorKind.IMPLICIT
                ]
                # "The shelling came a day after ...": what is left says nothing new
                says_little = whole.end < info.sentence.end and len(whole.text.split()) < 4
                if (
                    k > 0
                    and prev_main
                    and self._continues(self.infos[k - 1], info, prev_main[0].mention)
                ):
                    # ... but its day is still the one to count "a day after" from
                    continued = prev_main[0].mention
                    if not says_little:
                        produced.append(
                            self._event(n, info, whole, continued, AnchorKind.INHERITED)
                        )
                else:
                    im = self._implicit_mention(info.sentence)
                    if (
                        im is not None
                        and _past_tense(info.sentence.text)
                        and len(whole.text.split()) >= 6
                    ):
                        ev = self._event(n, info, whole, im, AnchorKind.IMPLICIT)
                        if len([w for w in ev.keywords if not w.startswith(ENTITY_MARKS)]) >= 3:
                            produced.append(ev)
            by_sentence[k] = produced
            out.extend(produced)
            relative.extend(self._relative(info, produced, out, continued))
        self._disputes(by_sentence)
        # numbered after the others: adding them leaves the ids of the other events unchanged
        for info, clause, mention in relative:
            n += 1
            out.append(self._event(n, info, clause, mention, AnchorKind.EXPLICIT))
        return out

    def _relative(
        self,
        info: _SentenceInfo,
        produced: list[Event],
        earlier: list[Event],
        continued: Mention | None = None,
    ) -> list[tuple[_SentenceInfo, _Clause, Mention]]:
        """'..., a day after Moscow announced that ...': the compared happening, dated from
        the sentence's day (or, with no date in the sentence, from the last earlier happening
        its subject names: 'The shelling came two days after ...', else the publication day
        for 'comes')."""
        s = info.sentence
        out: list[tuple[_SentenceInfo, _Clause, Mention]] = []
        if not _has_relative(s.text):
            return out
        masked = _mask_quotes(s.text, s.in_quote)
        for rm in _RELATIVE.finditer(masked):
            lo, hi = s.start + rm.start(), s.start + rm.end()
            dated = [m for m in info.mentions if self._usable(m)]
            if any(m.start < hi and lo < m.end for m in dated):
                continue  # the engine read it as a time expression itself
            stop = _RELATIVE_END.search(s.text, rm.end())
            if not masked[: rm.start()].strip(" \"“'‘"):
                # "Two days after the vote, protesters ...": an introductory phrase
                stop = _COMMA_SPACE.search(s.text, rm.end()) or stop
            end = s.start + (stop.start() if stop else len(s.text.rstrip(" .")))
            body = s.text[rm.start() : end - s.start].strip(" ,.")
            if len(body.split()) < 6 or any(lo <= m.start < end for m in dated):
                continue  # too short to say anything, or dated on its own
            anchor = self._relative_anchor(info, lo, produced, earlier, continued)
            if anchor is None:
                continue
            count = (rm.group("n") or "the").lower()
            # "a few hours before": the same day
            n = 0 if rm.group("hours") else _RELATIVE_COUNTS.get(count) or int(count)
            sign = 1 if rm.group("dir").lower() == "before" else -1
            day = anchor.replace(hour=0, minute=0, second=0, microsecond=0)
            day += timedelta(days=sign * n)
            mention = Mention(
                start=lo,
                end=lo + len(rm.group(0).strip()),
                text=rm.group(0).strip(),
                type=TimeType.DATE,
                value=day.date().isoformat(),
                start_time=day,
                end_time=day + timedelta(days=1),
                granularity=Granularity.DAY,
                anchor="mention",
                direction=Direction.FUTURE if sign > 0 else Direction.PAST,
                confidence=0.7,
                rule="timeline:days_after_happening",
            )
            # its own reporting clause: "a day after Moscow announced that ..."
            said = _Attribution()
            vm = self.pat.verbs.search(body, len(rm.group(0)))
            if vm is not None:
                who = body[len(rm.group(0)) : vm.start()].strip()
                if 1 <= len(who.split()) <= 4 and who[:1].isupper():
                    stance = reporting_verbs().get(vm.group(0).lower(), "reported")
                    said = _Attribution(who, stance, lo + vm.start(), lo + vm.end())
            bare = _SentenceInfo(info.sentence, info.entities, attribution=said)
            out.append((bare, _Clause(lo, end, body, "main"), mention))
        return out

    def _relative_anchor(
        self,
        info: _SentenceInfo,
        pos: int,
        produced: list[Event],
        earlier: list[Event],
        continued: Mention | None,
    ) -> datetime | None:
        def dayish(m: Mention) -> bool:
            return self._usable(m) and m.granularity in _DAYISH and m.start_time is not None

        own = [m for m in info.mentions if dayish(m)]
        before = [m for m in own if m.end <= pos]
        if before or own:
            return (before[-1] if before else own[0]).start_time
        if continued is not None and continued.granularity in _DAYISH:
            return continued.start_time  # it continues the sentence before: that day
        if produced:
            return None  # the sentence is dated otherwise (a week, a month): no day to count from
        # "The shelling came two days after ...": the last happening its subject names; "The
        # latest exchange comes two days after ...": the publication day
        first = _RELATIVE.search(_mask_quotes(info.sentence.text, info.sentence.in_quote))
        cut = first.start() if first is not None else pos - info.sentence.start
        lead = _COMPARED.match(info.sentence.text[:cut])
        if lead is None:
            return None
        subject = set(content_words(lead.group(1)))
        recent = [
            e
            for e in earlier
            if e.anchor_kind == AnchorKind.EXPLICIT
            and e.mention.granularity in _DAYISH
            and e.clause_role == "main"
        ]
        for e in reversed(recent):
            if subject & set(e.keywords):
                return e.mention.start_time
        # "The statement came hours before ...": a definite subject refers back to the last
        # happening told, in this paragraph or the two before
        if _DEFINITE.match(lead.group(1)) and recent:
            last = recent[-1]
            if last.paragraph >= info.sentence.paragraph - 2:
                return last.mention.start_time
        pub = self.record.published_at
        if (
            pub is not None
            and self.record.published_at_source != PublishedAtSource.NONE
            and lead.group(2).lower() in ("comes", "come", "is", "are")
        ):
            return pub
        return None

    def _disputes(self, by_sentence: dict[int, list[Event]]) -> None:
        """'Ukraine disputed the claim', 'NATO has branded this announcement false': the main
        statement of the sentence before is disputed by this sentence's subject."""
        for k, info in enumerate(self.infos):
            if k == 0:
                continue
            masked = _mask_quotes(info.sentence.text, info.sentence.in_quote)
            hit: re.Match[str] | None = None
            weak = False
            for vm in self.pat.dispute_verbs.finditer(masked):
                tail = masked[vm.end() : vm.end() + 40]
                ana = self.pat.anaphora.match(tail.strip())
                if ana:
                    hit = vm
                    weak = ana.group(0).lower() in _WEAK_ANAPHORA
                    break
            if hit is None:
                for bm in self.pat.branding.finditer(masked):
                    tail = masked[bm.end() : bm.end() + 60]
                    if self.pat.anaphora.match(tail.strip()) and self.pat.falsity.search(tail):
                        hit = bm
                        break
            if hit is None:
                continue
            np = self._np_before(masked, hit.start())
            who = None
            if np:
                ents = info.entities
                ent = self._entity_in(ents, info.sentence.start, info.sentence.start + hit.start())
                who = ent.name if ent is not None else np
            if not who:
                continue
            targets = [e for e in by_sentence.get(k - 1, []) if e.clause_role == "main"]
            if weak:
                # "denied that ..." names what it denies: it must be about the statement before
                mine = set(content_words(masked[hit.end() :]))
                targets = [e for e in targets if mine & set(e.keywords)]
            for ev in targets:
                if who not in ev.disputed_by:
                    ev.disputed_by.append(who)


_COORDINATION = re.compile(r",\s+(?:and|but|while|whereas)\s+(?=(?:the|a|an|[A-Z])\b)")

# "a day after Moscow announced ...", "two days before they were released": a happening dated
# relative to the sentence's own date (or the one of the happening it is compared with)
_RELATIVE = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+days?|the\s+day"
    r"|(?P<hours>(?:a\s+few|several|a|an|one|two|three|\d{1,2})\s+hours?))"
    r"\s+(?P<dir>after|before)\s+(?=\w)",
    re.I,
)


@per_article
def _has_relative(text: str) -> bool:
    """Whether ``_RELATIVE`` matches in ``text``. It starts with a dozen alternatives one of
    which is "a", so searching a sentence tries it at every letter; the words "after" and
    "before" it needs are a cheap test first (two sentences in a hundred have them).
    Remembered for the article: each clause of a sentence asks again."""
    low = text.lower()
    return ("after" in low or "before" in low) and _RELATIVE.search(text) is not None


_RELATIVE_END = re.compile(
    r",\s+(?:and|but|while|whereas|which|who|an?|the|as|when|according)\b|;|\s[-–—]\s"
    r"|\s--\s|[\"“”]"
)
_RELATIVE_COUNTS = {"a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4}
_RELATIVE_COUNTS.update({"five": 5, "six": 6, "seven": 7})
_COMPARED = re.compile(
    r"^\W*((?:\w+\W+){1,8}?)(came|comes|come|followed|follows|happened|was|is|are)\b"
    r"(?:\s+\w+ly)?\s+(?:only\s+|just\s+)?$",
    re.I,
)
_DEFINITE = re.compile(r"\W*(?:the|this|that)\s", re.I)
_COMMA_SPACE = re.compile(r",\s")
_DAYISH = frozenset(
    {Granularity.DAY, Granularity.PART_OF_DAY, Granularity.HOUR, Granularity.MINUTE}
)


def _independent_clauses(s: Sentence) -> list[_Clause]:
    """'Scholz held talks with Putin, and the parliament asked Putin ...' -> two clauses."""
    text = s.text
    cuts = [0] + [m.end() for m in _COORDINATION.finditer(text)] + [len(text)]
    out: list[_Clause] = []
    for a, b in pairwise(cuts):
        piece = text[a:b].strip(" ,.;")
        if piece:
            out.append(_Clause(s.start + a, s.start + b, piece, "main"))
    return out or [_Clause(s.start, s.end, _main_text(s), "main")]


def _before_relative(s: Sentence, clause: _Clause, after: int) -> _Clause:
    """The clause without a trailing ', a day after Moscow announced ...': that is another
    happening (an event of its own, see ``_Extractor._relative``)."""
    if not _has_relative(s.text):
        return clause  # the common case: no need to mask quotations
    masked = _mask_quotes(s.text, s.in_quote)
    for rm in _RELATIVE.finditer(masked):
        pos = s.start + rm.start()
        if not masked[: rm.start()].strip(" \"“'‘"):
            # an introductory "Two days after the arrest, protesters gathered on Tuesday"
            comma = s.text.find(", ", rm.end())
            intro = s.text[rm.start() : comma]
            if comma > 0 and s.start + comma < after and clause.text.startswith(intro):
                rest = clause.text[len(intro) :].lstrip(" ,")
                if rest:
                    clause = _Clause(s.start + comma + 2, clause.end, rest, clause.role)
            continue
        if not (max(clause.start, after) <= pos < clause.end):
            continue
        idx = clause.text.find(rm.group(0).strip())
        if idx <= 0:
            continue
        head = clause.text[:idx].rstrip(" ,;:-–—")
        head = _CAME_ONLY.sub("", head).rstrip(" ,")
        if head:
            return _Clause(clause.start, pos, head, clause.role, clause.context)
    return clause


def _is_heading(s: Sentence, m: Mention) -> bool:
    """A sentence that is nothing but a date: "Tuesday.", "Feb 14 --", "On 20 February:"."""
    rest = (s.text[: m.start - s.start] + s.text[m.end - s.start :]).strip()
    rest = _LEADING_ON.sub("", rest)
    return not _WORD_CHAR.search(rest)


_GAP = "\x00"  # fills a blanked parenthetical in _masked()


def _masked(s: Sentence) -> str:
    """The sentence with quotations and parentheticals blanked (offsets kept)."""
    return _masked_text(s.text, s.in_quote)


@per_article
def _masked_text(text: str, in_quote: bool) -> str:
    masked = _mask_quotes(text, in_quote)
    for a, b in _parentheticals(text):
        lo = a
        while lo > 0 and text[lo - 1] in " -–—(,":
            lo -= 1
        hi = b
        while hi < len(text) and text[hi] in " -–—),":
            hi += 1
        masked = masked[:lo] + _GAP * (hi - lo) + masked[hi:]
    return masked


def _main_text(s: Sentence) -> str:
    return _main_text_of(s.text)


@per_article
def _main_text_of(text: str) -> str:
    """The sentence without its parentheticals, whitespace runs as one space (``str.split``
    splits at exactly the characters ``\\s`` matches, and the join leaves none at the ends,
    as the ``strip()`` did). Remembered: a sentence's main text is asked for by its
    independent clauses and by its checks for a continued narrative."""
    for a, b in reversed(_parentheticals(text)):
        text = text[:a] + text[b:]
    if "-" in text or "–" in text or "—" in text:  # what _EMPTY_DASHES needs
        text = _EMPTY_DASHES.sub(" ", text)
    return " ".join(text.split())


def _past_tense(text: str) -> bool:
    words = _LOWER_WORD.findall(_mask_quotes(text, False).lower())
    if not words:
        return False
    past = _closed_class("past_verb_cues")
    if any(w in ("will", "would", "shall") for w in words):
        return False
    return any(w in past or (w.endswith("ed") and len(w) > 4) for w in words)


def _before_title(text: str, end: int) -> bool:
    """'UK Defence Secretary', 'Russian President': the country qualifies an office holder."""
    m = _NEXT_CAPITAL.match(text[end : end + 30])
    return m is not None and m.group(1) in titles()


def _verbish(word: str) -> bool:
    """An auxiliary or a verb form ('has', 'killed', 'moving'): a label cut there says who
    did something but not what."""
    w = fold(word).strip("\"“”'‘’()")
    return w in _AUX or (w.endswith(("ed", "ing")) and len(w) > 4)


def _dangling(word: str) -> bool:
    """A word a label should not end with: a verb form, auxiliary, function word, number."""
    w = fold(word).strip("\"“”'‘’()")
    if word.endswith((",", ";", ":")):
        return False
    return _verbish(word) or w in stopwords() or w[:1].isdigit()


def _uniq(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def extract_events(
    article: Article,
    record: ArticleRecord,
    mentions: list[Mention] | None = None,
) -> list[Event]:
    """The events of ``article`` dated against ``record.published_at``.

    ``mentions`` defaults to ``temporal.tag(article.text, record.published_at)``; tests and
    cross-article anchoring pass their own.
    """
    _ARTICLE_MEMO.clear()
    if mentions is None:
        mentions = tagging.tag(article.text, record.published_at)
    return _Extractor(article, record, mentions).events()
