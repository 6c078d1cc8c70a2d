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
_WINDOW = 10  # tokens either side


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence holding ``text[start:end]`` (approximate, cheap)."""
    lo = max(0, start - 300)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    m2 = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    right = m2.start() + 1 if m2 else min(len(text), end + 300)
    return left, right


def _classify(words: list[str], i: int) -> Direction | None:
    word = words[i]
    if word in _LEX.future_cues:
        if word in ("until", "before") and i + 1 < len(words):
            return None
        return Direction.FUTURE
    past = word in _LEX.past_cues or (
        word.endswith(_LEX.past_suffix) and len(word) > 4 and word not in _LEX.not_past_ed
    )
    if not past:
        return None
    # "will be held", "to be announced", "would have met": a future auxiliary before the form.
    for j in range(max(0, i - 3), i):
        if words[j] in ("will", "'ll", "shall", "wo", "going"):
            return Direction.FUTURE
    return Direction.PAST


def clause_direction(text: str, start: int, end: int) -> Direction | None:
    """PAST or FUTURE from the nearest tense cue around ``text[start:end]``, or None."""
    left, right = sentence_bounds(text, start, end)
    before = [w.lower() for w in _WORD.findall(text, left, start)][-_WINDOW:]
    after = [w.lower() for w in _WORD.findall(text, end, right)][:_WINDOW]
    # Alternate outward from the mention, left side first at equal distance.
    for dist in range(max(len(before), len(after))):
        if dist < len(before):
            idx = len(before) - 1 - dist
            found = _classify(before, idx)
            if found is not None:
                return found
        if dist < len(after):
            found = _classify(after, dist)
            if found is not None:
                return found
    return None
