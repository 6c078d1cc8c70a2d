"""Segmentation of news prose into paragraphs and sentences (with offsets), tokens and stems.

The splitter is rule based and keeps character offsets into the original text. It survives what
generic splitters trip on in news: quotes that span sentences and paragraphs, abbreviations
(Mr., U.S., Feb., Gen.), headlines without a full stop, datelines and bullet-like lines. See
``bench/timeline_bench.py`` for its accuracy next to pysbd on the same cases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from timeline.lexicon import _lines, phrases, stopwords, synonyms, word_classes

QUOTE_CHARS = '"“”«»„'
OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»"


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    # True when the sentence begins inside a quotation opened earlier (same speaker continues).
    in_quote: bool = False
    # True when a quotation is still open at the end of the sentence.
    open_at_end: bool = False


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(line.lower() for line in _lines("abbreviations.txt"))


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    words: set[str] = set()
    for line in _lines("sentence_starters.txt"):
        words.update(line.split())
    return frozenset(words)


_MONTH_ABBR = frozenset(
    [
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
    ]
)
_TITLE_ABBR = frozenset(
    [
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "gen.",
        "lt.",
        "col.",
        "maj.",
        "capt.",
        "cmdr.",
        "adm.",
        "sgt.",
        "cpl.",
        "pvt.",
        "gov.",
        "sen.",
        "rep.",
        "rev.",
        "fr.",
        "st.",
        "hon.",
        "pres.",
        "amb.",
    ]
)
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—]|\d{1,2}[.)])\s+")
_TERMINAL = re.compile(r"[.!?:;\"”’')\]]\s*$")
_PARA_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_END = re.compile(r"[.!?]+(?:[\"'”’)\]]+)?(?=\s)|;(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’-]*\.)$")
_NEXT_WORD = re.compile(r"[\w'’]+")
_LETTERS_DOTTED = re.compile(r"(?:[a-z]\.){2,}")  # "u.s."
_INITIAL = re.compile(r"[a-z]\.")


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph into blocks: bullet lines and headline-like lines stand alone."""
    lines: list[tuple[int, int]] = []
    pos = start
    for raw in text[start:end].split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    blocks: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end = start
    for i, (ls, le) in enumerate(lines):
        line = text[ls:le]
        if not line.strip():
            continue
        standalone = bool(_BULLET.match(line))
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        next_is_bullet = nxt is not None and bool(_BULLET.match(text[nxt[0] : nxt[1]]))
        if standalone:
            if cur_start is not None:
                blocks.append((cur_start, cur_end))
                cur_start = None
            blocks.append((ls, le))
            continue
        if cur_start is None:
            cur_start = ls
        cur_end = le
        next_line = text[nxt[0] : nxt[1]].lstrip() if nxt is not None else ""
        headline_like = (
            not _TERMINAL.search(line)
            and bool(next_line)
            and (next_line[0].isupper() or next_line[0] in "\"“'‘(")
            and len(line.split()) <= 20
        )
        if headline_like or next_is_bullet:
            blocks.append((cur_start, cur_end))
            cur_start = None
    if cur_start is not None:
        blocks.append((cur_start, cur_end))
    return blocks


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_boundary(text: str, dot: int, after: int) -> bool:
    """``text[dot]`` ends a run of .!? (and closing quotes) followed by whitespace at ``after``."""
    rest = text[after:].lstrip()
    if not rest:
        return True
    nxt = rest[0]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'(«[" or nxt in "-–—•*"):
        return False
    if text[dot] != ".":
        return True
    # the punctuation run may be "..." or ".”": look at the word just before the first period
    run_start = dot
    while run_start > 0 and text[run_start - 1] == ".":
        run_start -= 1
    if dot - run_start >= 2:  # an ellipsis followed by a capital usually ends the sentence
        return True
    m = _WORD_BEFORE.search(text[max(0, run_start - 40) : run_start + 1])
    if not m:
        return True
    word = m.group(1).lower()
    next_word = _NEXT_WORD.match(rest)
    nw = next_word.group(0) if next_word else ""
    if word in _TITLE_ABBR:
        return False
    if word in _MONTH_ABBR:
        return not nw[:1].isdigit()
    if word in ("a.m.", "p.m."):  # "at 6 a.m. Workers went home" but "at 10 a.m. Monday"
        return nw in _starters() or (
            nw[:1].isupper() and fold(nw) not in word_classes()["time_words"]
        )
    if _LETTERS_DOTTED.fullmatch(word):  # U.S. / U.K.
        return nw in _starters()
    if _INITIAL.fullmatch(word) and m.group(1)[0].isupper():  # an initial: "J. Smith"
        return False
    if word in _abbreviations():
        return nw in _starters()
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) within ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    seg_start = start
    for m in _END.finditer(text, start, end):
        # index of the last . ! ? in the match
        punct = m.start() + len(m.group(0).rstrip("\"'”’)]")) - 1
        if m.group(0) == ";" or _is_boundary(text, punct, m.end()):
            spans.append((seg_start, m.end()))
            seg_start = m.end()
    spans.append((seg_start, end))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _quote_balance(fragment: str, open_before: bool) -> bool:
    """Whether a quotation is open after ``fragment`` given whether it was open before it."""
    # Only the last curly mark and the straight quotes after it count: scanning for them in C
    # (rfind, count) gives what a character-by-character walk gives, a fraction of the cost.
    last = max(fragment.rfind(ch) for ch in OPEN_QUOTES + CLOSE_QUOTES)
    state = open_before if last < 0 else fragment[last] in OPEN_QUOTES
    if fragment.count('"', last + 1) % 2:
        state = not state
    return state


