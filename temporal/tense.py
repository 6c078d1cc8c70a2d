"""Tense and modality of the clause around a mention, to place weekdays and yearless dates.

"announced on Tuesday" is the Tuesday before publication, "will meet on Friday" the Friday
after. We look at the verb cues nearest the mention inside its sentence (cue words come from
``data/tense.json``) and answer past, future or None (no cue: the caller picks its default).
A past form preceded by a future auxiliary ("will be held on Friday") counts as future.
Schedules count as future: "due to end", "is to visit", "plans to", present-tense event verbs
("talks resume on Monday") and "until" ("runs until Sunday", "postponed until Tuesday"; but
"lasted until Sunday" is past). Comparisons ("as planned", "than expected"), causes ("due to the
storm") and plans in the past perfect ("had been due to expire") do not point ahead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from models.mention import Direction
from temporal.lexicon import lexicon

_LEX = lexicon()
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'[a-z]+")
_SENTENCE_END = re.compile(r"[.!?]\s|[\n;:]")
_NEXT_SENTENCE = re.compile(r"\s+[A-Z\"“]")
_WINDOW = 10  # tokens either side
_UNTIL_REACH = 5  # "until" this close before a date governs it ("until 9 a.m. EST Tuesday")
_LOWER_NEXT = re.compile(r"\s*[a-z0-9(]")


def _real_ends(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """Sentence ends in ``text[lo:hi]``, skipping abbreviation periods: "6 a.m. on Thursday",
    "the U.S. Senate", "by Jan. 14" (a single letter before the period, or a lower-case word
    or a digit after it)."""
    for m in _SENTENCE_END.finditer(text, lo, hi):
        p = m.start()
        if text[p] == "." and (
            (p > 0 and text[p - 1].isalpha() and (p < 2 or not text[p - 2].isalnum()))
            or _LOWER_NEXT.match(text, m.end())
        ):
            continue
        yield m


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence holding ``text[start:end]`` (approximate, cheap)."""
    lo = max(0, start - 300)
    left = lo
    for m in _real_ends(text, lo, start):
        left = m.end()
    if text[end - 1 : end] == "." and _NEXT_SENTENCE.match(text, end):
        return left, end  # "at 6 a.m. Ukraine's parliament...": the abbreviation ends the sentence
    m2 = next(_real_ends(text, end, min(len(text), end + 300)), None)
    right = m2.start() + 1 if m2 else min(len(text), end + 300)
    return left, right


def _participle(word: str) -> bool:
    """A past participle after "was": a passive ("was extended", "were given", "was held")."""
    return word.endswith(("ed", "en")) or word in _LEX.past_cues


def _governed_by(words: list[str], i: int, table: frozenset[str], reach: int) -> bool:
    return any(words[j] in table for j in range(max(0, i - reach), i))


def _classify(words: list[str], i: int) -> Direction | None:
    word = words[i]
    prev = words[i - 1] if i > 0 else ""
    if word in _LEX.present_events or (
        word in _LEX.present_events_base and prev and prev not in _LEX.present_base_not_after
    ):
        return Direction.SAME  # "the World Cup starts in November": scheduled, take the next
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if word == "as" and nxt in ("soon", "early"):
        return Direction.FUTURE  # "as soon as Tuesday", "as early as next week"
    future = (
        word in _LEX.future_before_to
        and nxt == "to"
        and (i + 2 >= len(words) or words[i + 2] not in _LEX.not_infinitive_after_to)
    ) or (
        word in _LEX.future_cues
        and nxt not in _LEX.future_not_before.get(word, ())
        and (word not in _LEX.future_only_before or nxt in _LEX.future_only_before[word])
    )
    if future:
        if word in _LEX.future_aux:
            return Direction.FUTURE  # "will", "would": the modal itself
        if prev in _LEX.neutral_before or (
            i > 1 and prev.endswith("ly") and words[i - 2] in _LEX.neutral_before
        ):
            return None  # "as planned", "than expected", "as previously scheduled"
        if _governed_by(words, i, _LEX.past_perfect, 2):
            return Direction.PAST  # "had been due to expire", "had planned to"
        return Direction.FUTURE  # "set to resume", "due to expire", "scheduled"
    if word in _LEX.future_before_to and nxt == "to":
        return None  # "due to the storm": a cause, not a schedule
    past = word in _LEX.past_cues or (
        word.endswith(_LEX.past_suffix) and len(word) > 4 and word not in _LEX.not_past_ed
    )
    if not past:
        return None
    # "will be held", "due to be published": a bare "be" before the participle means a modal
    # or an infinitive carries the tense, and in news both point ahead.
    if prev == "be":
        return Direction.FUTURE
    if prev == "to":
        return None  # "forecast to hit", "plans to cut": a bare infinitive, tense is elsewhere
    if prev in _LEX.future_aux:
        return Direction.FUTURE  # "could hit", "might cut": a modal before a bare form
    for j in range(max(0, i - 3), i):
        if words[j] in ("will", "'ll", "shall", "wo", "going"):
            return Direction.FUTURE
    return Direction.PAST


def clause_direction(text: str, start: int, end: int, *, until: bool = False) -> Direction | None:
    """PAST or FUTURE from the nearest tense cue around ``text[start:end]``, or None."""
    found = clause_cue(text, start, end, until=until)
    return found[1] if found else None


def clause_cue(
    text: str, start: int, end: int, *, until: bool = False
) -> tuple[int, Direction] | None:
    """The nearest tense cue around ``text[start:end]``: (distance in words, direction).

    The verb that governs a time phrase usually precedes it ("announced on Tuesday"), so a cue
    on the right counts as twice as far as one on the left. With ``until`` (a weekday: a state
    "until Sunday" is most often still running when the news is written), "until" just before
    the mention points ahead unless a durative past verb governs it.
    """
    left, right = sentence_bounds(text, start, end)
    before = [w.lower() for w in _WORD.findall(text, left, start)][-_WINDOW:]
    after = [w.lower() for w in _WORD.findall(text, end, right)][:_WINDOW]
    best: tuple[int, Direction] | None = None
    until_at: int | None = None
    for dist in range(len(before)):
        i = len(before) - 1 - dist
        if until and until_at is None and dist < _UNTIL_REACH and before[i] in _LEX.until_words:
            until_at = dist  # "runs until Sunday", "postponed until 9 a.m. Tuesday"
            continue
        if until_at is not None:
            if before[i] in _LEX.durative_past or (
                before[i] in _LEX.copula_past and not _participle(before[i + 1])
            ):
                return (dist, Direction.PAST)  # "the fighting lasted until Sunday"
            if _classify(before, i) == Direction.FUTURE:
                break
            continue
        found = _classify(before, i)
        if found is not None:
            best = (dist, found)
            break
    if until_at is not None:
        if any(w in _LEX.durative_past for w in after):
            return (until_at, Direction.PAST)  # "Until Thursday, they had not called him"
        return (until_at, Direction.FUTURE)
    for dist in range(len(after)):
        if best is not None and 2 * dist + 1 >= best[0]:
            break
        found = _classify(after, dist)
        if found is not None:
            best = (2 * dist + 1, found)
            break
    return best
