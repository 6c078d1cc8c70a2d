"""Tense and modality of the clause around a mention, to place weekdays and yearless dates.

"announced on Tuesday" is the Tuesday before publication, "will meet on Friday" the Friday
after. We look at the verb cues nearest the mention inside its sentence (cue words come from
``data/tense.json``) and answer past, future or None (no cue: the caller picks its default).
A past form preceded by a future auxiliary ("will be held on Friday") counts as future.
"""

from __future__ import annotations

import re

from models.mention import Direction
from temporal.lexicon import lexicon

_LEX = lexicon()
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'[a-z]+")
_SENTENCE_END = re.compile(r"[.!?]\s|[\n;:]")
_NEXT_SENTENCE = re.compile(r"\s+[A-Z\"“]")
_WINDOW = 10  # tokens either side


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence holding ``text[start:end]`` (approximate, cheap)."""
    lo = max(0, start - 300)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    if text[end - 1 : end] == "." and _NEXT_SENTENCE.match(text, end):
        return left, end  # "at 6 a.m. Ukraine's parliament...": the abbreviation ends the sentence
    m2 = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    right = m2.start() + 1 if m2 else min(len(text), end + 300)
    return left, right


def _classify(words: list[str], i: int) -> Direction | None:
    word = words[i]
    if word in _LEX.present_events:
        return Direction.SAME  # "the World Cup starts in November": scheduled, take the nearest
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if word == "as" and nxt in ("soon", "early"):
        return Direction.FUTURE  # "as soon as Tuesday", "as early as next week"
    if word in _LEX.future_before_to and nxt == "to":
        return Direction.FUTURE  # "set to resume", "due to expire"
    if word in _LEX.future_cues:
        if word in ("until", "before") and i + 1 < len(words):
            return None
        return Direction.FUTURE
    past = word in _LEX.past_cues or (
        word.endswith(_LEX.past_suffix) and len(word) > 4 and word not in _LEX.not_past_ed
    )
    if not past:
        return None
    # "will be held", "due to be published": a bare "be" before the participle means a modal
    # or an infinitive carries the tense, and in news both point ahead.
    if i > 0 and words[i - 1] == "be":
        return Direction.FUTURE
    for j in range(max(0, i - 3), i):
        if words[j] in ("will", "'ll", "shall", "wo", "going"):
            return Direction.FUTURE
    return Direction.PAST


def clause_direction(text: str, start: int, end: int) -> Direction | None:
    """PAST or FUTURE from the nearest tense cue around ``text[start:end]``, or None."""
    found = clause_cue(text, start, end)
    return found[1] if found else None


def clause_cue(text: str, start: int, end: int) -> tuple[int, Direction] | None:
    """The nearest tense cue around ``text[start:end]``: (distance in words, direction).

    The verb that governs a time phrase usually precedes it ("announced on Tuesday"), so a cue
    on the right counts as twice as far as one on the left.
    """
    left, right = sentence_bounds(text, start, end)
    before = [w.lower() for w in _WORD.findall(text, left, start)][-_WINDOW:]
    after = [w.lower() for w in _WORD.findall(text, end, right)][:_WINDOW]
    best: tuple[int, Direction] | None = None
    for dist in range(len(before)):
        found = _classify(before, len(before) - 1 - dist)
        if found is not None:
            best = (dist, found)
            break
    for dist in range(len(after)):
        if best is not None and 2 * dist + 1 >= best[0]:
            break
        found = _classify(after, dist)
        if found is not None:
            best = (2 * dist + 1, found)
            break
    return best