def segment(text: str, skip: tuple[int, int] | None = None) -> list[Sentence]:
    """Sentences of ``text`` with paragraph numbers and quotation state.

    ``skip`` is a span (a dateline) left out of every sentence.
    """
    sentences: list[Sentence] = []
    prev_para_open = False
    for p_index, (ps, pe) in enumerate(paragraphs(text)):
        if skip is not None and ps < skip[1] and skip[0] < pe and not text[ps : skip[0]].strip():
            ps = skip[1]  # a dateline opening the paragraph
        if ps >= pe or not text[ps:pe].strip():
            continue
        para_text = text[ps:pe].lstrip()
        # news convention: a quote running over paragraphs leaves the closing mark off and
        # opens the next paragraph with a quotation mark.
        open_state = prev_para_open and para_text[:1] in '"“«'
        for bs, be in _blocks(text, ps, pe):
            for s, e in split_sentences(text, bs, be):
                frag = text[s:e]
                in_quote = open_state
                if open_state and frag[:1] in '"“«':
                    frag_rest = frag[1:]
                    after = _quote_balance(frag_rest, True)
                else:
                    after = _quote_balance(frag, open_state)
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        paragraph=p_index,
                        start=s,
                        end=e,
                        text=frag,
                        in_quote=in_quote,
                        open_at_end=after,
                    )
                )
                open_state = after
        prev_para_open = open_state
    return sentences


# ---------------------------------------------------------------------------------------------
# tokens, stems, keywords

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def fold(text: str) -> str:
    """Lower-case ASCII folding: 'Bogotá' -> 'bogota'."""
    if text.isascii():
        return text.lower()
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=1)
def _synonym_map() -> dict[str, str]:
    out: dict[str, str] = {}
    for concept, stems in synonyms().items():
        for s in stems:
            out.setdefault(s, concept)
    return out


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A light English stemmer: enough to match 'shelled', 'shells', 'shelling'."""
    w = fold(word).replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    irregular: dict[str, str] = word_classes()["irregular"]
    if w in irregular:
        return _synonym_map().get(irregular[w], irregular[w])
    if w.isdigit() or len(w) <= 3:
        return _synonym_map().get(w, w)
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "ches", "shes", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1] not in "aeiou":
        w = w[:-1]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return _synonym_map().get(w, w)


def content_words(text: str) -> list[str]:
    """Stems of the content words of ``text`` in order (stopwords and short words dropped)."""
    return _content_of(_TOKEN.findall(text))


def _content_of(toks: list[str]) -> list[str]:
    return [w for w in map(_content_word, toks) if w is not None]


@lru_cache(maxsize=50_000)
def _content_word(tok: str) -> str | None:
    """The content word a token counts as, None for a stopword or a short word: a pure
    function of the token (the word lists are fixed), and news repeats its words, so it is
    remembered, as ``stem`` is."""
    stops = stopwords()
    low = fold(tok)
    if low in stops:
        return None
    if tok[0].isdigit():
        return tok.replace(",", "")
    if len(low) < 3:
        return None
    st = stem(tok)
    if st and st not in stops:
        return st
    return None


def keyword_stems(text: str) -> list[str]:
    """``content_words(text) + paraphrases(text)``, tokenising the text once."""
    toks = _TOKEN.findall(text)
    return _content_of(toks) + _concepts_of(list(map(stem, toks)))


PHRASE_GAP = 2  # other words allowed between the words of a phrase ("pull troops back")


@lru_cache(maxsize=1)
def _phrase_table() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """First stem -> (concept, stems) of the phrases that start with it."""
    table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for concept, seqs in sorted(phrases().items()):
        for words in seqs:
            seq = tuple(stem(w) for w in words)
            table.setdefault(seq[0], []).append((stem(concept), seq))
    return table


def paraphrases(text: str) -> list[str]:
    """Concepts that several-word paraphrases in ``text`` express: "pulling its forces back"
    and "returning to their bases" -> ["withdraw"]; "kicked out" -> ["expel"]."""
    return _concepts_of([stem(tok) for tok in _TOKEN.findall(text)])


def _concepts_of(stems: list[str]) -> list[str]:
    table = _phrase_table()
    found: list[str] = []
    for start, first in enumerate(stems):
        for concept, seq in table.get(first, ()):
            if concept in found:
                continue
            pos = start
            for word in seq[1:]:
                window = stems[pos + 1 : pos + 2 + PHRASE_GAP]
                if word not in window:
                    break
                pos += 1 + window.index(word)
            else:
                found.append(concept)
    return sorted(found)
